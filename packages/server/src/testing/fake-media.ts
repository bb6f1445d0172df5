// In-memory stand-ins for the media engine's room and subscribers, for unit tests of the live
// layer. They behave like Janus from the outside: offers only when the wanted set changes.
import type { FeedKey, MediaRoomEvents, PublishOptions, SubscriberOffer, WantedFeed } from '@diemcau/media';
import { TypedEmitter } from '@diemcau/media';

export class FakeSubscriber extends TypedEmitter<{ offer: [SubscriberOffer] }> {
  current: WantedFeed[] = [];
  answers: string[] = [];
  trickles: unknown[] = [];
  substreams: [FeedKey, number][] = [];
  sending: [FeedKey, 'audio' | 'video', boolean][] = [];
  closed = false;

  update(wanted: WantedFeed[]): Promise<SubscriberOffer | null> {
    const key = (w: WantedFeed[]): string =>
      JSON.stringify([...w].sort((a, b) => a.feed.localeCompare(b.feed)));
    if (key(wanted) === key(this.current)) return Promise.resolve(null);
    this.current = wanted;
    let mid = 0;
    const streams: SubscriberOffer['streams'] = [];
    for (const w of wanted) {
      if (w.audio) streams.push({ mid: String(mid++), feed: w.feed, kind: 'audio' });
      if (w.video) streams.push({ mid: String(mid++), feed: w.feed, kind: 'video' });
    }
    return Promise.resolve({ offerSdp: `v=0 fake offer ${streams.length}`, streams });
  }

  answer(sdp: string): Promise<void> {
    this.answers.push(sdp);
    return Promise.resolve();
  }

  setSubstream(feed: FeedKey, substream: 0 | 1 | 2): Promise<void> {
    this.substreams.push([feed, substream]);
    return Promise.resolve();
  }

  setSending(feed: FeedKey, kind: 'audio' | 'video', send: boolean): Promise<void> {
    this.sending.push([feed, kind, send]);
    return Promise.resolve();
  }

  trickle(candidate: unknown): Promise<void> {
    this.trickles.push(candidate);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** How many ICE restarts were asked for. */
  restarts = 0;

  /** Like Janus: the same streams offered again (fresh ICE), or null before any subscription. */
  restartIce(): Promise<SubscriberOffer | null> {
    this.restarts++;
    if (this.current.length === 0) return Promise.resolve(null);
    const offered = this.current;
    this.current = [];
    return this.update(offered).then((o) => o && { ...o, offerSdp: `${o.offerSdp} ice-restart` });
  }

  /** Test hook: Janus renegotiating on its own. */
  offerUnprompted(offer: SubscriberOffer): void {
    this.emit('offer', offer);
  }
}

export class FakeMediaRoom extends TypedEmitter<MediaRoomEvents> {
  readonly published = new Map<FeedKey, PublishOptions>();
  readonly subscribers = new Map<string, FakeSubscriber>();
  readonly feedTrickles: [FeedKey, unknown][] = [];
  failPublish = false;
  closed = false;
  /** Where the room records (setRecording), null when it does not. */
  recordDir: string | null = null;

  constructor(readonly key: string) {
    super();
  }

  publish(feed: FeedKey, offerSdp: string, opts: PublishOptions): Promise<{ answerSdp: string }> {
    if (this.failPublish) return Promise.reject(new Error('janus said no'));
    this.published.set(feed, opts);
    return Promise.resolve({ answerSdp: `answer for ${feed} to ${offerSdp.length} bytes` });
  }

  /** ICE restarts of publishers, in order. */
  readonly publisherRestarts: FeedKey[] = [];

  restartPublisher(feed: FeedKey, offerSdp: string): Promise<{ answerSdp: string }> {
    if (!this.published.has(feed)) return Promise.reject(new Error(`feed ${feed} is not published`));
    this.publisherRestarts.push(feed);
    return Promise.resolve({ answerSdp: `restart answer for ${feed} to ${offerSdp.length} bytes` });
  }

  unpublish(feed: FeedKey): Promise<void> {
    this.published.delete(feed);
    return Promise.resolve();
  }

  trickleFeed(feed: FeedKey, candidate: unknown): Promise<void> {
    this.feedTrickles.push([feed, candidate]);
    return Promise.resolve();
  }

  subscriber(id: string): FakeSubscriber {
    let sub = this.subscribers.get(id);
    // Like MediaRoom: a closed subscriber is forgotten and the next use makes a new one.
    if (!sub || sub.closed) {
      sub = new FakeSubscriber();
      this.subscribers.set(id, sub);
    }
    return sub;
  }

  setRecording(dir: string | null): Promise<void> {
    this.recordDir = dir;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    this.emit('closed');
    return Promise.resolve();
  }

  /** Test hooks: make the room emit as Janus would. */
  fire<K extends Extract<keyof MediaRoomEvents, string>>(event: K, ...args: MediaRoomEvents[K]): void {
    if (event === 'reset') {
      this.published.clear();
      this.subscribers.clear();
    }
    this.emit(event, ...args);
  }
}

export class FakeMediaEngine {
  up = true;

  get state(): string {
    return this.up ? 'up' : 'down';
  }

  readonly rooms = new Map<string, FakeMediaRoom>();

  isUp(): boolean {
    return this.up;
  }

  openRoom(key: string): Promise<FakeMediaRoom> {
    if (!this.up) return Promise.reject(new Error('down'));
    let room = this.rooms.get(key);
    if (!room) {
      room = new FakeMediaRoom(key);
      this.rooms.set(key, room);
    }
    return Promise.resolve(room);
  }
}
