// Test harness of the documents domain: the demo ward with fixture persons, a Fastify app with fake
// auth, the meeting and document routes, a temp DATA_DIR, and a fast fake converter that writes a
// real PDF and PNG pages (the real LibreOffice path is covered by convert.int.test.ts).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MemoryAudit, seedPeople } from '../meetings/testing.js';
import { installFakeAuth } from '../testing/fake-auth.js';
import type { ConversionInput, ConversionOutput, Converter } from './convert.js';
import type { Documents } from './routes.js';
import { registerDocumentRoutes } from './routes.js';
import { pdf, png } from './samples.js';

/** Pages the fake converter renders for every office file or PDF. */
export const FAKE_PAGES = 2;

/** Writes a 2-page PDF and distinct page images and thumbnails, reporting progress like the real one. */
export class FakeConverter implements Converter {
  readonly seen: ConversionInput['kind'][] = [];

  async convert(input: ConversionInput): Promise<ConversionOutput> {
    this.seen.push(input.kind);
    input.onProgress('converting', 10);
    const out = path.join(input.workDir, 'out.pdf');
    await fsp.writeFile(out, pdf(FAKE_PAGES, `Fake ${input.kind}`));
    input.onProgress('rendering', 60);
    const pages: ConversionOutput['pages'] = [];
    for (let n = 1; n <= FAKE_PAGES; n++) {
      const image = path.join(input.workDir, `p${n}.png`);
      const thumb = path.join(input.workDir, `t${n}.png`);
      await fsp.writeFile(image, png(40 + n, 30, [n * 40, 10, 10]));
      await fsp.writeFile(thumb, png(8 + n, 6, [10, n * 40, 10]));
      pages.push({ image, thumb });
    }
    return { pdfFile: input.kind === 'pdf' ? null : out, pageCount: FAKE_PAGES, pages };
  }
}

export interface DocumentTestApp {
  app: FastifyInstance;
  db: Db;
  docs: Documents;
  audit: MemoryAudit;
  dataDir: string;
  /** The fake converter (unused when the test passed its own). */
  converter: FakeConverter;
  close(): Promise<void>;
}

export async function buildDocumentTestApp(
  opts: { maxBytes?: number; now?: () => Date; converter?: Converter } = {},
): Promise<DocumentTestApp> {
  const db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'diemcau-docs-'));
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  const now = opts.now ?? ((): Date => new Date());
  const meetings = registerMeetingRoutes(app, { db, audit, invitations: null, clock: now });
  const converter = new FakeConverter();
  const docs = registerDocumentRoutes(app, {
    db,
    audit,
    meetings,
    dataDir,
    log: app.log,
    now,
    converter: opts.converter ?? converter,
    ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
  });
  await app.ready();
  return {
    app,
    db,
    docs,
    audit,
    dataDir,
    converter,
    async close() {
      await app.close();
      await db.destroy();
      await fsp.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every file under a folder (relative paths), for "nothing else was written" checks. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}
