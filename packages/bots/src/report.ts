// The bot's result: what it joined as, how fast, and what it received from whom. This JSON is
// the contract with test harnesses (printed as the CLI's last line with --json).
import type { QualitySample, ReceiveMode, ReceiveReason } from '@diemcau/protocol';
import type { AudioConcealment, InboundVideo } from './inbound.js';
import type { MixReport } from './mix-listener.js';
import type { RemoteStats } from './receiver.js';
import type { SelectedRoute } from './stats.js';

export interface BotErrorRecord {
  code: string;
  message: string;
  /** Milliseconds since the bot started. */
  atMs: number;
}

export interface BotReport {
  name: string;
  meetingId: string;
  selfId: string | null;
  /** ms from start to `joined`; null when the join never completed. */
  joinedMs: number | null;
  /** ms from start to the first decoded remote video frame; null when none came. */
  firstRemoteFrameMs: number | null;
  durationMs: number;
  received: RemoteStats[];
  published: {
    videoFrames: number;
    audioChunks: number;
    toneHz: number;
    /** The label code drawn into every frame, as 8 hex digits. */
    labelCode: string;
    /** ms from start to `publish.answer` (of the latest publish). */
    answeredMs: number | null;
  } | null;
  /** Label of the last participant the server announced as the active speaker. */
  activeSpeaker: string | null;
  mutedAtMs: number | null;
  mediaResets: number;
  subscribeOffers: number;
  lastOfferVersion: number | null;
  candidates: { sent: number; dropped: number; remoteDropped: number };
  /** Selected ICE pairs as `local -> remote` addresses, read from getStats before closing. */
  selectedPairs: { publisher: string | null; subscriber: string | null };
  /** The same pairs with candidate types and transports (a relay over TCP shows here). */
  selectedRoutes: { publisher: SelectedRoute | null; subscriber: SelectedRoute | null };
  /** CPU of the whole process over the run, percent of one core. */
  processCpuPercent: number;
  errors: BotErrorRecord[];
  /** Signalling drops the bot recovered from: when it dropped, when it was back, after how many tries. */
  rejoins: { droppedAtMs: number; rejoinedAtMs: number; attempts: number }[];
  /** Audio concealment per `participantId/source` over the measured window (see inbound.ts). */
  audioConcealment: Record<string, AudioConcealment>;
  /** Video loss recovery per `participantId/source` over the measured window (see inbound.ts). */
  videoRecovery: Record<string, InboundVideo>;
  /** `quality.report` messages sent. */
  qualityReports: number;
  /** The last quality samples sent (at most 50), with when: what the server's estimate saw. */
  qualitySamples: (QualitySample & { atMs: number })[];
  /** Every `receive.mode` the server sent (its receive adaptation for this bot), in order. */
  receiveModes: { mode: ReceiveMode; reason: ReceiveReason; budgetKbps: number | null; atMs: number }[];
  /** The mixed-audio connection (see mix-listener.ts); null when the server never put the bot on it. */
  mixedAudio: MixReport | null;
  /** Audio streams on the subscriber connection at the end (0 while all audio comes mixed). */
  subscriberAudioStreams: number;
  /** Set when the run ended because of an error; the CLI then exits non-zero. */
  fatal: { code: string; message: string } | null;
}

/** The report of a bot that has not joined yet; the bot fills it in as it runs. */
export function emptyReport(name: string, meetingId: string): BotReport {
  return {
    name,
    meetingId,
    selfId: null,
    joinedMs: null,
    firstRemoteFrameMs: null,
    durationMs: 0,
    received: [],
    published: null,
    activeSpeaker: null,
    mutedAtMs: null,
    mediaResets: 0,
    subscribeOffers: 0,
    lastOfferVersion: null,
    candidates: { sent: 0, dropped: 0, remoteDropped: 0 },
    selectedPairs: { publisher: null, subscriber: null },
    selectedRoutes: { publisher: null, subscriber: null },
    processCpuPercent: 0,
    errors: [],
    fatal: null,
    rejoins: [],
    audioConcealment: {},
    videoRecovery: {},
    qualityReports: 0,
    qualitySamples: [],
    receiveModes: [],
    mixedAudio: null,
    subscriberAudioStreams: 0,
  };
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** A few readable lines for people (the CLI without --json). */
export function formatReport(report: BotReport): string {
  const lines = [
    `bot ${report.name} in meeting ${report.meetingId} as ${report.selfId ?? '(not joined)'}`,
    `  joined after ${report.joinedMs ?? '-'} ms; first remote frame after ${report.firstRemoteFrameMs ?? '-'} ms; ran ${report.durationMs} ms; cpu ${report.processCpuPercent}%`,
  ];
  if (report.published) {
    const p = report.published;
    lines.push(
      `  sent ${p.videoFrames} video frames, ${p.audioChunks} audio chunks (${p.toneHz} Hz, code ${p.labelCode})`,
    );
  }
  lines.push(`  received from ${report.received.length} source(s):`);
  for (const r of report.received) {
    const decoded =
      r.decodedLabel === null
        ? 'no code'
        : `decoded "${r.decodedLabel}" ${r.matchingFrames}/${r.videoFrames}`;
    lines.push(
      `    ${r.from} [${r.source}]${r.left ? ' (left)' : ''}: video ${r.videoFrames} frames ${r.width}x${r.height}, ${decoded}; audio ${r.audioFrames} frames rms ${round(r.audioRms, 3)} ~${Math.round(r.audioHz)} Hz`,
    );
  }
  for (const [which, route] of Object.entries(report.selectedRoutes)) {
    if (!route) continue;
    const how = route.local.relayProtocol
      ? `${route.local.type} over ${route.local.relayProtocol}`
      : route.local.type;
    lines.push(
      `  ${which} route: ${how} ${route.local.address}:${route.local.port ?? '?'} -> ${route.remote.type} ${route.remote.address}:${route.remote.port ?? '?'}`,
    );
  }
  if (report.activeSpeaker) lines.push(`  active speaker: ${report.activeSpeaker}`);
  if (report.mediaResets > 0) lines.push(`  media resets: ${report.mediaResets}`);
  for (const e of report.errors) lines.push(`  error at ${e.atMs} ms: ${e.code}: ${e.message}`);
  if (report.fatal) lines.push(`  FATAL ${report.fatal.code}: ${report.fatal.message}`);
  return lines.join('\n');
}
