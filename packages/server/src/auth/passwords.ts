// Password hashing (argon2id with OWASP's parameters), the password policy, and temporary
// passwords for admin resets.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Options } from '@node-rs/argon2';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@diemcau/protocol';

// NOTE: OWASP's argon2id minimum (m=19 MiB, t=2, p=1). `Algorithm` is an ambient const enum that
// isolatedModules cannot read at runtime, hence the literal: 2 is Argon2id.
const ARGON2ID: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Hashes a password into a PHC string ($argon2id$v=19$m=19456,t=2,p=1$…). */
export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2ID);

/** True when the password matches the hash; false for a wrong password or a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies against the user's hash, or — when there is no such user — against a dummy hash with
 * the same parameters, so that "no such user" costs as long as "wrong password".
 */
export async function verifyPasswordOrDummy(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash !== null) return verifyPassword(passwordHash, password);
  dummyHash ??= hashPassword(`dummy-${randomInt(1e9)}`);
  await verifyPassword(await dummyHash, password);
  return false;
}

export type PasswordPolicyIssue = 'too_short' | 'too_long' | 'all_digits' | 'same_as_username';

/** Why a new password is refused, or null when it is acceptable. */
export function passwordPolicyIssue(password: string, username: string): PasswordPolicyIssue | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (/^\d+$/.test(password)) return 'all_digits';
  const u = username.trim().toLowerCase();
  if (u !== '' && password.trim().toLowerCase() === u) return 'same_as_username';
  return null;
}

// No 0/O, 1/l/I: a temporary password is read aloud or copied off a screen.
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random temporary password like `k7qm-x3np-4hzt-9wcr` (≈ 79 bits), acceptable to the policy. */
export function temporaryPassword(): string {
  const group = (): string =>
    Array.from({ length: 4 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
