// Store for accounts and sign-in sessions, plus the read-only device-token lookup the auth plugin
// needs. The only place with SQL for the users and sessions tables.
import type { Db } from '../db/database.js';
import { ACCOUNT_ROLES } from './context.js';
import type { AccountRole } from './context.js';

/** An account, with its secrets (never sent to a client as such). */
export interface UserRecord {
  id: string;
  username: string;
  personId: string | null;
  /** The person's full name, when the account belongs to a person. */
  fullName: string | null;
  passwordHash: string;
  roles: AccountRole[];
  bridgePointId: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  roles: AccountRole[];
  personId: string | null;
  bridgePointId: string | null;
  mustChangePassword: boolean;
  createdAt: string;
}

export type UserPatch = Partial<{
  roles: AccountRole[];
  personId: string | null;
  bridgePointId: string | null;
  disabled: boolean;
  passwordHash: string;
  mustChangePassword: boolean;
  totpSecret: string | null;
  totpEnabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
}>;

export interface NewSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  ip: string;
  userAgent: string;
}

/** A session with the account it belongs to. */
export interface SessionRecord {
  idHash: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  user: Pick<UserRecord, 'id' | 'username' | 'personId' | 'roles' | 'bridgePointId' | 'disabled'>;
}

export interface DeviceTokenRecord {
  id: string;
  bridgePointId: string | null;
  status: 'pending' | 'paired' | 'revoked';
}

export class AuthStore {
  constructor(private readonly db: Db) {}

  async insertUser(u: NewUser): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        username: u.username,
        password_hash: u.passwordHash,
        roles: JSON.stringify(u.roles),
        person_id: u.personId,
        bridge_point_id: u.bridgePointId,
        must_change_password: u.mustChangePassword ? 1 : 0,
        created_at: u.createdAt,
      })
      .execute();
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = await this.#users().where('users.id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const row = await this.#users().where('users.username', '=', username).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.#users().orderBy('users.username').execute();
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    const values = {
      ...(patch.roles !== undefined ? { roles: JSON.stringify(patch.roles) } : {}),
      ...(patch.personId !== undefined ? { person_id: patch.personId } : {}),
      ...(patch.bridgePointId !== undefined ? { bridge_point_id: patch.bridgePointId } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      ...(patch.mustChangePassword !== undefined
        ? { must_change_password: patch.mustChangePassword ? 1 : 0 }
        : {}),
      ...(patch.totpSecret !== undefined ? { totp_secret: patch.totpSecret } : {}),
      ...(patch.totpEnabled !== undefined ? { totp_enabled: patch.totpEnabled ? 1 : 0 } : {}),
      ...(patch.failedLogins !== undefined ? { failed_logins: patch.failedLogins } : {}),
      ...(patch.lockedUntil !== undefined ? { locked_until: patch.lockedUntil } : {}),
    };
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('users').set(values).where('id', '=', id).execute();
  }

  /**
   * Counts one failed sign-in. At `maxFailures` the account locks until `lockUntil` and the
   * counter starts again. Returns whether this failure locked it.
   */
  async recordLoginFailure(id: string, maxFailures: number, lockUntil: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // NOTE: increment in SQL, not read-modify-write, so concurrent failures all count.
      await trx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', id)
        .execute();
      const row = await trx
        .selectFrom('users')
        .select('failed_logins')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || Number(row.failed_logins) < maxFailures) return false;
      await trx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: lockUntil })
        .where('id', '=', id)
        .execute();
      return true;
    });
  }

  async insertSession(s: NewSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_seen_at: s.createdAt,
        ip: s.ip.slice(0, 64),
        user_agent: s.userAgent.slice(0, 300),
      })
      .execute();
  }

  async findSession(idHash: string): Promise<SessionRecord | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id_hash',
        'sessions.csrf_token',
        'sessions.created_at',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'users.id as user_id',
        'users.username',
        'users.person_id',
        'users.roles',
        'users.bridge_point_id',
        'users.disabled',
      ])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!row) return null;
    return {
      idHash: row.id_hash,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      user: {
        id: row.user_id,
        username: row.username,
        personId: row.person_id,
        roles: parseRoles(row.roles),
        bridgePointId: row.bridge_point_id,
        disabled: Number(row.disabled) === 1,
      },
    };
  }

  async touchSession(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id_hash', '=', idHash)
      .execute();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Signs a user out everywhere (but `keepIdHash`, the caller's own session). Returns how many. */
  async deleteUserSessions(userId: string, keepIdHash?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepIdHash !== undefined) q = q.where('id_hash', '!=', keepIdHash);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const res = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async countUserSessions(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Read-only lookup of a kiosk's bearer token (the devices module owns that table). */
  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceTokenRecord | null> {
    const row = await this.db
      .selectFrom('devices')
      .select(['id', 'bridge_point_id', 'status'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return null;
    const status = row.status === 'paired' || row.status === 'pending' ? row.status : 'revoked';
    // NOTE: a pending device speaks for no bridge point yet, whatever the row says.
    return { id: row.id, bridgePointId: status === 'paired' ? row.bridge_point_id : null, status };
  }

  async personExists(id: string): Promise<boolean> {
    return (
      (await this.db.selectFrom('persons').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
    );
  }

  async bridgePointExists(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('bridge_points')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Demo seeding only: adds a person unless one with this id exists. Returns whether it added. */
  async insertPersonIfMissing(id: string, fullName: string, createdAt: string): Promise<boolean> {
    if (await this.personExists(id)) return false;
    await this.db.insertInto('persons').values({ id, full_name: fullName, created_at: createdAt }).execute();
    return true;
  }

  /** Demo seeding only: adds a membership unless the organization is missing or it exists. */
  async insertMembershipIfMissing(
    personId: string,
    organizationId: string,
    title: string,
    sortOrder: number,
  ) {
    const org = await this.db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', organizationId)
      .executeTakeFirst();
    if (!org) return;
    const existing = await this.db
      .selectFrom('memberships')
      .select('person_id')
      .where('person_id', '=', personId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (existing) return;
    await this.db
      .insertInto('memberships')
      .values({ person_id: personId, organization_id: organizationId, title, sort_order: sortOrder })
      .execute();
  }

  #users() {
    return this.db
      .selectFrom('users')
      .leftJoin('persons', 'persons.id', 'users.person_id')
      .selectAll('users')
      .select('persons.full_name');
  }
}

const ROLE_SET = new Set<string>(ACCOUNT_ROLES);

// NOTE: a role string we do not know (edited by hand, or from a newer version) grants nothing.
function parseRoles(json: string): AccountRole[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter((r): r is AccountRole => typeof r === 'string' && ROLE_SET.has(r))
      : [];
  } catch {
    return [];
  }
}

function toUser(r: {
  id: string;
  username: string;
  person_id: string | null;
  full_name: string | null;
  password_hash: string;
  roles: string;
  bridge_point_id: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  failed_logins: number;
  locked_until: string | null;
  must_change_password: number;
  disabled: number;
  created_at: string;
}): UserRecord {
  return {
    id: r.id,
    username: r.username,
    personId: r.person_id,
    fullName: r.full_name,
    passwordHash: r.password_hash,
    roles: parseRoles(r.roles),
    bridgePointId: r.bridge_point_id,
    totpSecret: r.totp_secret,
    totpEnabled: Number(r.totp_enabled) === 1,
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until,
    mustChangePassword: Number(r.must_change_password) === 1,
    disabled: Number(r.disabled) === 1,
    createdAt: r.created_at,
  };
}
