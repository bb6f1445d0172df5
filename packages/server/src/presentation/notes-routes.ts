// HTTP routes of private notes on meeting documents (a side panel in the meeting room). The caller
// must see the document version (documents/authz.ts through DocumentService.get: 404 otherwise),
// and only ever reads and writes its own notes: another author's note answers 404 like no note.
import {
  AppError,
  DocumentIdSchema,
  DocumentNotePutSchema,
  DocumentVersionIdSchema,
  MAX_PRESENT_PAGE,
} from '@diemcau/protocol';
import type { DocumentNoteView, DocumentNotesResponse } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { DocumentService } from '../documents/service.js';
import { parseInput } from '../org/http.js';
import { NoteStore } from './notes-store.js';

export interface NoteRouteDeps {
  db: Db;
  documents: Pick<DocumentService, 'get'>;
  now?: () => Date;
}

const VersionParams = z.object({ id: DocumentIdSchema, versionId: DocumentVersionIdSchema });
const PageParams = VersionParams.extend({ page: z.coerce.number().int().min(1).max(MAX_PRESENT_PAGE) });

/** `user:<id>` or `device:<id>`: whose notes these are. Anonymous callers have none (401). */
function ownerOf(req: FastifyRequest): string {
  const a = req.auth;
  if (a.kind === 'user') return `user:${a.userId}`;
  if (a.kind === 'device') return `device:${a.deviceId}`;
  throw AppError.unauthorized('sign in (or use the bridge point’s kiosk) to keep private notes');
}

export function registerNoteRoutes(app: FastifyInstance, deps: NoteRouteDeps): NoteStore {
  const store = new NoteStore(deps.db);
  const now = deps.now ?? ((): Date => new Date());

  /** The owner, after checking the caller sees this version of the document (404 otherwise). */
  const authorize = async (req: FastifyRequest, id: string, versionId: string): Promise<string> => {
    const owner = ownerOf(req);
    const doc = await deps.documents.get({ auth: req.auth, ip: req.ip }, id);
    if (!doc.versions.some((v) => v.id === versionId)) throw AppError.notFound('version', 'versionId');
    return owner;
  };

  app.get(
    '/api/documents/:id/versions/:versionId/notes',
    async (req, reply): Promise<DocumentNotesResponse> => {
      const { id, versionId } = parseInput(VersionParams, req.params);
      const owner = await authorize(req, id, versionId);
      void reply.header('cache-control', 'no-store');
      return { notes: await store.list(owner, versionId) };
    },
  );

  app.get(
    '/api/documents/:id/versions/:versionId/notes/:page',
    async (req, reply): Promise<DocumentNoteView> => {
      const { id, versionId, page } = parseInput(PageParams, req.params);
      const owner = await authorize(req, id, versionId);
      const note = await store.get(owner, versionId, page);
      if (!note) throw AppError.notFound('note', 'page');
      void reply.header('cache-control', 'no-store');
      return note;
    },
  );

  app.put('/api/documents/:id/versions/:versionId/notes/:page', async (req): Promise<DocumentNoteView> => {
    const { id, versionId, page } = parseInput(PageParams, req.params);
    const { text } = parseInput(DocumentNotePutSchema, req.body ?? {});
    const owner = await authorize(req, id, versionId);
    return store.put(owner, versionId, page, text, now());
  });

  return store;
}
