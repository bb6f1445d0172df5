// The administrators' view of the audit log: `GET /api/admin/audit` with filters and paging.
import { AuditQuerySchema } from '@diemcau/protocol';
import type { AuditEntryView, AuditListResponse } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth/guards.js';
import { parseWith } from '../auth/validate.js';
import type { AuditLog, AuditRecord } from './log.js';

export interface AuditRoutesDeps {
  audit: AuditLog;
}

const toView = (r: AuditRecord): AuditEntryView => ({
  id: r.id,
  at: r.at,
  action: r.action,
  actor: { userId: r.actorUserId, deviceId: r.actorDeviceId, label: r.actorLabel },
  target: r.targetType !== null && r.targetId !== null ? { type: r.targetType, id: r.targetId } : null,
  ip: r.ip,
  detail: r.detail,
});

/** Registers `GET /api/admin/audit` (admins only). Call after `registerAuth`. */
export function registerAuditRoutes(app: FastifyInstance, deps: AuditRoutesDeps): void {
  app.get('/api/admin/audit', { preHandler: requireAdmin }, async (req, reply) => {
    const q = parseWith(AuditQuerySchema, req.query);
    // Stored instants are UTC ISO strings; compare like with like.
    const page = await deps.audit.query({
      action: q.action,
      actor: q.actor,
      targetType: q.targetType,
      targetId: q.targetId,
      from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
      to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
      limit: q.limit,
      before: q.before,
    });
    void reply.header('cache-control', 'no-store');
    const res: AuditListResponse = { entries: page.entries.map(toView), nextBefore: page.nextBefore };
    return res;
  });
}
