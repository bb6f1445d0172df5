// HTTP routes of search and the archive, and the wiring of the index: the indexer starts when the
// app is ready (catching up with old data), stops when it closes, and hears of changed meetings
// from the meeting routes' responses.
import path from 'node:path';
import { AppError, ArchiveQuerySchema, MeetingIdSchema, SearchQuerySchema } from '@diemcau/protocol';
import type { ArchiveMeetingRecord, ArchiveResponse, SearchResponse } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ConductService } from '../conduct/service.js';
import type { Db } from '../db/database.js';
import { DiskBlobStore } from '../documents/blobs.js';
import { sandboxProblem } from '../documents/sandbox.js';
import type { MeetingService } from '../meetings/service.js';
import { parseInput } from '../org/http.js';
import { SandboxTextExtractor } from './extract.js';
import type { TextExtractor } from './extract.js';
import { SearchIndex } from './index-store.js';
import { SearchIndexer } from './indexer.js';
import { SearchRecordsStore } from './records-store.js';
import { SearchService } from './service.js';

export interface SearchRouteDeps {
  db: Db;
  meetings: MeetingService;
  log: Logger;
  now?: () => Date;
  /** DATA_DIR of the documents' blobs: their PDFs' text is indexed. Null: titles only. */
  dataDir?: string | null;
  /** The text extractor; by default pdftotext in the sandbox (if it works here). */
  extractor?: TextExtractor | null;
  /** The indexer's poll interval (default 10 s). */
  pollMs?: number;
}

export interface Search {
  index: SearchIndex;
  indexer: SearchIndexer;
  service: SearchService;
}

/** Meeting routes after whose success the meeting's entry is refreshed. */
const MEETING_CHANGES = new Set([
  'PATCH /api/meetings/:id',
  'PUT /api/meetings/:id/agenda',
  'POST /api/meetings/:id/cancel',
]);
/** Routes after which new meetings or changed documents may wait: look soon. */
const OTHER_CHANGES = new Set([
  'POST /api/meetings',
  'POST /api/meetings/:id/documents',
  'PATCH /api/documents/:id',
  'POST /api/documents/:id/versions',
  'DELETE /api/documents/:id',
]);

const MeetingParams = z.object({ id: MeetingIdSchema });

export function registerSearchRoutes(app: FastifyInstance, deps: SearchRouteDeps): Search {
  const now = deps.now ?? ((): Date => new Date());
  const index = new SearchIndex(deps.db, now);
  const records = new SearchRecordsStore(deps.db);
  const blobs = deps.dataDir ? new DiskBlobStore(deps.dataDir) : null;
  let extractor: TextExtractor | null =
    deps.extractor !== undefined ? deps.extractor : blobs ? new SandboxTextExtractor(blobs) : null;
  const indexer = new SearchIndexer({
    index,
    records,
    get extractor() {
      return extractor;
    },
    log: deps.log,
    ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
  });
  const conduct = new ConductService({ db: deps.db, log: deps.log, now });
  const service = new SearchService({ index, records, meetings: deps.meetings, conduct, now });

  app.addHook('onReady', async () => {
    if (deps.extractor === undefined && blobs) {
      const problem = await sandboxProblem(path.join(blobs.tempDir, 'search-sandbox-probe'));
      if (problem) {
        deps.log.warn({ reason: problem }, 'document text is not indexed for search');
        extractor = null;
      }
    }
    indexer.start();
  });
  app.addHook('onClose', async () => indexer.stop());

  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 300) return;
    const route = `${req.method} ${req.routeOptions.url ?? ''}`;
    if (MEETING_CHANGES.has(route)) {
      const parsed = MeetingParams.safeParse(req.params);
      if (parsed.success) indexer.meetingChanged(parsed.data.id);
    } else if (OTHER_CHANGES.has(route)) {
      indexer.kick();
    }
  });

  app.get('/api/search', async (req, reply): Promise<SearchResponse> => {
    const q = parseInput(SearchQuerySchema, req.query);
    // NOTE: results quote confidential text: never kept by a shared cache or the browser's.
    void reply.header('cache-control', 'private, no-store');
    return service.search(req.auth, q);
  });

  app.get('/api/archive', async (req, reply): Promise<ArchiveResponse> => {
    const q = parseInput(ArchiveQuerySchema, req.query);
    void reply.header('cache-control', 'private, no-store');
    return service.archive(req.auth, q);
  });

  app.get('/api/archive/meetings/:id', async (req, reply): Promise<ArchiveMeetingRecord> => {
    const parsed = MeetingParams.safeParse(req.params);
    if (!parsed.success) throw AppError.validation('invalid meeting id', 'id');
    void reply.header('cache-control', 'private, no-store');
    return service.record(req.auth, parsed.data.id);
  });

  return { index, indexer, service };
}
