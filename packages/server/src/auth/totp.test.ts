// TOTP against the RFC test vectors (RFC 6238 appendix B, RFC 4226 appendix D, RFC 4648 base32),
// plus drift, replay and the otpauth URI.
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
  TotpReplayGuard,
  verifyTotp,
} from './totp.js';
import type { HotpAlgorithm } from './totp.js';

const SEEDS: Record<HotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

// RFC 6238 appendix B: [unix seconds, SHA-1, SHA-256, SHA-512], 8 digits.
const RFC6238: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 appendix B', () => {
  it.each(RFC6238)('T=%i', (t, sha1, sha256, sha512) => {
    const step = totpStep(t * 1000);
    expect(hotp(SEEDS.sha1, step, 8, 'sha1')).toBe(sha1);
    expect(hotp(SEEDS.sha256, step, 8, 'sha256')).toBe(sha256);
    expect(hotp(SEEDS.sha512, step, 8, 'sha512')).toBe(sha512);
  });

  it('gives the 6-digit SHA-1 code of a base32 secret (the last 6 digits of the vector)', () => {
    const secret = base32Encode(SEEDS.sha1);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(totpCode(secret, 1111111109_000)).toBe('081804');
  });
});

describe('RFC 4226 appendix D (HOTP)', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(expected.map((code, i) => [i, code] as const))('counter %i → %s', (counter, code) => {
    expect(hotp(SEEDS.sha1, counter)).toBe(code);
  });
});

describe('base32 (RFC 4648 §10)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('%j ⇄ %s', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes lowercase, spaces and padding, and refuses other characters', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZ1W')).toThrow('invalid base32');
  });

  it('round-trips random secrets of 160 bits', () => {
    for (let i = 0; i < 20; i++) {
      const secret = newTotpSecret();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Encode(base32Decode(secret))).toBe(secret);
    }
  });
});

describe('verifyTotp', () => {
  const secret = base32Encode(SEEDS.sha1);
  const now = 1_700_000_000_000;

  it('accepts the current step and one step of drift either way, not two', () => {
    const step = totpStep(now);
    expect(verifyTotp(secret, totpCode(secret, now), now)).toBe(step);
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(verifyTotp(secret, totpCode(secret, now - 60_000), now)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now + 60_000), now)).toBeNull();
  });

  it('refuses malformed codes and secrets', () => {
    expect(verifyTotp(secret, '12345', now)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
    expect(verifyTotp('not base32!', '123456', now)).toBeNull();
  });

  it('the replay guard accepts each step once per account', () => {
    const guard = new TotpReplayGuard();
    expect(guard.accept('u1', 100)).toBe(true);
    expect(guard.accept('u1', 100)).toBe(false);
    expect(guard.accept('u1', 99)).toBe(false);
    expect(guard.accept('u2', 100)).toBe(true);
    expect(guard.accept('u1', 101)).toBe(true);
  });
});

describe('otpauthUri', () => {
  it('names the issuer Điểm Cầu in the label and the parameters', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'chutri');
    expect(uri).toBe(
      'otpauth://totp/%C4%90i%E1%BB%83m%20C%E1%BA%A7u:chutri?secret=JBSWY3DPEHPK3PXP' +
        '&issuer=%C4%90i%E1%BB%83m%20C%E1%BA%A7u&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('issuer')).toBe('Điểm Cầu');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe('/Điểm Cầu:chutri');
  });
});
