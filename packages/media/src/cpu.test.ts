// CPU figures of a local Janus from /proc/<pid>/stat.
import { describe, expect, it } from 'vitest';
import { CpuSampler, cpuPercent, parseCpuSeconds } from './cpu.js';

// A real line of /proc/<pid>/stat (fields 14 and 15 are utime 1234 and stime 266 ticks).
const STAT =
  '4242 (janus) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 266 0 0 20 0 23 0 100 800000000 5000 ' +
  '18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0';

describe('parseCpuSeconds', () => {
  it('adds user and system time, in seconds', () => {
    expect(parseCpuSeconds(STAT)).toBe(15);
  });

  it('copes with a command name holding spaces and parentheses', () => {
    expect(parseCpuSeconds(STAT.replace('(janus)', '(ja (n) us)'))).toBe(15);
  });

  it('returns null for text that is not a stat line', () => {
    expect(parseCpuSeconds('')).toBeNull();
    expect(parseCpuSeconds('4242 (janus) S 1')).toBeNull();
  });
});

describe('cpuPercent', () => {
  it('is CPU time over wall time, in % of one core', () => {
    expect(cpuPercent({ cpuS: 10, atMs: 0 }, { cpuS: 10.5, atMs: 2000 })).toBe(25);
    expect(cpuPercent({ cpuS: 10, atMs: 0 }, { cpuS: 13, atMs: 2000 })).toBe(150);
  });

  it('is null for no elapsed time or a counter that went back (another process)', () => {
    expect(cpuPercent({ cpuS: 1, atMs: 5 }, { cpuS: 2, atMs: 5 })).toBeNull();
    expect(cpuPercent({ cpuS: 9, atMs: 0 }, { cpuS: 2, atMs: 1000 })).toBeNull();
  });
});

describe('CpuSampler', () => {
  it('measures this process between two samples and forgets a pid that is gone', () => {
    const sampler = new CpuSampler();
    expect(sampler.sample(process.pid, 0)).toBeNull();
    let x = 0;
    const until = Date.now() + 50;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const pct = sampler.sample(process.pid, 1000);
    expect(pct).not.toBeNull();
    expect(pct ?? -1).toBeGreaterThanOrEqual(0);
    expect(sampler.sample(2 ** 22 + 7, 2000)).toBeNull();
    expect(sampler.percent).toBeNull();
  });
});
