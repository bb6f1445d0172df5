// HTTP routes of accounts: sign in and out, who am I, one's own password and second factor; and
// (through admin-routes.ts) user administration. Bodies are validated with the protocol's schemas.
import {
  LoginRequestSchema,
  PasswordChangeSchema,
  TotpDisableSchema,
  TotpEnableSchema,
} from '@diemcau/protocol';
import type { LoginResponse, MeResponse, RetryAfterErrorBody, TotpSetupResponse } from '@diemcau/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuditLog } from '../audit/log.js';
import { AccountService, toAuthUser } from './accounts.js';
import type { Caller } from './accounts.js';
import { registerAdminUserRoutes } from './admin-routes.js';
import { userOf } from './guards.js';
import { DEFAULT_LOGIN_LIMITS, LoginService, RetryAfterError } from './login.js';
import type { LoginLimits } from './login.js';
import { sessionIdOf } from './plugin.js';
import type { AuthDeps } from './plugin.js';
import { clearSessionCookie, SESSION_ABSOLUTE_MS, sessionCookie, SessionManager } from './sessions.js';
import { AuthStore } from './store.js';
import { TotpReplayGuard } from './totp.js';
import { parseWith } from './validate.js';

export interface AuthRoutesDeps extends AuthDeps {
  /** Sign-in throttling (defaults: 10 attempts/min per IP, lock for 15 min after 5 failures). */
  limits?: Partial<LoginLimits>;
}

/** The caller of a signed-in request, for services and the audit log. */
export function callerOf(req: FastifyRequest): Caller {
  const user = userOf(req);
  return { userId: user.userId, username: user.username, ip: req.ip, sessionIdHash: sessionIdOf(req) };
}

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Wraps a handler: no caching of account data, and 423/429 answered with how long to wait. */
export const handle =
  (fn: Handler): Handler =>
  async (req, reply) => {
    void reply.header('cache-control', 'no-store');
    try {
      return await fn(req, reply);
    } catch (err) {
      if (!(err instanceof RetryAfterError)) throw err;
      const body: RetryAfterErrorBody = {
        code: err.code as RetryAfterErrorBody['code'],
        message: err.message,
        retryAfterSeconds: err.retryAfterSeconds,
      };
      return reply.code(err.status).header('retry-after', String(err.retryAfterSeconds)).send(body);
    }
  };

/** Registers /api/auth/* and /api/admin/users*. Call after `registerAuth`. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  const now = deps.now ?? ((): Date => new Date());
  const store = new AuthStore(deps.db);
  const sessions = new SessionManager(store, now);
  const totpReplay = new TotpReplayGuard();
  const limits = { ...DEFAULT_LOGIN_LIMITS, ...deps.limits };
  const login = new LoginService({ store, sessions, audit: deps.audit, now, totpReplay, limits });
  const accounts = new AccountService({
    store,
    audit: deps.audit,
    now,
    totpReplay,
    maxFailures: limits.maxFailures,
    lockoutMs: limits.lockoutMs,
  });

  app.post(
    '/api/auth/login',
    handle(async (req, reply) => {
      const body = parseWith(LoginRequestSchema, req.body);
      const client = { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' };
      const { user, session } = await login.login(body, client);
      const previous = sessionIdOf(req);
      if (previous !== null) await sessions.revoke(previous);
      void reply.header(
        'set-cookie',
        sessionCookie(session.token, SESSION_ABSOLUTE_MS / 1000, deps.secureCookies),
      );
      const res: LoginResponse = { user: toAuthUser(user), csrfToken: session.csrfToken };
      return res;
    }),
  );

  app.post(
    '/api/auth/logout',
    handle(async (req, reply) => {
      const id = sessionIdOf(req);
      if (id !== null && req.auth.kind === 'user') {
        await sessions.revoke(id);
        await deps.audit.record({
          action: 'logout',
          ...AuditLog.actorOf(req.auth),
          targetType: 'user',
          targetId: req.auth.userId,
          ip: req.ip,
        });
      }
      return reply.code(204).header('set-cookie', clearSessionCookie(deps.secureCookies)).send();
    }),
  );

  app.get(
    '/api/auth/me',
    handle(async (req) => {
      const auth = req.auth;
      if (auth.kind === 'device') {
        const res: MeResponse = {
          kind: 'device',
          device: { id: auth.deviceId, bridgePointId: auth.bridgePointId },
        };
        return res;
      }
      const user = userOf(req);
      const res: MeResponse = {
        kind: 'user',
        user: await accounts.me(user.userId),
        csrfToken: user.csrfToken,
      };
      return res;
    }),
  );

  app.post(
    '/api/auth/password',
    handle(async (req, reply) => {
      const caller = callerOf(req);
      const body = parseWith(PasswordChangeSchema, req.body);
      await accounts.changePassword(caller, body.currentPassword, body.newPassword);
      return reply.code(204).send();
    }),
  );

  app.post(
    '/api/auth/totp/setup',
    handle(async (req) => {
      const res: TotpSetupResponse = await accounts.setupTotp(callerOf(req));
      return res;
    }),
  );

  app.post(
    '/api/auth/totp/enable',
    handle(async (req, reply) => {
      const caller = callerOf(req);
      const body = parseWith(TotpEnableSchema, req.body);
      await accounts.enableTotp(caller, body.code);
      return reply.code(204).send();
    }),
  );

  app.post(
    '/api/auth/totp/disable',
    handle(async (req, reply) => {
      const caller = callerOf(req);
      const body = parseWith(TotpDisableSchema, req.body);
      await accounts.disableTotp(caller, body.password);
      return reply.code(204).send();
    }),
  );

  registerAdminUserRoutes(app, accounts);
}
