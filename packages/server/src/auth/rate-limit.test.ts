// The sliding-window limiter with a fake clock.
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('SlidingWindowLimiter', () => {
  it('allows `limit` events per window, then says how long to wait', () => {
    const c = clock();
    const l = new SlidingWindowLimiter(3, 60_000, c.now);
    expect(l.take('ip')).toBe(0);
    c.advance(10_000);
    expect(l.take('ip')).toBe(0);
    c.advance(10_000);
    expect(l.take('ip')).toBe(0);
    expect(l.take('ip')).toBe(40_000);
    expect(l.take('other')).toBe(0);
  });

  it('slides: the oldest event leaving the window frees one slot', () => {
    const c = clock();
    const l = new SlidingWindowLimiter(2, 1000, c.now);
    l.hit('k');
    c.advance(600);
    l.hit('k');
    expect(l.retryAfterMs('k')).toBe(400);
    c.advance(400);
    expect(l.retryAfterMs('k')).toBe(0);
    l.hit('k');
    expect(l.retryAfterMs('k')).toBe(600);
  });

  it('refused takes are not counted, and reset forgets a key', () => {
    const c = clock();
    const l = new SlidingWindowLimiter(1, 1000, c.now);
    expect(l.take('k')).toBe(0);
    for (let i = 0; i < 5; i++) expect(l.take('k')).toBe(1000);
    c.advance(1000);
    expect(l.take('k')).toBe(0);
    l.reset('k');
    expect(l.take('k')).toBe(0);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const c = clock();
    const l = new SlidingWindowLimiter(5, 60_000, c.now, 100);
    for (let i = 0; i < 1000; i++) l.hit(`ip${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
    c.advance(61_000);
    l.hit('late');
    expect(l.size).toBeLessThanOrEqual(100);
  });
});
