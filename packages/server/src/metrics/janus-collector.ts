// The Janus nodes' metrics, read at scrape time: up and state, restarts, load (rooms, publishers,
// subscribers, forwarded feeds) and, for local processes, CPU seconds and memory from /proc.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { PREFIX } from './collectors.js';

/** One Janus node as the media pool describes it (MediaPool.nodes()). */
export interface JanusNodeInfo {
  id: string;
  state: string;
  up: boolean;
  /** The local Janus process id while it runs; undefined for a remote node. */
  pid: number | undefined;
  rooms?: number;
  publishers?: number;
  subscribers?: number;
  remoteFeeds?: number;
}

/**
 * What the metrics need of the media side: a MediaPool (many nodes) or one MediaEngine. Every
 * member beyond state and isUp is optional so that test fakes need not have them; the production
 * classes do (a compile-time test pins that).
 */
export interface JanusNodeSource {
  readonly state: string;
  isUp(): boolean;
  /** A single engine's Janus pid. */
  readonly pid?: number | undefined;
  /** A pool's nodes with their load. */
  nodes?(): readonly JanusNodeInfo[];
  /** A node's Janus died and is running again (a pool names the node). */
  on?(event: 'restarted', listener: (node?: string) => void): unknown;
}

/** The engine states the state gauge lists (plus `disabled` when the server runs without Janus). */
const JANUS_STATES = ['starting', 'up', 'restarting', 'down', 'closed', 'disabled'];
/** The node label of a single engine. */
const SINGLE = 'local';

export interface ProcessStats {
  /** User + system CPU time, seconds. */
  cpuSeconds: number;
  /** When the process started, in clock ticks after boot (tells a new process from an old pid). */
  startTicks: number;
  residentBytes: number | null;
}

/** USER_HZ: /proc reports CPU time in 1/100 s on every Linux architecture we run on. */
const TICKS_PER_SECOND = 100;

/** Parses /proc/<pid>/stat and the VmRSS line of /proc/<pid>/status. Null when unreadable. */
export function parseProcessStats(stat: string, status: string | null): ProcessStats | null {
  // NOTE: the command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const start = Number(fields[19]);
  if (!stat.includes(')') || ![utime, stime, start].every(Number.isFinite)) return null;
  const rss = status === null ? null : /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return {
    cpuSeconds: (utime + stime) / TICKS_PER_SECOND,
    startTicks: start,
    residentBytes: rss?.[1] === undefined ? null : Number(rss[1]) * 1024,
  };
}

/** Reads a process's CPU time and memory from procfs; null when it is gone. */
export async function readProcessStats(pid: number, procRoot = '/proc'): Promise<ProcessStats | null> {
  try {
    const dir = path.join(procRoot, String(pid));
    const stat = await readFile(path.join(dir, 'stat'), 'utf8');
    const status = await readFile(path.join(dir, 'status'), 'utf8').catch(() => null);
    return parseProcessStats(stat, status);
  } catch {
    return null;
  }
}

/** The nodes of a pool, or the single engine as one node. */
function nodesOf(media: JanusNodeSource | null): JanusNodeInfo[] {
  if (!media) return [];
  if (media.nodes) return [...media.nodes()];
  return [{ id: SINGLE, state: media.state, up: media.isUp(), pid: media.pid }];
}

export function registerJanusCollectors(
  registry: Registry,
  media: JanusNodeSource | null,
  procRoot: string,
): void {
  const registers = [registry];
  const labelNames = ['node'] as const;
  new Gauge({
    name: `${PREFIX}janus_up`,
    help: 'Whether the media server (Janus) runs and the server is connected to it.',
    labelNames,
    registers,
    collect() {
      this.reset();
      const nodes = nodesOf(media);
      if (nodes.length === 0) this.set({ node: SINGLE }, 0);
      for (const n of nodes) this.set({ node: n.id }, n.up ? 1 : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}janus_state`,
    help: 'The media engine state of each node: 1 for the current one.',
    labelNames: ['node', 'state'],
    registers,
    collect() {
      this.reset();
      const nodes = nodesOf(media);
      const current = nodes.length === 0 ? [{ id: SINGLE, state: 'disabled' }] : nodes;
      for (const n of current)
        for (const state of JANUS_STATES) this.set({ node: n.id, state }, state === n.state ? 1 : 0);
    },
  });
  const restarts = new Counter({
    name: `${PREFIX}janus_restarts_total`,
    help: 'Times a Janus died and was running again with its rooms recreated or moved.',
    labelNames,
    registers,
  });
  for (const n of nodesOf(media)) restarts.inc({ node: n.id }, 0);
  media?.on?.('restarted', (node) => restarts.inc({ node: node ?? SINGLE }));
  registerLoadGauges(registers, media);
  registerProcessMetrics(registers, media, procRoot);
}

/** What each node carries, as the pool counts it (absent for a single engine). */
function registerLoadGauges(registers: Registry[], media: JanusNodeSource | null): void {
  const loads = [
    ['rooms', 'Meeting rooms open on each Janus node.'],
    ['publishers', 'Publishers on each Janus node (WebRTC in, and feeds forwarded out).'],
    ['subscribers', 'Subscriber connections on each Janus node.'],
    ['remoteFeeds', 'Feeds forwarded to each Janus node from another one (cascading).'],
  ] as const;
  for (const [field, help] of loads) {
    new Gauge({
      name: `${PREFIX}janus_${field === 'remoteFeeds' ? 'remote_feeds' : field}`,
      help,
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const n of nodesOf(media)) {
          const v = n[field];
          if (v !== undefined) this.set({ node: n.id }, v);
        }
      },
    });
  }
}

/** CPU seconds and resident memory of every local Janus process, read from procfs per scrape. */
function registerProcessMetrics(
  registers: Registry[],
  media: JanusNodeSource | null,
  procRoot: string,
): void {
  const last = new Map<string, { pid: number; startTicks: number; cpuSeconds: number }>();
  let latest = new Map<string, ProcessStats>();
  let reading: Promise<void> | null = null;
  const read = async (): Promise<void> => {
    const now = new Map<string, ProcessStats>();
    for (const n of nodesOf(media)) {
      if (n.pid === undefined) continue;
      const stats = await readProcessStats(n.pid, procRoot);
      if (!stats) continue;
      now.set(n.id, stats);
      // NOTE: a counter must never go down: a restarted Janus starts from zero CPU, so add only
      // what each process used since we last looked at it.
      const before = last.get(n.id);
      const same = before?.pid === n.pid && before.startTicks === stats.startTicks;
      const delta = same ? stats.cpuSeconds - before.cpuSeconds : stats.cpuSeconds;
      if (delta > 0) cpu.inc({ node: n.id }, delta);
      last.set(n.id, { pid: n.pid, startTicks: stats.startTicks, cpuSeconds: stats.cpuSeconds });
    }
    latest = now;
  };
  // NOTE: a scrape runs every collect at once; both metrics below share one read of /proc.
  const readOnce = (): Promise<void> =>
    (reading ??= read().finally(() => {
      reading = null;
    }));
  const cpu = new Counter({
    name: `${PREFIX}janus_cpu_seconds_total`,
    help: 'CPU time (user + system) of each local Janus, seconds; rate() gives the cores it keeps busy.',
    labelNames: ['node'],
    registers,
    async collect() {
      await readOnce();
    },
  });
  for (const n of nodesOf(media)) if (n.pid !== undefined) cpu.inc({ node: n.id }, 0);
  new Gauge({
    name: `${PREFIX}janus_resident_memory_bytes`,
    help: 'Resident memory of each local Janus process (absent while it does not run).',
    labelNames: ['node'],
    registers,
    async collect() {
      await readOnce();
      this.reset();
      for (const [node, stats] of latest)
        if (stats.residentBytes !== null) this.set({ node }, stats.residentBytes);
    },
  });
}
