// Test harness for the auth HTTP tests: a Fastify app with the real auth plugin, routes and audit
// routes over a real database (demo ward and demo accounts seeded), a movable clock, and helpers
// to sign in and send requests with the session cookie and CSRF header.
import type { LoginResponse } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { AuditLog } from '../audit/log.js';
import { registerAuditRoutes } from '../audit/routes.js';
import type { Db, DbKind } from '../db/database.js';
import { createTestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import type { LoginLimits } from './login.js';
import { registerAuth } from './plugin.js';
import { registerAuthRoutes } from './routes.js';
import { seedDemoAccounts } from './seed.js';
import { installErrorHandler } from '../http/error-handler.js';

/** Demo account passwords in the tests (Vietnamese on purpose). */
export const TEST_PASSWORDS: Record<string, string> = {
  admin: 'Quản trị An Phú Đông',
  chutri: 'Chủ trì cuộc họp 2026',
  thuky: 'Thư ký biên bản 2026',
  kp4: 'Khu phố bốn 2026',
  daibieu: 'Đại biểu Ngô Thị Yến',
};

export const T0 = Date.parse('2026-03-02T01:00:00.000Z');

export interface TestSession {
  cookie: string;
  csrf: string;
  userId: string;
  /** Headers for a request in this session (cookie and CSRF token). */
  headers: { cookie: string; 'x-csrf-token': string };
}

export interface AuthTestApp {
  app: FastifyInstance;
  db: Db;
  audit: AuditLog;
  advance(ms: number): void;
  /** Signs in (throws unless 200). */
  login(username: string, password?: string, extra?: { totp?: string }): Promise<TestSession>;
  /** A request as `session` (or anonymous when null). */
  as(session: TestSession | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

/** The `dc_session` Set-Cookie of a response (or ''). */
export function sessionSetCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return all.find((c) => c.startsWith('dc_session=')) ?? '';
}

export async function startAuthTestApp(
  kind: DbKind = 'sqlite',
  options: { secureCookies?: boolean; limits?: Partial<LoginLimits> } = {},
): Promise<AuthTestApp> {
  const t = await createTestDatabase(kind);
  await seedDemoWard(t.db);
  await seedDemoAccounts(t.db, { passwords: TEST_PASSWORDS });
  let nowMs = T0;
  const now = (): Date => new Date(nowMs);
  const audit = new AuditLog(t.db, now);
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  const deps = { db: t.db, audit, now, secureCookies: options.secureCookies ?? true };
  registerAuth(app, { ...deps, allowedOrigins: ['https://diemcau.anphudong.example'] });
  registerAuthRoutes(app, { ...deps, limits: { perIpPerMinute: 10_000, ...options.limits } });
  registerAuditRoutes(app, { audit });
  // A probe that echoes who the request is, for plugin tests independent of any domain route.
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    app.route({
      method,
      url: '/api/test/probe',
      handler: async (req) => Promise.resolve({ auth: req.auth }),
    });
  }
  await app.ready();

  const as = (session: TestSession | null, opts: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({ ...opts, headers: { ...(session?.headers ?? {}), ...(opts.headers ?? {}) } });

  return {
    app,
    db: t.db,
    audit,
    advance: (ms) => void (nowMs += ms),
    as,
    async login(username, password = TEST_PASSWORDS[username] ?? '', extra = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password, ...extra },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const body = res.json<LoginResponse>();
      const cookie = sessionSetCookie(res).split(';')[0] ?? '';
      return {
        cookie,
        csrf: body.csrfToken,
        userId: body.user.id,
        headers: { cookie, 'x-csrf-token': body.csrfToken },
      };
    },
    async dispose() {
      await app.close();
      await t.dispose();
    },
  };
}
