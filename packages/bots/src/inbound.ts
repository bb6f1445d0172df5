// Reads what a bot's subscriber connection says about incoming media from getStats(): for audio,
// concealed samples (what the jitter buffer had to invent for lost packets), concealment events,
// losses and FEC; for video, how it recovered from loss (NACKs, key frame requests, key frames,
// dropped frames). Per remote participant and source (matched by the inbound-rtp entry's mid).
import type { MediaSource } from '@diemcau/protocol';
import type { StatsReport } from './wrtc.js';

/** Cumulative audio counters of one inbound stream. */
export interface InboundAudio {
  concealedSamples: number;
  silentConcealedSamples: number;
  concealmentEvents: number;
  totalSamplesReceived: number;
  packetsLost: number;
  packetsReceived: number;
  fecPacketsReceived: number;
}

/** Audio continuity as the report shows it: the difference of two readings. */
export interface AudioConcealment {
  /** Audio the receiver concealed (made up for missing packets), ms at 48 kHz. */
  concealedMs: number;
  concealmentEvents: number;
  packetsLost: number;
  packetsReceived: number;
  fecPacketsReceived: number;
}

const SAMPLES_PER_MS = 48;

const num = (entry: Record<string, unknown>, key: string): number => {
  const v = entry[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/** `participantId/source` → the audio counters of that stream now. */
export function readInboundAudio(
  report: StatsReport,
  streamsByMid: ReadonlyMap<string, { participantId: string; source: MediaSource; kind: 'audio' | 'video' }>,
): Map<string, InboundAudio> {
  const out = new Map<string, InboundAudio>();
  report.forEach((entry) => {
    if (entry.type !== 'inbound-rtp' || entry.kind !== 'audio' || typeof entry.mid !== 'string') return;
    const stream = streamsByMid.get(entry.mid);
    if (!stream || stream.kind !== 'audio') return;
    out.set(`${stream.participantId}/${stream.source}`, {
      concealedSamples: num(entry, 'concealedSamples'),
      silentConcealedSamples: num(entry, 'silentConcealedSamples'),
      concealmentEvents: num(entry, 'concealmentEvents'),
      totalSamplesReceived: num(entry, 'totalSamplesReceived'),
      packetsLost: Math.max(0, num(entry, 'packetsLost')),
      packetsReceived: num(entry, 'packetsReceived'),
      fecPacketsReceived: num(entry, 'fecPacketsReceived'),
    });
  });
  return out;
}

/**
 * What happened between two readings of one stream. A counter that went down means the connection
 * was recreated in between (a media reset): the later reading then counts from zero.
 */
export function concealmentBetween(before: InboundAudio | undefined, after: InboundAudio): AudioConcealment {
  const restarted = before !== undefined && after.totalSamplesReceived < before.totalSamplesReceived;
  const base = before && !restarted ? before : undefined;
  const d = (key: keyof InboundAudio): number => Math.max(0, after[key] - (base?.[key] ?? 0));
  return {
    concealedMs: Math.round(d('concealedSamples') / SAMPLES_PER_MS),
    concealmentEvents: d('concealmentEvents'),
    packetsLost: d('packetsLost'),
    packetsReceived: d('packetsReceived'),
    fecPacketsReceived: d('fecPacketsReceived'),
  };
}

/** Cumulative video counters of one inbound stream (what a lossy line costs the picture). */
export interface InboundVideo {
  packetsLost: number;
  packetsReceived: number;
  /** Retransmissions asked for (RTCP NACK) and key frames asked for (PLI, FIR). */
  nackCount: number;
  pliCount: number;
  firCount: number;
  framesDecoded: number;
  keyFramesDecoded: number;
  framesDropped: number;
  /** Retransmissions that arrived (RTX), where the stack reports them. */
  retransmittedPacketsReceived: number;
}

/** `participantId/source` → the video counters of that stream now. */
export function readInboundVideo(
  report: StatsReport,
  streamsByMid: ReadonlyMap<string, { participantId: string; source: MediaSource; kind: 'audio' | 'video' }>,
): Map<string, InboundVideo> {
  const out = new Map<string, InboundVideo>();
  report.forEach((entry) => {
    if (entry.type !== 'inbound-rtp' || entry.kind !== 'video' || typeof entry.mid !== 'string') return;
    const stream = streamsByMid.get(entry.mid);
    if (!stream || stream.kind !== 'video') return;
    out.set(`${stream.participantId}/${stream.source}`, {
      packetsLost: Math.max(0, num(entry, 'packetsLost')),
      packetsReceived: num(entry, 'packetsReceived'),
      nackCount: num(entry, 'nackCount'),
      pliCount: num(entry, 'pliCount'),
      firCount: num(entry, 'firCount'),
      framesDecoded: num(entry, 'framesDecoded'),
      keyFramesDecoded: num(entry, 'keyFramesDecoded'),
      framesDropped: num(entry, 'framesDropped'),
      retransmittedPacketsReceived: num(entry, 'retransmittedPacketsReceived'),
    });
  });
  return out;
}

/** What happened to one video stream between two readings (a reset starts the counts over). */
export function videoBetween(before: InboundVideo | undefined, after: InboundVideo): InboundVideo {
  const restarted = before !== undefined && after.packetsReceived < before.packetsReceived;
  const base = before && !restarted ? before : undefined;
  const d = (key: keyof InboundVideo): number => Math.max(0, after[key] - (base?.[key] ?? 0));
  return {
    packetsLost: d('packetsLost'),
    packetsReceived: d('packetsReceived'),
    nackCount: d('nackCount'),
    pliCount: d('pliCount'),
    firCount: d('firCount'),
    framesDecoded: d('framesDecoded'),
    keyFramesDecoded: d('keyFramesDecoded'),
    framesDropped: d('framesDropped'),
    retransmittedPacketsReceived: d('retransmittedPacketsReceived'),
  };
}
