// Media quality as clients see it: the sample a client sends in `quality.report` every few seconds,
// how a client computes it from two getStats() readings, and the reporter that sends it, so that
// browsers and bots measure alike.
import { z } from 'zod';

/** A bitrate in kbit/s; 1 Gbit/s is far above anything a ward's line carries. */
const kbps = z.number().min(0).max(1_000_000);

/** One quality sample of a client over the last interval (rates are averages over it). */
export const QualitySample = z.object({
  /** Media sent on all publisher connections (camera and screen), kbit/s. */
  sendKbps: kbps,
  /**
   * What the line carried to the client on all its connections, kbit/s, as a router counts it:
   * every packet with its RTP, SRTP, UDP and IP headers, retransmissions and RTCP included. (Media
   * payload alone understates a congested line: retransmissions and headers take a third of it.)
   */
  recvKbps: kbps,
  /** Inbound packet loss over the interval, 0..100 %. */
  lossPct: z.number().min(0).max(100),
  /** Round-trip time to the media server, ms; null when the browser does not know it yet. */
  rttMs: z.number().min(0).max(60_000).nullable(),
  /** The sender's bandwidth estimate (availableOutgoingBitrate), kbit/s; null when unknown. */
  availableOutgoingKbps: kbps.nullable(),
  /**
   * Nothing had arrived at the start of the interval (the client just joined or reconnected), so
   * `recvKbps` counts bytes that flowed for only part of it. Absent from older clients: false.
   */
  partial: z.boolean().optional(),
});
export type QualitySample = z.infer<typeof QualitySample>;

/** How often clients report (the server accepts at most one report per 2 s per client). */
export const QUALITY_REPORT_INTERVAL_MS = 5_000;

/** One getStats() entry; only the fields read here. */
export interface RtcStatsEntry {
  readonly id: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** What getStats() resolves to, in browsers and in @roamhq/wrtc alike. */
export interface RtcStatsReportLike {
  forEach(callback: (entry: RtcStatsEntry) => void): void;
}

/** Cumulative RTP counters of one stream at one moment. */
interface StreamCounters {
  bytesSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
}

/** Cumulative counters of what one connection received, headers included. */
interface LineCounters {
  bytes: number;
  packets: number;
}

/** One reading of a client's connections: cumulative counters per RTP stream, plus current values. */
export interface QualityReading {
  atMs: number;
  /** Keyed by connection and stats id, so that a recreated connection counts as new streams. */
  streams: Map<string, StreamCounters>;
  /** What each connection received (keyed by connection and transport), headers included. */
  lines: Map<string, LineCounters>;
  rttMs: number | null;
  availableOutgoingKbps: number | null;
}

const num = (entry: RtcStatsEntry, key: string): number => {
  const v = entry[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

const round1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * Reads the counters of a client's connections. `connections` names each one (camera, screen,
 * subscriber) so that stats ids of different connections never collide.
 */
export function readQuality(
  atMs: number,
  connections: readonly { name: string; report: RtcStatsReportLike }[],
): QualityReading {
  const reading: QualityReading = {
    atMs,
    streams: new Map(),
    lines: new Map(),
    rttMs: null,
    availableOutgoingKbps: null,
  };
  for (const { name, report } of connections) {
    // NOTE: Chromium and libwebrtc report the transport's bytes (RTP and RTCP with their headers,
    // as UDP payload); browsers without transport stats get the RTP streams' payload and headers.
    let transport: LineCounters | null = null;
    const rtp: LineCounters = { bytes: 0, packets: 0 };
    report.forEach((entry) => {
      if (entry.type === 'transport' && typeof entry.bytesReceived === 'number') {
        transport ??= { bytes: 0, packets: 0 };
        transport.bytes += num(entry, 'bytesReceived');
        transport.packets += num(entry, 'packetsReceived');
        return;
      }
      if (entry.type === 'inbound-rtp') {
        rtp.bytes += num(entry, 'bytesReceived') + num(entry, 'headerBytesReceived');
        rtp.packets += num(entry, 'packetsReceived');
      }
      if (entry.type === 'outbound-rtp' || entry.type === 'inbound-rtp') {
        reading.streams.set(`${name}/${entry.id}`, {
          bytesSent: num(entry, 'bytesSent'),
          bytesReceived: num(entry, 'bytesReceived'),
          packetsReceived: num(entry, 'packetsReceived'),
          // NOTE: packetsLost may go negative (duplicates); never count that as negative loss.
          packetsLost: Math.max(0, num(entry, 'packetsLost')),
        });
        return;
      }
      if (entry.type !== 'candidate-pair' || entry.nominated !== true || entry.state !== 'succeeded') return;
      const rtt = entry.currentRoundTripTime;
      if (typeof rtt === 'number' && Number.isFinite(rtt))
        reading.rttMs = Math.max(reading.rttMs ?? 0, rtt * 1000);
      const available = entry.availableOutgoingBitrate;
      // Only a sending connection's estimate says what we could send; the subscriber's is about acks.
      if (name !== 'subscriber' && typeof available === 'number' && Number.isFinite(available))
        reading.availableOutgoingKbps = (reading.availableOutgoingKbps ?? 0) + available / 1000;
    });
    const line: LineCounters = transport ?? rtp;
    reading.lines.set(name, {
      bytes: line.bytes + UDP_IP_HEADER_BYTES * line.packets,
      packets: line.packets,
    });
  }
  return reading;
}

/** IPv4 (20) and UDP (8) headers of each packet, which no stats count but every line carries. */
const UDP_IP_HEADER_BYTES = 28;

/**
 * The sample between two readings: rates over the interval, loss as lost / (lost + received).
 * A stream that appeared since `prev` counts from zero; one that went away is left out. When
 * nothing had arrived before, the sample is `partial`. Null when no time passed.
 */
export function qualitySample(prev: QualityReading, next: QualityReading): QualitySample | null {
  const ms = next.atMs - prev.atMs;
  if (!(ms > 0)) return null;
  let sent = 0;
  let received = 0;
  let packets = 0;
  let lost = 0;
  for (const [key, now] of next.streams) {
    const before = prev.streams.get(key);
    const delta = (field: keyof StreamCounters): number => Math.max(0, now[field] - (before?.[field] ?? 0));
    sent += delta('bytesSent');
    packets += delta('packetsReceived');
    lost += delta('packetsLost');
  }
  // NOTE: a connection's counters restart when it is recreated (media reset): never negative.
  for (const [name, now] of next.lines) {
    const before = prev.lines.get(name)?.bytes ?? 0;
    received += now.bytes >= before ? now.bytes - before : now.bytes;
  }
  let receivedBefore = 0;
  for (const before of prev.streams.values()) receivedBefore += before.bytesReceived;
  const partial = receivedBefore === 0 && received > 0;
  const clamp = (v: number): number => Math.min(1_000_000, round1(v));
  return {
    // bytes × 8 / ms = kbit/s
    sendKbps: clamp((sent * 8) / ms),
    recvKbps: clamp((received * 8) / ms),
    lossPct: packets + lost > 0 ? Math.min(100, round1((lost / (packets + lost)) * 100)) : 0,
    rttMs: next.rttMs === null ? null : Math.min(60_000, Math.round(next.rttMs)),
    availableOutgoingKbps: next.availableOutgoingKbps === null ? null : clamp(next.availableOutgoingKbps),
    ...(partial ? { partial } : {}),
  };
}

export interface QualityReporterOptions {
  /** The client's open peer connections by name (camera, screen, subscriber). */
  connections(): { name: string; pc: { getStats(): Promise<RtcStatsReportLike> } }[];
  /** Sends one sample (`quality.report`); the caller drops it when not joined. */
  send(sample: QualitySample): void;
  now?: () => number;
  intervalMs?: number;
  /** A reading failed (a connection closed meanwhile); the next interval tries again. */
  onError?: (err: unknown) => void;
}

/**
 * Every interval, reads getStats() of every connection and reports the rates since the previous
 * reading. NOTE: the first reading only sets the baseline, so the first report comes after two.
 */
export class QualityReporter {
  readonly #opts: QualityReporterOptions;
  readonly #now: () => number;
  #previous: QualityReading | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: QualityReporterOptions) {
    this.#opts = options;
    this.#now = options.now ?? (() => performance.now());
  }

  start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.#opts.onError?.(err));
    }, this.#opts.intervalMs ?? QUALITY_REPORT_INTERVAL_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#previous = null;
  }

  /** One reading; sends a sample when there is a previous reading to compare with. */
  async tick(): Promise<void> {
    const connections = this.#opts.connections();
    const reports = await Promise.all(
      connections.map(async ({ name, pc }) => ({ name, report: await pc.getStats() })),
    );
    const reading = readQuality(this.#now(), reports);
    const previous = this.#previous;
    this.#previous = reading;
    const sample = previous ? qualitySample(previous, reading) : null;
    if (sample) this.#opts.send(sample);
  }
}
