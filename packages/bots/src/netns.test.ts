// Unit tests of the pure parts of the shaped-host helper: the Gilbert–Elliott state lengths and
// the loss profiles (the namespaces themselves are exercised by the system tests).
import { describe, expect, it } from 'vitest';
import { LOSS, SHAPES, slotsUntil, withOrigin } from './netns.js';

describe('slotsUntil', () => {
  it('is geometric: at least one slot, mean 1/p', () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const draws = Array.from({ length: 20_000 }, () => slotsUntil(0.3, random));
    expect(Math.min(...draws)).toBe(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(3.2);
    expect(mean).toBeLessThan(3.5);
    expect(slotsUntil(1)).toBe(1);
  });
});

describe('profiles', () => {
  it('describe our bursty line and the rate cap', () => {
    const bursty = LOSS.bursty();
    expect(bursty).toEqual({ kind: 'bursty', pEnter: 0.05, pLeave: 0.3, slotMs: 20 });
    if (bursty.kind !== 'bursty') throw new Error('not bursty');
    // ≈ 67 ms bursts, ≈ 14 % of the time
    expect(bursty.slotMs / bursty.pLeave).toBeCloseTo(66.7, 0);
    expect(bursty.pEnter / (bursty.pEnter + bursty.pLeave)).toBeCloseTo(0.143, 2);
    expect(SHAPES.rate(150)).toEqual(['tbf', 'rate', '150kbit', 'burst', '6kb', 'latency', '80ms']);
  });

  it('moves a join link to another origin', () => {
    expect(withOrigin('http://127.0.0.1:8080/m/abc?name=A&t=x', 'http://127.1.0.1:4000')).toBe(
      'http://127.1.0.1:4000/m/abc?name=A&t=x',
    );
  });
});
