// HTTP routes of recordings: a meeting's list (with processing progress) and the file itself,
// streamed with byte ranges so that the browser can play and seek it.
import fs from 'node:fs';
import { AppError, MeetingIdSchema, RecordingIdSchema } from '@diemcau/protocol';
import type { RecordingListResponse } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RecordingService } from './service.js';

export interface RecordingRouteDeps {
  service: RecordingService;
}

/** A single `bytes=a-b` range (suffix and open-ended forms too); null when absent or not satisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

function param<T>(schema: z.ZodType<T>, req: FastifyRequest, name: string): T {
  const value = (req.params as Record<string, unknown>)[name];
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw AppError.validation(`invalid ${name}`, name);
  return parsed.data;
}

export function registerRecordingRoutes(app: FastifyInstance, deps: RecordingRouteDeps): void {
  const { service } = deps;

  app.get('/api/meetings/:id/recordings', async (req): Promise<RecordingListResponse> => {
    const meetingId = param(MeetingIdSchema, req, 'id');
    return { recordings: await service.list(req.auth, meetingId) };
  });

  app.get('/api/recordings/:id/file', async (req, reply) => {
    const id = param(RecordingIdSchema, req, 'id');
    const rangeHeader = req.headers.range;
    // NOTE: a player fetches one file in many range requests; the first one (no range, or from
    // byte 0) is the fetch we audit, so that the log says who watched, not how the player buffered.
    const first = rangeHeader === undefined || /^bytes=0-/.test(rangeHeader.trim());
    const file = await service.file(req.auth, id, req.ip, first);
    const download = (req.query as { download?: unknown }).download === '1';
    reply
      .header('content-type', 'video/mp4')
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-disposition',
        `${download ? 'attachment' : 'inline'}; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.unicodeName)}`,
      );
    const range = rangeHeader === undefined ? null : parseRange(rangeHeader, file.size);
    if (rangeHeader !== undefined && range === null) {
      return reply.code(416).header('content-range', `bytes */${file.size}`).send();
    }
    if (range) {
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
        .header('content-length', String(range.end - range.start + 1));
      return reply.send(fs.createReadStream(file.path, { start: range.start, end: range.end }));
    }
    reply.header('content-length', String(file.size));
    return reply.send(fs.createReadStream(file.path));
  });
}
