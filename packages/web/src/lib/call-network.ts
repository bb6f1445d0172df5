// The call's network side as the UI shows it: what the server lets this client receive
// (`receive.mode`), everyone's connection quality (`quality.levels`), the reconnect attempt under
// way; and what this client tells the server it shows (`view.layout`: tile sizes, audio only).
import type {
  ClientMessage,
  QualityLevel,
  ReceiveMode,
  ReceiveReason,
  ServerMessage,
  ViewTile,
} from '@diemcau/protocol';
import { MAX_VIEW_TILES } from '@diemcau/protocol';

export interface NetworkState {
  receive: { mode: ReceiveMode; reason: ReceiveReason; budgetKbps: number | null };
  /** Connection quality per participant id (self included); absent = unknown. */
  levels: Readonly<Record<string, QualityLevel>>;
  /** Receive audio only and send no video, by this person's choice (remembered per device). */
  audioOnly: boolean;
  /** The server sends us everyone's audio as one mixed stream ("Âm thanh gộp"). */
  mixedAudio: boolean;
  /** This person chose mixed audio (remembered per device). */
  mixPreferred: boolean;
  /** The mixed-audio connection dropped and is being joined again (mixed-audio.ts). */
  mixReconnecting?: boolean;
  /** The reconnect attempt under way (1-based), 0 while connected. */
  reconnectAttempt: number;
}

export const FULL_RECEIVE: NetworkState['receive'] = { mode: 'full', reason: 'none', budgetKbps: null };

export const initialNetwork = (audioOnly = false, mixPreferred = false): NetworkState => ({
  receive: FULL_RECEIVE,
  levels: {},
  audioOnly,
  mixedAudio: false,
  mixPreferred,
  reconnectAttempt: 0,
});

/** Folds one server message into the network state (the same object when nothing changed). */
export function reduceNetwork(state: NetworkState, msg: ServerMessage): NetworkState {
  switch (msg.type) {
    case 'joined':
      // A (re)join starts a new receive plan and new participant ids: the old ones mean nothing.
      return { ...state, receive: FULL_RECEIVE, levels: {}, reconnectAttempt: 0, mixedAudio: false };
    case 'receive.mode':
      return {
        ...state,
        receive: { mode: msg.mode, reason: msg.reason, budgetKbps: msg.budgetKbps },
        mixedAudio: msg.mixedAudio === true,
      };
    case 'quality.levels': {
      if (msg.levels.every((l) => state.levels[l.participantId] === l.level)) return state;
      const levels = { ...state.levels };
      for (const l of msg.levels) levels[l.participantId] = l.level;
      return { ...state, levels };
    }
    case 'participant.left': {
      if (!(msg.participantId in state.levels)) return state;
      const { [msg.participantId]: _gone, ...levels } = state.levels;
      return { ...state, levels };
    }
    default:
      return state;
  }
}

/** The i18n key of the banner for a receive state, or null when nothing is cut. */
export function receiveBannerKey(receive: NetworkState['receive']): string | null {
  if (receive.mode === 'full') return null;
  if (receive.reason === 'chosen') return 'network.chosen';
  return `network.${receive.reason === 'cap' ? 'cap' : 'mode'}_${receive.mode}`;
}

/** The layout message for what the client shows now: one tile per participant, its largest view. */
export function layoutMessage(
  tiles: ReadonlyMap<string, { width: number; height: number }>,
  audioOnly: boolean,
): Extract<ClientMessage, { type: 'view.layout' }> {
  const list: ViewTile[] = [...tiles]
    .map(([participantId, s]) => ({
      participantId,
      width: clampPx(s.width),
      height: clampPx(s.height),
    }))
    .sort((a, b) => b.width * b.height - a.width * a.height || a.participantId.localeCompare(b.participantId))
    .slice(0, MAX_VIEW_TILES);
  return { type: 'view.layout', tiles: list, audioOnly };
}

const clampPx = (v: number): number => Math.max(0, Math.min(8192, Math.round(v)));

/**
 * Sends `view.layout` only when it changed since the last one the server got; `reset()` after a
 * (re)join, so the new session hears the layout again. NOTE: nothing is sent before the UI first
 * measured its tiles (unless audio only): the server treats a camera missing from a layout as not
 * shown, and an early empty layout would cut everyone's video until the first measurement.
 */
export class LayoutSender {
  #lastSent: string | null = null;
  #tiles: ReadonlyMap<string, { width: number; height: number }> | null = null;
  #audioOnly: boolean;

  constructor(
    audioOnly: boolean,
    private readonly send: (msg: ClientMessage) => boolean,
  ) {
    this.#audioOnly = audioOnly;
  }

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  setTiles(tiles: ReadonlyMap<string, { width: number; height: number }>): void {
    this.#tiles = new Map(tiles);
  }

  setAudioOnly(on: boolean): void {
    this.#audioOnly = on;
  }

  /** Sends the layout if it differs from what the server has; false when it could not be sent. */
  flush(): boolean {
    if (this.#tiles === null && !this.#audioOnly) return true;
    const msg = layoutMessage(this.#tiles ?? new Map(), this.#audioOnly);
    const key = JSON.stringify(msg);
    if (key === this.#lastSent) return true;
    if (!this.send(msg)) return false;
    this.#lastSent = key;
    return true;
  }

  reset(): void {
    this.#lastSent = null;
  }
}

/** Pauses (or resumes) every encoding of a connection's video: no video bits leave at all. */
export async function pauseVideoEncodings(pc: RTCPeerConnection, paused: boolean): Promise<void> {
  const sender = pc.getSenders?.().find((s) => s.track?.kind === 'video');
  if (!sender || typeof sender.getParameters !== 'function') return;
  try {
    const params = sender.getParameters();
    if (!params.encodings?.length) return;
    params.encodings = params.encodings.map((e) => ({ ...e, active: !paused }));
    await sender.setParameters(params);
  } catch (err) {
    console.warn('[diemcau] pausing camera video', err);
  }
}
