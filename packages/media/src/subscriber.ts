// One client's subscription in a room: a single Janus subscriber handle (created when first
// needed) whose streams follow the feeds the client wants, with Janus always the SDP offerer.
import { AppError } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { isJanusCode, mediaError } from './errors.js';
import type { JanusHandle } from './janus-session.js';
import { VIDEOROOM_ERROR, type Jsep } from './janus-wire.js';
import {
  parseSubscriptionStreams,
  toSubscriberStreams,
  type PublishedStream,
  type SubscriptionStream,
} from './sdp.js';
import type { FeedKey, Logger, SubscriberOffer, WantedFeed } from './types.js';

/** What a subscriber needs from its room. */
export interface SubscriberHost {
  readonly key: string;
  readonly log: Logger;
  /** Attaches a new VideoRoom handle (fails with media_unavailable when Janus is down). */
  attach(): Promise<JanusHandle>;
  /** The streams `feed` publishes now, or undefined when it is not published. */
  feedStreams(feed: FeedKey): PublishedStream[] | undefined;
  forgetSubscriber(sub: MediaSubscriber): void;
}

export type MediaSubscriberEvents = {
  /**
   * Janus renegotiated on its own (a subscribed feed stopped publishing, or an update that Janus
   * had postponed went through): send this offer to the client and pass its answer to answer().
   */
  offer: [SubscriberOffer];
  /** The subscriber PeerConnection died (ICE failure, DTLS alert). The next update() starts a new one. */
  hangup: [string];
  closed: [];
  listenererror: [string, unknown];
};

/** How long update() waits for the answer to an offer still outstanding. */
const ANSWER_WAIT_MS = 15_000;
const SIGNAL_TIMEOUT_MS = 20_000;

const streamKey = (feed: FeedKey, feedMid: string): string => `${feed}\u0000${feedMid}`;

/** The media a client receives in one room, over one PeerConnection. */
export class MediaSubscriber extends TypedEmitter<MediaSubscriberEvents> {
  readonly id: string;
  readonly #host: SubscriberHost;
  #handle: JanusHandle | undefined;
  #streams: SubscriptionStream[] = [];
  #awaitingAnswer = false;
  /** A Janus-initiated offer nobody listened for; the next update() returns it. */
  #undelivered: SubscriberOffer | undefined;
  #answerWaiters: (() => void)[] = [];
  #closed = false;

  /** @internal Created by MediaRoom.subscriber(). */
  constructor(host: SubscriberHost, id: string) {
    super();
    this.#host = host;
    this.id = id;
  }

  /** The streams of the latest offer (what each mid carries). */
  get streams(): SubscriptionStream[] {
    return [...this.#streams];
  }

  /**
   * Sets the full list of feeds this client wants; diffs against the current subscription and
   * returns the new offer when Janus renegotiates, null when nothing changed. Feeds that are not
   * published are skipped (call again when they appear). Callers serialize: at most one update
   * in flight until answer(); an update while a Janus-initiated offer awaits its answer waits
   * for that answer first. Null is also returned when Janus postponed the change: the offer
   * then comes as an 'offer' event (or from the next update() when nobody listens for 'offer').
   */
  async update(wanted: WantedFeed[]): Promise<SubscriberOffer | null> {
    this.#assertOpen();
    const undelivered = this.#undelivered;
    if (undelivered) return this.#deliver(undelivered, wanted);
    await this.#whenAnswered();
    try {
      return await this.#update(wanted);
    } catch (err) {
      // NOTE: a feed may unpublish between our check and Janus's; one retry sees the new state.
      if (!isJanusCode(err, VIDEOROOM_ERROR.noSuchFeed))
        throw mediaError(err, 'subscribe_failed', 'subscribe');
      try {
        return await this.#update(wanted);
      } catch (again) {
        throw mediaError(again, 'subscribe_failed', 'subscribe');
      }
    }
  }

  /** Completes the latest offer with the client's answer (VideoRoom `start`). */
  async answer(sdp: string): Promise<void> {
    this.#assertOpen();
    const handle = this.#handle;
    if (!handle || !this.#awaitingAnswer)
      throw new AppError('subscribe_failed', 'no subscriber offer to answer');
    try {
      await handle.message({ request: 'start' }, { type: 'answer', sdp }, SIGNAL_TIMEOUT_MS);
    } catch (err) {
      throw mediaError(err, 'subscribe_failed', 'subscriber answer');
    } finally {
      if (this.#handle === handle) this.#answered();
    }
  }

  /** Picks a simulcast layer (0 lowest … 2 highest) of `feed`'s video; no-op if not subscribed. */
  async setSubstream(feed: FeedKey, substream: 0 | 1 | 2): Promise<void> {
    this.#assertOpen();
    const handle = this.#handle;
    if (!handle) return;
    for (const s of this.#streams.filter((x) => x.feed === feed && x.kind === 'video')) {
      try {
        await handle.message({ request: 'configure', mid: s.mid, substream });
      } catch (err) {
        throw mediaError(err, 'subscribe_failed', 'substream');
      }
    }
  }

  /**
   * Pauses or resumes relaying `feed`'s streams of one kind at once, without renegotiating
   * (VideoRoom `configure` with `send`). Used when a weak line must shed video now: a renegotiation
   * needs the client's answer, which a congested line may take seconds to deliver. No-op for a
   * feed that is not subscribed.
   */
  async setSending(feed: FeedKey, kind: 'audio' | 'video', send: boolean): Promise<void> {
    this.#assertOpen();
    const handle = this.#handle;
    if (!handle) return;
    const streams = this.#streams.filter((x) => x.feed === feed && x.kind === kind);
    if (streams.length === 0) return;
    try {
      await handle.message({ request: 'configure', streams: streams.map((s) => ({ mid: s.mid, send })) });
    } catch (err) {
      throw mediaError(err, 'subscribe_failed', 'pause');
    }
  }

  /** Trickles a client ICE candidate (`null`: gathering done). Ignored when no connection exists. */
  async trickle(
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void> {
    this.#assertOpen();
    if (!this.#handle || this.#handle.detached) return;
    await this.#handle.trickle(candidate);
  }

  /**
   * ICE restart of the client's connection (its network changed): Janus offers again on the same
   * handle with fresh ICE credentials (`configure` with `restart`); answer it like any offer.
   * Null when there is no connection yet (the next update() makes one).
   */
  async restartIce(): Promise<SubscriberOffer | null> {
    this.#assertOpen();
    await this.#whenAnswered();
    const handle = this.#handle;
    if (!handle || handle.detached) return null;
    try {
      const reply = await handle.message(
        { request: 'configure', restart: true },
        undefined,
        SIGNAL_TIMEOUT_MS,
      );
      if (this.#handle !== handle) return null;
      return this.#accept(reply.data.streams, reply.jsep);
    } catch (err) {
      throw mediaError(err, 'subscribe_failed', 'subscriber ICE restart');
    }
  }

  /** Tears the subscription down and leaves the room's list of subscribers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const handle = this.#handle;
    this.#drop();
    this.#host.forgetSubscriber(this);
    await handle?.detach();
    this.emit('closed');
  }

  /** @internal The room was recreated: the handle is gone; the next update() starts afresh. */
  reset(): void {
    this.#drop();
  }

  /** Hands out a stashed Janus offer; a further change goes to Janus, which sends it later. */
  async #deliver(stashed: SubscriberOffer, wanted: WantedFeed[]): Promise<SubscriberOffer> {
    this.#undelivered = undefined;
    const offer = { offerSdp: stashed.offerSdp, streams: toSubscriberStreams(this.#streams) };
    try {
      await this.#update(wanted);
    } catch (err) {
      this.#host.log.warn({ err, subscriber: this.id }, 'subscription change after a Janus offer failed');
    }
    return offer;
  }

  async #update(wanted: WantedFeed[]): Promise<SubscriberOffer | null> {
    const desired = this.#desired(wanted);
    const handle = this.#handle;
    if (!handle || handle.detached) {
      if (desired.length === 0) return null;
      return this.#join(desired);
    }
    const want = new Set(desired.map((d) => streamKey(d.feed, d.feedMid)));
    const have = new Set(this.#streams.map((s) => streamKey(s.feed, s.feedMid)));
    const subscribe = desired.filter((d) => !have.has(streamKey(d.feed, d.feedMid)));
    const unsubscribe = this.#streams.filter((s) => !want.has(streamKey(s.feed, s.feedMid)));
    if (subscribe.length === 0 && unsubscribe.length === 0) return null;
    const body = {
      request: 'update',
      ...(subscribe.length > 0
        ? { subscribe: subscribe.map((d) => ({ feed: d.feed, mid: d.feedMid })) }
        : {}),
      ...(unsubscribe.length > 0 ? { unsubscribe: unsubscribe.map((s) => ({ sub_mid: s.mid })) } : {}),
    };
    const reply = await handle.message(body, undefined, SIGNAL_TIMEOUT_MS);
    if (reply.data.videoroom === 'updating') return null;
    return this.#accept(reply.data.streams, reply.jsep);
  }

  async #join(desired: { feed: FeedKey; feedMid: string }[]): Promise<SubscriberOffer | null> {
    const handle = await this.#host.attach();
    if (this.#closed) {
      await handle.detach();
      throw new AppError('subscribe_failed', 'subscriber closed');
    }
    this.#handle = handle;
    this.#listen(handle);
    try {
      const reply = await handle.message(
        {
          request: 'join',
          ptype: 'subscriber',
          room: this.#host.key,
          streams: desired.map((d) => ({ feed: d.feed, mid: d.feedMid })),
        },
        undefined,
        SIGNAL_TIMEOUT_MS,
      );
      return this.#accept(reply.data.streams, reply.jsep);
    } catch (err) {
      this.#drop();
      await handle.detach();
      throw err;
    }
  }

  /** Records the subscription Janus reports; with a JSEP offer, awaits the client's answer. */
  #accept(streams: unknown, jsep: Jsep | undefined): SubscriberOffer | null {
    if (Array.isArray(streams)) this.#streams = parseSubscriptionStreams(streams);
    if (!jsep || jsep.type !== 'offer') return null;
    this.#awaitingAnswer = true;
    return { offerSdp: jsep.sdp, streams: toSubscriberStreams(this.#streams) };
  }

  #desired(wanted: WantedFeed[]): { feed: FeedKey; feedMid: string }[] {
    const out: { feed: FeedKey; feedMid: string }[] = [];
    const seen = new Set<FeedKey>();
    for (const w of wanted) {
      if (seen.has(w.feed)) continue;
      seen.add(w.feed);
      for (const s of this.#host.feedStreams(w.feed) ?? []) {
        if ((s.kind === 'audio' && w.audio) || (s.kind === 'video' && w.video))
          out.push({ feed: w.feed, feedMid: s.mid });
      }
    }
    return out;
  }

  #listen(handle: JanusHandle): void {
    handle.on('event', (data, jsep) => {
      if (this.#handle !== handle || data.videoroom !== 'updated') return;
      const offer = this.#accept(data.streams, jsep);
      if (!offer) return;
      // NOTE: a caller that does not listen for 'offer' still gets it, from its next update().
      if (this.listenerCount('offer') > 0) this.emit('offer', offer);
      else this.#undelivered = offer;
    });
    handle.on('hangup', (reason) => {
      if (this.#handle !== handle) return;
      this.#host.log.warn(
        { room: this.#host.key, subscriber: this.id, reason },
        'subscriber connection hung up',
      );
      this.#drop();
      void handle.detach();
      this.emit('hangup', reason);
    });
    handle.on('detached', () => {
      if (this.#handle === handle) this.#drop();
    });
  }

  #whenAnswered(): Promise<void> {
    if (!this.#awaitingAnswer) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#answerWaiters = this.#answerWaiters.filter((w) => w !== done);
        reject(new AppError('subscribe_failed', 'the previous subscriber offer was never answered'));
      }, ANSWER_WAIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        if (this.#closed) reject(new AppError('subscribe_failed', 'subscriber closed'));
        else resolve();
      };
      this.#answerWaiters.push(done);
    });
  }

  #answered(): void {
    this.#awaitingAnswer = false;
    const waiters = this.#answerWaiters;
    this.#answerWaiters = [];
    for (const w of waiters) w();
  }

  #drop(): void {
    this.#handle = undefined;
    this.#undelivered = undefined;
    this.#streams = [];
    this.#answered();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('subscribe_failed', `subscriber ${this.id} is closed`);
  }
}
