// Receive adaptation, as pure functions: a downlink estimate per subscriber from its quality reports
// (loss with queueing delay means congestion; loss alone, a lossy line), and the plan that fits what
// it shows into that budget — layer by layer, then the active speaker only, then audio only. Audio
// is never dropped. LiveRoom applies plans through the subscription and `setSubstream`.
import type { QualityLevel, QualitySample, ReceiveMode, ReceiveReason } from '@diemcau/protocol';

export type Layer = 0 | 1 | 2;

/**
 * What each stream costs on the subscriber's line, kbit/s, counted as clients count `recvKbps`:
 * every packet with its RTP, SRTP, UDP and IP headers.
 */
export interface StreamCosts {
  audioKbps: number;
  /** Simulcast layers l, m, h: what the publishers' encoders send (caps 64/500/1200 kbit/s). */
  layerKbps: readonly [number, number, number];
  screenKbps: number;
  /** The AudioBridge mix a weak point receives instead of one audio stream per speaker. */
  mixKbps: number;
}

/**
 * Typical rates with headers, as measured here. Audio: Opus at ≈ 32 kbit/s in 50 packets a second,
 * each with ≈ 66 bytes of headers (RTP with its extensions, SRTP tag, UDP, IP): ≈ 58. The mix is
 * Opus at ≈ 24 kbit/s: ≈ 50. Video layers: their caps (protocol/simulcast.ts) and usually a little
 * under, plus headers (15 packets a second for the lowest). A stream that costs more than assumed
 * shows up as loss, and the estimate then goes down.
 */
export const DEFAULT_COSTS: StreamCosts = {
  audioKbps: 58,
  layerKbps: [66, 480, 1170],
  screenKbps: 430,
  mixKbps: 50,
};

// ---- downlink estimate ----------------------------------------------------------------------

/** What the server believes a subscriber's downlink carries. */
export interface DownlinkState {
  /** kbit/s; null while nothing suggests a limit (no congestion seen yet). */
  estimateKbps: number | null;
  /** Smallest RTT seen, ms: the line's RTT without queueing. */
  minRttMs: number | null;
  /** What arrived when the line last congested, kbit/s: its capacity, as far as we know. */
  ceilingKbps: number | null;
  /** Clean reports since the last congestion. */
  cleanReports: number;
  /** Clean reports needed before probing above the ceiling (doubles after each failed probe). */
  holdReports: number;
}

/** First hold before probing above a known ceiling: 12 reports, one minute. */
const FIRST_HOLD_REPORTS = 12;
const MAX_HOLD_REPORTS = 96;

export const INITIAL_DOWNLINK: DownlinkState = {
  estimateKbps: null,
  minRttMs: null,
  ceilingKbps: null,
  cleanReports: 0,
  holdReports: FIRST_HOLD_REPORTS,
};

/** Never estimate below this (audio of a few speakers must still fit). */
const MIN_ESTIMATE_KBPS = 60;
/** Above this the line is as good as unlimited for a meeting: stop limiting. */
const UNLIMITED_KBPS = 20_000;
/** Loss at or above this is congestion, whatever the delay says. */
const SEVERE_LOSS_PCT = 20;
/** Loss at or above this counts when the delay grew too (queues filling). */
const CONGESTION_LOSS_PCT = 4;
/** Growth of the RTT over its minimum that says a queue is filling, ms. */
const QUEUEING_MS = 40;
/** Multiplicative increase per clean report (reports come every 5 s). */
const PROBE_FACTOR = 1.2;
/** What a congested line is assumed to carry: this share of what got through. */
const BACKOFF_FACTOR = 0.85;
/** A partial sample's rate scaled to the whole interval (media flowed for ≥ 4/5 of it). */
const PARTIAL_SAMPLE_FACTOR = 1.25;

/**
 * The next estimate after one quality report. Congestion (heavy loss, or loss while the RTT grows)
 * sets the estimate just under what arrived, and remembers that rate as the line's ceiling; clean
 * reports raise it step by step up to just under the ceiling, and above it only after a hold that
 * doubles with every probe that failed (each failed probe costs the audio a burst of loss). Loss on
 * a line whose RTT stays flat (radio, a bad cable) holds the estimate: sending less would not help.
 */
export function updateDownlink(state: DownlinkState, sample: QualitySample): DownlinkState {
  const rtt = sample.rttMs;
  const minRttMs = rtt === null ? state.minRttMs : Math.min(state.minRttMs ?? rtt, rtt);
  const queueing = rtt !== null && minRttMs !== null && rtt - minRttMs >= QUEUEING_MS;
  const loss = sample.lossPct;
  const congested = loss >= SEVERE_LOSS_PCT || (loss >= CONGESTION_LOSS_PCT && queueing);
  if (congested) {
    const carried = Math.max(MIN_ESTIMATE_KBPS, Math.round(sample.recvKbps * BACKOFF_FACTOR));
    const estimateKbps = state.estimateKbps === null ? carried : Math.min(state.estimateKbps, carried);
    const probedAbove = state.ceilingKbps !== null && (state.estimateKbps ?? Infinity) > state.ceilingKbps;
    // NOTE: the first sample after joining is partial: media flowed for only part of it (ICE and
    // DTLS took the rest), so what arrived understates the line. Its ceiling assumes it flowed for
    // at least 4/5 of the interval; otherwise a line that carries the lowest layer would be held
    // under it for a minute. Samples after that are whole, so a failed probe sets a true ceiling.
    const carriedKbps = sample.partial === true ? sample.recvKbps * PARTIAL_SAMPLE_FACTOR : sample.recvKbps;
    return {
      estimateKbps,
      minRttMs,
      ceilingKbps: Math.max(MIN_ESTIMATE_KBPS, Math.round(carriedKbps)),
      cleanReports: 0,
      holdReports: probedAbove ? Math.min(MAX_HOLD_REPORTS, state.holdReports * 2) : state.holdReports,
    };
  }
  if (loss >= CONGESTION_LOSS_PCT || state.estimateKbps === null) return { ...state, minRttMs };
  const cleanReports = state.cleanReports + 1;
  let raised = Math.round(state.estimateKbps * PROBE_FACTOR);
  const ceiling = state.ceilingKbps;
  if (ceiling !== null && cleanReports < state.holdReports && raised > ceiling * 0.95)
    raised = Math.max(state.estimateKbps, Math.round(ceiling * 0.95));
  return { ...state, estimateKbps: raised >= UNLIMITED_KBPS ? null : raised, minRttMs, cleanReports };
}

// ---- the plan -------------------------------------------------------------------------------

/** One remote participant's feeds as the subscriber could receive them. */
export interface RemoteFeeds {
  participantId: string;
  /** The camera feed: whether it carries audio and video; null when not published. */
  camera: { audio: boolean; video: boolean } | null;
  screen: boolean;
}

export interface PlanInput {
  remotes: readonly RemoteFeeds[];
  activeSpeakerId: string | null;
  /** The tiles the client shows (participant → size in px); null when it never said. */
  tiles: ReadonlyMap<string, { width: number; height: number }> | null;
  /** Layers the client asked for with `subscribe.quality` (used when it sends no layout). */
  requested: ReadonlyMap<string, Layer>;
  audioOnly: boolean;
  /** The subscriber hears the AudioBridge mix: all remote audio is one stream. */
  mixedAudio?: boolean;
  /** The downlink estimate (null: no limit seen). */
  estimateKbps: number | null;
  /** The bridge point's receive cap, kbit/s (null: none). */
  capKbps: number | null;
  costs?: StreamCosts;
}

export interface ReceivePlan {
  /** Camera video per remote participant: the layer, or null for no video. Audio is always on. */
  cameras: Map<string, Layer | null>;
  /** Participants whose screen share is received. */
  screens: Set<string>;
  /**
   * Remote audio held back on the media server: all of it while the mix carries it, or everyone's
   * but the active speaker's while even one stream per speaker does not fit (until the mix is up).
   */
  heldAudio: Set<string>;
  mode: ReceiveMode;
  reason: ReceiveReason;
  budgetKbps: number | null;
  /** What the plan costs, kbit/s. */
  costKbps: number;
}

/** The layer a tile of this size wants: its height against the layers' 180/360/720 lines. */
export function layerForTile(width: number, height: number): Layer {
  // NOTE: a wide, short tile still needs the width: compare as if it were 16:9.
  const lines = Math.max(height, (width * 9) / 16);
  if (lines <= 200) return 0;
  if (lines <= 420) return 1;
  return 2;
}

function wantedLayer(input: PlanInput, participantId: string): Layer | null {
  if (input.tiles === null) return input.requested.get(participantId) ?? 2;
  const tile = input.tiles.get(participantId);
  if (!tile || tile.width === 0 || tile.height === 0) return null;
  return layerForTile(tile.width, tile.height);
}

/**
 * Fits what a subscriber shows into its budget (the smaller of the estimate and the cap). The
 * steps, cheapest loss first: lower other participants' layers, then the speaker's, one layer at a
 * time; then drop other cameras and screens (speaker only); then the speaker (audio only).
 */
export function planReceive(input: PlanInput): ReceivePlan {
  const costs = input.costs ?? DEFAULT_COSTS;
  const speaker = input.activeSpeakerId;
  const cameras = new Map<string, Layer | null>();
  const screens = new Set<string>();
  let audioStreams = 0;
  let wantedVideo = 0;
  for (const r of input.remotes) {
    if (r.camera?.audio) audioStreams += 1;
    if (r.camera?.video) {
      let layer = wantedLayer(input, r.participantId);
      if (input.audioOnly) layer = r.participantId === speaker ? 0 : null;
      wantedVideo += 1;
      cameras.set(r.participantId, layer);
    }
    if (r.screen && !input.audioOnly) screens.add(r.participantId);
  }
  const budgetKbps =
    input.estimateKbps === null ? input.capKbps : Math.min(input.estimateKbps, input.capKbps ?? Infinity);
  const heldAudio = new Set<string>();
  const withAudio = input.remotes.filter((r) => r.camera?.audio).map((r) => r.participantId);
  if (input.mixedAudio) for (const id of withAudio) heldAudio.add(id);
  else if (budgetKbps !== null && speaker !== null && withAudio.length * costs.audioKbps > budgetKbps)
    // NOTE: a line that cannot carry every voice would lose packets of all of them, and of the
    // signalling that could switch it to the mix: keep the one who speaks until the mix is up.
    for (const id of withAudio) if (id !== speaker) heldAudio.add(id);
  const cost = (): number => {
    const audio = input.mixedAudio
      ? audioStreams > 0
        ? costs.mixKbps
        : 0
      : (audioStreams - heldAudio.size) * costs.audioKbps;
    let total = audio + screens.size * costs.screenKbps;
    for (const layer of cameras.values()) if (layer !== null) total += costs.layerKbps[layer];
    return total;
  };
  let lowered = false;
  let dropped = false;
  if (budgetKbps !== null) {
    // Layer by layer: the highest layer of someone other than the speaker goes down first.
    while (cost() > budgetKbps) {
      const victim = highestLayer(cameras, speaker) ?? highestLayer(cameras, null);
      if (victim === null) break;
      const layer = cameras.get(victim) ?? 0;
      cameras.set(victim, (layer - 1) as Layer);
      lowered = true;
    }
    // Then other cameras and screens go, then the speaker.
    for (const id of [...cameras.keys()].sort()) {
      if (cost() <= budgetKbps) break;
      if (id === speaker || cameras.get(id) === null) continue;
      cameras.set(id, null);
      dropped = true;
    }
    for (const id of [...screens].sort()) {
      if (cost() <= budgetKbps) break;
      screens.delete(id);
      dropped = true;
    }
    if (cost() > budgetKbps) {
      for (const id of cameras.keys()) cameras.set(id, null);
      dropped = true;
    }
  }
  const videos = [...cameras.values()].filter((l) => l !== null).length + screens.size;
  if (!input.mixedAudio && heldAudio.size > 0) dropped = true;
  let mode: ReceiveMode = 'full';
  if (input.audioOnly || (dropped && videos === 0 && (wantedVideo > 0 || heldAudio.size > 0)))
    mode = 'audio_only';
  else if (dropped) mode = 'speaker_only';
  else if (lowered) mode = 'reduced';
  let reason: ReceiveReason = 'none';
  if (input.audioOnly) reason = 'chosen';
  else if (mode !== 'full')
    reason = input.capKbps !== null && budgetKbps === input.capKbps ? 'cap' : 'bandwidth';
  return { cameras, screens, heldAudio, mode, reason, budgetKbps, costKbps: cost() };
}

/** The participant (other than `except`) with the highest layer above 0; ties: the first by id. */
function highestLayer(cameras: ReadonlyMap<string, Layer | null>, except: string | null): string | null {
  let best: string | null = null;
  let bestLayer = 0;
  for (const id of [...cameras.keys()].sort()) {
    const layer = cameras.get(id) ?? null;
    if (id === except || layer === null || layer <= bestLayer) continue;
    best = id;
    bestLayer = layer;
  }
  return best;
}

// ---- quality level --------------------------------------------------------------------------

/** Reports older than this say nothing about the connection now. */
export const QUALITY_STALE_MS = 16_000;

/**
 * A participant's connection quality for the chair's indicator: poor when its line drops a lot,
 * is slow, or could only carry audio; fair when it loses a little or video was cut; good otherwise.
 */
export function qualityLevel(
  sample: QualitySample | null,
  ageMs: number,
  mode: ReceiveMode = 'full',
  reason: ReceiveReason = 'none',
): QualityLevel {
  if (!sample || ageMs > QUALITY_STALE_MS) return 'unknown';
  const rtt = sample.rttMs ?? 0;
  const forcedDown = reason === 'bandwidth';
  if (sample.lossPct >= 8 || rtt >= 600 || (forcedDown && mode === 'audio_only')) return 'poor';
  if (sample.lossPct >= 2 || rtt >= 300 || (forcedDown && mode !== 'full')) return 'fair';
  return 'good';
}
