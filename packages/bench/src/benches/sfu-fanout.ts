// sfu.fanout: how many receivers one Janus core can feed. A publisher bot sends ≈800 kbit/s video
// plus audio; Janus rtp_forwards it to N plain UDP sockets that count packets and sequence gaps
// (no ICE, DTLS or decoding). A bare Node UDP relay doing the same fan-out is the ceiling.
import { loadWrtc } from '@diemcau/bots';
import type { RelayReply, RelayRequest, SinkReply, SinkRequest } from '../fixtures/ipc.js';
import { forkHelper } from '../lib/helper.js';
import type { Helper } from '../lib/helper.js';
import { JanusAdmin } from '../lib/janus-admin.js';
import { ProcWindow, machineBusy, mib } from '../lib/proc.js';
import { startServerChild } from '../lib/server-child.js';
import type { Metric } from '../lib/results.js';
import { startPublisher } from './join.js';
import { metric, sleep } from './types.js';
import type { Bench, BenchContext } from './types.js';

const HOST = '127.0.0.1';
const MAX_LOSS = 0.01;
const MAX_CPU = 90;
/** Loopback UDP pushes back on the sender instead of dropping, so falling behind shows as rate, not loss. */
const MIN_DELIVERY = 0.95;
/** The publisher's own rate may fall (its congestion control reacts to a busy machine or Janus thread). */
const MIN_INPUT = 0.85;

type Sink = Helper<SinkRequest, SinkReply>;
type Relay = Helper<RelayRequest, RelayReply>;

export interface FanoutStep {
  receivers: number;
  /** Forwarder (Janus or relay) CPU, % of one core. */
  cpuPct: number;
  rssMiB: number;
  /** Receiving helper's CPU, % of one core. */
  sinkCpuPct: number;
  packetsPerSecond: number;
  kbitPerReceiver: number;
  loss: number;
  silent: number;
  /** Packets per receiver ÷ packets at the reference socket in the same window: below 1 means queues grow. */
  delivery: number;
  /** Packets/s at the reference socket: the publisher's input as Janus forwards it. */
  inputPps: number;
  /** Busy share of all the machine's cores during the window, %. */
  machineBusyPct: number;
}

/** Why a sweep stopped, or null to go on. `inputAtStart` is the reference rate at the first step. */
export function stopReason(s: FanoutStep, inputAtStart: number): string | null {
  if (s.inputPps < MIN_INPUT * inputAtStart)
    return `the publisher's input fell to ${((s.inputPps / inputAtStart) * 100).toFixed(0)} % at N=${s.receivers} (machine ${s.machineBusyPct.toFixed(0)} % busy)`;
  if (s.loss > MAX_LOSS) return `loss ${(s.loss * 100).toFixed(1)} % > 1 % at N=${s.receivers}`;
  if (s.delivery < MIN_DELIVERY)
    return `only ${(s.delivery * 100).toFixed(0)} % of the input rate reached the receivers at N=${s.receivers}`;
  if (s.silent > 0) return `${s.silent} receivers got nothing at N=${s.receivers}`;
  if (s.cpuPct > MAX_CPU)
    return `forwarder CPU ${s.cpuPct.toFixed(0)} % > 90 % of a core at N=${s.receivers}`;
  if (s.sinkCpuPct > MAX_CPU)
    return `the counting receivers (one Node process) saturated at N=${s.receivers}`;
  return null;
}

/** The last step that passed, or null. */
export function lastGood(steps: readonly FanoutStep[]): FanoutStep | null {
  return (
    [...steps].reverse().find((s) => s.loss <= MAX_LOSS && s.silent === 0 && s.delivery >= MIN_DELIVERY) ??
    null
  );
}

interface Sweep {
  steps: FanoutStep[];
  stoppedBy: string;
}

interface Windows {
  /** Pause after growing to N receivers, before counting. */
  settleMs: number;
  measureMs: number;
}

async function measureStep(n: number, forwarderPid: number, sink: Sink, w: Windows): Promise<FanoutStep> {
  await sleep(w.settleMs);
  await sink.call({ op: 'reset' }, 'reset');
  const window = new ProcWindow([forwarderPid, sink.pid]);
  const busy = machineBusy();
  await sleep(w.measureMs);
  const report = await sink.call({ op: 'report', count: n }, 'report');
  const usage = window.stop();
  const machineBusyPct = busy();
  const fwd = usage.get(forwarderPid);
  const seconds = report.elapsedMs / 1000;
  const pps = report.packets / seconds;
  return {
    receivers: n,
    cpuPct: fwd?.cpuPercent ?? 0,
    rssMiB: fwd ? mib(fwd.rssMaxBytes) : 0,
    sinkCpuPct: usage.get(sink.pid)?.cpuPercent ?? 0,
    packetsPerSecond: pps,
    kbitPerReceiver: (report.bytes * 8) / 1000 / seconds / Math.max(1, n),
    loss: report.expected > 0 ? report.lost / report.expected : 1,
    silent: report.silent,
    delivery: report.referencePackets > 0 ? report.packets / n / report.referencePackets : 0,
    inputPps: report.referencePackets / seconds,
    machineBusyPct,
  };
}

async function sweep(
  sizes: readonly number[],
  grow: (n: number) => Promise<void>,
  forwarderPid: number,
  sink: Sink,
  windows: Windows,
  log: (m: string) => void,
): Promise<Sweep> {
  const steps: FanoutStep[] = [];
  for (const n of sizes) {
    await grow(n);
    const s = await measureStep(n, forwarderPid, sink, windows);
    steps.push(s);
    log(
      `  N=${n}: cpu ${s.cpuPct.toFixed(1)} %, sink ${s.sinkCpuPct.toFixed(1)} %, ${Math.round(s.packetsPerSecond)} pkt/s (${(s.delivery * 100).toFixed(0)} % of the reference), input ${Math.round(s.inputPps)} pkt/s, machine ${s.machineBusyPct.toFixed(0)} % busy, loss ${(s.loss * 100).toFixed(2)} %`,
    );
    const why = stopReason(s, steps[0]?.inputPps ?? s.inputPps);
    if (why) return { steps, stoppedBy: why };
  }
  return { steps, stoppedBy: `largest step tried (N=${sizes.at(-1)}) passed` };
}

function summary(prefix: string, sw: Sweep): Record<string, Metric> {
  const best = lastGood(sw.steps);
  const first = sw.steps[0];
  const perCore = best && best.cpuPct > 0 ? 100 / best.cpuPct : null;
  const out: Record<string, Metric> = {
    [`${prefix}.maxReceivers`]: metric(best?.receivers ?? null, 'receivers (all checks passed)', 'higher'),
    [`${prefix}.cpuAtMax`]: metric(best?.cpuPct ?? null, '% of 1 core'),
    [`${prefix}.receiversPerCore`]: metric(
      best && perCore ? best.receivers * perCore : null,
      'receivers per core',
      'higher',
    ),
    [`${prefix}.packetsPerCore`]: metric(
      best && perCore ? best.packetsPerSecond * perCore : null,
      'packets/s per core',
      'higher',
    ),
  };
  if (best && first && best.receivers > first.receivers) {
    out[`${prefix}.rssPerReceiver`] = metric(
      ((best.rssMiB - first.rssMiB) * 1024) / (best.receivers - first.receivers),
      'KiB per receiver',
      'lower',
    );
  }
  return out;
}

async function forwardTo(admin: JanusAdmin, room: string, publisher: string, port: number): Promise<void> {
  const data = await admin.videoroom({
    request: 'rtp_forward',
    room,
    publisher_id: publisher,
    host: HOST,
    host_family: 'ipv4',
    // NOTE: the bot adds audio before video, so mids 0 and 1; both go to one port (told apart by SSRC).
    streams: [
      { mid: '0', port },
      { mid: '1', port },
    ],
  });
  const forwarded = Array.isArray(data.forwarders) ? data.forwarders.length : 0;
  if (forwarded !== 2) throw new Error(`rtp_forward set up ${forwarded} streams: ${JSON.stringify(data)}`);
}

/** The publisher's Janus id, once Janus counts it as publishing (after ICE and DTLS, not at the answer). */
async function findPublisher(admin: JanusAdmin, room: string): Promise<string> {
  let list: { id: unknown; publisher?: boolean }[] = [];
  for (let i = 0; i < 100; i++) {
    const data = await admin.videoroom({ request: 'listparticipants', room });
    list = (data.participants ?? []) as typeof list;
    const pub = list.find((p) => p.publisher);
    if (pub) return String(pub.id);
    await sleep(100);
  }
  throw new Error(`no publisher in room ${room}: ${JSON.stringify(list)}`);
}

async function runFanout(ctx: BenchContext): Promise<{ janus: Sweep; relay: Sweep; janusIdleCpu: number }> {
  // NOTE: the quick run keeps the first step (the input reference) and one loaded step.
  const sizes = ctx.quick ? [1, 50] : [1, 10, 25, 50, 100, 200, 400, 800, 1600];
  const windows: Windows = ctx.quick
    ? { settleMs: 500, measureMs: 2000 }
    : { settleMs: 1000, measureMs: 5000 };
  const wrtc = await loadWrtc();
  const server = await startServerChild({ janus: true });
  const sink: Sink = forkHelper('udp-sink');
  const relay: Relay = forkHelper('udp-relay');
  let admin: JanusAdmin | undefined;
  let publisher: Awaited<ReturnType<typeof startPublisher>> | undefined;
  try {
    publisher = await startPublisher(server, wrtc, 'Hội trường UBND phường', 800);
    const janusPid = server.janusPid();
    if (janusPid === null) throw new Error('Janus process not found under the server');
    admin = await JanusAdmin.connect(`ws://127.0.0.1:${server.janusWsPort}`, server.janusApiSecret());
    const room = server.meetingId;
    const pubId = await findPublisher(admin, room);
    const idle = new ProcWindow([janusPid]);
    await sleep(2000);
    const janusIdleCpu = idle.stop().get(janusPid)?.cpuPercent ?? 0;

    // The reference socket: one Janus forwarder straight to it, to know the input rate of each window.
    const [reference] = (await sink.call({ op: 'open', count: 1, host: HOST }, 'opened')).ports;
    await forwardTo(admin, room, pubId, reference ?? 0);
    const ports: number[] = [];
    const ensurePorts = async (n: number): Promise<void> => {
      if (n <= ports.length) return;
      const opened = await sink.call({ op: 'open', count: n - ports.length, host: HOST }, 'opened');
      ports.push(...opened.ports);
    };

    ctx.log('sfu.fanout: bare Node UDP relay (ceiling)');
    const { port: relayPort } = await relay.call({ op: 'start', host: HOST }, 'started');
    await forwardTo(admin, room, pubId, relayPort);
    const relaySweep = await sweep(
      sizes,
      async (n) => {
        await ensurePorts(n);
        await relay.call({ op: 'targets', ports: ports.slice(0, n) }, 'targets');
      },
      relay.pid,
      sink,
      windows,
      ctx.log,
    );
    await relay.call({ op: 'targets', ports: [] }, 'targets');
    await relay.stop();

    ctx.log('sfu.fanout: Janus rtp_forward');
    let forwarded = 0;
    const janusSweep = await sweep(
      sizes,
      async (n) => {
        await ensurePorts(n);
        for (; forwarded < n; forwarded++)
          await forwardTo(admin as JanusAdmin, room, pubId, ports[forwarded] ?? 0);
      },
      janusPid,
      sink,
      windows,
      ctx.log,
    );
    return { janus: janusSweep, relay: relaySweep, janusIdleCpu };
  } finally {
    await admin?.close().catch(() => undefined);
    publisher?.bot.stop();
    await publisher?.done.catch(() => undefined);
    await relay.stop().catch(() => undefined);
    await sink.stop().catch(() => undefined);
    await server.stop();
  }
}

export const sfuFanoutBench: Bench = {
  name: 'sfu.fanout',
  async run(ctx) {
    const { janus, relay, janusIdleCpu } = await runFanout(ctx);
    const j = summary('janus', janus);
    const r = summary('relay', relay);
    const jp = j['janus.packetsPerCore']?.value ?? null;
    const rp = r['relay.packetsPerCore']?.value ?? null;
    const input = janus.steps[0];
    return {
      metrics: {
        'input.bitrate': metric(input?.kbitPerReceiver ?? null, 'kbit/s (video + audio)'),
        'janus.cpuWithNoForward': metric(janusIdleCpu, '% of 1 core'),
        ...j,
        ...r,
        'janus.vsRelay': metric(jp !== null && rp ? jp / rp : null, 'ratio of packets/s per core', 'higher'),
      },
      limits:
        `Janus stopped by: ${janus.stoppedBy}; relay stopped by: ${relay.stoppedBy}. ` +
        'Every process (publisher bot, Janus or the relay, the counting receivers, loopback softirq) ' +
        'shares the same cores, so on a small machine the sweep usually ends because the machine is ' +
        'full (the publisher’s congestion control then lowers its rate), not because one forwarder is. ' +
        'rtp_forward is plain RTP (no SRTP, no RTCP feedback), so real subscribers cost Janus more per packet.',
      notes: [
        'NOTE: this bench drives Janus directly over its WebSocket API (rtp_forward), bypassing @diemcau/media, which has no forwarding.',
        'per-core figures divide by the forwarder’s measured CPU at the largest step that passed every check (loss ≤ 1 %, input ≥ 85 % of its start, receivers ≥ 95 % of the input); N receivers plus one reference socket',
      ],
      detail: { janus: janus.steps, relay: relay.steps },
    };
  },
};
