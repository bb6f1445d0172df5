// One live meeting: who is in it, what each one publishes, who is speaking, and the Janus room that
// carries its media. Holds no sockets: clients are reached through the `ClientSink` they joined with.
import { AppError } from '@diemcau/protocol';
import type {
  LeaveReason,
  MediaSource,
  MeetingInfo,
  Participant,
  QualitySample,
  ServerMessage,
  ViewTile,
} from '@diemcau/protocol';
import type { FeedKey, Logger } from '@diemcau/media';
import { TypedEmitter } from '@diemcau/media';
import { newParticipantId } from '../ids.js';
import { actorKeyOf } from './admission.js';
import type { Identity } from './admission.js';
import { feedKey, parseFeedKey } from './feeds.js';
import type { MediaRoomPort, MediaSubscriberPort } from './ports.js';
import { SubscriberSync } from './subscriber-sync.js';
import { ReceiveAdapter } from './receive-adapter.js';
import type { MixedAudio } from './mixed-audio.js';
import { RoomAdaptation } from './room-adaptation.js';
import { RoomLobby } from './room-lobby.js';
import { NOT_RECORDING } from '../recordings/live-recorder.js';
import type { LiveRecorder, LiveRecorderFactory, RecordingState } from '../recordings/live-recorder.js';
import type { LiveAction, LiveState, PresentPointer } from '@diemcau/protocol';
import { RoomConduct } from '../conduct/room-conduct.js';
import type { MeetingConduct } from '../conduct/session.js';

/** How the room reaches one client. */
export interface ClientSink {
  send(msg: ServerMessage): void;
  /** Ends the client's session (removed by a moderator, device revoked). */
  close(code: number, reason: string): void;
}

/** Opens (or reopens) the media room of this meeting; throws media_unavailable when it cannot. */
export type MediaRoomOpener = () => Promise<MediaRoomPort>;

interface Member {
  info: Participant;
  identity: Identity;
  sink: ClientSink;
  sync: SubscriberSync;
  /** The latest quality sample the client reported, and when (monotonic ms). */
  quality?: { sample: QualitySample; atMs: number };
  /** Receive adaptation: its layout, downlink estimate and plan (see receive-adapter.ts). */
  adapt: ReceiveAdapter;
}

export type LiveRoomEvents = {
  /** The last participant left; the hub may close the room. */
  empty: [];
  listenererror: [string, unknown];
};

export class LiveRoom extends TypedEmitter<LiveRoomEvents> {
  readonly #members = new Map<string, Member>();
  readonly #lobby = new RoomLobby({ members: () => this.#members.values() });
  #media: MediaRoomPort | null = null;
  #mediaOpening: Promise<MediaRoomPort> | null = null;
  #activeSpeaker: string | null = null;
  #closed = false;
  #recorder: LiveRecorder | null = null;
  /** The meeting's conduct (agenda, queue, votes…); null in tests of the media path. */
  #conduct: RoomConduct | null = null;
  /** Receive adaptation of every member (room-adaptation.ts). */
  readonly #adaptation = new RoomAdaptation({
    // NOTE: a function: the constructor's `log` is not assigned yet when fields initialise.
    logger: () => this.log,
    media: () => this.#media,
    members: () => this.#members.values(),
    member: (id) => this.#members.get(id),
    activeSpeaker: () => this.#activeSpeaker,
    broadcast: (msg) => this.#broadcast(msg),
  });
  /** Mixed audio for weak points (mixed-audio.ts); Connection routes `mix.*` frames to it. */
  readonly mixed: MixedAudio = this.#adaptation.mixed;

  constructor(
    readonly meeting: MeetingInfo,
    private readonly openMedia: MediaRoomOpener,
    private readonly log: Logger,
  ) {
    super();
  }

  get size(): number {
    return this.#members.size;
  }

  get activeSpeakerId(): string | null {
    return this.#activeSpeaker;
  }

  participants(): Participant[] {
    return [...this.#members.values()].map((m) => m.info);
  }

  participant(id: string): Participant | undefined {
    return this.#members.get(id)?.info;
  }

  /** Runs the meeting's conduct in this room: snapshots on join, actions, presence, effects. */
  useConduct(conduct: MeetingConduct): void {
    this.#conduct = new RoomConduct(
      conduct,
      {
        members: () => this.#members.values(),
        remove: async (participantId) => {
          const target = this.#members.get(participantId)?.identity;
          if (target) await this.kick((identity) => identity === target, 'removed by the chair');
        },
        endMeeting: () => this.#endMeeting(),
      },
      this.log,
    );
  }

  /** Locked by the chair: newcomers who do not moderate wait in the lobby. */
  get locked(): boolean {
    return this.#conduct?.locked ?? false;
  }

  /** The conduct state as this participant may see it, or null when the room has no conduct. */
  liveSnapshot(participantId: string): LiveState | null {
    const member = this.#members.get(participantId);
    return member && this.#conduct ? this.#conduct.snapshotFor(member) : null;
  }

  /** One meeting action; resolves once it is stored (then the caller acknowledges it). */
  async act(participantId: string, action: LiveAction): Promise<void> {
    const member = this.#member(participantId);
    if (!this.#conduct) throw new AppError('wrong_state', 'this meeting has no conduct');
    await this.#conduct.act(member, action);
  }

  /** The presenter's pointer on the presented page (relayed, never stored). */
  pointer(participantId: string, pointer: PresentPointer | null): void {
    const member = this.#member(participantId);
    if (!this.#conduct) throw new AppError('wrong_state', 'this meeting has no conduct');
    this.#conduct.pointer(member, pointer);
  }

  /** The chair ended the meeting: everyone (and the lobby) is disconnected. */
  async #endMeeting(): Promise<void> {
    this.#lobby.closeAll('meeting ended');
    for (const m of [...this.#members.values()]) {
      m.sink.send({ type: 'participant.left', participantId: m.info.id, reason: 'meeting_ended' });
      await this.leave(m.info.id, 'meeting_ended');
      m.sink.close(4004, 'meeting ended');
    }
  }

  /** Adds a participant and tells the others. The caller sends `joined` to the newcomer. */
  join(identity: Identity, sink: ClientSink, id: string = newParticipantId()): Participant {
    if (this.#closed || this.#conduct?.ended) throw AppError.meetingNotFound(this.meeting.id);
    const info: Participant = {
      id,
      name: identity.name,
      role: identity.role,
      moderator: identity.moderator,
      bridgePoint: identity.bridgePoint,
      actorKey: actorKeyOf(identity, id),
      audioMuted: false,
      videoMuted: false,
      publishing: { camera: null, screen: false },
      joinedAt: new Date().toISOString(),
    };
    const sync = new SubscriberSync({
      subscriber: () => this.#subscriberOf(info.id),
      wanted: () => this.#adaptation.wantedBy(info.id),
      send: (msg) => sink.send(msg),
      log: this.log,
    });
    this.#members.set(info.id, {
      info,
      identity,
      sink,
      sync,
      adapt: new ReceiveAdapter(identity.receiveCapKbps ?? null),
    });
    this.#broadcast({ type: 'participant.joined', participant: info }, info.id);
    this.#conduct?.joined({ info, identity, sink });
    if (identity.moderator && this.#lobby.size > 0) sink.send(this.#lobby.message());
    const levels = [...this.#members.values()].map((m) => ({
      participantId: m.info.id,
      level: m.adapt.level,
    }));
    sink.send({ type: 'quality.levels', levels });
    // Open the media room early so that the first publish does not wait for it.
    this.#ensureMedia().catch((err: unknown) => this.log.warn({ err }, 'media room not available yet'));
    sync.schedule();
    return info;
  }

  /** Publishes one source of a participant and returns Janus's answer. */
  async publish(
    participantId: string,
    source: MediaSource,
    sdp: string,
    audio: boolean,
    video: boolean,
  ): Promise<string> {
    const member = this.#member(participantId);
    const media = await this.#ensureMedia();
    let answerSdp: string;
    try {
      const result = await media.publish(feedKey(participantId, source), sdp, {
        display: member.info.bridgePoint ?? member.info.name,
        audio,
        video,
      });
      answerSdp = result.answerSdp;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('publish_failed', `could not publish ${source}`, { cause: err });
    }
    if (!this.#members.has(participantId)) return answerSdp;
    const publishing =
      source === 'camera'
        ? { ...member.info.publishing, camera: { audio, video } }
        : { ...member.info.publishing, screen: true };
    this.#update(participantId, { publishing });
    this.#resyncOthers(participantId);
    return answerSdp;
  }

  /** ICE restart of a published source (same connection, fresh ICE credentials): Janus's answer. */
  async restartPublisher(participantId: string, source: MediaSource, sdp: string): Promise<string> {
    this.#member(participantId);
    const media = this.#media;
    if (!media) throw AppError.mediaUnavailable();
    return (await media.restartPublisher(feedKey(participantId, source), sdp)).answerSdp;
  }

  /**
   * ICE restart of a participant's subscriber connection: a `subscribe.offer` follows. `fresh`
   * drops the connection first, so that the offer is for a new one.
   */
  async restartSubscription(participantId: string, fresh: boolean): Promise<void> {
    const member = this.#member(participantId);
    if (!fresh) return member.sync.restartIce();
    const media = this.#media;
    if (!media) throw AppError.mediaUnavailable();
    await media.subscriber(participantId).close();
    member.adapt.subscriptionChanged();
    member.sync.reset();
  }

  async unpublish(participantId: string, source: MediaSource): Promise<void> {
    const member = this.#member(participantId);
    const media = this.#media;
    if (media) await media.unpublish(feedKey(participantId, source));
    this.#markUnpublished(member, source);
  }

  async trickle(
    participantId: string,
    target: 'camera' | 'screen' | 'subscriber',
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void> {
    this.#member(participantId);
    const media = this.#media;
    if (!media) throw AppError.mediaUnavailable();
    if (target === 'subscriber') await media.subscriber(participantId).trickle(candidate);
    else await media.trickleFeed(feedKey(participantId, target), candidate);
  }

  async answerSubscription(participantId: string, version: number, sdp: string): Promise<void> {
    const member = this.#member(participantId);
    await member.sync.answer(version, sdp);
    // NOTE: Janus starts a new subscription at the highest layer: send the planned ones again.
    member.adapt.subscriptionChanged();
    this.#adaptation.adapt(member);
  }

  /** A client asks for a layer of a remote camera; the receive plan may still pick a lower one. */
  setQuality(participantId: string, remoteId: string, substream: 0 | 1 | 2): void {
    const member = this.#member(participantId);
    if (!this.#media) throw AppError.mediaUnavailable();
    member.adapt.request(remoteId, substream);
    this.#adaptation.adapt(member);
  }

  /** What a client shows (tiles and sizes) and whether it wants audio only. */
  setLayout(participantId: string, tiles: readonly ViewTile[], audioOnly: boolean): void {
    const member = this.#member(participantId);
    member.adapt.setLayout(tiles, audioOnly);
    this.#adaptation.adapt(member);
  }

  setMediaState(participantId: string, audioMuted: boolean, videoMuted: boolean): void {
    this.#member(participantId);
    this.#update(participantId, { audioMuted, videoMuted });
  }

  /** Keeps a participant's latest quality sample (for metrics) and adapts what it receives. */
  reportQuality(participantId: string, sample: QualitySample, atMs: number): void {
    const member = this.#member(participantId);
    member.quality = { sample, atMs };
    member.adapt.report(sample, atMs);
    this.#adaptation.adapt(member);
  }

  /** The latest quality sample of every participant that reported one. */
  qualitySamples(): { participantId: string; sample: QualitySample; atMs: number }[] {
    const out: { participantId: string; sample: QualitySample; atMs: number }[] = [];
    for (const m of this.#members.values())
      if (m.quality) out.push({ participantId: m.info.id, ...m.quality });
    return out;
  }

  /**
   * Puts a guest in the lobby until a moderator decides. `decide(true)` means the caller may now
   * join them (with the returned id); `decide(false)` means they were turned away.
   */
  enterLobby(identity: Identity, sink: ClientSink, decide: (admitted: boolean, id: string) => void): string {
    if (this.#closed) throw AppError.meetingNotFound(this.meeting.id);
    return this.#lobby.enter(identity, sink, decide);
  }

  /** A waiting guest gave up (closed the page). */
  leaveLobby(id: string): void {
    this.#lobby.leave(id);
    if (this.#members.size === 0 && this.#lobby.size === 0) this.emit('empty');
  }

  /** A moderator admits or turns away a waiting guest. */
  decideLobby(moderatorId: string, guestId: string, admitted: boolean): void {
    const moderator = this.#member(moderatorId);
    if (!moderator.info.moderator)
      throw AppError.forbidden('only the chair or the secretary may admit guests');
    this.#lobby.decide(guestId, admitted);
  }

  /** Lets moderators record this meeting (the hub wires it when the server can record). */
  useRecorder(make: LiveRecorderFactory): void {
    this.#recorder = make(this.meeting.id, () => this.#ensureMedia());
  }

  recordingState(): RecordingState {
    return this.#recorder?.state() ?? NOT_RECORDING;
  }

  /** A moderator starts or stops recording; everyone is told (the web shows an indicator). */
  async setRecording(participantId: string, on: boolean): Promise<void> {
    const member = this.#member(participantId);
    if (!member.info.moderator)
      throw AppError.forbidden('only the chair or the secretary may record the meeting');
    if (!this.#recorder) throw new AppError('media_unavailable', 'this server does not record meetings');
    const { userId, deviceId } = member.identity;
    const by = { name: member.info.name, userId, deviceId };
    const state = on ? await this.#recorder.start(by) : await this.#recorder.stop(by);
    this.#broadcast({ type: 'recording.state', ...state });
  }

  lobbySize(): number {
    return this.#lobby.size;
  }

  /** Disconnects every participant and waiting guest that matches (revoked device, withdrawn invitation). */
  async kick(match: (identity: Identity) => boolean, reason: string): Promise<number> {
    let n = this.#lobby.kick(match, reason);
    for (const m of [...this.#members.values()]) {
      if (!match(m.identity)) continue;
      m.sink.send({ type: 'participant.left', participantId: m.info.id, reason: 'removed' });
      await this.leave(m.info.id, 'removed');
      m.sink.close(4003, reason);
      n++;
    }
    return n;
  }

  /** Removes a participant, its feeds and its subscription, and tells the others. */
  async leave(participantId: string, reason: LeaveReason): Promise<void> {
    const member = this.#members.get(participantId);
    if (!member) return;
    this.#members.delete(participantId);
    this.mixed.memberLeft(participantId);
    this.#conduct?.left(member);
    member.sync.close();
    const media = this.#media;
    if (media) {
      const closing: Promise<unknown>[] = [media.subscriber(participantId).close()];
      if (member.info.publishing.camera) closing.push(media.unpublish(feedKey(participantId, 'camera')));
      if (member.info.publishing.screen) closing.push(media.unpublish(feedKey(participantId, 'screen')));
      const results = await Promise.allSettled(closing);
      for (const r of results)
        if (r.status === 'rejected')
          this.log.warn({ err: r.reason as unknown }, 'cleanup after leave failed');
    }
    this.#broadcast({ type: 'participant.left', participantId, reason });
    if (this.#activeSpeaker === participantId) this.#setActiveSpeaker(null);
    this.#resyncOthers(participantId);
    if (this.#members.size === 0 && this.#lobby.size === 0) this.emit('empty');
  }

  /** Closes the Janus room. Members must have left (the hub closes only empty rooms). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#lobby.closeAll('meeting closed');
    for (const m of this.#members.values()) m.sync.close();
    this.#members.clear();
    await this.#conduct?.close();
    try {
      await this.#recorder?.finish();
    } catch (err) {
      this.log.error({ err, meetingId: this.meeting.id }, 'finishing the recording failed');
    }
    const media = this.#media ?? (await this.#mediaOpening?.catch(() => null)) ?? null;
    this.#media = null;
    if (media) await media.close();
  }

  #member(participantId: string): Member {
    const member = this.#members.get(participantId);
    if (!member) throw AppError.notJoined();
    return member;
  }

  #subscriberOf(participantId: string): MediaSubscriberPort | null {
    return this.#media ? this.#media.subscriber(participantId) : null;
  }

  #ensureMedia(): Promise<MediaRoomPort> {
    if (this.#media) return Promise.resolve(this.#media);
    this.#mediaOpening ??= this.openMedia()
      .then((room) => {
        this.#attachMedia(room);
        return room;
      })
      .finally(() => {
        this.#mediaOpening = null;
      });
    return this.#mediaOpening;
  }

  #attachMedia(room: MediaRoomPort): void {
    this.#media = room;
    room.on('talking', (feed, talking) => this.#onTalking(feed, talking));
    room.on('feedgone', (feed) => this.#onFeedGone(feed));
    // NOTE: Janus refuses subscriptions to a feed until its media is up; subscribe then.
    room.on('feedready', (feed) => {
      const owner = parseFeedKey(feed)?.participantId;
      this.mixed.feedReady(feed);
      if (owner) this.#resyncOthers(owner);
    });
    room.on('reset', () => this.#onMediaReset());
    room.on('closed', () => {
      if (this.#media === room) this.#media = null;
    });
    for (const m of this.#members.values()) m.sync.schedule();
  }

  #onTalking(feed: FeedKey, talking: boolean): void {
    const parsed = parseFeedKey(feed);
    if (!parsed || parsed.source !== 'camera' || !this.#members.has(parsed.participantId)) return;
    // NOTE: the active speaker stays on the last person who spoke until someone else starts:
    // a hall TV that flips back to nobody at every pause is tiring to watch.
    if (talking) this.#setActiveSpeaker(parsed.participantId);
  }

  #onFeedGone(feed: FeedKey): void {
    const parsed = parseFeedKey(feed);
    const member = parsed ? this.#members.get(parsed.participantId) : undefined;
    if (parsed && member) this.#markUnpublished(member, parsed.source);
  }

  #onMediaReset(): void {
    this.log.warn({ meetingId: this.meeting.id }, 'media server restarted: every client publishes again');
    for (const m of this.#members.values()) {
      m.info = { ...m.info, publishing: { camera: null, screen: false } };
      m.sink.send({ type: 'media.reset', reason: 'media_server_restarted' });
    }
    // NOTE: after media.reset, which closes every connection: the mix is joined again afresh.
    this.mixed.mediaReset((id, msg) => this.#members.get(id)?.sink.send(msg));
    for (const m of this.#members.values()) {
      this.#broadcast({ type: 'participant.updated', participant: m.info });
      m.adapt.subscriptionChanged();
      m.sync.reset();
    }
  }

  #markUnpublished(member: Member, source: MediaSource): void {
    const publishing =
      source === 'camera'
        ? { ...member.info.publishing, camera: null }
        : { ...member.info.publishing, screen: false };
    this.#update(member.info.id, { publishing });
    this.#resyncOthers(member.info.id);
  }

  #update(participantId: string, patch: Partial<Participant>): void {
    const member = this.#members.get(participantId);
    if (!member) return;
    member.info = { ...member.info, ...patch };
    this.#broadcast({ type: 'participant.updated', participant: member.info });
  }

  #setActiveSpeaker(participantId: string | null): void {
    if (this.#activeSpeaker === participantId) return;
    this.#activeSpeaker = participantId;
    this.#broadcast({ type: 'speaker.active', participantId });
    for (const m of this.#members.values()) this.#adaptation.adapt(m);
  }

  #resyncOthers(participantId: string): void {
    this.mixed.refresh();
    for (const m of this.#members.values()) {
      if (m.info.id === participantId) continue;
      this.#adaptation.adapt(m);
      m.sync.schedule();
    }
  }

  #broadcast(msg: ServerMessage, except?: string): void {
    for (const m of this.#members.values()) {
      if (m.info.id === except) continue;
      try {
        m.sink.send(msg);
      } catch (err) {
        this.log.warn({ err, participantId: m.info.id }, 'send failed');
      }
    }
  }
}
