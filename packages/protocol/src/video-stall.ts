// Tells when a received picture is stuck: its packets keep arriving but no frame decodes (losses
// that retransmission could not repair leave the decoder waiting for a key frame). libwebrtc asks
// the sender for one by itself only after ~3 s; a client that notices sooner sends `video.stalled`
// and the server asks the publisher (see the server's RoomAdaptation.keyframeFor). Shared by the
// web app and the bots; fed with getStats() readings of the inbound video streams.

/** One inbound video stream at one reading (inbound-rtp framesDecoded and packetsReceived). */
export interface InboundVideoReading {
  /** Whatever names the stream for the caller (its mid, or participant and source). */
  key: string;
  framesDecoded: number;
  packetsReceived: number;
}

/** No frame decoded for this long while packets arrive: the picture is stuck. */
export const STALL_AFTER_MS = 1_000;
/** At least this many packets arrived meanwhile (a paused or idle stream is not stuck). */
export const STALL_MIN_PACKETS = 10;
/** A stream still stuck is reported again after this long (the first key frame may be lost too). */
export const STALL_REPEAT_MS = 1_500;

interface StreamState {
  frames: number;
  packets: number;
  /** When a frame last decoded (or the stream was first seen), and the packet count then. */
  progressAtMs: number;
  packetsAtProgress: number;
  reportedAtMs: number | null;
}

export class VideoStallDetector {
  readonly #streams = new Map<string, StreamState>();

  /**
   * Takes a reading of every inbound video stream; returns the keys of the streams to report as
   * stuck now. Streams missing from a reading are forgotten; counters that went back (a new
   * connection) start the stream over.
   */
  update(readings: readonly InboundVideoReading[], nowMs: number): string[] {
    const due: string[] = [];
    const seen = new Set<string>();
    for (const r of readings) {
      seen.add(r.key);
      const s = this.#streams.get(r.key);
      if (!s || r.framesDecoded < s.frames || r.packetsReceived < s.packets) {
        this.#streams.set(r.key, {
          frames: r.framesDecoded,
          packets: r.packetsReceived,
          progressAtMs: nowMs,
          packetsAtProgress: r.packetsReceived,
          reportedAtMs: null,
        });
        continue;
      }
      if (r.framesDecoded > s.frames) {
        s.progressAtMs = nowMs;
        s.packetsAtProgress = r.packetsReceived;
        s.reportedAtMs = null;
      }
      s.frames = r.framesDecoded;
      s.packets = r.packetsReceived;
      const stuck =
        nowMs - s.progressAtMs >= STALL_AFTER_MS &&
        r.packetsReceived - s.packetsAtProgress >= STALL_MIN_PACKETS;
      if (stuck && (s.reportedAtMs === null || nowMs - s.reportedAtMs >= STALL_REPEAT_MS)) {
        s.reportedAtMs = nowMs;
        due.push(r.key);
      }
    }
    for (const key of [...this.#streams.keys()]) if (!seen.has(key)) this.#streams.delete(key);
    return due;
  }
}

/** The inbound video readings of a getStats() report, keyed by mid (entries without a mid skipped). */
export function inboundVideoReadings(report: {
  forEach(cb: (entry: Record<string, unknown>) => void): void;
}): InboundVideoReading[] {
  const out: InboundVideoReading[] = [];
  report.forEach((e) => {
    if (e.type !== 'inbound-rtp' || e.kind !== 'video' || typeof e.mid !== 'string') return;
    const framesDecoded = typeof e.framesDecoded === 'number' ? e.framesDecoded : 0;
    const packetsReceived = typeof e.packetsReceived === 'number' ? e.packetsReceived : 0;
    out.push({ key: e.mid, framesDecoded, packetsReceived });
  });
  return out;
}
