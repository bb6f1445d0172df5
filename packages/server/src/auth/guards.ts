// Route guards: preHandlers that refuse a request unless `req.auth` (set by the auth plugin) is
// allowed. Finer rules (may this user see this meeting?) belong to each domain's service.
import { AppError } from '@diemcau/protocol';
import type { FastifyRequest } from 'fastify';
import type { AccountRole, DeviceAuth, UserAuth } from './context.js';

/** The signed-in user, or 401. With roles: one of them, or 403. */
export function userOf(req: FastifyRequest, ...roles: AccountRole[]): UserAuth {
  const auth = req.auth;
  if (auth.kind !== 'user') throw AppError.unauthorized();
  if (roles.length > 0 && !auth.roles.some((r) => roles.includes(r))) throw AppError.forbidden();
  return auth;
}

/** The calling paired device, or 401. */
export function deviceOf(req: FastifyRequest): DeviceAuth {
  const auth = req.auth;
  if (auth.kind !== 'device') throw AppError.unauthorized('this route is for paired bridge-point devices');
  return auth;
}

/** preHandler: any signed-in user (or one of `roles`). */
export const requireUser =
  (...roles: AccountRole[]) =>
  async (req: FastifyRequest): Promise<void> => {
    userOf(req, ...roles);
    await Promise.resolve();
  };

/** preHandler: administrators only. */
export const requireAdmin = requireUser('admin');
