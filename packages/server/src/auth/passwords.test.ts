// Password hashing (argon2id parameters, verification, the dummy path) and the password policy.
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  passwordPolicyIssue,
  temporaryPassword,
  verifyPassword,
  verifyPasswordOrDummy,
} from './passwords.js';

describe('hashPassword / verifyPassword', () => {
  it('uses argon2id with OWASP parameters and a random salt', async () => {
    const a = await hashPassword('Mật khẩu rất dài 2026');
    const b = await hashPassword('Mật khẩu rất dài 2026');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'Mật khẩu rất dài 2026')).toBe(true);
    expect(await verifyPassword(a, 'Mat khau rat dai 2026')).toBe(false);
  });

  it('answers false (never throws) for a malformed hash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever123')).toBe(false);
  });

  it('the dummy path (no such user) always fails', async () => {
    expect(await verifyPasswordOrDummy(null, 'anything at all')).toBe(false);
    const h = await hashPassword('correct horse battery');
    expect(await verifyPasswordOrDummy(h, 'correct horse battery')).toBe(true);
  });
});

describe('passwordPolicyIssue', () => {
  it.each([
    ['short', 'chutri', 'too_short'],
    ['123456789012', 'chutri', 'all_digits'],
    ['chutri.phuong', 'chutri.phuong', 'same_as_username'],
    ['ChuTri.Phuong', 'chutri.phuong', 'same_as_username'],
    ['x'.repeat(257), 'chutri', 'too_long'],
  ] as const)('%j for %s → %s', (password, username, issue) => {
    expect(passwordPolicyIssue(password, username)).toBe(issue);
  });

  it.each([
    ['mùa xuân 2026', 'chutri'],
    ['1234567890a', 'chutri'],
    ['Ngô Thị Yến!', 'daibieu'],
  ])('accepts %j', (password, username) => {
    expect(passwordPolicyIssue(password, username)).toBeNull();
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordPolicyIssue('Đường Ổn 9', 'x')).toBeNull();
    expect(passwordPolicyIssue('Đường Ổn9', 'x')).toBe('too_short');
  });

  it('temporary passwords are random and acceptable', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = temporaryPassword();
      expect(p).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(passwordPolicyIssue(p, 'someone')).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });
});
