// Keeps one client's subscriber connection in step with the room: whenever the set of remote feeds
// changes it asks the media engine for a new subscription, sends the offer and waits for the answer.
// NOTE: renegotiations are strictly serial (one offer in flight per client). Changes that arrive
// meanwhile only mark the sync dirty; the next round sees the latest room, so bursts coalesce.
// Janus also renegotiates on its own when a subscribed feed disappears; such an offer is queued
// and sent first, since Janus accepts no update until it is answered.
import { AppError } from '@diemcau/protocol';
import type { ServerMessage, SubscribedStream } from '@diemcau/protocol';
import type { SubscriberOffer } from '@diemcau/media';
import type { Logger, WantedFeed } from '@diemcau/media';
import { parseFeedKey } from './feeds.js';
import type { MediaSubscriberPort } from './ports.js';

export interface SubscriberSyncDeps {
  /** The media subscriber for this client, or null while the media server is unavailable. */
  subscriber(): MediaSubscriberPort | null;
  /** Every feed this client should receive right now. */
  wanted(): WantedFeed[];
  send(msg: ServerMessage): void;
  log: Logger;
  /** How long to wait for the client's answer before moving on. */
  answerTimeoutMs?: number;
}

interface PendingAnswer {
  version: number;
  resolve(): void;
  timer: NodeJS.Timeout;
}

export class SubscriberSync {
  #version = 0;
  #running = false;
  #dirty = false;
  #closed = false;
  #pending: PendingAnswer | null = null;
  #unsolicited: SubscriberOffer | null = null;
  #listening: MediaSubscriberPort | null = null;
  /** The client asked for an ICE restart: the next round re-offers the same subscription. */
  #restartIce = false;

  constructor(private readonly deps: SubscriberSyncDeps) {}

  /** The version of the last offer sent (0 before any). */
  get version(): number {
    return this.#version;
  }

  /** Asks for a sync; returns at once. */
  schedule(): void {
    if (this.#closed) return;
    this.#dirty = true;
    if (!this.#running) void this.#loop();
  }

  /** Applies the client's answer to offer `version`. */
  async answer(version: number, sdp: string): Promise<void> {
    const pending = this.#pending;
    if (!pending || pending.version !== version) {
      throw AppError.badMessage(`no subscribe offer ${version} is waiting for an answer`, 'version');
    }
    const sub = this.deps.subscriber();
    try {
      if (!sub) throw AppError.mediaUnavailable();
      await sub.answer(sdp);
    } finally {
      this.#settle(pending);
    }
  }

  /** The client's connection lost ICE: the next round sends an offer with fresh ICE credentials. */
  restartIce(): void {
    this.#restartIce = true;
    this.schedule();
  }

  /** Forgets the in-flight offer (the media server restarted) and syncs again from scratch. */
  reset(): void {
    if (this.#pending) this.#settle(this.#pending);
    this.#unsolicited = null;
    this.schedule();
  }

  close(): void {
    this.#closed = true;
    if (this.#pending) this.#settle(this.#pending);
  }

  #settle(pending: PendingAnswer): void {
    clearTimeout(pending.timer);
    if (this.#pending === pending) this.#pending = null;
    pending.resolve();
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#dirty && !this.#closed) {
        this.#dirty = false;
        await this.#syncOnce();
      }
    } finally {
      this.#running = false;
    }
  }

  /** Listens for offers Janus makes on its own, once per subscriber object. */
  #listen(sub: MediaSubscriberPort): void {
    if (this.#listening === sub) return;
    this.#listening = sub;
    sub.on('offer', (offer) => {
      if (this.#listening !== sub || this.#closed) return;
      this.#unsolicited = offer;
      this.schedule();
    });
  }

  async #syncOnce(): Promise<void> {
    const sub = this.deps.subscriber();
    if (!sub) return;
    this.#listen(sub);
    let offer: SubscriberOffer | null = null;
    if (this.#restartIce && !this.#unsolicited) {
      this.#restartIce = false;
      try {
        offer = await sub.restartIce();
      } catch (err) {
        this.deps.log.warn({ err }, 'subscriber ICE restart failed');
      }
      // NOTE: no connection yet (or the restart failed): an ordinary round below makes one.
      if (offer && !this.#closed) return this.#offer(offer);
    }
    if (this.#unsolicited) {
      offer = this.#unsolicited;
      this.#unsolicited = null;
      // The room may have changed too: look again once this offer is answered.
      this.#dirty = true;
    } else {
      try {
        offer = await sub.update(this.deps.wanted());
      } catch (err) {
        this.deps.log.warn({ err }, 'subscription update failed');
        this.deps.send({
          type: 'error',
          code: 'subscribe_failed',
          message: 'could not update the subscription',
        });
        return;
      }
    }
    if (!offer || this.#closed) return;
    await this.#offer(offer);
  }

  async #offer(offer: SubscriberOffer): Promise<void> {
    const streams: SubscribedStream[] = [];
    for (const s of offer.streams) {
      const parsed = parseFeedKey(s.feed);
      if (parsed)
        streams.push({
          mid: s.mid,
          participantId: parsed.participantId,
          source: parsed.source,
          kind: s.kind,
        });
    }
    const version = ++this.#version;
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.deps.log.warn({ version }, 'client did not answer the subscribe offer in time');
        if (this.#pending) this.#settle(this.#pending);
      }, this.deps.answerTimeoutMs ?? 15_000);
      this.#pending = { version, resolve, timer };
    });
    this.deps.send({ type: 'subscribe.offer', version, sdp: offer.offerSdp, streams });
    await answered;
  }
}
