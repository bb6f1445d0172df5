// sfu.cascade: one publisher on node 1 of a Janus pool (the server runs K local Janus processes),
// forwarded to the K−1 other nodes as VideoRoom remote publishers (what the pool does for a large
// meeting), with light receivers spread evenly over all nodes: plain UDP sockets fed by
// rtp_forward that count packets and sequence gaps (no ICE, DTLS or decoding), as in sfu.fanout.
// Reports receivers per node and per core, loss, and what forwarding costs each side.
import { loadWrtc } from '@diemcau/bots';
import fs from 'node:fs';
import path from 'node:path';
import type { SinkReply, SinkRequest } from '../fixtures/ipc.js';
import { forkHelper } from '../lib/helper.js';
import type { Helper } from '../lib/helper.js';
import { JanusAdmin } from '../lib/janus-admin.js';
import { ProcWindow, childrenOf } from '../lib/proc.js';
import type { Metric } from '../lib/results.js';
import { parseApiSecret, startServerChild } from '../lib/server-child.js';
import type { ServerChild } from '../lib/server-child.js';
import { startPublisher } from './join.js';
import { metric, sleep } from './types.js';
import type { Bench, BenchContext } from './types.js';

const HOST = '127.0.0.1';
const REPLICA_ROOM = 'bench-cascade';
const MAX_LOSS = 0.01;
const MIN_DELIVERY = 0.95;

type Sink = Helper<SinkRequest, SinkReply>;

/** One Janus of the server's pool, as the bench drives it. */
interface Node {
  index: number;
  pid: number;
  admin: JanusAdmin;
  sink: Sink;
  /** The room the publisher (origin) or its remote copy (replicas) is in. */
  room: string;
  ports: number[];
}

export interface CascadeNodeStep {
  node: number;
  receivers: number;
  cpuPct: number;
  loss: number;
  /** Packets per receiver ÷ packets at this node's reference socket. */
  delivery: number;
  silent: number;
  /** Packets/s this node forwards to its reference socket: its input as it sees it. */
  inputPps: number;
}

export interface CascadeStep {
  receiversPerNode: number;
  nodes: CascadeNodeStep[];
}

/** Node index of a Janus pid: the server gives node i the config folder `janus-<i>` (node 0 `janus`). */
export function nodeIndexOf(cmdline: string): number {
  const match = /janus-(\d+)\/janus-conf/.exec(cmdline);
  return match ? Number(match[1]) : 0;
}

async function findNodes(server: ServerChild, k: number): Promise<{ index: number; pid: number }[]> {
  for (let i = 0; i < 50; i++) {
    const pids = childrenOf(server.pid).filter((c) => c.comm === 'janus');
    if (pids.length === k) {
      return pids
        .map((c) => ({ pid: c.pid, index: nodeIndexOf(fs.readFileSync(`/proc/${c.pid}/cmdline`, 'utf8')) }))
        .sort((a, b) => a.index - b.index);
    }
    await sleep(100);
  }
  throw new Error(`expected ${k} Janus processes under the server`);
}

function nodeSecret(server: ServerChild, index: number): string {
  const dir = index === 0 ? 'janus' : `janus-${index}`;
  const secret = parseApiSecret(
    fs.readFileSync(path.join(server.dataDir, dir, 'janus-conf/janus.jcfg'), 'utf8'),
  );
  if (!secret) throw new Error(`no api_secret for node ${index}`);
  return secret;
}

async function forwardTo(node: Node, publisher: string, port: number): Promise<void> {
  const data = await node.admin.videoroom({
    request: 'rtp_forward',
    room: node.room,
    publisher_id: publisher,
    host: HOST,
    host_family: 'ipv4',
    // NOTE: the bot adds audio before video, so mids 0 and 1, on one port (told apart by SSRC).
    streams: [
      { mid: '0', port },
      { mid: '1', port },
    ],
  });
  if (!Array.isArray(data.forwarders) || data.forwarders.length !== 2)
    throw new Error(`rtp_forward on node ${node.index}: ${JSON.stringify(data)}`);
}

/** Makes the publisher a remote publisher on `replica` (add_remote_publisher + publish_remotely). */
async function cascade(origin: Node, replica: Node, publisher: string): Promise<void> {
  await replica.admin.videoroom({
    request: 'create',
    room: REPLICA_ROOM,
    publishers: 4,
    audiocodec: 'opus',
    videocodec: 'vp8',
    is_private: true,
  });
  const added = await replica.admin.videoroom({
    request: 'add_remote_publisher',
    room: REPLICA_ROOM,
    id: publisher,
    display: 'cascade',
    iface: HOST,
    streams: [
      { type: 'audio', mindex: 0, mid: '0', codec: 'opus' },
      { type: 'video', mindex: 1, mid: '1', codec: 'vp8' },
    ],
  });
  await origin.admin.videoroom({
    request: 'publish_remotely',
    room: origin.room,
    publisher_id: publisher,
    remote_id: `node-${replica.index}`,
    host: HOST,
    port: added.port,
    rtcp_port: added.rtcp_port,
  });
}

async function findOrigin(admins: JanusAdmin[], room: string): Promise<{ index: number; publisher: string }> {
  for (let i = 0; i < 100; i++) {
    for (const [index, admin] of admins.entries()) {
      const data = await admin.videoroom({ request: 'listparticipants', room }).catch(() => ({}));
      const list = ((data as { participants?: unknown[] }).participants ?? []) as {
        id: unknown;
        publisher?: boolean;
      }[];
      const pub = list.find((p) => p.publisher && p.id !== '~observer');
      if (pub) return { index, publisher: String(pub.id) };
    }
    await sleep(100);
  }
  throw new Error(`no publisher in room ${room} on any node`);
}

async function measure(
  nodes: Node[],
  perNode: number,
  settleMs: number,
  measureMs: number,
): Promise<CascadeStep> {
  await sleep(settleMs);
  await Promise.all(nodes.map((n) => n.sink.call({ op: 'reset' }, 'reset')));
  const window = new ProcWindow(nodes.map((n) => n.pid));
  await sleep(measureMs);
  const reports = await Promise.all(
    nodes.map((n) => n.sink.call({ op: 'report', count: perNode }, 'report')),
  );
  const usage = window.stop();
  return {
    receiversPerNode: perNode,
    nodes: nodes.map((n, i) => {
      const r = reports[i];
      const seconds = (r?.elapsedMs ?? 1) / 1000;
      const ref = r?.referencePackets ?? 0;
      return {
        node: n.index,
        receivers: perNode,
        cpuPct: usage.get(n.pid)?.cpuPercent ?? 0,
        loss: r && r.expected > 0 ? r.lost / r.expected : perNode === 0 ? 0 : 1,
        delivery: perNode === 0 ? 1 : r && ref > 0 ? r.packets / perNode / ref : 0,
        silent: r?.silent ?? perNode,
        inputPps: ref / seconds,
      };
    }),
  };
}

const stepOk = (s: CascadeStep): boolean =>
  s.nodes.every((n) => n.loss <= MAX_LOSS && n.delivery >= MIN_DELIVERY && n.silent === 0);

interface CascadeRun {
  k: number;
  originIndex: number;
  originIdleCpu: number;
  forwarded: CascadeStep;
  steps: CascadeStep[];
  stoppedBy: string;
}

async function runCascade(ctx: BenchContext): Promise<CascadeRun> {
  const k = 3;
  const sizes = ctx.quick ? [10, 30] : [10, 25, 50, 100, 200];
  const w = ctx.quick ? { settleMs: 500, measureMs: 2000 } : { settleMs: 1000, measureMs: 5000 };
  const wrtc = await loadWrtc();
  const server = await startServerChild({ janus: true, env: { JANUS_LOCAL_NODES: String(k) } });
  const admins: JanusAdmin[] = [];
  const sinks: Sink[] = [];
  let publisher: Awaited<ReturnType<typeof startPublisher>> | undefined;
  try {
    const found = await findNodes(server, k);
    for (const n of found)
      admins.push(
        await JanusAdmin.connect(`ws://${HOST}:${server.janusWsPort + n.index}`, nodeSecret(server, n.index)),
      );
    publisher = await startPublisher(server, wrtc, 'Hội trường UBND phường', 800);
    const origin = await findOrigin(admins, server.meetingId);
    const nodes: Node[] = found.map((n, i) => {
      const sink: Sink = forkHelper('udp-sink');
      sinks.push(sink);
      const admin = admins[i];
      if (!admin) throw new Error('no admin');
      return {
        ...n,
        admin,
        sink,
        room: n.index === origin.index ? server.meetingId : REPLICA_ROOM,
        ports: [],
      };
    });
    const originNode = nodes.find((n) => n.index === origin.index);
    if (!originNode) throw new Error('origin node not found');
    ctx.log(`sfu.cascade: ${k} Janus nodes, publisher on node ${origin.index}`);
    const idle = new ProcWindow([originNode.pid]);
    await sleep(w.measureMs);
    const originIdleCpu = idle.stop().get(originNode.pid)?.cpuPercent ?? 0;

    for (const n of nodes) if (n !== originNode) await cascade(originNode, n, origin.publisher);
    // Each node's reference socket: its own copy of the feed, the input rate it forwards.
    for (const n of nodes) {
      const [ref] = (await n.sink.call({ op: 'open', count: 1, host: HOST }, 'opened')).ports;
      await forwardTo(n, origin.publisher, ref ?? 0);
    }
    const forwarded = await measure(nodes, 0, w.settleMs, w.measureMs);
    const steps: CascadeStep[] = [];
    let stoppedBy = `largest step tried (${sizes.at(-1)} per node) passed`;
    for (const perNode of sizes) {
      for (const n of nodes) {
        const more = perNode - n.ports.length;
        const opened = await n.sink.call({ op: 'open', count: more, host: HOST }, 'opened');
        for (const port of opened.ports) await forwardTo(n, origin.publisher, port);
        n.ports.push(...opened.ports);
      }
      const step = await measure(nodes, perNode, w.settleMs, w.measureMs);
      steps.push(step);
      ctx.log(
        `  ${perNode}/node: ` +
          step.nodes
            .map(
              (n) =>
                `node ${n.node} cpu ${n.cpuPct.toFixed(1)} % loss ${(n.loss * 100).toFixed(2)} % delivery ${(n.delivery * 100).toFixed(0)} %`,
            )
            .join('; '),
      );
      if (!stepOk(step)) {
        stoppedBy = `loss, delivery or silent receivers failed at ${perNode} per node`;
        break;
      }
    }
    return { k, originIndex: origin.index, originIdleCpu, forwarded, steps, stoppedBy };
  } finally {
    for (const a of admins) await a.close().catch(() => undefined);
    publisher?.bot.stop();
    await publisher?.done.catch(() => undefined);
    for (const s of sinks) await s.stop().catch(() => undefined);
    await server.stop();
  }
}

function summarize(run: CascadeRun): Record<string, Metric> {
  const originIndex = run.originIndex;
  const best = [...run.steps].reverse().find(stepOk);
  const fwd = run.forwarded.nodes;
  const originFwd = fwd.find((n) => n.node === originIndex);
  const replicas = fwd.filter((n) => n.node !== originIndex);
  const originIn = originFwd?.inputPps ?? 0;
  const out: Record<string, Metric> = {
    nodes: metric(run.k, 'Janus processes'),
    'origin.cpuNoForward': metric(run.originIdleCpu, '% of 1 core'),
    'origin.cpuPerReplica': metric(
      originFwd ? (originFwd.cpuPct - run.originIdleCpu) / Math.max(1, replicas.length) : null,
      '% of 1 core per forwarded copy',
      'lower',
    ),
    'replica.ingestCpu': metric(
      replicas.length ? replicas.reduce((s, n) => s + n.cpuPct, 0) / replicas.length : null,
      '% of 1 core, remote feed with 1 reference receiver',
      'lower',
    ),
    'replica.inputVsOrigin': metric(
      originIn > 0 && replicas.length ? Math.min(...replicas.map((n) => n.inputPps)) / originIn : null,
      'ratio of packets/s reaching the worst replica',
      'higher',
    ),
  };
  if (best) {
    const cores = best.nodes.reduce((s, n) => s + n.cpuPct, 0) / 100;
    const total = best.receiversPerNode * best.nodes.length;
    out['receivers.total'] = metric(total, 'receivers (all checks passed)', 'higher');
    out['receivers.perNode'] = metric(best.receiversPerNode, 'receivers on each node');
    out['receivers.perCore'] = metric(
      cores > 0 ? total / cores : null,
      'receivers per core (all nodes)',
      'higher',
    );
    out['loss.max'] = metric(Math.max(...best.nodes.map((n) => n.loss)) * 100, '% (worst node)', 'lower');
    for (const n of best.nodes) out[`node${n.node}.cpu`] = metric(n.cpuPct, '% of 1 core');
  }
  return out;
}

export const sfuCascadeBench: Bench = {
  name: 'sfu.cascade',
  async run(ctx) {
    const run = await runCascade(ctx);
    return {
      metrics: summarize(run),
      limits:
        `Stopped by: ${run.stoppedBy}. Every Janus, the publisher bot and the counting receivers share ` +
        'this machine’s cores, so receivers per core here understate a pool spread over several hosts.',
      notes: [
        'NOTE: like sfu.fanout, this drives Janus directly (add_remote_publisher, publish_remotely, rtp_forward) on the Janus processes the server runs (JANUS_LOCAL_NODES=3); the pool logic itself is tested in packages/media/src/pool.int.test.ts.',
        'origin.cpuPerReplica: the origin’s CPU with every forwarding (and its reference receiver) minus its CPU before forwarding, per replica.',
      ],
      detail: { forwarded: run.forwarded, steps: run.steps },
    };
  },
};
