// weaklines: audio continuity and video of a bridge point on a bad line. A speaking bot publishes
// simulcast; a receiving bot runs in a network namespace of its own behind the media bridge whose
// downlink is clean, loses 10 % of packets at random, loses them in bursts (Gilbert–Elliott), or
// is capped at 150 kbit/s (see packages/bots/src/netns.ts), or is 150 ms away with ± 40 ms jitter
// (this kernel has no netem: the receiver's media goes through TURN over UDP, and that leg through
// a relay that holds each datagram, packages/bots/src/udp-delay.ts).
import { spawn } from 'node:child_process';
import {
  BOT_CLI,
  BOT_LAN_GATEWAY,
  botCliReport,
  createShapedHost,
  LOSS,
  SHAPES,
  UdpDelayProxy,
  withOrigin,
} from '@diemcau/bots';
import type { BotReport, DelayProfile, ShapedHost } from '@diemcau/bots';
import { freePort, startServerChild } from '../lib/server-child.js';
import type { ServerChild } from '../lib/server-child.js';
import type { Metric } from '../lib/results.js';
import { metric } from './types.js';
import type { Bench } from './types.js';

const SPEAKER = 'Hội trường UBND phường';
const RECEIVER = 'Khu phố 9 (mạng yếu)';

interface Profile {
  name: string;
  apply: (host: ShapedHost) => Promise<void>;
  /** Receiver run and measured window (from `measureAfter` s after joining), quick and full. */
  seconds: [number, number];
  measureAfter: [number, number];
  /** Needs a long run (the receive adaptation settles after a few 5 s quality reports): full runs only. */
  fullOnly?: boolean;
  /** Media only through TURN over UDP, via a relay that delays it this much. */
  delay?: DelayProfile;
}

const PROFILES: Profile[] = [
  { name: 'clean', apply: () => Promise.resolve(), seconds: [8, 30], measureAfter: [2, 5] },
  { name: 'loss10', apply: (h) => h.loss(LOSS.random(10)), seconds: [8, 30], measureAfter: [2, 5] },
  { name: 'bursty', apply: (h) => h.loss(LOSS.bursty()), seconds: [8, 30], measureAfter: [2, 5] },
  {
    name: 'rate150k',
    apply: (h) => h.shape('downlink', SHAPES.rate(150)),
    seconds: [45, 45],
    measureAfter: [25, 25],
    fullOnly: true,
  },
  {
    name: 'delay150j40',
    apply: () => Promise.resolve(),
    seconds: [8, 30],
    measureAfter: [2, 5],
    delay: { delayMs: 150, jitterMs: 40 },
  },
];

interface Figures {
  audioGapMaxMs: number;
  concealedPct: number;
  audioLostPct: number;
  videoFps: number;
  videoFreezeMaxMs: number;
  width: number;
  mode: string;
  lineDroppedPct: number;
  bursts: number;
  burstMeanMs: number;
  /** Largest round trip in the receiver's quality reports, ms (null: none reported). */
  rttMaxMs: number | null;
  /** The delaying relay: mean one-way delay it added and how many datagrams it reordered. */
  relay: { meanDelayMs: number; reordered: number; datagrams: number } | null;
  /** The speaker's video in the window: NACKs and key frame requests sent, key frames, drops. */
  video: BotReport['videoRecovery'][string] | null;
}

/** One receiver in `host` under `profile`: its figures over the measured window. */
async function receive(
  server: ServerChild,
  host: ShapedHost,
  profile: Profile,
  quick: boolean,
  turnPort: number,
): Promise<Figures> {
  const seconds = profile.seconds[quick ? 0 : 1];
  const measureAfter = profile.measureAfter[quick ? 0 : 1];
  const relay = profile.delay
    ? await UdpDelayProxy.start({
        host: host.gateway,
        target: { host: host.gateway, port: turnPort },
        profile: profile.delay,
      })
    : null;
  try {
    await profile.apply(host);
    const link = withOrigin(server.link(RECEIVER, RECEIVER), await host.expose(server.origin));
    const args = [BOT_CLI, '--link', link, '--seconds', String(seconds), '--no-publish', '--json'];
    if (relay) args.push('--relay', '--turn-transport', 'udp', '--turn-via', `${host.gateway}:${relay.port}`);
    const report = await botCliReport(
      host.spawn(process.execPath, [...args, '--measure-after', String(measureAfter)]),
    );
    const line = await host.lossCounters();
    if (report.fatal) throw new Error(`receiver failed: ${report.fatal.message}`);
    // NOTE: the speaker shares the bench's one invitation, so match its stream by its pixels.
    const got = report.received.find((s) => s.source === 'camera' && s.decodedLabel !== null);
    if (!got) throw new Error(`${profile.name}: nothing received from the speaker`);
    const audio = report.audioConcealment[`${got.participantId}/camera`];
    const windowS = (report.durationMs - (report.joinedMs ?? 0)) / 1000 - measureAfter;
    const lost = audio ? audio.packetsLost / Math.max(1, audio.packetsLost + audio.packetsReceived) : NaN;
    const rtts = report.qualitySamples.flatMap((q) => (q.rttMs === null ? [] : [q.rttMs]));
    const held = relay?.stats();
    return {
      audioGapMaxMs: got.audioGapMaxMs,
      concealedPct: audio ? (audio.concealedMs / (windowS * 1000)) * 100 : NaN,
      audioLostPct: lost * 100,
      videoFps: got.measuredVideoFrames / windowS,
      videoFreezeMaxMs: got.videoGapMaxMs,
      width: got.measuredVideoFrames > 0 ? got.width : 0,
      mode: report.receiveModes.at(-1)?.mode ?? 'full',
      lineDroppedPct: line.seen > 0 ? (line.dropped / line.seen) * 100 : 0,
      bursts: line.bursts,
      burstMeanMs: line.burstMeanMs,
      rttMaxMs: rtts.length > 0 ? Math.max(...rtts) : null,
      relay: held
        ? { meanDelayMs: held.meanDelayMs, reordered: held.reordered, datagrams: held.up + held.down }
        : null,
      video: report.videoRecovery[`${got.participantId}/camera`] ?? null,
    };
  } finally {
    await relay?.close();
    await host.shape('downlink', null);
    await host.loss(null);
  }
}

/** The speaker (its own process) while `profiles` are received, each on its own host, at once. */
async function measure(
  server: ServerChild,
  hosts: ShapedHost[],
  profiles: Profile[],
  quick: boolean,
  turnPort: number,
) {
  const longest = Math.max(...profiles.map((p) => p.seconds[quick ? 0 : 1]));
  const speakerArgs = [BOT_CLI, '--link', server.link(SPEAKER, SPEAKER), '--simulcast', '--json'];
  const speaker = spawn(process.execPath, [...speakerArgs, '--seconds', String(longest + 8)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spoke = botCliReport(speaker);
  spoke.catch(() => undefined);
  try {
    return await Promise.all(
      profiles.map((profile, i) => {
        const host = hosts[i];
        if (!host) throw new Error('a host per profile');
        return receive(server, host, profile, quick, turnPort);
      }),
    );
  } finally {
    speaker.kill('SIGINT');
    await spoke.catch(() => undefined);
  }
}

export const weakLinesBench: Bench = {
  name: 'weaklines',
  async run(ctx) {
    const profiles = PROFILES.filter((p) => !(ctx.quick && p.fullOnly));
    const hosts: ShapedHost[] = [];
    const metrics: Record<string, Metric> = {};
    const detail: Record<string, unknown> = {};
    let server: ServerChild | null = null;
    try {
      // NOTE: quick runs receive every profile at once (one host each); full runs one at a time.
      // The hosts come first: they create the bridge address coturn listens on.
      for (let i = 0; i < (ctx.quick ? profiles.length : 1); i++) {
        hosts.push(await createShapedHost({ index: 43 + i }));
      }
      const turnPort = await freePort();
      // NOTE: coturn's relay ports above Janus's RTP range and the kernel's ephemeral ports.
      const relayMin = 61_000 + Math.floor(Math.random() * 40) * 100;
      server = await startServerChild({
        janus: true,
        env: {
          TURN_ENABLED: '1',
          TURN_PORT: String(turnPort),
          TURN_LISTEN_ADDR: BOT_LAN_GATEWAY,
          TURN_RELAY_MIN: String(relayMin),
          TURN_RELAY_MAX: String(relayMin + 99),
        },
      });
      const rounds = ctx.quick ? [profiles] : profiles.map((p) => [p]);
      for (const round of rounds) {
        const figures = await measure(server, hosts, round, ctx.quick, turnPort);
        round.forEach((profile, i) => {
          const f = figures[i];
          if (!f) return;
          ctx.log(`${profile.name}: ${JSON.stringify(f)}`);
          detail[profile.name] = f;
          const p = profile.name;
          metrics[`${p}.audioGapMax`] = metric(f.audioGapMaxMs, 'ms', 'lower');
          metrics[`${p}.concealed`] = metric(f.concealedPct, '%', 'lower');
          metrics[`${p}.audioLost`] = metric(f.audioLostPct, '%');
          metrics[`${p}.videoFps`] = metric(f.videoFps, 'fps', 'higher');
          metrics[`${p}.videoFreezeMax`] = metric(f.videoFreezeMaxMs, 'ms', 'lower');
          if (f.relay) metrics[`${p}.addedDelay`] = metric(f.relay.meanDelayMs, 'ms');
          if (profile.delay && f.rttMaxMs !== null) metrics[`${p}.rttMax`] = metric(f.rttMaxMs, 'ms');
        });
      }
    } finally {
      await server?.stop();
      for (const host of hosts) await host.close();
    }
    return {
      metrics,
      limits:
        "the kernel here has no netem: loss is dropped by nftables in the receiver's namespace, the " +
        'rate cap is a tbf queue of 80 ms, and delay/jitter is added by a userspace relay on the ' +
        "receiver's TURN-over-UDP leg (each datagram held 150 ± 40 ms each way, uniform, so packets " +
        'reorder; timer lateness adds a little). The speaker sends 640×360 ' +
        'simulcast (wrtc sends two layers, 640 and 320 wide); receivers decode. Figures cover the ' +
        'measured window only. Quick runs receive the profiles at once for 8 s and leave out ' +
        '150 kbit/s (the adaptation needs ~20 s to settle).',
      notes: [
        'audioGapMax: longest run of silent played-out audio (RMS < 0.02), on the audio clock',
        'concealed: audio the jitter buffer invented (concealedSamples) over the measured window',
        'bursty: 20 ms slots, good→bad 5 %, bad→good 30 %, all packets lost while bad (mean burst ≈ 67 ms, ≈ 14 % of the time)',
      ],
      detail,
    };
  },
};
