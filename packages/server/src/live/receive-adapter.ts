// One subscriber's side of receive adaptation: what it shows (layout, audio-only, requested layers),
// its downlink estimate, and the plan in force. LiveRoom asks it for a new plan whenever something
// changes, subscribes to what the plan keeps, and sends it the layers the plan picked.
import type {
  ParticipantQuality,
  QualityLevel,
  QualitySample,
  ServerMessage,
  ViewTile,
} from '@diemcau/protocol';
import {
  INITIAL_DOWNLINK,
  planReceive,
  qualityLevel,
  updateDownlink,
  type DownlinkState,
  type Layer,
  type ReceivePlan,
  type RemoteFeeds,
} from './adaptation.js';

export interface PlanChange {
  /** The set of video feeds to receive changed: the subscription must be renegotiated. */
  resubscribe: boolean;
  /** Layers to send to the media server (participant → layer). */
  layers: Map<string, Layer>;
  /**
   * Camera videos to pause (false) or resume (true) on the media server at once, before the
   * renegotiation that drops or adds them: that needs the client's answer, which a congested line
   * may hold up for seconds, while the video it no longer fits keeps flooding it.
   */
  sending: Map<string, boolean>;
  /** Camera audio to hold back (false) or let through again (true), likewise at once. */
  sendingAudio: Map<string, boolean>;
  /** A `receive.mode` message for the client when its mode changed. */
  notify: ServerMessage | null;
}

const videoKey = (plan: ReceivePlan): string =>
  [
    ...[...plan.cameras].filter(([, l]) => l !== null).map(([id]) => `c:${id}`),
    ...[...plan.screens].map((id) => `s:${id}`),
  ]
    .sort()
    .join(',');

export class ReceiveAdapter {
  #downlink: DownlinkState = INITIAL_DOWNLINK;
  #tiles: Map<string, { width: number; height: number }> | null = null;
  #audioOnly = false;
  readonly #requested = new Map<string, Layer>();
  #plan: ReceivePlan | null = null;
  /** Layers the media server has now (cleared when a new subscription is answered). */
  readonly #sent = new Map<string, Layer>();
  /** Camera videos paused or resumed on the media server (cleared with the layers). */
  readonly #sending = new Map<string, boolean>();
  readonly #sendingAudio = new Map<string, boolean>();
  #lastSample: { sample: QualitySample; atMs: number } | null = null;
  #level: QualityLevel = 'unknown';

  /** @param capKbps the bridge point's receive cap (null: none) */
  constructor(private readonly capKbps: number | null) {}

  get plan(): ReceivePlan | null {
    return this.#plan;
  }

  get level(): QualityLevel {
    return this.#level;
  }

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  /** Whether the plan lets this participant's camera video through (true before any plan). */
  wantsCameraVideo(participantId: string): boolean {
    const plan = this.#plan;
    return !plan || (plan.cameras.get(participantId) ?? null) !== null;
  }

  wantsScreen(participantId: string): boolean {
    return !this.#plan || this.#plan.screens.has(participantId);
  }

  /** A quality report from the client: updates the downlink estimate. */
  report(sample: QualitySample, atMs: number): void {
    this.#downlink = updateDownlink(this.#downlink, sample);
    this.#lastSample = { sample, atMs };
  }

  setLayout(tiles: readonly ViewTile[], audioOnly: boolean): void {
    this.#tiles = new Map(tiles.map((t) => [t.participantId, { width: t.width, height: t.height }]));
    this.#audioOnly = audioOnly;
  }

  /** A `subscribe.quality` from a client that sends no layout (older clients, bots). */
  request(participantId: string, layer: Layer): void {
    this.#requested.set(participantId, layer);
  }

  /** The subscription was renegotiated (or reset): the media server's layers start afresh. */
  subscriptionChanged(): void {
    this.#sent.clear();
    this.#sending.clear();
    this.#sendingAudio.clear();
  }

  /**
   * Plans again for the room as it is now and says what must change. `mixedAudio`: the subscriber
   * hears the AudioBridge mix, so all remote audio costs one stream.
   */
  replan(remotes: readonly RemoteFeeds[], activeSpeakerId: string | null, mixedAudio = false): PlanChange {
    const before = this.#plan;
    const plan = planReceive({
      remotes,
      activeSpeakerId,
      mixedAudio,
      tiles: this.#tiles,
      requested: this.#requested,
      audioOnly: this.#audioOnly,
      estimateKbps: this.#downlink.estimateKbps,
      capKbps: this.capKbps,
    });
    this.#plan = plan;
    const layers = new Map<string, Layer>();
    const sending = new Map<string, boolean>();
    for (const [id, layer] of plan.cameras) {
      if (layer !== null && this.#sent.get(id) !== layer) layers.set(id, layer);
      // NOTE: a new subscription sends what it carries: only a change needs telling.
      const send = layer !== null;
      if ((this.#sending.get(id) ?? true) !== send) sending.set(id, send);
    }
    const sendingAudio = new Map<string, boolean>();
    for (const r of remotes) {
      if (!r.camera?.audio) continue;
      const send = !plan.heldAudio.has(r.participantId);
      if ((this.#sendingAudio.get(r.participantId) ?? true) !== send) sendingAudio.set(r.participantId, send);
    }
    const changedMode = !before || before.mode !== plan.mode || before.reason !== plan.reason;
    const notify: ServerMessage | null =
      changedMode && (before !== null || plan.mode !== 'full')
        ? { type: 'receive.mode', mode: plan.mode, reason: plan.reason, budgetKbps: plan.budgetKbps }
        : null;
    return {
      resubscribe: before !== null && videoKey(before) !== videoKey(plan),
      layers,
      sending,
      sendingAudio,
      notify,
    };
  }

  /** Records that the media server now relays (or holds back) this participant's camera video. */
  sendingApplied(participantId: string, kind: 'audio' | 'video', send: boolean): void {
    (kind === 'audio' ? this.#sendingAudio : this.#sending).set(participantId, send);
  }

  /** Records that the media server now sends `layer` of this participant's camera. */
  applied(participantId: string, layer: Layer): void {
    this.#sent.set(participantId, layer);
  }

  /** Recomputes the quality level; returns it when it changed. */
  updateLevel(participantId: string, nowMs: number): ParticipantQuality | null {
    const last = this.#lastSample;
    const plan = this.#plan;
    const level = qualityLevel(
      last?.sample ?? null,
      last ? nowMs - last.atMs : 0,
      plan?.mode ?? 'full',
      plan?.reason ?? 'none',
    );
    if (level === this.#level) return null;
    this.#level = level;
    return { participantId, level };
  }
}
