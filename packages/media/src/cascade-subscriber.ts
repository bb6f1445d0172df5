// One client's subscription in a meeting spread over several Janus nodes: the same surface as
// MediaSubscriber, delegating to the MediaSubscriber of whichever node the cascade placed the
// client on (chosen at its first update, kept until the meeting's media is rebuilt).
import { AppError } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import type { MediaSubscriber, MediaSubscriberEvents } from './subscriber.js';
import type { FeedKey, SubscriberOffer, WantedFeed } from './types.js';

/** What a cascade subscriber needs from its meeting. */
export interface CascadeSubscriberHost {
  /** Picks a node for `sub` (opening a replica when needed) and returns its subscriber there. */
  place(sub: CascadeSubscriber): Promise<MediaSubscriber>;
  forget(sub: CascadeSubscriber): void;
}

type Candidate = Parameters<MediaSubscriber['trickle']>[0];

/** The media a client receives in a cascaded meeting, over one PeerConnection to one node. */
export class CascadeSubscriber extends TypedEmitter<MediaSubscriberEvents> {
  readonly id: string;
  readonly #host: CascadeSubscriberHost;
  #inner: MediaSubscriber | undefined;
  #placing: Promise<MediaSubscriber> | undefined;
  #unlisten: (() => void) | undefined;
  /** A node-initiated offer nobody listened for; the next update() returns it. */
  #stash: SubscriberOffer | undefined;
  #closed = false;

  /** @internal Created by CascadeRoom.subscriber(). */
  constructor(host: CascadeSubscriberHost, id: string) {
    super();
    this.#host = host;
    this.id = id;
  }

  /** True once placed on a node. */
  get placed(): boolean {
    return this.#inner !== undefined;
  }

  /** See MediaSubscriber.update(); the first call also places the client on a node. */
  async update(wanted: WantedFeed[]): Promise<SubscriberOffer | null> {
    this.#assertOpen();
    const stash = this.#stash;
    if (stash) {
      this.#stash = undefined;
      return stash;
    }
    // NOTE: a client that wants nothing (alone, or publishing only) takes no viewer slot yet.
    if (!this.#inner && !this.#placing && wanted.length === 0) return null;
    const inner = await this.#ensurePlaced();
    return inner.update(wanted);
  }

  async answer(sdp: string): Promise<void> {
    this.#assertOpen();
    const inner = this.#inner;
    if (!inner) throw new AppError('subscribe_failed', 'no subscriber offer to answer');
    await inner.answer(sdp);
  }

  async setSubstream(feed: FeedKey, substream: 0 | 1 | 2): Promise<void> {
    this.#assertOpen();
    await this.#inner?.setSubstream(feed, substream);
  }

  async setSending(feed: FeedKey, kind: 'audio' | 'video', send: boolean): Promise<void> {
    this.#assertOpen();
    await this.#inner?.setSending(feed, kind, send);
  }

  async trickle(candidate: Candidate): Promise<void> {
    this.#assertOpen();
    await this.#inner?.trickle(candidate);
  }

  /** See MediaSubscriber.restartIce(); null while not placed on a node. */
  async restartIce(): Promise<SubscriberOffer | null> {
    this.#assertOpen();
    return (await this.#inner?.restartIce()) ?? null;
  }

  /** Tears the subscription down and leaves the meeting. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const inner = this.#detachInner();
    this.#host.forget(this);
    await inner?.close();
    this.emit('closed');
  }

  /**
   * @internal The meeting's media was rebuilt (or this client's node went away): forget the
   * node; the next update() places the client again and starts a new connection.
   */
  unplace(): void {
    const inner = this.#detachInner();
    this.#stash = undefined;
    void inner?.close();
  }

  #ensurePlaced(): Promise<MediaSubscriber> {
    if (this.#inner) return Promise.resolve(this.#inner);
    const placing = (this.#placing ??= this.#host.place(this).then(
      (inner) => {
        if (this.#placing !== placing || this.#closed) {
          void inner.close();
          throw new AppError('subscribe_failed', `subscriber ${this.id} was reset while placed`);
        }
        this.#placing = undefined;
        this.#adopt(inner);
        return inner;
      },
      (err: unknown) => {
        if (this.#placing === placing) this.#placing = undefined;
        throw err;
      },
    ));
    return placing;
  }

  #adopt(inner: MediaSubscriber): void {
    this.#inner = inner;
    const onOffer = (offer: SubscriberOffer): void => {
      // NOTE: like MediaSubscriber, a caller that does not listen still gets it from update().
      if (this.listenerCount('offer') > 0) this.emit('offer', offer);
      else this.#stash = offer;
    };
    const onHangup = (reason: string): void => {
      this.emit('hangup', reason);
    };
    inner.on('offer', onOffer);
    inner.on('hangup', onHangup);
    this.#unlisten = () => {
      inner.off('offer', onOffer);
      inner.off('hangup', onHangup);
    };
  }

  #detachInner(): MediaSubscriber | undefined {
    const inner = this.#inner;
    this.#unlisten?.();
    this.#unlisten = undefined;
    this.#inner = undefined;
    this.#placing = undefined;
    return inner;
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('subscribe_failed', `subscriber ${this.id} is closed`);
  }
}
