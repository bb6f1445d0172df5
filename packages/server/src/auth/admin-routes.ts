// Administrators' routes for accounts: list, create, change (roles, person, bridge point,
// disabled), reset a password, sign a user out everywhere. All behind requireAdmin.
import {
  AdminPasswordResetSchema,
  AdminUserCreateSchema,
  AdminUserPatchSchema,
  AppError,
} from '@diemcau/protocol';
import type {
  AdminPasswordResetResponse,
  AdminSessionsRevokedResponse,
  AdminUserListResponse,
  AdminUserResponse,
} from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountService } from './accounts.js';
import { requireAdmin } from './guards.js';
import { callerOf, handle } from './routes.js';
import { parseWith } from './validate.js';

const Params = z.object({ id: z.string().min(1).max(64) });

const idOf = (req: FastifyRequest): string => {
  const parsed = Params.safeParse(req.params);
  if (!parsed.success) throw AppError.validation('invalid user id', 'id');
  return parsed.data.id;
};

export function registerAdminUserRoutes(app: FastifyInstance, accounts: AccountService): void {
  const admin = { preHandler: requireAdmin };

  app.get(
    '/api/admin/users',
    admin,
    handle(async () => {
      const res: AdminUserListResponse = { users: await accounts.list() };
      return res;
    }),
  );

  app.post(
    '/api/admin/users',
    admin,
    handle(async (req, reply) => {
      const body = parseWith(AdminUserCreateSchema, req.body);
      const res: AdminUserResponse = { user: await accounts.create(callerOf(req), body) };
      return reply.code(201).send(res);
    }),
  );

  app.patch(
    '/api/admin/users/:id',
    admin,
    handle(async (req) => {
      const id = idOf(req);
      const body = parseWith(AdminUserPatchSchema, req.body);
      const res: AdminUserResponse = { user: await accounts.update(callerOf(req), id, body) };
      return res;
    }),
  );

  app.post(
    '/api/admin/users/:id/reset-password',
    admin,
    handle(async (req) => {
      const id = idOf(req);
      const body = parseWith(AdminPasswordResetSchema, req.body ?? {});
      const res: AdminPasswordResetResponse = {
        temporaryPassword: await accounts.resetPassword(callerOf(req), id, body.resetTotp ?? false),
      };
      return res;
    }),
  );

  app.delete(
    '/api/admin/users/:id/sessions',
    admin,
    handle(async (req) => {
      const id = idOf(req);
      const res: AdminSessionsRevokedResponse = { revoked: await accounts.revokeSessions(callerOf(req), id) };
      return res;
    }),
  );
}
