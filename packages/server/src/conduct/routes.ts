// HTTP routes of the conduct domain: the attendance sheet of a meeting as CSV and PDF, for those
// who may edit the meeting (its chair, secretary, creator, and admins). Every export is audited.
import { AppError, MeetingIdSchema } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditSink } from '../audit/log.js';
import { AuditLog } from '../audit/log.js';
import { canEdit, canSee } from '../meetings/authz.js';
import type { MeetingService } from '../meetings/service.js';
import { accessOf } from '../meetings/store.js';
import { attendanceCsv, attendancePdf, attendanceSheet } from './attendance-export.js';
import type { AttendanceSheet } from './attendance-export.js';
import type { ConductService } from './service.js';

export interface ConductRouteDeps {
  meetings: MeetingService;
  conduct: ConductService;
  audit: AuditSink;
}

const Params = z.object({ id: MeetingIdSchema });

/** "Họp giao ban: tháng 11" → "diem-danh-hop-giao-ban-thang-11" (ASCII file name). */
export function sheetFileName(title: string, ext: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `diem-danh-${slug || 'cuoc-hop'}.${ext}`;
}

export function registerConductRoutes(app: FastifyInstance, deps: ConductRouteDeps): void {
  /** The sheet, if the caller may edit the meeting; 404 when they may not even see it. */
  async function sheetFor(req: FastifyRequest, id: string, format: string): Promise<AttendanceSheet> {
    if (req.auth.kind === 'anonymous') throw AppError.unauthorized();
    const viewer = await deps.meetings.viewer(req.auth);
    const m = await deps.meetings.store.load(id);
    if (!m) throw AppError.meetingNotFound(id);
    const access = accessOf(
      m,
      m.bridgePoints.map((b) => b.id),
      m.invitees,
    );
    if (!canSee(access, viewer)) throw AppError.meetingNotFound(id);
    if (!canEdit(access, viewer))
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin may export attendance');
    const state = await deps.conduct.state(id);
    if (!state) throw AppError.meetingNotFound(id);
    await deps.audit.record({
      action: 'meeting.access',
      ...AuditLog.actorOf(req.auth),
      targetType: 'meeting',
      targetId: id,
      ip: req.ip,
      detail: { export: 'attendance', format },
    });
    return attendanceSheet(state, m.startsAt);
  }

  for (const format of ['csv', 'pdf'] as const)
    app.get(`/api/meetings/:id/attendance.${format}`, async (req, reply) => {
      const parsed = Params.safeParse(req.params);
      if (!parsed.success) throw AppError.validation('invalid meeting id', 'id');
      const sheet = await sheetFor(req, parsed.data.id, format);
      void reply.header(
        'content-disposition',
        `attachment; filename="${sheetFileName(sheet.title, format)}"`,
      );
      void reply.header('cache-control', 'no-store');
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(attendanceCsv(sheet));
      return reply.type('application/pdf').send(await attendancePdf(sheet));
    });
}
