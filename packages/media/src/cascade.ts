// One meeting in a pool of Janus nodes. Publishers always go to the meeting's origin node; when
// the viewers on a node reach the per-node limit, the meeting opens a replica on another node and
// forwards every feed there as a VideoRoom remote publisher (publish_remotely → plain SRTP), so
// viewers placed on the replica subscribe to it as to any local feed. The same surface as
// MediaRoom, so the server cannot tell a cascaded meeting from a single-node one.
import { AppError } from '@diemcau/protocol';
import { CascadeSubscriber, type CascadeSubscriberHost } from './cascade-subscriber.js';
import { TypedEmitter } from './emitter.js';
import { pickNode, placeViewer, type NodeLoadView } from './placement.js';
import { newForwardSrtp } from './remote-feeds.js';
import type { BridgeRoomOptions } from './audiobridge.js';
import type { MediaMix } from './mix.js';
import type { MediaRoom, RoomOptions } from './room.js';
import type { MediaSubscriber } from './subscriber.js';
import type { FeedKey, Logger, MediaRoomEvents, PublishOptions, PublishResult } from './types.js';

/** What a cascaded meeting needs of one node of the pool. */
export interface CascadeNode {
  readonly id: string;
  /** Address other nodes send this node forwarded media to (its remote publishers bind it). */
  readonly forwardAddress: string;
  isUp(): boolean;
  openRoom(key: string, opts: RoomOptions): Promise<MediaRoom>;
}

/** What a cascaded meeting needs of its pool. */
export interface CascadeHost {
  readonly log: Logger;
  /** Viewers of one meeting on one node before the next one gets a replica. */
  readonly maxSubscribersPerNode: number;
  node(id: string): CascadeNode | undefined;
  /** The load of every node now. */
  loads(): NodeLoadView[];
  roomClosed(room: CascadeRoom): void;
}

/** Where the meeting is on one node: the origin (publishers) or a replica (forwarded feeds). */
interface Home {
  node: CascadeNode;
  room: MediaRoom | undefined;
  /** Settles once the room is open and (replicas) every live feed is forwarded to it. */
  ready: Promise<void>;
  viewers: Set<string>;
  /** Feeds forwarded to this replica (the promise settles when the forwarding is set up). */
  forwards: Map<FeedKey, Promise<void>>;
  unwatch: () => void;
}

/** Where a cascaded meeting is now: its origin node and its replicas, with viewers on each. */
export interface CascadeLayout {
  origin: string;
  homes: { nodeId: string; viewers: number; feeds: number }[];
}

type Candidate = Parameters<MediaRoom['trickleFeed']>[1];

/** A meeting's media over one or more Janus nodes. Obtain it with `MediaPool.openRoom()`. */
export class CascadeRoom extends TypedEmitter<MediaRoomEvents> {
  readonly key: string;
  readonly #host: CascadeHost;
  readonly #opts: RoomOptions;
  #origin: Home;
  #replicas: Home[] = [];
  readonly #subs = new Map<string, CascadeSubscriber>();
  /** Settles when no rebuild is running; operations wait for it. */
  #settled: Promise<void> = Promise.resolve();
  #recordDir: string | null = null;
  #closed = false;

  private constructor(host: CascadeHost, key: string, opts: RoomOptions, origin: Home) {
    super();
    this.#host = host;
    this.key = key;
    this.#opts = opts;
    this.#origin = origin;
  }

  /** @internal Opens the meeting on `node` (its origin). Use MediaPool.openRoom(). */
  static async open(
    host: CascadeHost,
    key: string,
    opts: RoomOptions,
    node: CascadeNode,
  ): Promise<CascadeRoom> {
    const room = await node.openRoom(key, opts);
    const origin: Home = {
      node,
      room,
      ready: Promise.resolve(),
      viewers: new Set(),
      forwards: new Map(),
      unwatch: () => {},
    };
    const cascade = new CascadeRoom(host, key, opts, origin);
    cascade.#watchOrigin(origin);
    return cascade;
  }

  /** True until close(). */
  get isOpen(): boolean {
    return !this.#closed;
  }

  /** The node holding the publishers. */
  get originNode(): string {
    return this.#origin.node.id;
  }

  /** Every node this meeting is on, the origin first. */
  layout(): CascadeLayout {
    return {
      origin: this.#origin.node.id,
      homes: this.#homes().map((h) => ({
        nodeId: h.node.id,
        viewers: h.viewers.size,
        feeds: h.room?.feeds().length ?? 0,
      })),
    };
  }

  /** Feeds whose media reaches the origin now. */
  feeds(): FeedKey[] {
    return this.#origin.room?.feeds() ?? [];
  }

  /** Publishes on the origin node; see MediaRoom.publish(). Replicas get it once it is up. */
  async publish(feed: FeedKey, offerSdp: string, opts: PublishOptions): Promise<PublishResult> {
    this.#assertOpen();
    await this.#settled;
    // NOTE: a republish replaces the feed; its old forwardings died with the old publisher.
    await Promise.all(this.#replicas.map((h) => this.#unforward(h, feed)));
    return this.#originRoom().publish(feed, offerSdp, opts);
  }

  /** ICE restart of a publisher on the origin node; see MediaRoom.restartPublisher(). */
  async restartPublisher(feed: FeedKey, offerSdp: string): Promise<PublishResult> {
    this.#assertOpen();
    await this.#settled;
    return this.#originRoom().restartPublisher(feed, offerSdp);
  }

  async unpublish(feed: FeedKey): Promise<void> {
    await this.#settled;
    await this.#origin.room?.unpublish(feed);
    await Promise.all(this.#replicas.map((h) => this.#unforward(h, feed)));
  }

  async trickleFeed(feed: FeedKey, candidate: Candidate): Promise<void> {
    this.#assertOpen();
    await this.#settled;
    await this.#originRoom().trickleFeed(feed, candidate);
  }

  /** The subscriber of client `subscriberId`, created on first use (placed at its first update). */
  subscriber(subscriberId: string): CascadeSubscriber {
    this.#assertOpen();
    let sub = this.#subs.get(subscriberId);
    if (!sub) {
      sub = new CascadeSubscriber(this.#subscriberHost(), subscriberId);
      this.#subs.set(subscriberId, sub);
    }
    return sub;
  }

  /**
   * The meeting's mixed audio, on the origin (where the publishers are, so forwarding into the
   * bridge stays on one node). After a rebuild ('reset') it is a new MediaMix: open it again.
   */
  async openMix(opts: Partial<BridgeRoomOptions> = {}): Promise<MediaMix> {
    this.#assertOpen();
    await this.#settled;
    return this.#originRoom().openMix(opts);
  }

  /** Records every feed on the origin (where all publishers are); kept across rebuilds. */
  async setRecording(dir: string | null): Promise<void> {
    this.#assertOpen();
    await this.#settled;
    await this.#originRoom().setRecording(dir);
    this.#recordDir = dir;
  }

  /** Closes every subscriber and every node's room, then emits 'closed'. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#settled.catch(() => undefined);
    await Promise.allSettled([...this.#subs.values()].map((s) => s.close()));
    await this.#closeHomes();
    this.#host.roomClosed(this);
    this.emit('closed');
  }

  /**
   * @internal The pool saw `nodeId` go down. If the meeting is there and another node is up, it
   * is rebuilt at once (origin on the best node up, replicas dropped) and emits 'reset'; with no
   * other node, the node's own recovery recreates the room and its 'reset' rebuilds then.
   */
  nodeDown(nodeId: string): void {
    if (this.#closed || !this.#homes().some((h) => h.node.id === nodeId)) return;
    const otherUp = this.#host.loads().some((n) => n.up && n.id !== nodeId);
    if (otherUp) this.#rebuild(`node ${nodeId} is down`);
  }

  #homes(): Home[] {
    return [this.#origin, ...this.#replicas];
  }

  #originRoom(): MediaRoom {
    const room = this.#origin.room;
    if (!room) throw AppError.mediaUnavailable(new Error(`meeting ${this.key} has no origin room`));
    return room;
  }

  #watchOrigin(home: Home): void {
    const room = home.room;
    if (!room) return;
    const onReady = (feed: FeedKey): void => {
      void this.#forwardEverywhere(feed).then(() => {
        if (this.#origin === home) this.emit('feedready', feed);
      });
    };
    const onTalking = (feed: FeedKey, talking: boolean): void => {
      this.emit('talking', feed, talking);
    };
    const onGone = (feed: FeedKey): void => {
      void Promise.all(this.#replicas.map((h) => this.#unforward(h, feed)));
      this.emit('feedgone', feed);
    };
    const onReset = (): void => this.#onReset(home);
    room.on('feedready', onReady);
    room.on('talking', onTalking);
    room.on('feedgone', onGone);
    room.on('reset', onReset);
    home.unwatch = () => {
      room.off('feedready', onReady);
      room.off('talking', onTalking);
      room.off('feedgone', onGone);
      room.off('reset', onReset);
    };
  }

  /** A node restarted and recreated its room of this meeting empty. */
  #onReset(home: Home): void {
    if (this.#closed) return;
    if (home === this.#origin && this.#replicas.length === 0) {
      // NOTE: one node, as without a pool: its subscribers were reset with the room; pass it on.
      this.emit('reset');
      return;
    }
    this.#rebuild(`node ${home.node.id} restarted`);
  }

  /**
   * Starts over: every subscriber is unplaced, every room of the meeting closed, the origin opened
   * again on the best node up (its old node when still up), then 'reset' tells the clients to
   * publish again. Publishers are lost anyway when their node dies; dropping them everywhere
   * keeps one simple rule for clients (the same as a Janus restart).
   */
  #rebuild(why: string): void {
    const previous = this.#settled;
    this.#host.log.warn({ room: this.key, why }, 'rebuilding a cascaded meeting');
    const run = async (): Promise<void> => {
      await previous.catch(() => undefined);
      if (this.#closed) return;
      for (const sub of this.#subs.values()) sub.unplace();
      const oldOrigin = this.#origin.node;
      await this.#closeHomes();
      const node = oldOrigin.isUp() ? oldOrigin : this.#bestNode();
      if (!node) throw AppError.mediaUnavailable(new Error('no Janus node is up'));
      const room = await node.openRoom(this.key, this.#opts);
      const origin: Home = {
        node,
        room,
        ready: Promise.resolve(),
        viewers: new Set(),
        forwards: new Map(),
        unwatch: () => {},
      };
      this.#origin = origin;
      this.#watchOrigin(origin);
      if (this.#recordDir !== null) await room.setRecording(this.#recordDir);
    };
    const rebuilt = run().then(
      () => {
        if (!this.#closed) this.emit('reset');
      },
      (err: unknown) => {
        this.#host.log.error({ err, room: this.key }, 'cascaded meeting rebuild failed');
        // NOTE: the rooms are gone; the next node recovery (its 'reset') or state change retries.
        if (!this.#closed) this.emit('reset');
      },
    );
    this.#settled = rebuilt;
  }

  async #closeHomes(): Promise<void> {
    const homes = this.#homes();
    this.#replicas = [];
    for (const h of homes) h.unwatch();
    await Promise.allSettled(
      homes.map(async (h) =>
        (
          await h.ready.then(
            () => h.room,
            () => h.room,
          )
        )?.close(),
      ),
    );
  }

  #bestNode(): CascadeNode | undefined {
    const id = pickNode(this.#host.loads());
    return id === null ? undefined : this.#host.node(id);
  }

  #subscriberHost(): CascadeSubscriberHost {
    return {
      place: (sub) => this.#place(sub),
      forget: (sub) => {
        if (this.#subs.get(sub.id) === sub) this.#subs.delete(sub.id);
        for (const h of this.#homes()) h.viewers.delete(sub.id);
      },
    };
  }

  /** Chooses the node of a new viewer (opening a replica when every home is full). */
  async #place(sub: CascadeSubscriber): Promise<MediaSubscriber> {
    await this.#settled;
    this.#assertOpen();
    const homes = this.#homes();
    const decision = placeViewer(
      homes.map((h) => ({ nodeId: h.node.id, viewers: h.viewers.size })),
      this.#host.loads(),
      this.#host.maxSubscribersPerNode,
    );
    let home = homes.find((h) => h.node.id === decision.nodeId);
    if (!home) {
      const node = this.#host.node(decision.nodeId);
      home = node ? this.#openReplica(node) : this.#origin;
    }
    home.viewers.add(sub.id);
    try {
      await home.ready;
    } catch (err) {
      home.viewers.delete(sub.id);
      if (home === this.#origin) throw err;
      // NOTE: the replica could not open; rather crowd the origin than refuse the viewer.
      this.#host.log.warn(
        { err, room: this.key, node: home.node.id },
        'replica failed; viewer stays on the origin',
      );
      home = this.#origin;
      home.viewers.add(sub.id);
    }
    const room = home.room;
    if (!room || !this.#homes().includes(home)) {
      home.viewers.delete(sub.id);
      throw AppError.mediaUnavailable(new Error(`meeting ${this.key} moved while placing a viewer`));
    }
    return room.subscriber(sub.id);
  }

  #openReplica(node: CascadeNode): Home {
    const home: Home = {
      node,
      room: undefined,
      ready: Promise.resolve(),
      viewers: new Set(),
      forwards: new Map(),
      unwatch: () => {},
    };
    this.#replicas.push(home);
    this.#host.log.info({ room: this.key, node: node.id, origin: this.#origin.node.id }, 'opening a replica');
    home.ready = (async () => {
      const room = await node.openRoom(this.key, { ...this.#opts });
      if (this.#closed || !this.#replicas.includes(home)) {
        await room.close();
        throw AppError.mediaUnavailable(new Error('meeting rebuilt while opening a replica'));
      }
      home.room = room;
      const onReset = (): void => this.#onReset(home);
      room.on('reset', onReset);
      home.unwatch = () => room.off('reset', onReset);
      await Promise.all(this.feeds().map((f) => this.#forward(home, f)));
    })();
    home.ready.catch((err: unknown) => {
      this.#host.log.warn({ err, room: this.key, node: node.id }, 'replica failed');
      this.#replicas = this.#replicas.filter((h) => h !== home);
      home.unwatch();
      // NOTE: the publishers live on at the origin: stop what was already forwarded there.
      const origin = this.#origin.room;
      for (const feed of home.forwards.keys()) void origin?.unpublishRemotely(feed, node.id);
      home.forwards.clear();
      void home.room?.close();
    });
    return home;
  }

  /** Forwards `feed` to every replica (waiting for those still opening). */
  async #forwardEverywhere(feed: FeedKey): Promise<void> {
    await Promise.allSettled(this.#replicas.map((h) => h.ready.then(() => this.#forward(h, feed))));
  }

  /** Sets up one forwarding origin → replica; idempotent per feed and replica. */
  #forward(home: Home, feed: FeedKey): Promise<void> {
    const existing = home.forwards.get(feed);
    if (existing) return existing;
    const origin = this.#origin.room;
    const replica = home.room;
    const spec = origin?.remoteSpec(feed);
    if (!origin || !replica || !spec) return Promise.resolve();
    const forwarding = (async () => {
      const srtp = newForwardSrtp();
      const endpoint = await replica.addRemoteFeed(feed, { ...spec, iface: home.node.forwardAddress, srtp });
      await origin.publishRemotely(feed, {
        remoteId: home.node.id,
        host: home.node.forwardAddress,
        endpoint,
        srtp,
      });
    })();
    home.forwards.set(feed, forwarding);
    forwarding.catch((err: unknown) => {
      if (home.forwards.get(feed) === forwarding) home.forwards.delete(feed);
      this.#host.log.warn({ err, room: this.key, feed, node: home.node.id }, 'forwarding a feed failed');
    });
    return forwarding;
  }

  /**
   * Removes `feed` from a replica after its publisher left the origin (Janus drops a publisher's
   * forwardings with it); the replica's viewers get a renegotiation, as for a local feed.
   */
  async #unforward(home: Home, feed: FeedKey): Promise<void> {
    const forwarding = home.forwards.get(feed);
    if (!forwarding) return;
    home.forwards.delete(feed);
    await forwarding.catch(() => undefined);
    await home.room?.removeRemoteFeed(feed);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('media_unavailable', `room ${this.key} is closed`);
  }
}
