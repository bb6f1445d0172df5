// Signing in: per-IP rate limiting, per-account lockout after repeated failures, password and
// TOTP checks, a new session on success, and an audit entry for every outcome.
import { AppError } from '@diemcau/protocol';
import type { AuditLog } from '../audit/log.js';
import { verifyPasswordOrDummy } from './passwords.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import type { CreatedSession, SessionManager } from './sessions.js';
import type { AuthStore, UserRecord } from './store.js';
import { verifyTotp } from './totp.js';
import type { TotpReplayGuard } from './totp.js';

export interface LoginLimits {
  /** Sign-in attempts per IP address per minute (then 429 rate_limited). */
  perIpPerMinute: number;
  /** Failed attempts in a row before an account locks (then 423 account_locked). */
  maxFailures: number;
  /** How long a locked account stays locked. */
  lockoutMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIpPerMinute: 10,
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
};

/** 423 account_locked or 429 rate_limited, with how long to wait. */
export class RetryAfterError extends AppError {
  constructor(
    code: 'account_locked' | 'rate_limited',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface LoginDeps {
  store: AuthStore;
  sessions: SessionManager;
  audit: AuditLog;
  now: () => Date;
  totpReplay: TotpReplayGuard;
  limits?: Partial<LoginLimits>;
}

const invalidCredentials = (): AppError => AppError.unauthorized('wrong username or password');
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export class LoginService {
  readonly #limits: LoginLimits;
  readonly #perIp: SlidingWindowLimiter;
  readonly #unknownNames: SlidingWindowLimiter;

  constructor(private readonly deps: LoginDeps) {
    this.#limits = { ...DEFAULT_LOGIN_LIMITS, ...deps.limits };
    const ms = (): number => deps.now().getTime();
    this.#perIp = new SlidingWindowLimiter(this.#limits.perIpPerMinute, 60_000, ms);
    // NOTE: names without an account lock like real ones do, so lockout does not tell an attacker
    // which usernames exist.
    this.#unknownNames = new SlidingWindowLimiter(this.#limits.maxFailures, this.#limits.lockoutMs, ms);
  }

  /** Signs in, or throws (unauthorized, totp_required, account_locked, rate_limited). */
  async login(input: LoginInput, client: ClientInfo): Promise<{ user: UserRecord; session: CreatedSession }> {
    const ipWait = this.#perIp.take(client.ip);
    // NOTE: refused attempts are not audited one by one: a flood must not flood the log too.
    if (ipWait > 0) throw new RetryAfterError('rate_limited', 'too many sign-in attempts', seconds(ipWait));

    const user = await this.deps.store.findUserByUsername(input.username);
    if (!user) return this.#unknownUser(input, client);

    const now = this.deps.now();
    if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now.getTime()) {
      await this.#audit('login.failure', user, input.username, client, { reason: 'locked' });
      throw new RetryAfterError(
        'account_locked',
        'account locked',
        seconds(Date.parse(user.lockedUntil) - now.getTime()),
      );
    }
    const passwordOk = await verifyPasswordOrDummy(user.passwordHash, input.password);
    if (!passwordOk || user.disabled) {
      return this.#fail(
        user,
        input.username,
        client,
        passwordOk ? 'disabled' : 'password',
        invalidCredentials(),
      );
    }
    if (user.totpEnabled && user.totpSecret !== null) {
      // NOTE: a missing code is not a failure (the first step of a two-step form); a wrong one
      // is, or six digits could be guessed without end.
      if (input.totp === undefined)
        throw new AppError('totp_required', 'enter the code from the app', { field: 'totp' });
      const step = verifyTotp(user.totpSecret, input.totp, now.getTime());
      if (step === null || !this.deps.totpReplay.accept(user.id, step)) {
        const err = new AppError('totp_required', 'wrong or used code', { field: 'totp' });
        return this.#fail(user, input.username, client, 'totp', err);
      }
    }
    await this.deps.store.updateUser(user.id, { failedLogins: 0, lockedUntil: null });
    // NOTE: expired sessions are swept here rather than by a timer: sign-ins are rare enough to be
    // cheap and frequent enough to keep the table small.
    await this.deps.store.deleteExpiredSessions(now.toISOString());
    const session = await this.deps.sessions.create(user.id, client.ip, client.userAgent);
    await this.#audit('login.success', user, user.username, client, {});
    return { user, session };
  }

  async #unknownUser(input: LoginInput, client: ClientInfo): Promise<never> {
    const wait = this.#unknownNames.retryAfterMs(input.username);
    if (wait > 0) {
      await this.#audit('login.failure', null, input.username, client, { reason: 'locked' });
      throw new RetryAfterError('account_locked', 'account locked', seconds(wait));
    }
    await verifyPasswordOrDummy(null, input.password);
    this.#unknownNames.hit(input.username);
    const locked = this.#unknownNames.retryAfterMs(input.username) > 0;
    await this.#audit(locked ? 'login.locked' : 'login.failure', null, input.username, client, {
      reason: 'unknown_user',
    });
    if (locked)
      throw new RetryAfterError('account_locked', 'account locked', seconds(this.#limits.lockoutMs));
    throw invalidCredentials();
  }

  async #fail(
    user: UserRecord,
    typed: string,
    client: ClientInfo,
    reason: string,
    err: AppError,
  ): Promise<never> {
    const until = new Date(this.deps.now().getTime() + this.#limits.lockoutMs);
    const locked = await this.deps.store.recordLoginFailure(
      user.id,
      this.#limits.maxFailures,
      until.toISOString(),
    );
    if (locked) {
      await this.#audit('login.locked', user, typed, client, { reason, until: until.toISOString() });
      throw new RetryAfterError('account_locked', 'account locked', seconds(this.#limits.lockoutMs));
    }
    await this.#audit('login.failure', user, typed, client, { reason });
    throw err;
  }

  #audit(
    action: 'login.success' | 'login.failure' | 'login.locked',
    user: UserRecord | null,
    typed: string,
    client: ClientInfo,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.deps.audit.record({
      action,
      // NOTE: before success nobody is authenticated: the typed name is a label, the account a target.
      actorUserId: action === 'login.success' ? (user?.id ?? null) : null,
      actorLabel: typed.slice(0, 100),
      ...(user ? { targetType: 'user', targetId: user.id } : {}),
      ip: client.ip,
      detail,
    });
  }
}
