// Secrets that let someone in without signing in: personal join tokens (join links, e-mail RSVP)
// and the guest passcode. Only hashes are stored, so a copied database opens no meeting.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';

/** SHA-256 hex of a token: tokens are 256-bit random, so a fast hash is enough to look them up. */
export const sha256Hex = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new random token: 32 bytes, base64url (43 characters). */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

export interface JoinTokenGrant {
  meetingId: string;
  /** The invited person the token stands for… */
  personId?: string | null;
  /** …or the bridge point (a demo link, a kiosk without pairing). */
  bridgePointId?: string | null;
  /** Name to show, e.g. the person's or the bridge point's name. */
  label: string;
  /** Lifetime in milliseconds. */
  ttl: number;
  now?: Date;
}

export interface ResolvedJoinToken {
  meetingId: string;
  personId: string | null;
  bridgePointId: string | null;
  label: string;
}

/** Issues a join token and stores its hash; returns the token (shown once, in a link). */
export async function issueJoinToken(db: Db, grant: JoinTokenGrant): Promise<string> {
  const token = newSecretToken();
  const now = grant.now ?? new Date();
  await db
    .insertInto('join_tokens')
    .values({
      token_hash: sha256Hex(token),
      meeting_id: grant.meetingId,
      person_id: grant.personId ?? null,
      bridge_point_id: grant.bridgePointId ?? null,
      label: grant.label.slice(0, 200),
      expires_at: new Date(now.getTime() + grant.ttl).toISOString(),
      created_at: now.toISOString(),
    })
    .execute();
  return token;
}

/** What a join token stands for, or null when it is unknown, malformed or expired. */
export async function resolveJoinToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<ResolvedJoinToken | null> {
  if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return null;
  const row = await db
    .selectFrom('join_tokens')
    .select(['meeting_id', 'person_id', 'bridge_point_id', 'label', 'expires_at'])
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return {
    meetingId: row.meeting_id,
    personId: row.person_id,
    bridgePointId: row.bridge_point_id,
    label: row.label,
  };
}

/** Drops expired tokens (housekeeping; resolve already ignores them). */
export async function purgeExpiredJoinTokens(db: Db, now: Date = new Date()): Promise<number> {
  const res = await db
    .deleteFrom('join_tokens')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

// ── Guest passcode (scrypt) ────────────────────────────────────────────────────────────────────

const SCRYPT_KEYLEN = 32;
// NOTE: N=2^14, r=8 is the node default cost (~16 MB, tens of ms): a 6-digit code has only 10^6
// values, so the hash mostly protects longer codes; admission must also rate-limit guesses.
const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1 };

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, SCRYPT_KEYLEN, SCRYPT_PARAMS, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(passcode, salt);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Checks a passcode against a stored hash, in constant time. */
export async function verifyPasscode(passcode: string, stored: string | null): Promise<boolean> {
  if (stored === null) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      passcode,
      Buffer.from(salt, 'base64url'),
      expected.length,
      { N: Number(n), r: Number(r), p: Number(p) },
      (err, k) => (err ? reject(err) : resolve(k)),
    ),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}
