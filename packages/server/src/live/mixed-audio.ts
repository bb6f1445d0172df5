// Mixed audio for very weak points (issue 6): a participant whose line cannot carry one audio stream
// per speaker — or who chose "Âm thanh gộp" — receives the meeting's AudioBridge mix instead: one
// Opus stream with everyone but itself. Its microphone goes into the mix over the same connection
// (the bridge's mix-minus leaves it out), and it keeps publishing in the VideoRoom, where the others
// hear it directly; so its own feed is never forwarded into the mix.
//
// The decision is a pure function with hysteresis; MixedAudio applies it for one LiveRoom: it tells
// the client (`receive.mode {mixedAudio}`), joins its offer to the mix, drops per-feed audio from
// its VideoRoom subscription once it listens, and keeps the mix's sources in step with the feeds.
import { AppError } from '@diemcau/protocol';
import type { ServerMessage } from '@diemcau/protocol';
import type { FeedKey, Logger } from '@diemcau/media';
import { DEFAULT_COSTS, type ReceivePlan, type StreamCosts } from './adaptation.js';
import type { CandidateInit, MediaMixPort, MediaRoomPort } from './ports.js';

/**
 * What one audio stream per speaker needs next to the active speaker's lowest layer, kbit/s. Below
 * it the per-speaker plan must drop the picture (or even audio no longer fits), while the mix, one
 * stream whatever the number of speakers, would keep it: a meeting of 20 points sends every
 * subscriber 20 audio streams, silent or not, more than a neighborhood line carries.
 */
export function perSpeakerNeedKbps(audioSources: number, costs: StreamCosts = DEFAULT_COSTS): number {
  return audioSources * costs.audioKbps + costs.layerKbps[0];
}
/** The budget must reach this many times the need before a point goes back to per-speaker audio... */
export const MIX_EXIT_FACTOR = 1.3;
/** ...and stay there this long: three quality reports, so one good report is not enough. */
export const MIX_EXIT_HOLD_MS = 15_000;
/** With fewer remote speakers than this, a mix saves nothing: per-feed audio is one stream anyway. */
export const MIN_MIX_SOURCES = 2;

export interface MixDecision {
  mixed: boolean;
  /** Since when (monotonic ms) the line has been good enough to leave the mix; null: it is not. */
  clearSinceMs: number | null;
}

export const NOT_MIXED: MixDecision = { mixed: false, clearSinceMs: null };

export interface MixDecisionInput {
  /** The client chose "Âm thanh gộp". */
  preferred: boolean;
  /** The receive plan's budget (estimate and cap), kbit/s; null: no limit known. */
  budgetKbps: number | null;
  /** Remote participants whose camera feed carries audio. */
  audioSources: number;
  nowMs: number;
}

/**
 * Whether a participant should receive the mix. Enters at once when chosen, or when the budget is
 * under perSpeakerNeedKbps with at least MIN_MIX_SOURCES speakers; leaves only after the budget held
 * at MIX_EXIT_FACTOR × that or more for MIX_EXIT_HOLD_MS (a line hovering near the threshold would
 * otherwise switch between one stream and many at every report, each switch a renegotiation).
 */
export function decideMix(state: MixDecision, input: MixDecisionInput): MixDecision {
  if (input.preferred) return { mixed: true, clearSinceMs: null };
  const budget = input.budgetKbps;
  const need = perSpeakerNeedKbps(input.audioSources);
  if (!state.mixed) {
    const weak = budget !== null && budget < need;
    return weak && input.audioSources >= MIN_MIX_SOURCES ? { mixed: true, clearSinceMs: null } : NOT_MIXED;
  }
  const clear = budget === null || budget >= need * MIX_EXIT_FACTOR;
  if (!clear) return { mixed: true, clearSinceMs: null };
  const since = state.clearSinceMs ?? input.nowMs;
  return input.nowMs - since >= MIX_EXIT_HOLD_MS ? NOT_MIXED : { mixed: true, clearSinceMs: since };
}

/** What MixedAudio needs of its LiveRoom. */
export interface MixedAudioHost {
  logger(): Logger;
  media(): MediaRoomPort | null;
  /** Camera feeds that carry audio now, with their participant. */
  audioFeeds(): { participantId: string; feed: FeedKey }[];
  /** Renegotiates a participant's VideoRoom subscription (its audio comes or goes). */
  resubscribe(participantId: string): void;
  /** Plans a participant's receive side again (which calls `update`). */
  replan(participantId: string): void;
}

interface MemberMix {
  preferred: boolean;
  decision: MixDecision;
  /** Its mix connection is joined: per-feed audio is left out of its subscription. */
  listening: boolean;
  /** The latest receive mode it was told (repeated after a media reset). */
  mode: Pick<Extract<ServerMessage, { type: 'receive.mode' }>, 'mode' | 'reason' | 'budgetKbps'>;
}

/** Mixed audio of one live meeting. */
export class MixedAudio {
  readonly #host: MixedAudioHost;
  readonly #members = new Map<string, MemberMix>();
  #mix: Promise<MediaMixPort> | null = null;
  /** Source syncs run one after another; the latest state wins. */
  #syncing: Promise<void> = Promise.resolve();
  #syncQueued = false;

  constructor(host: MixedAudioHost) {
    this.#host = host;
  }

  /** Whether the participant receives the mix now (its subscription then carries no audio). */
  receivesMix(participantId: string): boolean {
    const m = this.#members.get(participantId);
    return m !== undefined && m.listening && m.decision.mixed;
  }

  isMixed(participantId: string): boolean {
    return this.#members.get(participantId)?.decision.mixed ?? false;
  }

  /** The client chose (or stopped choosing) "Âm thanh gộp". */
  prefer(participantId: string, on: boolean): void {
    const m = this.#state(participantId);
    // NOTE: un-choosing leaves at once when the line is good: the hold is for lines that recover
    // on their own, not for a person who asked for per-speaker audio back.
    if (m.preferred && !on && m.decision.mixed) m.decision = { mixed: true, clearSinceMs: -Infinity };
    m.preferred = on;
    this.#host.replan(participantId);
  }

  /**
   * Called after each receive plan: decides again and returns what to tell the client (the plan's
   * own `receive.mode`, with `mixedAudio`, or a new one when only the mix decision changed).
   */
  update(
    participantId: string,
    plan: ReceivePlan | null,
    notify: ServerMessage | null,
    nowMs: number,
  ): ServerMessage | null {
    const m = this.#state(participantId);
    const audioSources = this.#host.audioFeeds().filter((f) => f.participantId !== participantId).length;
    const next = decideMix(m.decision, {
      preferred: m.preferred,
      budgetKbps: plan?.budgetKbps ?? null,
      audioSources,
      nowMs,
    });
    const changed = next.mixed !== m.decision.mixed;
    m.decision = next;
    if (plan) m.mode = { mode: plan.mode, reason: plan.reason, budgetKbps: plan.budgetKbps };
    if (changed && !next.mixed) void this.#stopListening(participantId);
    // NOTE: the field only when it says something (absent means false: older clients, old tests).
    if (notify?.type === 'receive.mode')
      return next.mixed || changed ? { ...notify, mixedAudio: next.mixed } : notify;
    if (!changed) return null;
    return { type: 'receive.mode', ...m.mode, mixedAudio: next.mixed };
  }

  /** The client joins the mix with its offer (or restarts ICE on it); returns Janus's answer. */
  async join(participantId: string, offerSdp: string, restart: boolean): Promise<string> {
    const m = this.#members.get(participantId);
    if (!m?.decision.mixed) throw new AppError('wrong_state', 'mixed audio is not on for this participant');
    const mix = await this.#openMix();
    let answerSdp: string;
    try {
      ({ answerSdp } = restart
        ? await mix.restartListener(participantId, offerSdp)
        : await mix.join(participantId, offerSdp));
    } catch (err) {
      // NOTE: a refused restart means its place in the mix is gone: per-feed audio until it joins
      // again, rather than silence while the client finds out.
      if (restart && m.listening) {
        m.listening = false;
        this.#host.resubscribe(participantId);
        this.refresh();
      }
      throw err;
    }
    if (this.#members.get(participantId) !== m || !m.decision.mixed) {
      await mix.leave(participantId);
      throw new AppError('wrong_state', 'mixed audio was turned off meanwhile');
    }
    if (!m.listening) {
      m.listening = true;
      this.refresh();
      this.#host.resubscribe(participantId);
    }
    return answerSdp;
  }

  /** The client left the mix (or is told to): per-feed audio comes back first. */
  async leave(participantId: string): Promise<void> {
    await this.#stopListening(participantId);
  }

  async trickle(participantId: string, candidate: CandidateInit | null): Promise<void> {
    if (!this.#mix) return;
    const mix = await this.#mix;
    await mix.trickle(participantId, candidate);
  }

  /** A feed's media is up: one that is mixed was published again, so its forwarder is new. */
  feedReady(feed: FeedKey): void {
    const mix = this.#mix;
    if (!mix) return;
    void mix
      .then(async (m) => {
        if (m.sources().includes(feed)) await m.addSource(feed, true);
        else this.refresh();
      })
      .catch((err: unknown) => this.#host.logger().warn({ err, feed }, 'mixed audio: source refresh failed'));
  }

  /** Feeds or listeners changed: make the mix's sources match (coalesced, in order). */
  refresh(): void {
    if (!this.#mix || this.#syncQueued) return;
    this.#syncQueued = true;
    this.#syncing = this.#syncing
      .then(async () => {
        this.#syncQueued = false;
        const mix = await this.#mix;
        if (!mix) return;
        const listeners = new Set([...this.#members].filter(([, m]) => m.listening).map(([id]) => id));
        // NOTE: no listener, no sources: a bridge that nobody hears should not decode every feed.
        const feeds =
          listeners.size === 0
            ? []
            : this.#host
                .audioFeeds()
                .filter((f) => !listeners.has(f.participantId))
                .map((f) => f.feed);
        await mix.syncSources(feeds);
      })
      .catch((err: unknown) => this.#host.logger().warn({ err }, 'mixed audio: syncing sources failed'));
  }

  /** The participant left the meeting. */
  memberLeft(participantId: string): void {
    const m = this.#members.get(participantId);
    this.#members.delete(participantId);
    if (m?.listening) void this.#mix?.then((mix) => mix.leave(participantId)).catch(() => undefined);
    this.refresh();
  }

  /**
   * The media server restarted: the mix is gone with every connection. Mixed clients are told
   * again, so they join the new mix once they have published again.
   */
  mediaReset(send: (participantId: string, msg: ServerMessage) => void): void {
    this.#mix = null;
    for (const [id, m] of this.#members) {
      m.listening = false;
      if (m.decision.mixed) send(id, { type: 'receive.mode', ...m.mode, mixedAudio: true });
    }
  }

  #state(participantId: string): MemberMix {
    let m = this.#members.get(participantId);
    if (!m) {
      m = {
        preferred: false,
        decision: NOT_MIXED,
        listening: false,
        mode: { mode: 'full', reason: 'none', budgetKbps: null },
      };
      this.#members.set(participantId, m);
    }
    return m;
  }

  async #stopListening(participantId: string): Promise<void> {
    const m = this.#members.get(participantId);
    if (!m?.listening) return;
    m.listening = false;
    // NOTE: per-feed audio first, then the mix goes: the point hears both for a moment, never neither.
    this.#host.resubscribe(participantId);
    this.refresh();
    const mix = await this.#mix?.catch(() => null);
    await mix?.leave(participantId);
  }

  #openMix(): Promise<MediaMixPort> {
    if (this.#mix) return this.#mix;
    const media = this.#host.media();
    if (!media?.openMix) return Promise.reject(AppError.mediaUnavailable(new Error('no mixed audio here')));
    const opening = media.openMix().then((mix) => {
      mix.on('listenergone', (participantId) => {
        const m = this.#members.get(participantId);
        if (!m?.listening) return;
        // NOTE: its mix connection failed: give it per-feed audio until it joins again.
        m.listening = false;
        this.#host.resubscribe(participantId);
        this.refresh();
      });
      mix.on('closed', () => {
        if (this.#mix === opening) this.#mix = null;
      });
      return mix;
    });
    this.#mix = opening;
    opening.catch(() => {
      if (this.#mix === opening) this.#mix = null;
    });
    return opening;
  }
}
