// One meeting's VideoRoom: a publisher handle per feed, one subscriber per client, and an
// observer handle that receives the room's notifications (talking, unpublished) exactly once.
import { AppError } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { isJanusCode, mediaError } from './errors.js';
import type { JanusHandle } from './janus-session.js';
import { VIDEOROOM_ERROR } from './janus-wire.js';
import {
  parseForwardReply,
  rtpForwardBody,
  stopRtpForwardBody,
  type BridgeRoomOptions,
} from './audiobridge.js';
import { MediaMix } from './mix.js';
import {
  addRemotePublisherBody,
  parseRemoteEndpoint,
  publishRemotelyBody,
  remoteStreamSpecs,
  type ForwardSrtp,
  type RemoteEndpoint,
  type RemoteStreamSpec,
} from './remote-feeds.js';
import { parsePublishedStreams, type PublishedStream } from './sdp.js';
import { MediaSubscriber, type SubscriberHost } from './subscriber.js';
import type { FeedKey, Logger, MediaRoomEvents, PublishOptions, PublishResult } from './types.js';

/** What a room needs from its engine. */
export interface RoomHost {
  readonly log: Logger;
  /** Attaches a VideoRoom handle on the current session (media_unavailable when Janus is down). */
  attach(): Promise<JanusHandle>;
  /** Attaches an AudioBridge handle (the meeting's mix); its admin key guards room creation. */
  attachBridge?(): Promise<JanusHandle>;
  readonly bridgeAdminKey?: string;
  roomClosed(room: MediaRoom): void;
}

/** Room settings; see janus_videoroom.c for their meaning. */
export interface RoomOptions {
  /** Concurrent publishers (feeds), default 64. */
  maxPublishers?: number;
  /** Bitrate cap (REMB) for each publisher in bit/s, default 2.5 Mbit/s (720p simulcast). */
  bitrate?: number;
}

interface Publisher {
  /** Undefined for a remote feed (forwarded from another node), which has no handle here. */
  handle: JanusHandle | undefined;
  /** Resolves with the handle once attached (trickle may arrive before the answer). */
  attached: Promise<JanusHandle>;
  streams: PublishedStream[] | undefined;
  /** Janus reported the PeerConnection up (webrtcup); always true for a remote feed. */
  up: boolean;
  /** What another node needs to receive this feed (local feeds only). */
  specs: RemoteStreamSpec[];
  display: string;
  remote: boolean;
}

/** How much a room weighs on its node (for placement). */
export interface RoomStats {
  publishers: number;
  remoteFeeds: number;
  subscribers: number;
}

const isLive = (p: Publisher): boolean => p.up && p.streams !== undefined;

/** The id our observer joins with; a FeedKey (`participant:source`) can never start with `~`. */
export const OBSERVER_ID = '~observer';
const SIGNAL_TIMEOUT_MS = 20_000;

/** The media side of one meeting. Obtain it with `MediaEngine.openRoom()`. */
export class MediaRoom extends TypedEmitter<MediaRoomEvents> {
  readonly key: string;
  readonly #host: RoomHost;
  readonly #opts: Required<RoomOptions>;
  readonly #publishers = new Map<FeedKey, Publisher>();
  readonly #subscribers = new Map<string, MediaSubscriber>();
  readonly #talking = new Set<FeedKey>();
  #observer: JanusHandle | undefined;
  /** The meeting's mixed audio, opened on first use (see openMix). */
  #mix: Promise<MediaMix> | undefined;
  /** Folder Janus records every feed into (.mjr per stream), or null when not recording. */
  #recordDir: string | null = null;
  #closed = false;

  /** @internal Use MediaEngine.openRoom(). */
  constructor(host: RoomHost, key: string, opts: RoomOptions = {}) {
    super();
    this.#host = host;
    this.key = key;
    this.#opts = { maxPublishers: opts.maxPublishers ?? 64, bitrate: opts.bitrate ?? 2_500_000 };
  }

  /** True until close(). */
  get isOpen(): boolean {
    return !this.#closed;
  }

  /** Feeds whose media reaches Janus now (those a subscriber can get). */
  feeds(): FeedKey[] {
    return [...this.#publishers].filter(([, p]) => isLive(p)).map(([feed]) => feed);
  }

  /**
   * Publishes `feed` from the client's SDP offer and returns Janus's answer. One Janus publisher
   * handle per feed, with the FeedKey as its Janus id; publishing a feed again replaces it.
   */
  async publish(feed: FeedKey, offerSdp: string, opts: PublishOptions): Promise<PublishResult> {
    this.#assertOpen();
    if (feed.startsWith('~') || feed.length === 0) throw AppError.badMessage(`bad feed key ${feed}`, 'feed');
    if (this.#publishers.has(feed)) await this.unpublish(feed);
    const attached = this.#host.attach();
    const entry: Publisher = {
      handle: undefined,
      attached,
      streams: undefined,
      up: false,
      specs: [],
      display: opts.display,
      remote: false,
    };
    this.#publishers.set(feed, entry);
    try {
      const handle = await attached;
      entry.handle = handle;
      if (this.#publishers.get(feed) !== entry) {
        await handle.detach();
        throw new AppError('publish_failed', `feed ${feed} was unpublished while publishing`);
      }
      this.#watchPublisher(feed, entry, handle);
      const reply = await this.#joinAndConfigure(handle, feed, offerSdp, opts);
      if (!reply.jsep || reply.jsep.type !== 'answer')
        throw new AppError('publish_failed', 'Janus gave no SDP answer');
      if (this.#publishers.get(feed) !== entry)
        throw new AppError('publish_failed', `feed ${feed} went away`);
      entry.specs = remoteStreamSpecs(reply.data.streams);
      entry.streams = parsePublishedStreams(reply.data.streams);
      if (entry.up) this.emit('feedready', feed);
      return { answerSdp: reply.jsep.sdp };
    } catch (err) {
      if (this.#publishers.get(feed) === entry) this.#publishers.delete(feed);
      await entry.handle?.detach();
      throw mediaError(err, 'publish_failed', `publish ${feed}`);
    }
  }

  /**
   * ICE restart of `feed`'s publisher connection (the client's network changed): the client's new
   * offer (with fresh ICE credentials) goes to the same Janus handle as a `configure`, so the feed,
   * its id and everyone's subscriptions to it stay. Fails with publish_failed when `feed` is not
   * published here (the client then publishes again from scratch).
   */
  async restartPublisher(feed: FeedKey, offerSdp: string): Promise<PublishResult> {
    this.#assertOpen();
    const entry = this.#publishers.get(feed);
    const handle = entry && !entry.remote ? await entry.attached.catch(() => undefined) : undefined;
    if (!handle || handle.detached || !entry?.streams)
      throw new AppError('publish_failed', `feed ${feed} is not published`);
    try {
      const reply = await handle.message(
        { request: 'configure' },
        { type: 'offer', sdp: offerSdp },
        SIGNAL_TIMEOUT_MS,
      );
      if (!reply.jsep || reply.jsep.type !== 'answer')
        throw new AppError('publish_failed', 'Janus gave no SDP answer to the ICE restart');
      return { answerSdp: reply.jsep.sdp };
    } catch (err) {
      throw mediaError(err, 'publish_failed', `ICE restart of ${feed}`);
    }
  }

  /** Stops publishing `feed` (no 'feedgone' follows). Unknown feeds are ignored. */
  async unpublish(feed: FeedKey): Promise<void> {
    const entry = this.#publishers.get(feed);
    if (!entry) return;
    if (entry.remote) return this.removeRemoteFeed(feed);
    this.#publishers.delete(feed);
    this.#stoppedTalking(feed);
    const handle = entry.handle ?? (await entry.attached.catch(() => undefined));
    await handle?.detach();
  }

  /** Trickles a client ICE candidate for `feed`'s publisher connection (`null`: gathering done). */
  async trickleFeed(
    feed: FeedKey,
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void> {
    this.#assertOpen();
    const entry = this.#publishers.get(feed);
    if (!entry) return;
    const handle = await entry.attached.catch(() => undefined);
    if (!handle || handle.detached) return;
    await handle.trickle(candidate);
  }

  /** The subscriber of client `subscriberId`, created on first use. */
  subscriber(subscriberId: string): MediaSubscriber {
    this.#assertOpen();
    let sub = this.#subscribers.get(subscriberId);
    if (!sub) {
      sub = new MediaSubscriber(this.#subscriberHost(), subscriberId);
      this.#subscribers.set(subscriberId, sub);
    }
    return sub;
  }

  /**
   * Starts (`dir`) or stops (`null`) recording every feed of the room into `dir`, one .mjr file per
   * stream (Janus names them `videoroom-<room>-user-<feed>-<time>-<kind>-<mindex>.mjr`). Feeds that
   * publish later are recorded too; a room recreated after a Janus restart records again.
   */
  async setRecording(dir: string | null): Promise<void> {
    this.#assertOpen();
    const observer = this.#observer;
    if (!observer || observer.detached) throw AppError.mediaUnavailable(new Error('room not set up'));
    try {
      if (dir !== null) await observer.message({ request: 'edit', room: this.key, new_rec_dir: dir });
      await observer.message({ request: 'enable_recording', room: this.key, record: dir !== null });
    } catch (err) {
      throw mediaError(err, 'media_unavailable', `recording in ${this.key}`);
    }
    this.#recordDir = dir;
  }

  /** Publishers, remote feeds and subscribers of this room now. */
  stats(): RoomStats {
    let publishers = 0;
    let remoteFeeds = 0;
    for (const p of this.#publishers.values()) {
      if (p.remote) remoteFeeds += 1;
      else publishers += 1;
    }
    return { publishers, remoteFeeds, subscribers: this.#subscribers.size };
  }

  /** The streams and display another node needs to receive `feed`; undefined unless it is live here. */
  remoteSpec(feed: FeedKey): { streams: RemoteStreamSpec[]; display: string } | undefined {
    const entry = this.#publishers.get(feed);
    if (!entry || entry.remote || !isLive(entry) || entry.specs.length === 0) return undefined;
    return { streams: entry.specs, display: entry.display };
  }

  /**
   * Adds `feed` as a remote publisher (its media arrives by RTP from another node, at the
   * returned endpoint on `iface`); subscribers here can then get it like a local feed.
   */
  async addRemoteFeed(
    feed: FeedKey,
    spec: { streams: RemoteStreamSpec[]; display: string; iface: string; srtp: ForwardSrtp },
  ): Promise<RemoteEndpoint> {
    const observer = this.#usableObserver();
    if (this.#publishers.has(feed)) await this.removeRemoteFeed(feed);
    const body = addRemotePublisherBody(this.key, feed, spec);
    let reply;
    try {
      reply = await observer.message(body);
    } catch (err) {
      // NOTE: a stale remote publisher (from a forwarding we lost track of) holds the id: replace it.
      if (!isJanusCode(err, VIDEOROOM_ERROR.idExists))
        throw mediaError(err, 'media_unavailable', 'add remote feed');
      await observer
        .message({ request: 'remove_remote_publisher', room: this.key, id: feed })
        .catch(() => undefined);
      reply = await observer.message(body).catch((again: unknown) => {
        throw mediaError(again, 'media_unavailable', 'add remote feed');
      });
    }
    const endpoint = parseRemoteEndpoint(reply.data);
    const streams = parsePublishedStreams(spec.streams);
    this.#publishers.set(feed, {
      handle: undefined,
      attached: Promise.reject(new Error('remote feed')),
      streams,
      up: true,
      specs: [],
      display: spec.display,
      remote: true,
    });
    this.#publishers.get(feed)?.attached.catch(() => undefined);
    return endpoint;
  }

  /** Removes a remote feed; its subscribers here get a renegotiation, as when a local feed leaves. */
  async removeRemoteFeed(feed: FeedKey): Promise<void> {
    const entry = this.#publishers.get(feed);
    if (!entry?.remote) return;
    this.#publishers.delete(feed);
    const observer = this.#observer;
    if (!observer || observer.detached) return;
    try {
      await observer.message({ request: 'remove_remote_publisher', room: this.key, id: feed });
    } catch (err) {
      this.#host.log.debug({ err, room: this.key, feed }, 'remove_remote_publisher failed');
    }
  }

  /** Starts forwarding the local `feed` to a remote publisher on another node (`remoteId` names it). */
  async publishRemotely(
    feed: FeedKey,
    target: { remoteId: string; host: string; endpoint: RemoteEndpoint; srtp: ForwardSrtp },
  ): Promise<void> {
    const observer = this.#usableObserver();
    try {
      await observer.message(publishRemotelyBody(this.key, feed, target));
    } catch (err) {
      throw mediaError(err, 'media_unavailable', `forward ${feed}`);
    }
  }

  /** Stops one forwarding of `feed`; ignored when the feed or the forwarding is already gone. */
  async unpublishRemotely(feed: FeedKey, remoteId: string): Promise<void> {
    const observer = this.#observer;
    if (!observer || observer.detached || !this.#publishers.has(feed)) return;
    try {
      await observer.message({
        request: 'unpublish_remotely',
        room: this.key,
        publisher_id: feed,
        remote_id: remoteId,
      });
    } catch (err) {
      this.#host.log.debug({ err, room: this.key, feed, remoteId }, 'unpublish_remotely failed');
    }
  }

  /**
   * The meeting's mixed audio (an AudioBridge room with the same key), created on first use; the
   * same MediaMix until the room closes. It is recreated empty after a Janus restart ('reset').
   */
  openMix(opts: Partial<BridgeRoomOptions> = {}): Promise<MediaMix> {
    this.#assertOpen();
    if (this.#mix) return this.#mix;
    const host = this.#host;
    const bridgeAdminKey = host.bridgeAdminKey;
    if (!host.attachBridge || bridgeAdminKey === undefined)
      return Promise.reject(AppError.mediaUnavailable(new Error('no AudioBridge on this node')));
    const mix = new MediaMix(
      {
        key: this.key,
        log: this.#host.log,
        adminKey: bridgeAdminKey,
        attachBridge: () =>
          host.attachBridge?.() ?? Promise.reject(AppError.mediaUnavailable(new Error('no AudioBridge'))),
        forwardAudio: (feed, target) => this.#forwardAudio(feed, target),
        stopForward: (feed, streamId) => this.#stopForward(feed, streamId),
      },
      opts,
    );
    const opening = mix.setup().then(() => mix);
    this.#mix = opening;
    opening.catch(() => {
      if (this.#mix === opening) this.#mix = undefined;
    });
    return opening;
  }

  /** Closes every handle and subscriber, destroys the VideoRoom and emits 'closed'. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const mix = this.#mix;
    this.#mix = undefined;
    await mix?.then((m) => m.close()).catch(() => undefined);
    const subs = [...this.#subscribers.values()];
    const feeds = [...this.#publishers.keys()];
    await Promise.all([...subs.map((s) => s.close()), ...feeds.map((f) => this.unpublish(f))]);
    const observer = this.#observer;
    this.#observer = undefined;
    if (observer && !observer.detached) {
      try {
        await observer.message({ request: 'destroy', room: this.key });
      } catch (err) {
        this.#host.log.debug({ err, room: this.key }, 'VideoRoom destroy failed');
      }
      await observer.detach();
    }
    this.#host.roomClosed(this);
    this.emit('closed');
  }

  /** @internal Creates the VideoRoom in Janus (replacing a stale one) and joins the observer. */
  async setup(): Promise<void> {
    const observer = await this.#host.attach();
    try {
      try {
        await observer.message(this.#createBody());
      } catch (err) {
        if (!isJanusCode(err, VIDEOROOM_ERROR.roomExists)) throw err;
        await observer.message({ request: 'destroy', room: this.key });
        await observer.message(this.#createBody());
      }
      observer.on('event', (data) => this.#onNotification(data));
      await observer.message({
        request: 'join',
        ptype: 'publisher',
        room: this.key,
        id: OBSERVER_ID,
        display: 'observer',
      });
    } catch (err) {
      await observer.detach();
      throw mediaError(err, 'media_unavailable', `open room ${this.key}`);
    }
    this.#observer = observer;
  }

  /** @internal Janus went away: every handle is gone; drop them without talking to Janus. */
  lose(): void {
    this.#observer = undefined;
    void this.#mix?.then((m) => m.lose()).catch(() => undefined);
    for (const feed of [...this.#publishers.keys()]) {
      this.#publishers.delete(feed);
      this.#stoppedTalking(feed);
    }
    for (const sub of this.#subscribers.values()) sub.reset();
  }

  /** @internal After a Janus restart: recreate the room empty and tell the listeners. */
  async recreate(): Promise<void> {
    // NOTE: a pool may have closed this room (moved the meeting) while its node was restarting.
    if (this.#closed) return;
    this.lose();
    await this.setup();
    const mix = await this.#mix?.catch(() => undefined);
    if (mix) await mix.recreate();
    this.emit('reset');
  }

  #createBody(): object {
    return {
      request: 'create',
      room: this.key,
      description: this.key,
      is_private: true,
      permanent: false,
      publishers: this.#opts.maxPublishers,
      bitrate: this.#opts.bitrate,
      fir_freq: 10,
      audiocodec: 'opus',
      videocodec: 'vp8',
      opus_fec: true,
      audiolevel_ext: true,
      audiolevel_event: true,
      // NOTE: Janus averages the level over this many packets (20 ms each): 1 s reacts fast
      // enough for an active-speaker highlight without flickering.
      audio_active_packets: 50,
      audio_level_average: 25,
      notify_joining: false,
      record: this.#recordDir !== null,
      ...(this.#recordDir === null ? {} : { rec_dir: this.#recordDir }),
    };
  }

  #joinAndConfigure(handle: JanusHandle, feed: FeedKey, offerSdp: string, opts: PublishOptions) {
    const body = {
      request: 'joinandconfigure',
      ptype: 'publisher',
      room: this.key,
      id: feed,
      display: opts.display,
    };
    const attempt = () => handle.message(body, { type: 'offer', sdp: offerSdp }, SIGNAL_TIMEOUT_MS);
    return attempt().catch(async (err: unknown) => {
      // NOTE: after a replace, Janus may free the old participant's id a moment after detach.
      if (!isJanusCode(err, VIDEOROOM_ERROR.idExists)) throw err;
      await new Promise((r) => setTimeout(r, 200));
      return attempt();
    });
  }

  #watchPublisher(feed: FeedKey, entry: Publisher, handle: JanusHandle): void {
    const gone = (why: string): void => {
      if (this.#publishers.get(feed) !== entry) return;
      this.#host.log.info({ room: this.key, feed, why }, 'feed gone');
      this.#publishers.delete(feed);
      this.#stoppedTalking(feed);
      void handle.detach();
      if (entry.streams !== undefined) this.emit('feedgone', feed);
    };
    handle.on('webrtcup', () => {
      if (this.#publishers.get(feed) !== entry || entry.up) return;
      entry.up = true;
      // NOTE: Janus refuses subscriptions (428 "No such feed") until the publisher is up.
      if (entry.streams !== undefined) this.emit('feedready', feed);
    });
    handle.on('hangup', (reason) => gone(`hangup: ${reason}`));
    handle.on('detached', (reason) => {
      // NOTE: a lost session means Janus itself went away: the room's 'reset' says it, not 'feedgone'.
      if (reason === 'janus') gone('detached by Janus');
    });
  }

  /** Room notifications, received once by the observer (every publisher handle gets copies). */
  #onNotification(data: Record<string, unknown>): void {
    const id = data.id;
    switch (data.videoroom) {
      case 'talking':
      case 'stopped-talking': {
        if (typeof id !== 'string' || !this.#publishers.has(id)) return;
        const talking = data.videoroom === 'talking';
        if (talking === this.#talking.has(id)) return;
        if (talking) this.#talking.add(id);
        else this.#talking.delete(id);
        this.emit('talking', id, talking);
        return;
      }
      case 'event': {
        const gone = typeof data.unpublished === 'string' ? data.unpublished : data.leaving;
        if (typeof gone !== 'string') return;
        const entry = this.#publishers.get(gone);
        // NOTE: our own unpublish already removed the entry, so only unexpected departures remain.
        if (entry?.streams !== undefined && entry.handle) {
          this.#publishers.delete(gone);
          this.#stoppedTalking(gone);
          void entry.handle.detach();
          this.emit('feedgone', gone);
        }
        return;
      }
      case 'destroyed':
        if (!this.#closed) this.#host.log.warn({ room: this.key }, 'VideoRoom destroyed under us');
        return;
    }
  }

  /** VideoRoom `rtp_forward` of a local feed's audio into the mix. */
  async #forwardAudio(feed: FeedKey, target: { host: string; port: number }): Promise<number> {
    const entry = this.#publishers.get(feed);
    const audio = entry && !entry.remote ? entry.streams?.find((s) => s.kind === 'audio') : undefined;
    if (!audio) throw new AppError('media_unavailable', `feed ${feed} has no live audio here`);
    const reply = await this.#usableObserver().message(rtpForwardBody(this.key, feed, audio.mid, target));
    const forward = parseForwardReply(reply.data);
    if (!forward) throw new AppError('media_unavailable', `no forwarder for ${feed}`);
    return forward.streamId;
  }

  async #stopForward(feed: FeedKey, streamId: number): Promise<void> {
    const observer = this.#observer;
    if (!observer || observer.detached || !this.#publishers.has(feed)) return;
    await observer.message(stopRtpForwardBody(this.key, feed, streamId)).catch((err: unknown) => {
      this.#host.log.debug({ err, room: this.key, feed }, 'stop_rtp_forward failed');
    });
  }

  #stoppedTalking(feed: FeedKey): void {
    if (this.#talking.delete(feed)) this.emit('talking', feed, false);
  }

  #subscriberHost(): SubscriberHost {
    return {
      key: this.key,
      log: this.#host.log,
      attach: () => this.#host.attach(),
      feedStreams: (feed) => {
        const entry = this.#publishers.get(feed);
        return entry && isLive(entry) ? entry.streams : undefined;
      },
      forgetSubscriber: (sub) => {
        if (this.#subscribers.get(sub.id) === sub) this.#subscribers.delete(sub.id);
      },
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('media_unavailable', `room ${this.key} is closed`);
  }

  #usableObserver(): JanusHandle {
    this.#assertOpen();
    const observer = this.#observer;
    if (!observer || observer.detached)
      throw AppError.mediaUnavailable(new Error(`room ${this.key} has no Janus session`));
    return observer;
  }
}
