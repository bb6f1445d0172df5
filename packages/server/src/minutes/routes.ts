// HTTP routes of meeting minutes. Versions are addressed inside their meeting
// (`/api/meetings/:id/minutes/versions/:version`), so one meeting's access never opens another's.
import {
  AppError,
  MeetingIdSchema,
  MinutesCreateSchema,
  MinutesReturnSchema,
  MinutesSaveSchema,
  MinutesTransitionSchema,
  MinutesVersionParamSchema,
} from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditSink } from '../audit/log.js';
import { AuditLog } from '../audit/log.js';
import type { ConductService } from '../conduct/service.js';
import type { Db } from '../db/database.js';
import { contentDisposition } from '../documents/filename.js';
import type { MeetingService } from '../meetings/service.js';
import { parseInput } from '../org/http.js';
import { MinutesService } from './service.js';
import type { MinutesCaller, MinutesSearchHook } from './service.js';

export interface MinutesRouteDeps {
  db: Db;
  meetings: MeetingService;
  conduct: Pick<ConductService, 'state'>;
  audit: AuditSink;
  log: Logger;
  now?: () => Date;
  search?: MinutesSearchHook | undefined;
}

const MeetingParams = z.object({ id: MeetingIdSchema });
const ExportParams = MinutesVersionParamSchema.extend({ kind: z.enum(['docx', 'pdf']) });

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

/** "bien-ban-hop-giao-ban-v2.docx": ASCII, with the Vietnamese name in filename*. */
export function minutesFileName(subject: string, version: number, kind: 'docx' | 'pdf'): string {
  return `Biên bản ${subject.slice(0, 80)} (v${version}).${kind}`.replace(/[/\\:*?"<>|]/g, '-');
}

export function registerMinutesRoutes(app: FastifyInstance, deps: MinutesRouteDeps): MinutesService {
  const service = new MinutesService({
    db: deps.db,
    meetings: deps.meetings.store,
    conduct: deps.conduct,
    audit: deps.audit,
    log: deps.log,
    ...(deps.now ? { now: deps.now } : {}),
    search: deps.search,
  });

  /** Every minutes route needs a signed-in account or device; anonymous callers get 401. */
  async function callerOf(req: FastifyRequest): Promise<MinutesCaller> {
    if (req.auth.kind === 'anonymous') throw AppError.unauthorized();
    return { viewer: await deps.meetings.viewer(req.auth), actor: AuditLog.actorOf(req.auth), ip: req.ip };
  }

  app.get('/api/meetings/:id/minutes', async (req) => {
    const { id } = parseInput(MeetingParams, req.params);
    return service.overview(id, (await callerOf(req)).viewer);
  });

  app.post('/api/meetings/:id/minutes', async (req, reply) => {
    const { id } = parseInput(MeetingParams, req.params);
    const body = parseInput(MinutesCreateSchema, req.body ?? {});
    const view = await service.create(id, body.format, await callerOf(req));
    return reply.code(201).send(view);
  });

  app.get('/api/meetings/:id/minutes/versions/:version', async (req) => {
    const p = parseInput(MinutesVersionParamSchema, req.params);
    return service.version(p.id, p.version, (await callerOf(req)).viewer);
  });

  app.put('/api/meetings/:id/minutes/versions/:version', async (req) => {
    const p = parseInput(MinutesVersionParamSchema, req.params);
    const body = parseInput(MinutesSaveSchema, req.body);
    return service.save(p.id, p.version, body.revision, body.content, await callerOf(req));
  });

  app.post('/api/meetings/:id/minutes/versions/:version/submit', async (req) => {
    const p = parseInput(MinutesVersionParamSchema, req.params);
    const body = parseInput(MinutesTransitionSchema, req.body);
    return service.submit(p.id, p.version, body.revision, await callerOf(req));
  });

  app.post('/api/meetings/:id/minutes/versions/:version/return', async (req) => {
    const p = parseInput(MinutesVersionParamSchema, req.params);
    const body = parseInput(MinutesReturnSchema, req.body);
    return service.returnToDraft(p.id, p.version, body.revision, body.comment, await callerOf(req));
  });

  app.post('/api/meetings/:id/minutes/versions/:version/approve', async (req) => {
    const p = parseInput(MinutesVersionParamSchema, req.params);
    const body = parseInput(MinutesTransitionSchema, req.body);
    return service.approve(p.id, p.version, body.revision, await callerOf(req));
  });

  app.get('/api/meetings/:id/minutes/versions/:version/minutes.:kind', async (req, reply) => {
    const p = parseInput(ExportParams, req.params);
    const out = await service.export(p.id, p.version, p.kind, await callerOf(req));
    void reply.header(
      'content-disposition',
      contentDisposition('attachment', minutesFileName(out.title, p.version, p.kind)),
    );
    void reply.header('cache-control', 'private, no-store');
    void reply.header('x-content-type-options', 'nosniff');
    if (out.version.sha256) void reply.header('x-minutes-sha256', out.version.sha256);
    return reply.type(MIME[p.kind]).send(out.bytes);
  });

  return service;
}
