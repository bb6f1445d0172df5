// Secrets of bridge-point devices: the bearer token (only its SHA-256 is stored) and the short
// pairing code a kiosk shows until an admin binds it.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH } from '@diemcau/protocol';

/** A new device token: 32 random bytes, base64url (43 characters). */
export const newDeviceToken = (): string => randomBytes(32).toString('base64url');

/** What the devices table stores for a token (hex SHA-256); the auth plugin hashes the same way. */
export const hashDeviceToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** A pairing code of unambiguous characters (no 0/O, 1/I/L), uniformly random. */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) {
    code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)] ?? '';
  }
  return code;
}

/** `Authorization: Device <token>` → the token, or null for any other scheme. */
export function deviceTokenFromHeader(header: string | undefined): string | null {
  const match = /^Device ([A-Za-z0-9_-]{20,200})$/.exec(header?.trim() ?? '');
  return match?.[1] ?? null;
}
