// HTTP routes of meeting documents: upload (the raw file as the body, so browsers can show upload
// progress), list, settings, versions, hide, the served files (inline or as a download, never
// cached by shared caches), the kiosk's offline list and cache report, and the readiness table.
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  AppError,
  DocumentIdSchema,
  DocumentPatchSchema,
  DocumentUploadQuerySchema,
  DocumentVersionIdSchema,
  DocumentVersionQuerySchema,
  KioskDocumentCacheSchema,
  MeetingIdSchema,
} from '@diemcau/protocol';
import type {
  DocumentListResponse,
  DocumentReadinessResponse,
  DocumentView,
  KioskDocumentsResponse,
} from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditSink } from '../audit/log.js';
import { deviceOf, userOf } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import type { MeetingService } from '../meetings/service.js';
import { parseInput } from '../org/http.js';
import { DiskBlobStore } from './blobs.js';
import type { BlobStore } from './blobs.js';
import { SandboxConverter } from './convert.js';
import type { Converter } from './convert.js';
import { contentDisposition } from './filename.js';
import { OfflineDocuments } from './offline.js';
import { ConversionQueue } from './queue.js';
import { sandboxProblem } from './sandbox.js';
import { DocumentService } from './service.js';
import type { Caller, Rendition } from './service.js';
import { DocumentStore } from './store.js';
import { tooLarge } from './refusals.js';

/** What the app is told about documents (system.ts passes DATA_DIR). */
export interface DocumentsConfig {
  /** DATA_DIR: blobs go to DATA_DIR/blobs/sha256/. */
  dataDir: string;
  /** Largest upload in bytes (default DOCUMENT_MAX_BYTES_DEFAULT). */
  maxBytes?: number;
  /** The converter; by default LibreOffice and poppler in the bubblewrap sandbox (if it works here). */
  converter?: Converter | null;
  blobs?: BlobStore;
}

export interface DocumentRouteDeps extends DocumentsConfig {
  db: Db;
  audit: AuditSink;
  meetings: MeetingService;
  log: Logger;
  now?: () => Date;
}

export interface Documents {
  service: DocumentService;
  offline: OfflineDocuments;
  queue: ConversionQueue;
}

const MeetingParams = z.object({ id: MeetingIdSchema });
const DocParams = z.object({ id: DocumentIdSchema });
const VersionParams = z.object({ id: DocumentIdSchema, versionId: DocumentVersionIdSchema });
const PageParams = VersionParams.extend({ page: z.coerce.number().int().min(1).max(100_000) });
const DownloadQuery = z.object({ download: z.enum(['0', '1']).optional() });

const caller = (req: FastifyRequest): Caller => ({ auth: req.auth, ip: req.ip });

/**
 * Registers the document routes (in their own scope: the raw-body parser applies to them only),
 * starts the conversion queue when the app is ready and stops it when the app closes.
 */
export function registerDocumentRoutes(app: FastifyInstance, deps: DocumentRouteDeps): Documents {
  const now = deps.now ?? ((): Date => new Date());
  const blobs = deps.blobs ?? new DiskBlobStore(deps.dataDir);
  const store = new DocumentStore(deps.db);
  const sandboxed = new SandboxConverter();
  let unavailableReason: string | undefined;
  const queue = new ConversionQueue({
    store,
    blobs,
    get converter() {
      return deps.converter === undefined ? (unavailableReason ? null : sandboxed) : deps.converter;
    },
    get unavailableReason() {
      return unavailableReason;
    },
    log: deps.log,
    now,
  });
  const service = new DocumentService({
    store,
    blobs,
    meetings: deps.meetings,
    audit: deps.audit,
    queue,
    now,
    ...(deps.maxBytes === undefined ? {} : { maxBytes: deps.maxBytes }),
  });
  const offline = new OfflineDocuments({ db: deps.db, store, blobs, meetings: deps.meetings, now });

  app.addHook('onReady', async () => {
    if (deps.converter === undefined) {
      const probe = path.join(blobs.tempDir, 'sandbox-probe');
      unavailableReason = (await sandboxProblem(probe)) ?? undefined;
      if (unavailableReason) deps.log.warn({ reason: unavailableReason }, 'document conversion is disabled');
    }
    await queue.start();
  });
  app.addHook('onClose', async () => queue.stop());

  void app.register((scope, _opts, done) => {
    // NOTE: the body stays a stream: the service writes it to disk, hashing and counting as it goes.
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    scope.get('/api/meetings/:id/documents', async (req): Promise<DocumentListResponse> => {
      const { id } = parseInput(MeetingParams, req.params);
      return { documents: await service.list(caller(req), id) };
    });

    scope.post('/api/meetings/:id/documents', async (req, reply): Promise<DocumentView> => {
      const { id } = parseInput(MeetingParams, req.params);
      const q = parseInput(DocumentUploadQuerySchema, req.query);
      const body = uploadBody(req, service.maxBytes);
      return reply.code(201).send(await service.upload(caller(req), id, q, body));
    });

    scope.get('/api/documents/readiness', async (req): Promise<DocumentReadinessResponse> => {
      userOf(req, 'admin');
      return offline.readiness();
    });

    scope.get('/api/documents/:id', async (req) => {
      const { id } = parseInput(DocParams, req.params);
      return service.get(caller(req), id);
    });

    scope.patch('/api/documents/:id', async (req) => {
      const { id } = parseInput(DocParams, req.params);
      return service.update(caller(req), id, parseInput(DocumentPatchSchema, req.body ?? {}));
    });

    scope.delete('/api/documents/:id', async (req) => {
      const { id } = parseInput(DocParams, req.params);
      return service.hide(caller(req), id);
    });

    scope.post('/api/documents/:id/versions', async (req, reply) => {
      const { id } = parseInput(DocParams, req.params);
      const { fileName } = parseInput(DocumentVersionQuerySchema, req.query);
      const body = uploadBody(req, service.maxBytes);
      return reply.code(201).send(await service.addVersion(caller(req), id, fileName, body));
    });

    const serve = async (
      req: FastifyRequest,
      reply: FastifyReply,
      what: Rendition,
    ): Promise<FastifyReply> => {
      const { id, versionId } = parseInput(VersionParams, req.params);
      const served = await service.open(caller(req), id, versionId, what);
      const etag = `"${served.sha256}"`;
      void reply
        .header('content-type', served.mime)
        .header('content-disposition', contentDisposition(served.disposition, served.fileName))
        // NOTE: private + no-cache: the browser may keep it but asks again (and is authorized again)
        // before each use; kiosks hold their offline copies in Cache Storage instead.
        .header('cache-control', 'private, no-cache')
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'same-origin');
      // NOTE: a sandboxing CSP stops a crafted file from running script in our origin; browsers
      // refuse to show PDFs in sandboxed documents, so PDFs (typed by us, nosniff) go without it.
      if (served.mime !== 'application/pdf')
        void reply.header('content-security-policy', "default-src 'none'; sandbox");
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.header('content-length', await blobs.size(served.sha256)).send(blobs.open(served.sha256));
    };

    scope.get('/api/documents/:id/versions/:versionId/file', async (req, reply) =>
      serve(req, reply, { kind: 'file', download: parseInput(DownloadQuery, req.query).download === '1' }),
    );
    scope.get('/api/documents/:id/versions/:versionId/pdf', async (req, reply) =>
      serve(req, reply, { kind: 'pdf', download: parseInput(DownloadQuery, req.query).download === '1' }),
    );
    scope.get('/api/documents/:id/versions/:versionId/pages/:page', async (req, reply) =>
      serve(req, reply, { kind: 'page', page: parseInput(PageParams, req.params).page }),
    );
    scope.get('/api/documents/:id/versions/:versionId/thumbs/:page', async (req, reply) =>
      serve(req, reply, { kind: 'thumb', page: parseInput(PageParams, req.params).page }),
    );

    scope.get('/api/kiosk/documents', async (req, reply): Promise<KioskDocumentsResponse> => {
      const device = deviceOf(req);
      void reply.header('cache-control', 'no-store');
      return { documents: await offline.forKiosk(device) };
    });

    scope.put('/api/kiosk/documents/cache', async (req) => {
      const device = deviceOf(req);
      return offline.report(device, parseInput(KioskDocumentCacheSchema, req.body).versionIds);
    });
    done();
  });

  return { service, offline, queue };
}

/** The request body as a stream; 413 at once when the declared length is already too large. */
function uploadBody(req: FastifyRequest, maxBytes: number): Readable {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const body = req.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function')
    throw new AppError('file_type_refused', 'send the file as application/octet-stream', { field: 'file' });
  return body;
}
