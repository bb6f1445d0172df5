// Maps the tracks of the subscriber connection to remote participants: by transceiver mid, using
// the streams list of the latest subscribe.offer (mids are reused; inactive m-lines are skipped).
import type { SubscribedStream } from '@diemcau/protocol';
import { parseMediaSections } from './sdp';

/** The media of one remote participant, ready to attach to <video>/<audio> elements. */
export interface RemoteMedia {
  participantId: string;
  /** Camera video only (audio plays through `audio`, so video elements stay muted). */
  camera: MediaStream | null;
  audio: MediaStream | null;
  screen: MediaStream | null;
}

export interface TrackLike {
  id: string;
  readyState: MediaStreamTrackState;
}

export interface ReceivedTrack<T extends TrackLike = MediaStreamTrack> {
  mid: string | null;
  track: T;
}

export type Slot = 'camera' | 'audio' | 'screen';

/** Mids that carry media in an offer: a non-zero port and a direction other than inactive. */
export function activeMids(offerSdp: string): Set<string> {
  const mids = new Set<string>();
  for (const s of parseMediaSections(offerSdp)) {
    if (s.mid !== null && s.port !== 0 && s.direction !== 'inactive') mids.add(s.mid);
  }
  return mids;
}

/** Groups live tracks into participant → slot → tracks. Unknown or inactive mids are ignored. */
export function groupTracks<T extends TrackLike>(
  received: readonly ReceivedTrack<T>[],
  streams: readonly SubscribedStream[],
  active: ReadonlySet<string>,
): Map<string, Record<Slot, T[]>> {
  const byMid = new Map(streams.map((s) => [s.mid, s]));
  const out = new Map<string, Record<Slot, T[]>>();
  for (const { mid, track } of received) {
    if (mid === null || !active.has(mid) || track.readyState === 'ended') continue;
    const info = byMid.get(mid);
    if (!info) continue;
    const slot: Slot = info.kind === 'audio' ? 'audio' : info.source;
    let entry = out.get(info.participantId);
    if (!entry) {
      entry = { camera: [], audio: [], screen: [] };
      out.set(info.participantId, entry);
    }
    entry[slot].push(track);
  }
  return out;
}

/**
 * Turns grouped tracks into MediaStreams, reusing the previous MediaStream when its tracks did not
 * change so that video elements keep playing without a flicker.
 */
export class RemoteStreamCache<T extends TrackLike = MediaStreamTrack, S = MediaStream> {
  readonly #create: (tracks: T[]) => S;
  #cache = new Map<string, { key: string; stream: S }>();

  constructor(create: (tracks: T[]) => S) {
    this.#create = create;
  }

  /** Builds participantId → { camera, audio, screen } streams from grouped tracks. */
  build(groups: Map<string, Record<Slot, T[]>>): Map<string, Record<Slot, S | null>> {
    const next = new Map<string, { key: string; stream: S }>();
    const out = new Map<string, Record<Slot, S | null>>();
    for (const [participantId, slots] of groups) {
      const entry: Record<Slot, S | null> = { camera: null, audio: null, screen: null };
      for (const slot of ['camera', 'audio', 'screen'] as const) {
        const tracks = slots[slot];
        if (tracks.length === 0) continue;
        const cacheKey = `${participantId}:${slot}`;
        const key = tracks.map((t) => t.id).join(',');
        const previous = this.#cache.get(cacheKey);
        const stream = previous && previous.key === key ? previous.stream : this.#create(tracks);
        next.set(cacheKey, { key, stream });
        entry[slot] = stream;
      }
      out.set(participantId, entry);
    }
    this.#cache = next;
    return out;
  }

  clear(): void {
    this.#cache.clear();
  }
}
