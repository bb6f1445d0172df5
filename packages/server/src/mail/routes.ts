// Admin view of the e-mail outbox: what is queued (e.g. no SMTP_URL yet), sent or failed, and a
// retry for failed messages.
import { AppError } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { parseInput } from '../meetings/views.js';
import { OutboxStore } from './outbox.js';

const ListQuery = z.object({
  status: z.enum(['queued', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const IdParams = z.object({ id: z.string().min(1).max(64) });

export function registerMailRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const outbox = new OutboxStore(deps.db);

  app.get('/api/admin/outbox', { preHandler: requireAdmin }, async (req) => {
    const q = parseInput(ListQuery, req.query);
    return { items: await outbox.list({ status: q.status, limit: q.limit }) };
  });

  app.post('/api/admin/outbox/:id/retry', { preHandler: requireAdmin }, async (req) => {
    const { id } = parseInput(IdParams, req.params);
    if (!(await outbox.requeue(id))) throw AppError.notFound('failed e-mail', 'id');
    return { status: 'queued' };
  });
}
