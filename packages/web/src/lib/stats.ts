// Inbound media statistics per remote participant, read from the subscriber connection's
// receivers (window.__diemcau.stats() exposes them to end-to-end tests and diagnostics).
import type { SubscribedStream } from '@diemcau/protocol';

export interface AudioInbound {
  packetsReceived: number;
  bytesReceived: number;
  totalAudioEnergy: number;
  audioLevel: number;
}

export interface VideoInbound {
  packetsReceived: number;
  bytesReceived: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number;
}

export interface ParticipantStats {
  audio: AudioInbound | null;
  video: VideoInbound | null;
  screen: VideoInbound | null;
}

type Report = Record<string, unknown>;
const num = (r: Report, key: string): number => (typeof r[key] === 'number' ? r[key] : 0);

/** Reads the inbound-rtp stats of every active receiver and files them by participant and source. */
export async function collectStats(
  transceivers: readonly Pick<RTCRtpTransceiver, 'mid' | 'receiver'>[],
  streams: readonly SubscribedStream[],
  active: ReadonlySet<string>,
): Promise<Record<string, ParticipantStats>> {
  const out: Record<string, ParticipantStats> = {};
  const byMid = new Map(streams.map((s) => [s.mid, s]));
  for (const t of transceivers) {
    const info = t.mid === null ? undefined : byMid.get(t.mid);
    if (!info || t.mid === null || !active.has(t.mid)) continue;
    const entry = (out[info.participantId] ??= { audio: null, video: null, screen: null });
    const report = await t.receiver.getStats();
    report.forEach((value: Report) => {
      if (value.type !== 'inbound-rtp') return;
      const base = {
        packetsReceived: num(value, 'packetsReceived'),
        bytesReceived: num(value, 'bytesReceived'),
      };
      if (info.kind === 'audio') {
        entry.audio = {
          ...base,
          totalAudioEnergy: num(value, 'totalAudioEnergy'),
          audioLevel: num(value, 'audioLevel'),
        };
        return;
      }
      const video: VideoInbound = {
        ...base,
        framesDecoded: num(value, 'framesDecoded'),
        frameWidth: num(value, 'frameWidth'),
        frameHeight: num(value, 'frameHeight'),
        framesPerSecond: num(value, 'framesPerSecond'),
      };
      if (info.source === 'screen') entry.screen = video;
      else entry.video = video;
    });
  }
  return out;
}
