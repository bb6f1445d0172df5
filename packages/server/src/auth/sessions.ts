// Sign-in sessions: a random token in the `dc_session` cookie, only its SHA-256 in the database,
// a CSRF token per session, and sliding expiry (12 h idle, 7 days at most).
import { createHash, randomBytes } from 'node:crypto';
import { serializeCookie } from './cookies.js';
import type { AuthStore, SessionRecord } from './store.js';

export const SESSION_COOKIE = 'dc_session';
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
// NOTE: refreshing last_seen on every request would make every page load a database write; once a
// minute is precise enough for a 12-hour idle timeout.
const TOUCH_INTERVAL_MS = 60_000;

/** SHA-256 of a bearer secret, hex (64 characters): what the database keeps instead of the secret. */
export const sha256Hex = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new 256-bit random token, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

export interface CreatedSession {
  /** The cookie value; never stored. */
  token: string;
  idHash: string;
  csrfToken: string;
  /** When the session ends at the latest (absolute lifetime). */
  absoluteExpiry: Date;
}

export class SessionManager {
  constructor(
    private readonly store: AuthStore,
    private readonly now: () => Date,
  ) {}

  async create(userId: string, ip: string, userAgent: string): Promise<CreatedSession> {
    const token = newToken();
    const idHash = sha256Hex(token);
    const csrfToken = newToken();
    const now = this.now();
    await this.store.insertSession({
      idHash,
      userId,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: this.#expiry(now, now).toISOString(),
      ip,
      userAgent,
    });
    return { token, idHash, csrfToken, absoluteExpiry: new Date(now.getTime() + SESSION_ABSOLUTE_MS) };
  }

  /** The live session of a cookie token (extending its idle expiry), or null. */
  async resolve(token: string): Promise<SessionRecord | null> {
    // NOTE: our tokens are 43 base64url characters; anything else is not worth a database query.
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const session = await this.store.findSession(sha256Hex(token));
    if (!session) return null;
    const now = this.now();
    if (session.user.disabled || Date.parse(session.expiresAt) <= now.getTime()) {
      await this.store.deleteSession(session.idHash);
      return null;
    }
    if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
      const expiresAt = this.#expiry(new Date(session.createdAt), now).toISOString();
      await this.store.touchSession(session.idHash, now.toISOString(), expiresAt);
      return { ...session, lastSeenAt: now.toISOString(), expiresAt };
    }
    return session;
  }

  async revoke(idHash: string): Promise<void> {
    await this.store.deleteSession(idHash);
  }

  #expiry(created: Date, now: Date): Date {
    return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, created.getTime() + SESSION_ABSOLUTE_MS));
  }
}

/** Set-Cookie value carrying a new session. */
export const sessionCookie = (token: string, maxAgeSeconds: number, secure: boolean): string =>
  serializeCookie(SESSION_COOKIE, token, {
    maxAgeSeconds,
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
  });

/** Set-Cookie value that removes the session cookie. */
export const clearSessionCookie = (secure: boolean): string =>
  serializeCookie(SESSION_COOKIE, '', {
    maxAgeSeconds: 0,
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
  });
