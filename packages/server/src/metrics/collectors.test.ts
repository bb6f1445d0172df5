// Collectors without HTTP: the Janus process numbers from procfs (parsed from fixtures and read
// from this very process), restarts, a pid that changes, and stale quality samples left out.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MediaEngine, MediaPool } from '@diemcau/media';
import { TypedEmitter } from '@diemcau/media';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, MEETING } from '../testing/fake-clients.js';
import { QUALITY_FRESH_MS, qualityLevel } from './collectors.js';
import { parseProcessStats, readProcessStats } from './janus-collector.js';
import type { JanusNodeInfo, JanusNodeSource } from './janus-collector.js';
import { parseExposition } from './exposition.test-helper.js';
import { ServerMetrics } from './registry.js';

const stat = (comm: string, utime: number, stime: number, start: number): string =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1000 0 0 0 ${utime} ${stime} 0 0 20 0 12 0 ${start} 123456 789 18446744073709551615\n`;

const scrape = async (metrics: ServerMetrics) => parseExposition((await metrics.exposition()).body);

class FakeJanus extends TypedEmitter<{ restarted: [node?: string]; listenererror: [string, unknown] }> {
  state = 'up';
  pid: number | undefined = 4242;
  isUp(): boolean {
    return this.state === 'up';
  }

  restarted(node?: string): void {
    if (node === undefined) this.emit('restarted');
    else this.emit('restarted', node);
  }
}

/** A pool of two nodes, as MediaPool describes them. */
class FakePool extends FakeJanus {
  list: JanusNodeInfo[] = [
    {
      id: 'local-0',
      state: 'up',
      up: true,
      pid: 4242,
      rooms: 2,
      publishers: 5,
      subscribers: 40,
      remoteFeeds: 0,
    },
    {
      id: 'remote-1',
      state: 'up',
      up: true,
      pid: undefined,
      rooms: 1,
      publishers: 0,
      subscribers: 9,
      remoteFeeds: 3,
    },
  ];
  nodes(): JanusNodeInfo[] {
    return this.list;
  }
}

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

async function fakeProc(pid: number, statText: string, rssKb: number): Promise<string> {
  dir ??= await mkdtemp(path.join(os.tmpdir(), 'diemcau-proc-'));
  await mkdir(path.join(dir, String(pid)), { recursive: true });
  await writeFile(path.join(dir, String(pid), 'stat'), statText);
  await writeFile(path.join(dir, String(pid), 'status'), `Name:\tjanus\nVmRSS:\t  ${rssKb} kB\n`);
  return dir;
}

describe('procfs', () => {
  it('parses CPU time, start time and memory, even with spaces and parentheses in the name', () => {
    const parsed = parseProcessStats(stat('janus (x) y', 250, 50, 777), 'VmRSS:\t  2048 kB\n');
    expect(parsed).toEqual({ cpuSeconds: 3, startTicks: 777, residentBytes: 2048 * 1024 });
    expect(parseProcessStats('garbage', null)).toBeNull();
  });

  it('reads this process, and nothing for a pid that does not exist', async () => {
    const me = await readProcessStats(process.pid);
    expect(me?.cpuSeconds).toBeGreaterThan(0);
    expect(me?.residentBytes).toBeGreaterThan(1024 * 1024);
    expect(await readProcessStats(2 ** 30)).toBeNull();
  });
});

describe('Janus collectors', () => {
  it('the real media engine and pool tell their pids, nodes and restarts (checked by the compiler)', () => {
    type Told = JanusNodeSource & {
      readonly pid: number | undefined;
      on(event: 'restarted', listener: (node?: string) => void): unknown;
    };
    const engine = (e: MediaEngine): Told => e;
    const pool = (p: MediaPool): Told & { nodes(): readonly JanusNodeInfo[] } => p;
    expect([engine, pool]).toHaveLength(2);
  });

  it('reports up, state, restarts, CPU seconds and memory, and keeps CPU monotonic across restarts', async () => {
    const janus = new FakeJanus();
    const procRoot = await fakeProc(4242, stat('janus', 900, 100, 10), 51_200);
    const metrics = new ServerMetrics({ procRoot });
    metrics.attach({ hub: harness().hub, media: janus });

    let m = await scrape(metrics);
    expect(m.value('diemcau_janus_up', { node: 'local' })).toBe(1);
    expect(m.value('diemcau_janus_cpu_seconds_total', { node: 'local' })).toBe(10);
    expect(m.value('diemcau_janus_resident_memory_bytes', { node: 'local' })).toBe(51_200 * 1024);
    expect(m.value('diemcau_janus_restarts_total', { node: 'local' })).toBe(0);

    await fakeProc(4242, stat('janus', 1100, 150, 10), 51_200);
    m = await scrape(metrics);
    expect(m.value('diemcau_janus_cpu_seconds_total', { node: 'local' })).toBe(12.5);

    // Janus crashed and came back as a new process: its CPU counts from zero, the total goes on.
    janus.state = 'restarting';
    janus.pid = undefined;
    m = await scrape(metrics);
    expect(m.value('diemcau_janus_up', { node: 'local' })).toBe(0);
    expect(m.value('diemcau_janus_state', { state: 'restarting' })).toBe(1);
    expect(m.value('diemcau_janus_resident_memory_bytes', { node: 'local' })).toBeUndefined();
    await fakeProc(5151, stat('janus', 30, 10, 99), 20_000);
    janus.pid = 5151;
    janus.state = 'up';
    janus.restarted();
    m = await scrape(metrics);
    expect(m.value('diemcau_janus_restarts_total', { node: 'local' })).toBe(1);
    expect(m.value('diemcau_janus_cpu_seconds_total', { node: 'local' })).toBeCloseTo(12.9);
  });

  it('labels every node of a pool with its load; only local ones have CPU and memory', async () => {
    const pool = new FakePool();
    const procRoot = await fakeProc(4242, stat('janus', 500, 100, 10), 10_000);
    const metrics = new ServerMetrics({ procRoot });
    metrics.attach({ hub: harness().hub, media: pool });
    pool.restarted('remote-1');
    pool.list[1] = { ...pool.list[1]!, state: 'down', up: false };
    const m = await scrape(metrics);
    expect(m.value('diemcau_janus_up', { node: 'local-0' })).toBe(1);
    expect(m.value('diemcau_janus_up', { node: 'remote-1' })).toBe(0);
    expect(m.value('diemcau_janus_state', { node: 'remote-1', state: 'down' })).toBe(1);
    expect(m.value('diemcau_janus_subscribers', { node: 'local-0' })).toBe(40);
    expect(m.value('diemcau_janus_remote_feeds', { node: 'remote-1' })).toBe(3);
    expect(m.value('diemcau_janus_restarts_total', { node: 'remote-1' })).toBe(1);
    expect(m.value('diemcau_janus_restarts_total', { node: 'local-0' })).toBe(0);
    expect(m.value('diemcau_janus_cpu_seconds_total', { node: 'local-0' })).toBe(6);
    expect(m.value('diemcau_janus_cpu_seconds_total', { node: 'remote-1' })).toBeUndefined();
    expect(m.samples.some((s) => s.labels.node === 'local')).toBe(false);
  });

  it('says disabled when the server runs without Janus', async () => {
    const metrics = new ServerMetrics();
    metrics.attach({ hub: harness().hub, media: null });
    const m = await scrape(metrics);
    expect(m.value('diemcau_janus_up', { node: 'local' })).toBe(0);
    expect(m.value('diemcau_janus_state', { state: 'disabled' })).toBe(1);
  });
});

describe('quality gauges', () => {
  const sample = { sendKbps: 500, recvKbps: 900, lossPct: 0, rttMs: 20, availableOutgoingKbps: null };

  it('classifies quality by loss and round-trip time', () => {
    expect(qualityLevel(sample)).toBe('good');
    expect(qualityLevel({ ...sample, lossPct: 2 })).toBe('fair');
    expect(qualityLevel({ ...sample, rttMs: 200 })).toBe('fair');
    expect(qualityLevel({ ...sample, lossPct: 5 })).toBe('poor');
    expect(qualityLevel({ ...sample, rttMs: 450 })).toBe('poor');
    expect(qualityLevel({ ...sample, rttMs: null })).toBe('good');
  });

  it('leaves out samples older than three report intervals, and those of people who left', async () => {
    let now = 100_000;
    const { hub, client } = harness();
    const metrics = new ServerMetrics({ now: () => now });
    metrics.attach({ hub, media: null });
    const a = client();
    const b = client();
    const aId = await a.join('A');
    const bId = await b.join('B');
    const room = await hub.room(MEETING.id);
    room.reportQuality(aId, sample, now - QUALITY_FRESH_MS - 1);
    room.reportQuality(bId, { ...sample, lossPct: 12 }, now - 1000);
    let m = await scrape(metrics);
    expect(m.value('diemcau_quality_participants', { level: 'good' })).toBe(0);
    expect(m.value('diemcau_quality_participants', { level: 'poor' })).toBe(1);
    expect(m.value('diemcau_quality_reported_kbps', { direction: 'recv' })).toBe(900);

    await b.send({ type: 'leave' });
    now += 1;
    m = await scrape(metrics);
    expect(m.value('diemcau_quality_participants', { level: 'poor' })).toBe(0);
    expect(m.value('diemcau_quality_worst_loss_percent')).toBe(0);
    expect(m.value('diemcau_live_participants')).toBe(1);
  });
});
