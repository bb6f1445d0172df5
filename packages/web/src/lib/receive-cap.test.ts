// The admin's receive cap field: empty is no cap, whole numbers from 64 to 100000, nothing else.
import { describe, expect, it } from 'vitest';
import { parseReceiveCap } from './receive-cap';

describe('parseReceiveCap', () => {
  it('accepts empty (no cap) and whole numbers in range', () => {
    expect(parseReceiveCap('')).toBeNull();
    expect(parseReceiveCap('   ')).toBeNull();
    expect(parseReceiveCap('64')).toBe(64);
    expect(parseReceiveCap(' 512 ')).toBe(512);
    expect(parseReceiveCap('100000')).toBe(100_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['63', '100001', '0', '-100', '512.5', '5e3', 'abc', '1 000']) {
      expect(parseReceiveCap(bad), bad).toBeUndefined();
    }
  });
});
