// A meeting's mixed audio (Janus AudioBridge), for points whose line cannot carry one audio stream
// per speaker. Sources are VideoRoom feeds forwarded (rtp_forward, plain RTP) into the bridge as
// receive-only participants; listeners join over WebRTC with their microphone, so the bridge's
// mix-minus leaves their own voice out. A listener then receives exactly one Opus stream.
import { AppError } from '@diemcau/protocol';
import {
  AUDIOBRIDGE_ERROR,
  DEFAULT_BRIDGE_OPTIONS,
  createBridgeBody,
  destroyBridgeBody,
  joinListenerBody,
  joinSourceBody,
  parseBridgeReply,
  type BridgeRoomOptions,
} from './audiobridge.js';
import { TypedEmitter } from './emitter.js';
import { isJanusCode, mediaError } from './errors.js';
import type { JanusHandle } from './janus-session.js';
import type { FeedKey, Logger } from './types.js';

/** What a mix needs from its VideoRoom and engine. */
export interface MixHost {
  readonly key: string;
  readonly log: Logger;
  readonly adminKey: string;
  /** Attaches an AudioBridge handle on the current Janus session. */
  attachBridge(): Promise<JanusHandle>;
  /** Starts forwarding `feed`'s audio to the bridge; resolves with the forwarder's id. */
  forwardAudio(feed: FeedKey, target: { host: string; port: number }): Promise<number>;
  /** Stops a forwarder (ignored when the feed or the forwarder is gone). */
  stopForward(feed: FeedKey, streamId: number): Promise<void>;
}

export type MediaMixEvents = {
  /** A listener's connection went away without being asked to (ICE failure, hang-up). */
  listenergone: [string];
  /** Janus restarted: the bridge was recreated empty; add the sources and listeners again. */
  reset: [];
  closed: [];
  listenererror: [string, unknown];
};

interface Source {
  handle: JanusHandle;
  streamId: number | undefined;
}

type Candidate = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;

const SIGNAL_TIMEOUT_MS = 20_000;

/** The mixed audio of one meeting. Obtain it with `MediaRoom.openMix()`. */
export class MediaMix extends TypedEmitter<MediaMixEvents> {
  readonly #host: MixHost;
  readonly #opts: BridgeRoomOptions;
  readonly #sources = new Map<FeedKey, Promise<Source>>();
  readonly #listeners = new Map<string, JanusHandle>();
  #control: JanusHandle | undefined;
  #closed = false;

  /** @internal Use MediaRoom.openMix(). */
  constructor(host: MixHost, opts: Partial<BridgeRoomOptions> = {}) {
    super();
    this.#host = host;
    this.#opts = { ...DEFAULT_BRIDGE_OPTIONS, ...opts };
  }

  get isOpen(): boolean {
    return !this.#closed;
  }

  /** Feeds mixed now (or being added). */
  sources(): FeedKey[] {
    return [...this.#sources.keys()];
  }

  /** Participants listening to the mix now. */
  listeners(): string[] {
    return [...this.#listeners.keys()];
  }

  /**
   * Mixes `feed`'s audio in. Idempotent unless `replace` (a feed published again has a new
   * publisher in the VideoRoom, whose old forwarder died with the old one).
   */
  async addSource(feed: FeedKey, replace = false): Promise<void> {
    this.#assertOpen();
    const existing = this.#sources.get(feed);
    if (existing && !replace) {
      await existing;
      return;
    }
    if (existing) await this.removeSource(feed);
    const adding = this.#joinSource(feed);
    this.#sources.set(feed, adding);
    try {
      await adding;
    } catch (err) {
      if (this.#sources.get(feed) === adding) this.#sources.delete(feed);
      throw mediaError(err, 'media_unavailable', `mix source ${feed}`);
    }
  }

  /** Takes `feed` out of the mix. Unknown feeds are ignored; never throws. */
  async removeSource(feed: FeedKey): Promise<void> {
    const entry = this.#sources.get(feed);
    if (!entry) return;
    this.#sources.delete(feed);
    const source = await entry.catch(() => undefined);
    if (!source) return;
    if (source.streamId !== undefined) await this.#host.stopForward(feed, source.streamId);
    await source.handle.detach();
  }

  /** Makes the mixed sources exactly `feeds` (adds the missing, removes the others). */
  async syncSources(feeds: readonly FeedKey[]): Promise<void> {
    const wanted = new Set(feeds);
    const removals = this.sources()
      .filter((f) => !wanted.has(f))
      .map((f) => this.removeSource(f));
    const additions = [...wanted]
      .filter((f) => !this.#sources.has(f))
      .map((f) =>
        this.addSource(f).catch((err: unknown) => {
          this.#host.log.warn({ err, room: this.#host.key, feed: f }, 'mix source failed');
        }),
      );
    await Promise.all([...removals, ...additions]);
  }

  /**
   * A listener joins with its WebRTC offer (audio: its microphone sends, the mix comes back) and
   * gets Janus's answer. Joining again replaces the previous connection.
   */
  async join(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    this.#assertOpen();
    await this.leave(participantId);
    const handle = await this.#host.attachBridge();
    this.#listeners.set(participantId, handle);
    try {
      const reply = await handle.message(
        joinListenerBody(this.#host.key, participantId, this.#opts),
        { type: 'offer', sdp: offerSdp },
        SIGNAL_TIMEOUT_MS,
      );
      if (parseBridgeReply(reply.data).kind !== 'joined' || reply.jsep?.type !== 'answer')
        throw new AppError('subscribe_failed', 'the AudioBridge gave no SDP answer');
      if (this.#listeners.get(participantId) !== handle)
        throw new AppError('subscribe_failed', `mix listener ${participantId} left while joining`);
      this.#watchListener(participantId, handle);
      return { answerSdp: reply.jsep.sdp };
    } catch (err) {
      if (this.#listeners.get(participantId) === handle) this.#listeners.delete(participantId);
      await handle.detach();
      throw mediaError(err, 'subscribe_failed', `mix listener ${participantId}`);
    }
  }

  /** ICE restart of a listener's connection: its new offer goes to the same handle. */
  async restartListener(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    const handle = this.#listeners.get(participantId);
    if (!handle || handle.detached)
      throw new AppError('subscribe_failed', `${participantId} does not listen to the mix`);
    try {
      const reply = await handle.message(
        { request: 'configure' },
        { type: 'offer', sdp: offerSdp },
        SIGNAL_TIMEOUT_MS,
      );
      if (reply.jsep?.type !== 'answer') throw new AppError('subscribe_failed', 'no SDP answer');
      return { answerSdp: reply.jsep.sdp };
    } catch (err) {
      throw mediaError(err, 'subscribe_failed', `ICE restart of mix listener ${participantId}`);
    }
  }

  /** Trickles a listener's ICE candidate (`null`: gathering done); unknown listeners are ignored. */
  async trickle(participantId: string, candidate: Candidate): Promise<void> {
    const handle = this.#listeners.get(participantId);
    if (!handle || handle.detached) return;
    await handle.trickle(candidate);
  }

  /** The listener leaves the mix (its connection closes). Never throws. */
  async leave(participantId: string): Promise<void> {
    const handle = this.#listeners.get(participantId);
    if (!handle) return;
    this.#listeners.delete(participantId);
    await handle.detach();
  }

  /** Removes every source and listener and destroys the bridge room. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([
      ...this.sources().map((f) => this.removeSource(f)),
      ...this.listeners().map((p) => this.leave(p)),
    ]);
    const control = this.#control;
    this.#control = undefined;
    if (control && !control.detached) {
      await control
        .message(destroyBridgeBody(this.#host.key))
        .catch((err: unknown) =>
          this.#host.log.debug({ err, room: this.#host.key }, 'bridge destroy failed'),
        );
      await control.detach();
    }
    this.emit('closed');
  }

  /** @internal Creates the bridge room (replacing a stale one left by a previous run). */
  async setup(): Promise<void> {
    const control = await this.#host.attachBridge();
    const create = createBridgeBody(this.#host.key, this.#host.adminKey, this.#opts);
    try {
      try {
        await control.message(create);
      } catch (err) {
        if (!isJanusCode(err, AUDIOBRIDGE_ERROR.roomExists)) throw err;
        await control.message(destroyBridgeBody(this.#host.key));
        await control.message(create);
      }
    } catch (err) {
      await control.detach();
      throw mediaError(err, 'media_unavailable', `open mix ${this.#host.key}`);
    }
    this.#control = control;
  }

  /** @internal Janus went away: every handle is gone; forget them without talking to Janus. */
  lose(): void {
    this.#control = undefined;
    this.#sources.clear();
    this.#listeners.clear();
  }

  /** @internal After a Janus restart: the bridge room again, empty, then 'reset'. */
  async recreate(): Promise<void> {
    if (this.#closed) return;
    this.lose();
    await this.setup();
    this.emit('reset');
  }

  async #joinSource(feed: FeedKey): Promise<Source> {
    const handle = await this.#host.attachBridge();
    try {
      const reply = await handle.message(joinSourceBody(this.#host.key, feed), undefined, SIGNAL_TIMEOUT_MS);
      const joined = parseBridgeReply(reply.data);
      if (joined.kind !== 'joined' || joined.rtp === undefined)
        throw new AppError('media_unavailable', 'the AudioBridge gave no RTP endpoint');
      const source: Source = { handle, streamId: undefined };
      source.streamId = await this.#host.forwardAudio(feed, { host: joined.rtp.ip, port: joined.rtp.port });
      return source;
    } catch (err) {
      await handle.detach();
      throw err;
    }
  }

  #watchListener(participantId: string, handle: JanusHandle): void {
    const gone = (why: string): void => {
      if (this.#listeners.get(participantId) !== handle) return;
      this.#host.log.info({ room: this.#host.key, participantId, why }, 'mix listener gone');
      this.#listeners.delete(participantId);
      void handle.detach();
      this.emit('listenergone', participantId);
    };
    handle.on('hangup', (reason) => gone(`hangup: ${reason}`));
    handle.on('detached', (reason) => {
      if (reason === 'janus') gone('detached by Janus');
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('media_unavailable', `mix of ${this.#host.key} is closed`);
  }
}
