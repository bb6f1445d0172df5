// CPU use of a local Janus process from /proc/<pid>/stat (user + system time), sampled by the
// pool for placement. Parsing and the rate are pure; only CpuSampler.sample() reads /proc.
import { readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; USER_HZ is 100 on every architecture we run on. */
const CLOCK_TICKS_PER_S = 100;

/** user + system CPU time in seconds from the text of /proc/<pid>/stat; null when malformed. */
export function parseCpuSeconds(stat: string): number | null {
  // NOTE: the command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const end = stat.lastIndexOf(')');
  if (end < 0) return null;
  const fields = stat.slice(end + 2).split(' ');
  // fields[0] is the state (field 3), so utime (field 14) and stime (field 15) are at 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return (utime + stime) / CLOCK_TICKS_PER_S;
}

/** % of one core used between two samples (CPU seconds at wall-clock milliseconds). */
export function cpuPercent(
  before: { cpuS: number; atMs: number },
  after: { cpuS: number; atMs: number },
): number | null {
  const wallS = (after.atMs - before.atMs) / 1000;
  if (wallS <= 0 || after.cpuS < before.cpuS) return null;
  return ((after.cpuS - before.cpuS) / wallS) * 100;
}

/** Keeps the previous sample of one process and turns the next into a CPU percentage. */
export class CpuSampler {
  #pid: number | undefined;
  #last: { cpuS: number; atMs: number } | undefined;
  #pct: number | null = null;

  /** The latest figure (% of one core), null before two samples of the same process. */
  get percent(): number | null {
    return this.#pct;
  }

  /** Samples `pid` now (a new pid, e.g. after a restart, starts over). */
  sample(pid: number | undefined, nowMs = Date.now()): number | null {
    if (pid === undefined) {
      this.#pid = undefined;
      this.#last = undefined;
      this.#pct = null;
      return null;
    }
    let cpuS: number | null;
    try {
      cpuS = parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      cpuS = null;
    }
    if (cpuS === null) return this.sample(undefined);
    const now = { cpuS, atMs: nowMs };
    if (this.#pid === pid && this.#last) this.#pct = cpuPercent(this.#last, now);
    else this.#pct = null;
    this.#pid = pid;
    this.#last = now;
    return this.#pct;
  }
}
