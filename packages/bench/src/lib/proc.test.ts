// /proc parsing must survive odd command names, and CPU percent must use wall time.
import { describe, expect, it } from 'vitest';
import { childrenOf, cpuPercent, parseCpuLine, parseProcStat, parseVmRss, sampleProc } from './proc.js';

const STAT = '4242 (janus (x) y) S 4200 4242 4200 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 9 0 123 0 0';

describe('/proc parsing', () => {
  it('reads pid, comm, ppid and utime+stime', () => {
    expect(parseProcStat(STAT)).toEqual({ pid: 4242, comm: 'janus (x) y', ppid: 4200, cpuTicks: 325 });
  });
  it('reads VmRSS in bytes', () => {
    expect(parseVmRss('Name:\tjanus\nVmRSS:\t   2048 kB\n')).toBe(2048 * 1024);
    expect(parseVmRss('Name:\tzombie\n')).toBeNull();
  });
  it('turns ticks over wall time into percent of a core', () => {
    const a = { atMs: 0, cpuTicks: 100, rssBytes: 1 };
    const b = { atMs: 2000, cpuTicks: 200, rssBytes: 1 };
    expect(cpuPercent(a, b, 100)).toBe(50);
  });
  it('samples this very process', () => {
    const s = sampleProc(process.pid);
    expect(s?.rssBytes).toBeGreaterThan(0);
    expect(childrenOf(process.ppid).some((c) => c.pid === process.pid)).toBe(true);
  });
  it('reads whole-machine busy time, idle and iowait excluded', () => {
    expect(parseCpuLine('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3\n')).toEqual({ busy: 150, total: 1000 });
  });
});
