// signalling: N WebSocket clients in one meeting (media off); the chair opens and closes votes and
// we time until every client got each `live.event` (written to the database first, then sent to
// all); plus the server's memory per connection.
import path from 'node:path';
import WebSocket from 'ws';
import { ProcWindow, mib, sampleProc } from '../lib/proc.js';
import { parseJoinLink, signallingUrl } from '@diemcau/protocol';
import { startServerChild } from '../lib/server-child.js';
import type { ServerChild } from '../lib/server-child.js';
import { percentile } from '../lib/stats.js';
import type { Metric } from '../lib/results.js';
import { metric, sleep } from './types.js';
// NOTE: the chair's invitation is issued straight into the server's database, as `npm run demo-link` does.
import { openDatabase } from '../../../server/dist/db/database.js';
import { demoJoinLink } from '../../../server/dist/demo/links.js';

/** The demo ward's chair (Bí thư Đảng ủy phường): a moderator of the demo meeting. */
const CHAIR = 'Nguyễn Thị Hồng Nhung';
import type { Bench, BenchContext } from './types.js';

/** Joins in flight at once: a bounded window keeps the accept queue (and SYN backlog) from overflowing. */
const IN_FLIGHT = 100;
const TOGGLE_TIMEOUT_MS = 60_000;

/** The `type` of a server frame, read from its first bytes (the server writes `type` first). */
export function frameType(data: Buffer): string | null {
  const head = data.subarray(0, 48).toString('latin1');
  return /^\{"type":"([a-z.]+)"/.exec(head)?.[1] ?? null;
}

interface Client {
  ws: WebSocket;
  /** When each live.event arrived (performance.now()). */
  updates: number[];
}

let messagesSeen = 0;

function openClient(url: string, server: ServerChild, index: number, token = server.token): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client: Client = { ws, updates: [] };
    ws.on('message', (data: Buffer) => {
      messagesSeen += 1;
      const type = frameType(data);
      if (type === 'live.event') client.updates.push(performance.now());
      else if (type === 'joined') resolve(client);
      else if (type === 'error') reject(new Error(`client ${index}: ${data.toString().slice(0, 200)}`));
    });
    ws.once('open', () =>
      ws.send(
        JSON.stringify({
          type: 'join',
          rid: 'j',
          meetingId: server.meetingId,
          name: index < 0 ? CHAIR : `Khách ${index}`,
          token,
        }),
      ),
    );
    ws.once('error', reject);
    // A socket the server closes before `joined` (refused, or dropped as a slow consumer under
    // load) must fail the step, not leave the bench waiting forever.
    ws.once('close', (code) => reject(new Error(`client ${index}: closed (${code}) before joining`)));
  });
}

/**
 * Opens `n` clients into `clients`, at most IN_FLIGHT joining at a time: a new one starts as soon
 * as one has joined (a sliding window, not batches that each wait for their slowest join).
 */
async function openAll(url: string, server: ServerChild, n: number, clients: Client[]): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    try {
      for (let i = next++; i < n && !failed; i = next++) clients.push(await openClient(url, server, i));
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  // NOTE: settle every lane before throwing, so that the caller can close every socket opened.
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(IN_FLIGHT, n) }, lane));
  const rejected = lanes.find((l) => l.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/** Waits until no client received anything for `quietMs` (the join broadcasts have drained). */
async function settle(quietMs: number, maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  let last = -1;
  while (performance.now() < until) {
    if (messagesSeen === last) return;
    last = messagesSeen;
    await sleep(quietMs);
  }
}

async function chairToken(server: ServerChild): Promise<string> {
  const db = await openDatabase({ url: path.join(server.dataDir, 'diemcau.sqlite') });
  try {
    const { link } = await demoJoinLink(db, server.origin, server.meetingId, CHAIR);
    const token = parseJoinLink(link)?.token;
    if (!token) throw new Error('no token in the chair link');
    return token;
  } finally {
    await db.destroy();
  }
}

interface Step {
  clients: number;
  joinAllS: number;
  /** Server CPU while everyone joined, % of one core (shows whether server or clients limit). */
  serverCpuDuringJoinPct: number | null;
  rssPerConnectionKiB: number | null;
  serverRssMiB: number | null;
  allReceivedMs: number[];
  deliveryMs: number[];
  serverCpuDuringTogglesPct: number | null;
  timedOut: number;
  /** Clients the server closed during the step (missed keepalive pings while backed up). */
  dropped: number;
}

/** A chair action each time: open a vote, then close it, and so on. */
function chairAction(k: number, voteId: string | null): unknown {
  return k % 2 === 0
    ? {
        type: 'act',
        rid: `a${k}`,
        action: {
          type: 'vote.open',
          title: `Biểu quyết ${k / 2 + 1}`,
          kind: 'motion',
          secret: false,
          scope: 'person',
        },
      }
    : { type: 'act', rid: `a${k}`, action: { type: 'vote.close', voteId } };
}

async function toggles(
  server: ServerChild,
  chair: Client,
  clients: Client[],
  count: number,
): Promise<Pick<Step, 'allReceivedMs' | 'deliveryMs' | 'serverCpuDuringTogglesPct' | 'timedOut'>> {
  let voteId: string | null = null;
  chair.ws.on('message', (data: Buffer) => {
    const m = /"type":"vote.opened","vote":\{"id":"([^"]+)"/.exec(data.toString('utf8'));
    if (m?.[1]) voteId = m[1];
  });
  const allReceived: number[] = [];
  const delivery: number[] = [];
  let timedOut = 0;
  const window = new ProcWindow([server.pid]);
  for (let k = 0; k < count; k++) {
    const t0 = performance.now();
    chair.ws.send(JSON.stringify(chairAction(k, voteId)));
    const deadline = t0 + TOGGLE_TIMEOUT_MS;
    // A client the server dropped (missed pings while its socket was backed up) never gets it.
    const waiting = (c: Client): boolean => c.updates.length <= k && c.ws.readyState === WebSocket.OPEN;
    while (clients.some(waiting) && performance.now() < deadline) await sleep(2);
    const times = clients.map((c) => c.updates[k]).filter((t): t is number => t !== undefined);
    // "All" means every client still connected: dropped ones are counted in `dropped` instead.
    const open = clients.filter((c) => c.ws.readyState === WebSocket.OPEN).length;
    if (times.length < open) timedOut += 1;
    for (const t of times) delivery.push(t - t0);
    if (times.length >= open && times.length > 0) allReceived.push(Math.max(...times) - t0);
    // NOTE: a pause between toggles stays under the per-connection rate limit.
    await sleep(150);
  }
  const cpu = window.stop().get(server.pid)?.cpuPercent ?? null;
  return { allReceivedMs: allReceived, deliveryMs: delivery, serverCpuDuringTogglesPct: cpu, timedOut };
}

async function step(n: number, toggleCount: number, ctx: BenchContext): Promise<Step> {
  const server = await startServerChild({ janus: false });
  const clients: Client[] = [];
  let chair: Client | null = null;
  try {
    const url = signallingUrl(server.origin);
    chair = await openClient(url, server, -1, await chairToken(server));
    const baseline = sampleProc(server.pid)?.rssBytes ?? null;
    const started = performance.now();
    const joinWindow = new ProcWindow([server.pid]);
    await openAll(url, server, n, clients);
    await settle(500, 300_000);
    const joinAllS = (performance.now() - started) / 1000;
    const serverCpuDuringJoinPct = joinWindow.stop().get(server.pid)?.cpuPercent ?? null;
    ctx.log(`signalling: ${n} clients joined in ${joinAllS.toFixed(1)} s`);
    const rss = sampleProc(server.pid)?.rssBytes ?? null;
    const t = await toggles(server, chair, clients, toggleCount);
    return {
      clients: n,
      joinAllS,
      serverCpuDuringJoinPct,
      rssPerConnectionKiB: rss !== null && baseline !== null ? (rss - baseline) / n / 1024 : null,
      serverRssMiB: rss === null ? null : mib(rss),
      ...t,
      dropped: clients.filter((c) => c.ws.readyState !== WebSocket.OPEN).length,
    };
  } finally {
    // NOTE: stop the server first: closing thousands of sockets one by one would broadcast
    // thousands of participant.left messages to the rest.
    await server.stop();
    for (const c of clients) c.ws.terminate();
    chair?.ws.terminate();
    messagesSeen = 0;
  }
}

function stepMetrics(s: Step): Record<string, Metric> {
  const p = `n${s.clients}`;
  return {
    [`${p}.allReceived.p50`]: metric(percentile(s.allReceivedMs, 50), 'ms', 'lower'),
    [`${p}.allReceived.p99`]: metric(percentile(s.allReceivedMs, 99), 'ms', 'lower'),
    [`${p}.perClient.p50`]: metric(percentile(s.deliveryMs, 50), 'ms', 'lower'),
    [`${p}.perClient.p99`]: metric(percentile(s.deliveryMs, 99), 'ms', 'lower'),
    [`${p}.joinAll`]: metric(s.joinAllS, 's', 'lower'),
    [`${p}.joinAll.serverCpu`]: metric(s.serverCpuDuringJoinPct, '% of 1 core'),
    [`${p}.serverRss`]: metric(s.serverRssMiB, 'MiB', 'lower'),
    [`${p}.rssPerConnection`]: metric(s.rssPerConnectionKiB, 'KiB', 'lower'),
    [`${p}.dropped`]: metric(s.dropped, 'clients', 'lower'),
  };
}

export const signallingBench: Bench = {
  name: 'signalling',
  async run(ctx) {
    // NOTE: filling a meeting costs O(N²) frames, so the quick run (CI) stops at 500.
    const sizes = ctx.quick ? [100, 500] : [100, 1000, 5000];
    const toggleCount = ctx.quick ? 10 : 20;
    const steps: Step[] = [];
    for (const n of sizes) {
      ctx.log(`signalling: ${n} clients`);
      steps.push(await step(n, toggleCount, ctx));
    }
    const metrics: Record<string, Metric> = {};
    for (const s of steps) Object.assign(metrics, stepMetrics(s));
    const timedOut = steps.filter((s) => s.timedOut > 0);
    return {
      metrics,
      limits:
        'server in a child process with Janus off; all clients in the bench process on the same cores, ' +
        'so "allReceived" includes the clients reading their sockets one after another. The server sends ' +
        'one frame per client per update and every join is announced to everyone (O(N²) frames to fill a meeting).',
      notes: [
        `${toggleCount} chair actions per size (vote opened / vote closed, each committed to SQLite before it is sent); allReceived = until the last client had the event; perClient = every delivery`,
        ...timedOut.map(
          (s) =>
            `n=${s.clients}: ${s.timedOut} toggles did not reach every client in ${TOGGLE_TIMEOUT_MS} ms`,
        ),
      ],
      detail: steps.map((s) => ({
        clients: s.clients,
        joinAllS: s.joinAllS,
        serverCpuDuringJoinPct: s.serverCpuDuringJoinPct,
        serverCpuDuringTogglesPct: s.serverCpuDuringTogglesPct,
        rssPerConnectionKiB: s.rssPerConnectionKiB,
      })),
    };
  },
};
