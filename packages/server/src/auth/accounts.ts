// Account operations behind the routes: one's own password and second factor, and user
// administration (create, change roles, disable, reset a password, sign out everywhere).
import { randomBytes } from 'node:crypto';
import { AppError } from '@diemcau/protocol';
import type { AdminUserView, AuthUser } from '@diemcau/protocol';
import type { AuditActor, AuditLog } from '../audit/log.js';
import type { AccountRole } from './context.js';
import { RetryAfterError } from './login.js';
import { hashPassword, passwordPolicyIssue, temporaryPassword, verifyPassword } from './passwords.js';
import type { AuthStore, UserRecord } from './store.js';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp.js';
import type { TotpReplayGuard } from './totp.js';

export interface AccountDeps {
  store: AuthStore;
  audit: AuditLog;
  now: () => Date;
  totpReplay: TotpReplayGuard;
  /** Failed password checks before lockout (shared with sign-in). */
  maxFailures: number;
  lockoutMs: number;
}

/** Who asks, for the audit log and the "not yourself" rules. */
export interface Caller {
  userId: string;
  username: string;
  ip: string;
  /** The caller's own session (kept when signing out elsewhere). */
  sessionIdHash: string | null;
}

export interface NewAccount {
  username: string;
  password: string;
  roles: AccountRole[];
  personId?: string | null | undefined;
  bridgePointId?: string | null | undefined;
  mustChangePassword?: boolean | undefined;
}

export interface AccountPatch {
  roles?: AccountRole[] | undefined;
  personId?: string | null | undefined;
  bridgePointId?: string | null | undefined;
  disabled?: boolean | undefined;
}

export const toAuthUser = (u: UserRecord): AuthUser => ({
  id: u.id,
  username: u.username,
  personId: u.personId,
  fullName: u.fullName,
  roles: u.roles,
  bridgePointId: u.bridgePointId,
  totpEnabled: u.totpEnabled,
  mustChangePassword: u.mustChangePassword,
});

export const toAdminView = (u: UserRecord, now: Date): AdminUserView => {
  const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > now.getTime();
  return {
    ...toAuthUser(u),
    disabled: u.disabled,
    locked,
    lockedUntil: locked ? u.lockedUntil : null,
    createdAt: u.createdAt,
  };
};

const actorOf = (c: Caller): AuditActor => ({ actorUserId: c.userId, actorLabel: c.username });

export class AccountService {
  constructor(private readonly deps: AccountDeps) {}

  async #user(id: string): Promise<UserRecord> {
    const user = await this.deps.store.findUserById(id);
    if (!user) throw AppError.notFound('user', 'id');
    return user;
  }

  /** Checks the caller's own password; a wrong one counts toward lockout like a failed sign-in. */
  async #checkOwnPassword(user: UserRecord, password: string, field: string): Promise<void> {
    const now = this.deps.now();
    if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now.getTime()) {
      const wait = Math.ceil((Date.parse(user.lockedUntil) - now.getTime()) / 1000);
      throw new RetryAfterError('account_locked', 'account locked', Math.max(1, wait));
    }
    if (await verifyPassword(user.passwordHash, password)) return;
    const until = new Date(now.getTime() + this.deps.lockoutMs).toISOString();
    await this.deps.store.recordLoginFailure(user.id, this.deps.maxFailures, until);
    throw AppError.validation('wrong password', field);
  }

  async me(userId: string): Promise<AuthUser> {
    return toAuthUser(await this.#user(userId));
  }

  async changePassword(caller: Caller, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.#user(caller.userId);
    await this.#checkOwnPassword(user, currentPassword, 'currentPassword');
    checkPolicy(newPassword, user.username, 'newPassword');
    if (newPassword === currentPassword)
      throw AppError.validation('choose a different password', 'newPassword');
    await this.deps.store.updateUser(user.id, {
      passwordHash: await hashPassword(newPassword),
      mustChangePassword: false,
      failedLogins: 0,
    });
    // NOTE: a changed password ends every other session (the old one may be why it changed).
    const revoked = await this.deps.store.deleteUserSessions(user.id, caller.sessionIdHash ?? undefined);
    await this.#audit('user.password_change', caller, user.id, { otherSessionsRevoked: revoked });
  }

  /** A new secret, stored but not active until `enableTotp` sees a code made from it. */
  async setupTotp(caller: Caller): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.#user(caller.userId);
    if (user.totpEnabled) throw new AppError('conflict', 'two-step sign-in is already on', { field: 'totp' });
    const secret = newTotpSecret();
    await this.deps.store.updateUser(user.id, { totpSecret: secret, totpEnabled: false });
    return { secret, otpauthUri: otpauthUri(secret, user.username) };
  }

  async enableTotp(caller: Caller, code: string): Promise<void> {
    const user = await this.#user(caller.userId);
    if (user.totpEnabled) throw new AppError('conflict', 'two-step sign-in is already on', { field: 'code' });
    if (user.totpSecret === null) throw new AppError('conflict', 'call totp/setup first', { field: 'code' });
    const step = verifyTotp(user.totpSecret, code, this.deps.now().getTime());
    if (step === null || !this.deps.totpReplay.accept(user.id, step))
      throw AppError.validation('wrong code', 'code');
    await this.deps.store.updateUser(user.id, { totpEnabled: true });
    await this.#audit('totp.enabled', caller, user.id, {});
  }

  async disableTotp(caller: Caller, password: string): Promise<void> {
    const user = await this.#user(caller.userId);
    await this.#checkOwnPassword(user, password, 'password');
    await this.deps.store.updateUser(user.id, { totpEnabled: false, totpSecret: null });
    if (user.totpEnabled) await this.#audit('totp.disabled', caller, user.id, {});
  }

  async list(): Promise<AdminUserView[]> {
    const now = this.deps.now();
    return (await this.deps.store.listUsers()).map((u) => toAdminView(u, now));
  }

  async create(caller: Caller, input: NewAccount): Promise<AdminUserView> {
    checkPolicy(input.password, input.username, 'password');
    const personId = input.personId ?? null;
    const bridgePointId = input.bridgePointId ?? null;
    await this.#checkRefs(input.roles, personId, bridgePointId);
    if (await this.deps.store.findUserByUsername(input.username)) {
      throw new AppError('conflict', 'username taken', { field: 'username' });
    }
    const id = `user_${randomBytes(12).toString('base64url')}`;
    try {
      await this.deps.store.insertUser({
        id,
        username: input.username,
        passwordHash: await hashPassword(input.password),
        roles: input.roles,
        personId,
        bridgePointId,
        mustChangePassword: input.mustChangePassword ?? true,
        createdAt: this.deps.now().toISOString(),
      });
    } catch (cause) {
      // Two admins creating the same name at once: the unique index decides.
      if (await this.deps.store.findUserByUsername(input.username)) {
        throw new AppError('conflict', 'username taken', { field: 'username', cause });
      }
      throw cause;
    }
    await this.#audit('user.created', caller, id, { username: input.username, roles: input.roles, personId });
    return toAdminView(await this.#user(id), this.deps.now());
  }

  async update(caller: Caller, id: string, patch: AccountPatch): Promise<AdminUserView> {
    const user = await this.#user(id);
    const self = user.id === caller.userId;
    if (self && patch.roles && user.roles.includes('admin') && !patch.roles.includes('admin')) {
      throw new AppError('conflict', 'you cannot remove your own admin role', { field: 'roles' });
    }
    if (self && patch.disabled === true)
      throw new AppError('conflict', 'you cannot disable yourself', { field: 'disabled' });
    const roles = patch.roles ?? user.roles;
    const personId = patch.personId === undefined ? user.personId : patch.personId;
    const bridgePointId = patch.bridgePointId === undefined ? user.bridgePointId : patch.bridgePointId;
    await this.#checkRefs(roles, personId, bridgePointId, patch);
    await this.deps.store.updateUser(id, {
      ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
      ...(patch.personId !== undefined ? { personId: patch.personId } : {}),
      ...(patch.bridgePointId !== undefined ? { bridgePointId: patch.bridgePointId } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    });
    await this.#auditUpdate(caller, user, patch);
    return toAdminView(await this.#user(id), this.deps.now());
  }

  async #auditUpdate(caller: Caller, before: UserRecord, patch: AccountPatch): Promise<void> {
    if (patch.roles !== undefined && !sameRoles(before.roles, patch.roles)) {
      await this.#audit('user.role_change', caller, before.id, { before: before.roles, after: patch.roles });
    }
    if (patch.disabled === true && !before.disabled) {
      // NOTE: a disabled account is signed out at once, not when its sessions expire.
      const revoked = await this.deps.store.deleteUserSessions(before.id);
      await this.#audit('user.disabled', caller, before.id, { sessionsRevoked: revoked });
    }
    const changed: Record<string, unknown> = {};
    if (patch.personId !== undefined && patch.personId !== before.personId) {
      changed.personId = { before: before.personId, after: patch.personId };
    }
    if (patch.bridgePointId !== undefined && patch.bridgePointId !== before.bridgePointId) {
      changed.bridgePointId = { before: before.bridgePointId, after: patch.bridgePointId };
    }
    if (patch.disabled === false && before.disabled) changed.disabled = { before: true, after: false };
    if (Object.keys(changed).length > 0) await this.#audit('user.updated', caller, before.id, changed);
  }

  /** A one-time password the user must change at next sign-in; unlocks and signs them out. */
  async resetPassword(caller: Caller, id: string, resetTotp: boolean): Promise<string> {
    const user = await this.#user(id);
    const password = temporaryPassword();
    await this.deps.store.updateUser(id, {
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      failedLogins: 0,
      lockedUntil: null,
      ...(resetTotp ? { totpEnabled: false, totpSecret: null } : {}),
    });
    const revoked = await this.deps.store.deleteUserSessions(id);
    await this.#audit('user.password_reset', caller, user.id, {
      secondFactorReset: resetTotp,
      sessionsRevoked: revoked,
    });
    return password;
  }

  async revokeSessions(caller: Caller, id: string): Promise<number> {
    const user = await this.#user(id);
    const revoked = await this.deps.store.deleteUserSessions(user.id);
    await this.#audit('user.sessions_revoked', caller, user.id, { revoked });
    return revoked;
  }

  async #checkRefs(
    roles: AccountRole[],
    personId: string | null,
    bridgePointId: string | null,
    patch?: AccountPatch,
  ): Promise<void> {
    if (
      personId !== null &&
      (!patch || patch.personId !== undefined) &&
      !(await this.deps.store.personExists(personId))
    ) {
      throw AppError.validation('no such person', 'personId');
    }
    if (bridgePointId !== null && !(await this.deps.store.bridgePointExists(bridgePointId))) {
      throw AppError.validation('no such bridge point', 'bridgePointId');
    }
    if (roles.includes('operator') && bridgePointId === null) {
      throw AppError.validation('an operator runs a bridge point', 'bridgePointId');
    }
  }

  #audit(
    action: Parameters<AuditLog['record']>[0]['action'],
    caller: Caller,
    userId: string,
    detail: Record<string, unknown>,
  ) {
    return this.deps.audit.record({
      action,
      ...actorOf(caller),
      targetType: 'user',
      targetId: userId,
      ip: caller.ip,
      detail,
    });
  }
}

function checkPolicy(password: string, username: string, field: string): void {
  const issue = passwordPolicyIssue(password, username);
  if (issue !== null) throw AppError.validation(`password policy: ${issue}`, field);
}

const sameRoles = (a: AccountRole[], b: AccountRole[]): boolean =>
  a.length === b.length && a.every((r) => b.includes(r));
