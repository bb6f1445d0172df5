// The pre-meeting network test of a bridge point: the loopback signalling on /ws/nettest, the
// report a kiosk posts (one leg direct, one through TURN), the verdict rules and the summary of
// the samples, shared by the kiosk, the server and the tests so that all judge alike.
import { z } from 'zod';
import type { QualitySample } from './quality.js';
import { IceCandidate, IceServer } from './signalling.js';

/** WebSocket path of the network test's own signalling (separate from meetings: it never joins one). */
export const NETTEST_PATH = '/ws/nettest';

/** How the two legs reach Janus: straight (host/STUN), or only through our TURN relay. */
export const NETWORK_PATHS = ['direct', 'relay'] as const;
export type NetworkPath = (typeof NETWORK_PATHS)[number];

/** Which connection of the loopback a trickled candidate belongs to. */
export const NetTestTarget = z.enum(['publisher', 'subscriber']);
export type NetTestTarget = z.infer<typeof NetTestTarget>;

const sdp = z.string().min(1).max(64_000);

/** Client → server on /ws/nettest. Wire strings: never rename one. */
export const NetTestClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('nettest.start'), deviceToken: z.string().min(1).max(256) }),
  z.object({ type: z.literal('nettest.publish'), sdp }),
  z.object({ type: z.literal('nettest.trickle'), target: NetTestTarget, candidate: IceCandidate.nullable() }),
  z.object({ type: z.literal('nettest.subscribe') }),
  z.object({ type: z.literal('nettest.answer'), sdp }),
]);
export type NetTestClientMessage = z.infer<typeof NetTestClientMessage>;

/** Server → client on /ws/nettest. */
export const NetTestServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('nettest.ready'),
    iceServers: z.array(IceServer),
    /** True when our TURN relay is on (its servers are among `iceServers`). */
    turn: z.boolean(),
    /** The server ends the session after this long. */
    maxMs: z.number().int().positive(),
  }),
  z.object({ type: z.literal('nettest.publish.answer'), sdp }),
  z.object({ type: z.literal('nettest.subscribe.offer'), sdp }),
  z.object({ type: z.literal('nettest.subscribed') }),
  z.object({ type: z.literal('nettest.error'), code: z.string(), message: z.string() }),
]);
export type NetTestServerMessage = z.infer<typeof NetTestServerMessage>;

/** A bitrate in kbit/s (1 Gbit/s is far above a ward's line). */
const kbps = z.number().min(0, 'must be ≥ 0 kbit/s').max(1_000_000, 'must be ≤ 1,000,000 kbit/s');

/** ok: measured; failed: no media path (the error says where it stopped); unavailable: no TURN on the server. */
export const LEG_STATUSES = ['ok', 'failed', 'unavailable'] as const;

/** The result of one leg: loopback through Janus for a few seconds. */
export const NetworkLegSchema = z
  .object({
    status: z.enum(LEG_STATUSES),
    /** Why a leg failed, short and technical (e.g. `connect_timeout`, `media_unavailable`). */
    error: z.string().trim().max(200).optional(),
    /** Median round-trip time to Janus, ms. */
    rttMs: z.number().min(0, 'must be ≥ 0 ms').max(60_000, 'must be ≤ 60000 ms').nullable(),
    /** Inbound packet loss of the looped-back media, 0..100 %. */
    lossPct: z.number().min(0, 'must be ≥ 0 %').max(100, 'must be ≤ 100 %').nullable(),
    /** What the point can send: its sender's bandwidth estimate, or what it sent if higher. */
    upKbps: kbps.nullable(),
    /** What came back through Janus, kbit/s. */
    downKbps: kbps.nullable(),
    /** From the first offer to both connections up, ms. */
    connectMs: z.number().min(0).max(120_000).nullable(),
    /** Local candidate type of the selected pair: `relay` proves the TURN leg went through TURN. */
    route: z.enum(['host', 'srflx', 'prflx', 'relay']).nullable(),
    /** How the point reached Janus or TURN: udp, tcp or tls. */
    transport: z.enum(['udp', 'tcp', 'tls']).nullable(),
  })
  .superRefine((leg, ctx) => {
    if (leg.status !== 'ok') return;
    for (const key of ['rttMs', 'lossPct', 'upKbps', 'downKbps'] as const) {
      if (leg[key] === null)
        ctx.addIssue({ code: 'custom', path: [key], message: 'required when status is ok' });
    }
  });
export type NetworkLeg = z.infer<typeof NetworkLegSchema>;

/** `POST /api/kiosk/network-tests` (device token): what the kiosk measured. */
export const NetworkTestReportSchema = z.object({
  /** The device posting; must be the caller (a device reports for itself only). */
  deviceId: z.string().trim().min(1).max(64),
  /** The scheduled meeting the test was run for, or null for a test on demand. */
  meetingId: z.string().min(1).max(128).nullable(),
  trigger: z.enum(['auto', 'manual']),
  startedAt: z.iso.datetime({ offset: true }),
  hasCamera: z.boolean(),
  hasMicrophone: z.boolean(),
  direct: NetworkLegSchema,
  relay: NetworkLegSchema,
});
export type NetworkTestReport = z.infer<typeof NetworkTestReportSchema>;

export const NETWORK_VERDICTS = ['ready', 'degraded', 'failed'] as const;
export type NetworkVerdict = (typeof NETWORK_VERDICTS)[number];

/** Why a test is not simply ready. Wire strings (the web app translates them): never rename one. */
export const NETWORK_REASONS = [
  'connect_failed',
  'rtt_high',
  'loss_high',
  'up_low',
  'down_low',
  'no_camera',
  'no_microphone',
] as const;
export type NetworkReasonCode = (typeof NETWORK_REASONS)[number];

export interface NetworkReason {
  code: NetworkReasonCode;
  /** The leg it concerns; absent for the device's own camera and microphone. */
  leg?: NetworkPath;
  /** The measured value that broke the limit. */
  value?: number;
}

/**
 * Limits of the verdict. Ready: a camera meeting works (RTT < 300 ms, loss < 5 %, 300 kbit/s up
 * and down). Degraded: audio still works (64 kbit/s, RTT < 800 ms, loss < 15 %). Below: failed.
 */
export const NETWORK_LIMITS = {
  ready: { rttMs: 300, lossPct: 5, kbps: 300 },
  audio: { rttMs: 800, lossPct: 15, kbps: 64 },
} as const;

const RANK: Record<NetworkVerdict, number> = { ready: 0, degraded: 1, failed: 2 };
const worse = (a: NetworkVerdict, b: NetworkVerdict): NetworkVerdict => (RANK[a] >= RANK[b] ? a : b);
const better = (a: NetworkVerdict, b: NetworkVerdict): NetworkVerdict => (RANK[a] <= RANK[b] ? a : b);

/** The verdict of one leg, with the limits it broke; null for a leg that was not run (no TURN). */
export function legVerdict(
  leg: NetworkLeg,
  path: NetworkPath,
): { verdict: NetworkVerdict; reasons: NetworkReason[] } | null {
  if (leg.status === 'unavailable') return null;
  if (leg.status === 'failed') return { verdict: 'failed', reasons: [{ code: 'connect_failed', leg: path }] };
  const reasons: NetworkReason[] = [];
  let verdict: NetworkVerdict = 'ready';
  const check = (code: NetworkReasonCode, value: number | null, ready: boolean, audio: boolean): void => {
    if (ready) return;
    reasons.push({ code, leg: path, ...(value === null ? {} : { value }) });
    verdict = worse(verdict, audio ? 'degraded' : 'failed');
  };
  const { ready: r, audio: a } = NETWORK_LIMITS;
  const rtt = leg.rttMs ?? Infinity;
  const loss = leg.lossPct ?? 100;
  const up = leg.upKbps ?? 0;
  const down = leg.downKbps ?? 0;
  check('rtt_high', leg.rttMs, rtt < r.rttMs, rtt < a.rttMs);
  check('loss_high', leg.lossPct, loss < r.lossPct, loss < a.lossPct);
  check('up_low', leg.upKbps, up >= r.kbps, up >= a.kbps);
  check('down_low', leg.downKbps, down >= r.kbps, down >= a.kbps);
  return { verdict, reasons };
}

/**
 * The verdict of a whole test: the better of the two legs (a meeting falls back to TURN by
 * itself), capped at degraded when the point has no camera or microphone. The reasons list what
 * every leg missed, so that "direct blocked, TURN fine" stays visible behind a ready verdict.
 */
export function networkVerdict(
  report: Pick<NetworkTestReport, 'direct' | 'relay' | 'hasCamera' | 'hasMicrophone'>,
): { verdict: NetworkVerdict; reasons: NetworkReason[] } {
  const legs = [legVerdict(report.direct, 'direct'), legVerdict(report.relay, 'relay')].filter(
    (l): l is NonNullable<typeof l> => l !== null,
  );
  let verdict: NetworkVerdict = legs.map((l) => l.verdict).reduce(better, 'failed');
  const reasons = legs.flatMap((l) => l.reasons);
  if (!report.hasCamera) reasons.push({ code: 'no_camera' });
  if (!report.hasMicrophone) reasons.push({ code: 'no_microphone' });
  if (!report.hasCamera || !report.hasMicrophone) verdict = worse(verdict, 'degraded');
  return { verdict, reasons };
}

/** One test as the server keeps it: the report, when it arrived, and the server's verdict. */
export interface NetworkTestView {
  id: string;
  deviceId: string;
  bridgePointId: string;
  meetingId: string | null;
  trigger: 'auto' | 'manual';
  startedAt: string;
  /** When the server received it (ISO 8601 UTC). */
  at: string;
  hasCamera: boolean;
  hasMicrophone: boolean;
  direct: NetworkLeg;
  relay: NetworkLeg;
  verdict: NetworkVerdict;
  reasons: NetworkReason[];
}

/** One bridge point's readiness: its paired device (if any) and that device's last test. */
export interface ReadinessRow {
  bridgePoint: { id: string; name: string };
  /** True for the meeting's host point. */
  host: boolean;
  device: { id: string; label: string; online: boolean; lastHeartbeatAt: string | null } | null;
  test: NetworkTestView | null;
  /** The last test is older than `READINESS_STALE_MS`: run it again before relying on it. */
  stale: boolean;
}

/** A test older than this says little about the line today. */
export const READINESS_STALE_MS = 2 * 60 * 60_000;

/** `GET /api/meetings/:id/readiness` (the meeting's editors) and `GET /api/devices/readiness` (admins). */
export interface ReadinessResponse {
  rows: ReadinessRow[];
}

/** `POST /api/kiosk/network-tests` answers with the stored test. */
export type NetworkTestPostResponse = NetworkTestView;

/** What a leg's samples (one per second of loopback) add up to. */
export interface NetworkSummary {
  rttMs: number | null;
  lossPct: number | null;
  upKbps: number | null;
  downKbps: number | null;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const mean = (values: number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/**
 * Sums up a leg's samples (`qualitySample` of the loopback's two connections, one per interval).
 * RTT is the median (one retransmission spike does not fail a line); loss is over the whole run.
 * Bitrates come from the second half only: the sender's bandwidth estimate ramps up during the
 * first seconds, so the early samples say more about the ramp than about the line. Up is the
 * larger of the estimate and what was really sent; down is what really came back through Janus.
 */
export function summarizeNetworkStats(samples: readonly QualitySample[]): NetworkSummary {
  if (samples.length === 0) return { rttMs: null, lossPct: null, upKbps: null, downKbps: null };
  const steady = samples.slice(Math.floor(samples.length / 2));
  const rtts = samples.map((s) => s.rttMs).filter((v): v is number => v !== null);
  const estimates = steady.map((s) => s.availableOutgoingKbps).filter((v): v is number => v !== null);
  const sent = mean(steady.map((s) => s.sendKbps)) ?? 0;
  return {
    rttMs: round1(median(rtts)),
    lossPct: round1(mean(samples.map((s) => s.lossPct))),
    upKbps: round1(Math.max(sent, median(estimates) ?? 0)),
    downKbps: round1(mean(steady.map((s) => s.recvKbps))),
  };
}
