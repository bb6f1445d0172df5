// CPU and memory of other processes (Janus, the server child, helpers) read from /proc, so a
// figure belongs to one process and never to the bench that measures it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
}

/** Parses /proc/<pid>/stat. The command name may hold spaces and parentheses: split after the last ')'. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('not a /proc/<pid>/stat line');
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15, ppid is field 4.
  const field = (n: number): number => Number(rest[n - 3]);
  return { pid, comm: text.slice(open + 1, close), ppid: field(4), cpuTicks: field(14) + field(15) };
}

/** VmRSS from /proc/<pid>/status, in bytes; null when absent (a zombie has none). */
export function parseVmRss(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match?.[1] ? Number(match[1]) * 1024 : null;
}

let clockTicks: number | undefined;

/** Clock ticks per second (USER_HZ), almost always 100. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcSample {
  atMs: number;
  cpuTicks: number;
  rssBytes: number | null;
}

/** One reading of a process; null when it is gone. */
export function sampleProc(pid: number): ProcSample | null {
  try {
    const stat = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const rss = parseVmRss(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { atMs: performance.now(), cpuTicks: stat.cpuTicks, rssBytes: rss };
  } catch {
    return null;
  }
}

/** CPU between two samples as percent of one core (100 = one core busy). */
export function cpuPercent(a: ProcSample, b: ProcSample, hz = ticksPerSecond()): number {
  const seconds = (b.atMs - a.atMs) / 1000;
  return seconds > 0 ? ((b.cpuTicks - a.cpuTicks) / hz / seconds) * 100 : 0;
}

/** Direct children of `ppid` (scans /proc; works without CONFIG_PROC_CHILDREN). */
export function childrenOf(ppid: number): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseProcStat(fs.readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (stat.ppid === ppid) out.push(stat);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export interface WindowUsage {
  /** Percent of one core over the window. */
  cpuPercent: number;
  rssMeanBytes: number;
  rssMaxBytes: number;
}

/** Samples processes during a window: CPU from the first and last reading, RSS every `everyMs`. */
export class ProcWindow {
  private readonly first = new Map<number, ProcSample>();
  private readonly rss = new Map<number, number[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: readonly number[],
    everyMs = 500,
  ) {
    for (const pid of pids) {
      const s = sampleProc(pid);
      if (s) this.first.set(pid, s);
      this.rss.set(pid, s?.rssBytes ? [s.rssBytes] : []);
    }
    this.timer = setInterval(() => this.tick(), everyMs);
  }

  private tick(): void {
    for (const pid of this.pids) {
      const rss = sampleProc(pid)?.rssBytes;
      if (rss) this.rss.get(pid)?.push(rss);
    }
  }

  /** Ends the window; a process that vanished gets no entry. */
  stop(): Map<number, WindowUsage> {
    clearInterval(this.timer);
    const out = new Map<number, WindowUsage>();
    for (const pid of this.pids) {
      const a = this.first.get(pid);
      const b = sampleProc(pid);
      if (!a || !b) continue;
      const rss = this.rss.get(pid) ?? [];
      if (b.rssBytes) rss.push(b.rssBytes);
      out.set(pid, {
        cpuPercent: cpuPercent(a, b),
        rssMeanBytes: rss.length ? rss.reduce((s, v) => s + v, 0) / rss.length : 0,
        rssMaxBytes: rss.length ? Math.max(...rss) : 0,
      });
    }
    return out;
  }
}

/** Bytes to MiB. */
export const mib = (bytes: number): number => bytes / (1024 * 1024);

/** Busy and total jiffies of all cores from the first line of /proc/stat. */
export function parseCpuLine(stat: string): { busy: number; total: number } {
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, v) => s + v, 0);
  // idle (4th) and iowait (5th) are not busy.
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Starts timing the whole machine; the returned function gives busy % of all cores since then. */
export function machineBusy(): () => number {
  const read = (): { busy: number; total: number } => parseCpuLine(fs.readFileSync('/proc/stat', 'utf8'));
  const a = read();
  return () => {
    const b = read();
    return b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * 100 : 0;
  };
}
