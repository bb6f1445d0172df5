// RFC 6238 time-based one-time passwords (RFC 4226 HOTP underneath) with node:crypto: base32
// secrets, code generation and verification with ±1 step of clock drift, and otpauth:// URIs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_ISSUER = 'Điểm Cầu';
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive; spaces, dashes and padding ignored); throws on other characters. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error('invalid base32');
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret (RFC 4226's recommended length for SHA-1), base32. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

export type HotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** RFC 4226 HOTP: the code for one counter value. */
export function hotp(
  key: Uint8Array,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: HotpAlgorithm = 'sha1',
): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step of an instant (milliseconds since the epoch). */
export const totpStep = (nowMs: number): number => Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);

/** The 6-digit code of a base32 secret at an instant. */
export const totpCode = (secret: string, nowMs: number): string =>
  hotp(base32Decode(secret), totpStep(nowMs));

/**
 * Checks a code against the current step and one step either side. Returns the matching step (so
 * the caller can refuse a replay of the same step) or null.
 */
export function verifyTotp(secret: string, code: string, nowMs: number, window = 1): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  let key: Buffer;
  try {
    key = base32Decode(secret);
  } catch {
    return null;
  }
  const given = Buffer.from(code);
  const step = totpStep(nowMs);
  let matched: number | null = null;
  // NOTE: every candidate is compared (no early exit) with a constant-time compare.
  for (let s = step - window; s <= step + window; s++) {
    if (timingSafeEqual(Buffer.from(hotp(key, s)), given) && matched === null) matched = s;
  }
  return matched;
}

/** `otpauth://totp/Điểm%20Cầu:user?secret=…&issuer=Điểm%20Cầu` (Google Authenticator key URI format). */
export function otpauthUri(secret: string, account: string, issuer = TOTP_ISSUER): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, '%20')}`;
}

/**
 * Remembers the last accepted step per account so that a code, once used, cannot be replayed
 * within its ±1-step validity (RFC 6238 §5.2). In memory: a restart forgets, which costs at most
 * one replay window.
 */
export class TotpReplayGuard {
  readonly #last = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  /** True (and remembered) when `step` is newer than the last accepted one for this account. */
  accept(accountId: string, step: number): boolean {
    const last = this.#last.get(accountId);
    if (last !== undefined && step <= last) return false;
    this.#last.delete(accountId);
    this.#last.set(accountId, step);
    if (this.#last.size > this.maxEntries) {
      const oldest = this.#last.keys().next().value;
      if (oldest !== undefined) this.#last.delete(oldest);
    }
    return true;
  }
}
