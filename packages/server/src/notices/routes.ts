// HTTP routes of conclusion notices and follow-up tasks: the notice of a meeting (draft, edit,
// refresh, issue, DOCX/PDF), its tasks (create, edit, cancel, accept), the assignee's reports and
// evidence (raw body, like document uploads), my tasks, and the ward's follow-up board.
import type { Readable } from 'node:stream';
import {
  AppError,
  EvidenceIdSchema,
  EvidenceUploadQuerySchema,
  MeetingIdSchema,
  NoticeIdSchema,
  NoticePatchSchema,
  TaskAcceptSchema,
  TaskBoardQuerySchema,
  TaskCancelSchema,
  TaskCreateSchema,
  TaskIdSchema,
  TaskPatchSchema,
  TaskReportSchema,
} from '@diemcau/protocol';
import type {
  AssigneeOptionsResponse,
  MyTasksResponse,
  NoticeResponse,
  NoticeView,
  TaskBoardResponse,
  TaskDetail,
} from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditSink } from '../audit/log.js';
import type { Db } from '../db/database.js';
import { DiskBlobStore } from '../documents/blobs.js';
import type { BlobStore } from '../documents/blobs.js';
import { contentDisposition } from '../documents/filename.js';
import { tooLarge } from '../documents/refusals.js';
import type { MeetingService } from '../meetings/service.js';
import { parseInput } from '../org/http.js';
import { NoticeContext } from './context.js';
import type { Caller, ConclusionSource, NoticeSearch } from './context.js';
import { NoticeService } from './service.js';
import { NoticeStore } from './store.js';

export interface NoticeRouteDeps {
  db: Db;
  audit: AuditSink;
  meetings: MeetingService;
  /** The approved conclusions of a meeting (the minutes module). */
  conclusions: ConclusionSource;
  /** DATA_DIR (evidence goes to the documents' blob store), unless `blobs` is given. */
  dataDir?: string;
  blobs?: BlobStore;
  search?: NoticeSearch;
  maxEvidenceBytes?: number;
  now?: () => Date;
  warn?: (obj: object, msg: string) => void;
}

const MeetingParams = z.object({ id: MeetingIdSchema });
const NoticeParams = z.object({ id: NoticeIdSchema });
const ExportParams = NoticeParams.extend({ format: z.enum(['docx', 'pdf']) });
const TaskParams = z.object({ id: TaskIdSchema });
const EvidenceParams = TaskParams.extend({ evidenceId: EvidenceIdSchema });

const caller = (req: FastifyRequest): Caller => ({ auth: req.auth, ip: req.ip });

export function registerNoticeRoutes(app: FastifyInstance, deps: NoticeRouteDeps): NoticeService {
  const blobs = deps.blobs ?? (deps.dataDir ? new DiskBlobStore(deps.dataDir) : null);
  if (!blobs) throw new Error('notices need a blob store or DATA_DIR for evidence files');
  const ctx = new NoticeContext({
    store: new NoticeStore(deps.db),
    meetings: deps.meetings,
    audit: deps.audit,
    conclusions: deps.conclusions,
    blobs,
    now: deps.now ?? ((): Date => new Date()),
    search: deps.search,
    ...(deps.maxEvidenceBytes === undefined ? {} : { maxEvidenceBytes: deps.maxEvidenceBytes }),
    ...(deps.warn ? { warn: deps.warn } : {}),
  });
  const service = new NoticeService(ctx);
  const tasks = service.tasks;

  app.get('/api/meetings/:id/notice', async (req): Promise<NoticeResponse> => {
    const { id } = parseInput(MeetingParams, req.params);
    return service.forMeeting(caller(req), id);
  });

  app.post('/api/meetings/:id/notice', async (req, reply): Promise<NoticeView> => {
    const { id } = parseInput(MeetingParams, req.params);
    return reply.code(201).send(await service.draft(caller(req), id));
  });

  app.patch('/api/notices/:id', async (req): Promise<NoticeView> => {
    const { id } = parseInput(NoticeParams, req.params);
    return service.update(caller(req), id, parseInput(NoticePatchSchema, req.body ?? {}));
  });

  app.post('/api/notices/:id/refresh', async (req): Promise<NoticeView> => {
    const { id } = parseInput(NoticeParams, req.params);
    return service.refresh(caller(req), id);
  });

  app.post('/api/notices/:id/issue', async (req): Promise<NoticeView> => {
    const { id } = parseInput(NoticeParams, req.params);
    return service.issue(caller(req), id);
  });

  app.get('/api/notices/:id/:format', async (req, reply) => {
    const { id, format } = parseInput(ExportParams, req.params);
    const file = await service.export(caller(req), id, format);
    return reply
      .header('content-type', file.mime)
      .header('content-disposition', contentDisposition('attachment', file.fileName))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });

  app.post('/api/notices/:id/tasks', async (req, reply): Promise<TaskDetail> => {
    const { id } = parseInput(NoticeParams, req.params);
    return reply.code(201).send(await tasks.create(caller(req), id, parseInput(TaskCreateSchema, req.body)));
  });

  app.get('/api/tasks/mine', async (req): Promise<MyTasksResponse> => ({
    tasks: await tasks.mine(caller(req)),
  }));

  app.get('/api/tasks/board', async (req): Promise<TaskBoardResponse> =>
    tasks.board(caller(req), parseInput(TaskBoardQuerySchema, req.query)),
  );

  app.get('/api/tasks/assignees', async (req): Promise<AssigneeOptionsResponse> =>
    tasks.assigneeOptions(caller(req)),
  );

  app.get('/api/tasks/:id', async (req): Promise<TaskDetail> => {
    const { id } = parseInput(TaskParams, req.params);
    return tasks.detail(caller(req), id);
  });

  app.patch('/api/tasks/:id', async (req): Promise<TaskDetail> => {
    const { id } = parseInput(TaskParams, req.params);
    return tasks.update(caller(req), id, parseInput(TaskPatchSchema, req.body ?? {}));
  });

  app.post('/api/tasks/:id/reports', async (req): Promise<TaskDetail> => {
    const { id } = parseInput(TaskParams, req.params);
    return tasks.report(caller(req), id, parseInput(TaskReportSchema, req.body));
  });

  app.post('/api/tasks/:id/accept', async (req): Promise<TaskDetail> => {
    const { id } = parseInput(TaskParams, req.params);
    return tasks.accept(caller(req), id, parseInput(TaskAcceptSchema, req.body ?? {}).text);
  });

  app.post('/api/tasks/:id/cancel', async (req): Promise<TaskDetail> => {
    const { id } = parseInput(TaskParams, req.params);
    return tasks.cancel(caller(req), id, parseInput(TaskCancelSchema, req.body).reason);
  });

  app.get('/api/tasks/:id/evidence/:evidenceId', async (req, reply) => {
    const { id, evidenceId } = parseInput(EvidenceParams, req.params);
    const served = await tasks.openEvidence(caller(req), id, evidenceId);
    void reply
      .header('content-type', served.mime)
      .header('content-disposition', contentDisposition('inline', served.fileName))
      .header('cache-control', 'private, no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'same-origin');
    // NOTE: images get a sandboxing CSP; browsers refuse to show PDFs sandboxed (as for documents).
    if (served.mime !== 'application/pdf')
      void reply.header('content-security-policy', "default-src 'none'; sandbox");
    return reply.header('content-length', await blobs.size(served.sha256)).send(blobs.open(served.sha256));
  });

  void app.register((scope, _opts, done) => {
    // NOTE: the body stays a stream: it is written to disk, hashed and counted as it arrives.
    scope.addContentTypeParser('application/octet-stream', (_req, payload, next) => next(null, payload));
    scope.post('/api/tasks/:id/evidence', async (req, reply): Promise<TaskDetail> => {
      const { id } = parseInput(TaskParams, req.params);
      const { fileName } = parseInput(EvidenceUploadQuerySchema, req.query);
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > tasks.maxEvidenceBytes)
        throw tooLarge(tasks.maxEvidenceBytes);
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function')
        throw new AppError('file_type_refused', 'send the file as application/octet-stream', {
          field: 'file',
        });
      return reply.code(201).send(await tasks.addEvidence(caller(req), id, fileName, body));
    });
    done();
  });

  return service;
}
