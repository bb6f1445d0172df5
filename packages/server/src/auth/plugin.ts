// The auth plugin: resolves `req.auth` on every request (session cookie or device bearer token)
// and refuses cross-site and CSRF-less unsafe requests made with a cookie session.
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/log.js';
import type { Db } from '../db/database.js';
import { ANONYMOUS } from './context.js';
import type { AuthContext } from './context.js';
import { parseCookies } from './cookies.js';
import { SESSION_COOKIE, SessionManager, sha256Hex } from './sessions.js';
import { AuthStore } from './store.js';

/** What the auth plugin and routes need. */
export interface AuthDeps {
  db: Db;
  audit: AuditLog;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Mark the session cookie Secure (true behind HTTPS; false only for plain-HTTP development). */
  secureCookies: boolean;
  /** Origins allowed on unsafe requests besides the request's own host (e.g. PUBLIC_ORIGIN). */
  allowedOrigins?: string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// NOTE: signing in does not use an existing session, so it needs no CSRF token (the web app may
// not know one yet); the Origin check still stops a cross-site login form.
const CSRF_EXEMPT = new Set(['/api/auth/login']);
const DEVICE_HEADER = /^Device\s+([A-Za-z0-9_-]{16,200})$/i;

const sessionIds = new WeakMap<FastifyRequest, string>();

/** The session id hash behind a cookie-authenticated request, or null. */
export const sessionIdOf = (req: FastifyRequest): string | null => sessionIds.get(req) ?? null;

/** Decorates `req.auth` on every request of `app` (register it on the root instance). */
export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  const store = new AuthStore(deps.db);
  const sessions = new SessionManager(store, deps.now ?? (() => new Date()));
  const allowed = new Set((deps.allowedOrigins ?? []).map((o) => o.replace(/\/+$/, '')));

  app.decorateRequest('auth', null as never);
  app.addHook('onRequest', async (req) => {
    req.auth = ANONYMOUS;
    const unsafe = !SAFE_METHODS.has(req.method);
    if (unsafe) checkOrigin(req, allowed);

    const authorization = req.headers.authorization;
    if (authorization !== undefined && /^Device\s/i.test(authorization)) {
      // NOTE: a Device header means "this is a kiosk": the cookie is then ignored entirely, so a
      // bogus header can never borrow a browser session while skipping the CSRF check.
      req.auth = await deviceAuth(store, authorization);
      return;
    }
    const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (token === undefined) return;
    const session = await sessions.resolve(token);
    if (!session) return;
    if (unsafe && !CSRF_EXEMPT.has(req.url.split('?')[0] ?? '')) checkCsrf(req, session.csrfToken);
    sessionIds.set(req, session.idHash);
    req.auth = {
      kind: 'user',
      userId: session.user.id,
      username: session.user.username,
      personId: session.user.personId,
      roles: session.user.roles,
      bridgePointId: session.user.bridgePointId,
      csrfToken: session.csrfToken,
    };
  });
}

async function deviceAuth(store: AuthStore, header: string): Promise<AuthContext> {
  const m = DEVICE_HEADER.exec(header);
  if (!m?.[1]) return ANONYMOUS;
  const device = await store.findDeviceByTokenHash(sha256Hex(m[1]));
  if (!device || device.status === 'revoked') return ANONYMOUS;
  return { kind: 'device', deviceId: device.id, bridgePointId: device.bridgePointId };
}

function checkOrigin(req: FastifyRequest, allowed: Set<string>): void {
  if (req.headers['sec-fetch-site'] === 'cross-site') throw csrfFailed('cross-site request', 'origin');
  const origin = req.headers.origin;
  if (origin === undefined || allowed.has(origin)) return;
  let ours: boolean;
  try {
    const o = new URL(origin);
    // NOTE: the Host header is read in the Origin's scheme so default ports compare equal
    // (localhost:80 = http://localhost). The scheme itself is not compared: behind the TLS proxy
    // we may not know it, and a same-host page on the other scheme is still this server's.
    ours = o.host === new URL(`${o.protocol}//${req.host}`).host;
  } catch {
    // "null" (sandboxed frames, privacy redirects) or garbage: not our page.
    ours = false;
  }
  if (!ours) throw csrfFailed('cross-origin request', 'origin');
}

function checkCsrf(req: FastifyRequest, expected: string): void {
  const given = req.headers['x-csrf-token'];
  if (typeof given !== 'string') throw csrfFailed('missing x-csrf-token');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw csrfFailed('wrong x-csrf-token');
}

const csrfFailed = (why: string, field = 'x-csrf-token'): AppError =>
  new AppError('csrf_failed', why, { field });
