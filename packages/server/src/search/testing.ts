// Test harness of search: the demo ward with fixture persons, a Fastify app with fake auth, the
// meeting, document and search routes, a temp DATA_DIR, and a text extractor that returns what
// the test registered for a PDF (the real pdftotext path is covered by search.int.test.ts).
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LiveEvent } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import type { Converter } from '../documents/convert.js';
import { registerDocumentRoutes } from '../documents/routes.js';
import type { Documents } from '../documents/routes.js';
import { FakeConverter } from '../documents/testing.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MemoryAudit, seedPeople } from '../meetings/testing.js';
import { installFakeAuth } from '../testing/fake-auth.js';
import type { TextExtractor } from './extract.js';
import { registerSearchRoutes } from './routes.js';
import type { Search } from './routes.js';

/** Returns the text registered for a PDF's bytes; an unknown PDF has none. */
export class FakeExtractor implements TextExtractor {
  readonly #texts = new Map<string, string>();
  calls = 0;

  /** Registers the text "inside" a PDF. */
  set(pdfBytes: Buffer, text: string): void {
    this.#texts.set(createHash('sha256').update(pdfBytes).digest('hex'), text);
  }

  pdfText(sha256: string): Promise<string> {
    this.calls++;
    return Promise.resolve(this.#texts.get(sha256) ?? '');
  }
}

export interface SearchTestApp {
  app: FastifyInstance;
  db: Db;
  docs: Documents;
  search: Search;
  dataDir: string;
  /** Waits until conversions and indexing have caught up. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function buildSearchTestApp(
  opts: { now?: () => Date; converter?: Converter; extractor?: TextExtractor | null; url?: string } = {},
): Promise<SearchTestApp> {
  const db = await openDatabase({ url: opts.url ?? ':memory:' });
  await seedPeople(db);
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'diemcau-search-'));
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  const now = opts.now ?? ((): Date => new Date());
  const meetings = registerMeetingRoutes(app, { db, audit, invitations: null, clock: now });
  const docs = registerDocumentRoutes(app, {
    db,
    audit,
    meetings,
    dataDir,
    log: app.log,
    now,
    converter: opts.converter ?? new FakeConverter(),
  });
  const search = registerSearchRoutes(app, {
    db,
    meetings,
    log: app.log,
    now,
    dataDir,
    ...(opts.extractor === undefined ? {} : { extractor: opts.extractor }),
    pollMs: 0,
  });
  await app.ready();
  return {
    app,
    db,
    docs,
    search,
    dataDir,
    async settle() {
      await docs.queue.idle();
      await search.indexer.idle();
      await search.indexer.pass();
    },
    async close() {
      await app.close();
      await db.destroy();
      await fsp.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The log of a named motion that two persons voted on and the chair published (at `at`), plus an
 * open poll that was never published: for the archive's vote results.
 */
export function publishedVoteEvents(at: string): LiveEvent[] {
  const base = {
    itemId: null,
    correctOptionId: null,
    secret: false,
    scope: 'person' as const,
    majority: 'simple' as const,
    quorum: { kind: 'none' as const },
    status: 'open' as const,
    openedAt: at,
    closedAt: null,
    publishedAt: null,
    voters: [],
    ballots: {},
    pointCounts: null,
    result: null,
  };
  const options = [
    { id: 'yes', label: 'Tán thành' },
    { id: 'no', label: 'Không tán thành' },
    { id: 'abstain', label: 'Không biểu quyết' },
  ];
  return [
    {
      type: 'vote.opened',
      vote: { ...base, id: 'v_motion', title: 'Thông qua nghị quyết', kind: 'motion', options },
    },
    { type: 'ballot.cast', voteId: 'v_motion', voterKey: 'person:p_chair', optionId: 'yes', at },
    { type: 'ballot.cast', voteId: 'v_motion', voterKey: 'person:p_delegate', optionId: 'no', at },
    { type: 'vote.closed', voteId: 'v_motion', at },
    {
      type: 'vote.published',
      voteId: 'v_motion',
      result: { counts: { yes: 1, no: 1, abstain: 0 }, cast: 2, eligible: 2, quorumMet: true, passed: false },
      at,
    },
    { type: 'vote.opened', vote: { ...base, id: 'v_poll', title: 'Thăm dò ý kiến', kind: 'poll', options } },
  ];
}
