// Demo accounts for the demo ward: its people (persons and memberships) and one account per role,
// created once. Passwords of newly created accounts are returned so the start command can print them.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { DEMO_PEOPLE } from '../demo/ward.js';
import type { AccountRole } from './context.js';
import { hashPassword, temporaryPassword } from './passwords.js';
import { AuthStore } from './store.js';

/** `person_<ascii-folded name>`, e.g. Nguyễn Thị Hồng Nhung → person_nguyen_thi_hong_nhung. */
export function demoPersonId(fullName: string): string {
  const slug = fullName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `person_${slug}`;
}

interface DemoAccountSpec {
  username: string;
  roles: AccountRole[];
  person: string | null;
  bridgePointId: string | null;
}

export const DEMO_ACCOUNTS: readonly DemoAccountSpec[] = [
  { username: 'admin', roles: ['admin'], person: null, bridgePointId: null },
  { username: 'chutri', roles: ['chair'], person: 'Nguyễn Thị Hồng Nhung', bridgePointId: null },
  { username: 'thuky', roles: ['secretary'], person: 'Lê Thị Thu Hà', bridgePointId: null },
  { username: 'kp4', roles: ['operator'], person: 'Lê Văn Hai', bridgePointId: 'bp_kp4' },
  { username: 'daibieu', roles: ['delegate'], person: 'Ngô Thị Yến', bridgePointId: null },
];

export interface DemoAccount {
  username: string;
  roles: AccountRole[];
  fullName: string | null;
  /** The password; only for accounts this call created (existing ones keep theirs, unknown to us). */
  password: string;
}

export interface SeedAccountsOptions {
  /** Admin password; default DIEMCAU_ADMIN_PASSWORD, else a random one (returned, print it once). */
  adminPassword?: string;
  /** Fixed passwords per username (tests, e2e); others are random. */
  passwords?: Partial<Record<string, string>>;
}

export interface SeedAccountsResult {
  /** Accounts created now, with their passwords. */
  created: DemoAccount[];
  /** Usernames that already existed (left untouched). */
  existing: string[];
}

/**
 * Creates the demo ward's persons and memberships if missing, and the demo accounts. Idempotent;
 * call after seedDemoWard (memberships need its organizations, the operator its bridge point).
 */
export async function seedDemoAccounts(
  db: Db,
  options: SeedAccountsOptions = {},
): Promise<SeedAccountsResult> {
  const createdAt = new Date().toISOString();
  // NOTE: passwords are hashed before the transaction: argon2 takes a while and a SQLite write
  // transaction would hold the database for all of it.
  const plan = await Promise.all(
    DEMO_ACCOUNTS.map(async (spec) => {
      const password = passwordFor(spec.username, options);
      return { spec, password, hash: await hashPassword(password) };
    }),
  );
  return db.transaction().execute(async (trx) => {
    const store = new AuthStore(trx);
    for (const [i, p] of DEMO_PEOPLE.entries()) {
      const id = demoPersonId(p.name);
      await store.insertPersonIfMissing(id, p.name, createdAt);
      await store.insertMembershipIfMissing(id, p.organizationId, p.title, i);
    }
    const result: SeedAccountsResult = { created: [], existing: [] };
    for (const { spec, password, hash } of plan) {
      if (await store.findUserByUsername(spec.username)) {
        result.existing.push(spec.username);
        continue;
      }
      const bridgePointId =
        spec.bridgePointId !== null && (await store.bridgePointExists(spec.bridgePointId))
          ? spec.bridgePointId
          : null;
      await store.insertUser({
        id: `user_${spec.username}_${randomBytes(6).toString('base64url')}`,
        username: spec.username,
        passwordHash: hash,
        roles: spec.roles,
        personId: spec.person === null ? null : demoPersonId(spec.person),
        bridgePointId,
        mustChangePassword: false,
        createdAt,
      });
      result.created.push({ username: spec.username, roles: spec.roles, fullName: spec.person, password });
    }
    return result;
  });
}

function passwordFor(username: string, options: SeedAccountsOptions): string {
  const fixed = options.passwords?.[username];
  if (fixed !== undefined) return fixed;
  if (username === 'admin') {
    const env = options.adminPassword ?? process.env.DIEMCAU_ADMIN_PASSWORD;
    if (env !== undefined && env !== '') return env;
  }
  // NOTE: random even for demo accounts: the start command seeds every install, and a fixed,
  // published password would be a way into a real ward's server.
  return temporaryPassword();
}
