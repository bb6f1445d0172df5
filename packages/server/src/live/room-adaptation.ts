// Receive adaptation for one LiveRoom: which feeds each member subscribes to, and applying each
// replan of its ReceiveAdapter (pause/resume, simulcast layers, mixed audio, quality levels).
import type { Participant, ServerMessage } from '@diemcau/protocol';
import type { Logger, WantedFeed } from '@diemcau/media';
import { feedKey } from './feeds.js';
import type { MediaRoomPort } from './ports.js';
import type { RemoteFeeds } from './adaptation.js';
import type { ReceiveAdapter } from './receive-adapter.js';
import { MixedAudio } from './mixed-audio.js';

/** A member of the room as the adaptation sees it. */
export interface AdaptedMember {
  readonly info: Participant;
  readonly sink: { send(msg: ServerMessage): void };
  readonly sync: { schedule(): void };
  /** Its layout, downlink estimate and plan (see receive-adapter.ts). */
  readonly adapt: ReceiveAdapter;
}

/** What RoomAdaptation needs of its LiveRoom. */
export interface RoomAdaptationHost {
  logger(): Logger;
  media(): MediaRoomPort | null;
  members(): Iterable<AdaptedMember>;
  member(participantId: string): AdaptedMember | undefined;
  activeSpeaker(): string | null;
  /** Sends to every member. */
  broadcast(msg: ServerMessage): void;
}

export class RoomAdaptation {
  /** Mixed audio for weak points (mixed-audio.ts). */
  readonly mixed: MixedAudio;

  constructor(private readonly host: RoomAdaptationHost) {
    this.mixed = new MixedAudio({
      logger: () => host.logger(),
      media: () => host.media(),
      audioFeeds: () =>
        [...host.members()]
          .filter((m) => m.info.publishing.camera?.audio === true)
          .map((m) => ({ participantId: m.info.id, feed: feedKey(m.info.id, 'camera') })),
      // NOTE: plan first: on the mix, all audio costs one stream, which may leave room for video
      // (and the client must hear of its new mode); then the subscription follows the plan. In a
      // microtask, because MixedAudio calls this from inside `update`, in the middle of a replan.
      resubscribe: (id) =>
        queueMicrotask(() => {
          const member = host.member(id);
          if (!member) return;
          this.adapt(member);
          member.sync.schedule();
        }),
      replan: (id) => {
        const member = host.member(id);
        if (member) this.adapt(member);
      },
    });
  }

  /** Every feed `participantId` should receive now, after planning its receive side again. */
  wantedBy(participantId: string): WantedFeed[] {
    const wanted: WantedFeed[] = [];
    const self = this.host.member(participantId);
    if (!self) return wanted;
    const adapt = self.adapt;
    adapt.replan(
      this.#remotesFor(participantId),
      this.host.activeSpeaker(),
      this.mixed.receivesMix(participantId),
    );
    for (const m of this.host.members()) {
      if (m.info.id === participantId) continue;
      const { camera, screen } = m.info.publishing;
      const video = camera?.video === true && adapt.wantsCameraVideo(m.info.id);
      const audio = camera?.audio === true && !this.mixed.receivesMix(participantId);
      if (camera && (audio || video)) wanted.push({ feed: feedKey(m.info.id, 'camera'), audio, video });
      if (screen && adapt.wantsScreen(m.info.id))
        wanted.push({ feed: feedKey(m.info.id, 'screen'), audio: false, video: true });
    }
    return wanted;
  }

  /** The feeds others publish, as `participantId` could receive them. */
  #remotesFor(participantId: string): RemoteFeeds[] {
    const out: RemoteFeeds[] = [];
    for (const m of this.host.members())
      if (m.info.id !== participantId)
        out.push({
          participantId: m.info.id,
          camera: m.info.publishing.camera,
          screen: m.info.publishing.screen,
        });
    return out;
  }

  /**
   * Plans a member's receive side again (see adaptation.ts) and applies what changed: its
   * subscription when video feeds come or go, the simulcast layers, its mode and its quality level.
   */
  adapt(member: AdaptedMember): void {
    const id = member.info.id;
    const change = member.adapt.replan(
      this.#remotesFor(id),
      this.host.activeSpeaker(),
      this.mixed.receivesMix(id),
    );
    const notify = this.mixed.update(member.info.id, member.adapt.plan, change.notify, performance.now());
    if (notify) member.sink.send(notify);
    const media = this.host.media();
    const log = this.host.logger();
    const pauses = [
      ...[...change.sending].map(([remoteId, send]) => ({ remoteId, kind: 'video' as const, send })),
      ...[...change.sendingAudio].map(([remoteId, send]) => ({ remoteId, kind: 'audio' as const, send })),
    ];
    for (const { remoteId, kind, send } of media ? pauses : []) {
      member.adapt.sendingApplied(remoteId, kind, send);
      Promise.resolve()
        .then(() => media?.subscriber(id).setSending(feedKey(remoteId, 'camera'), kind, send))
        .catch((err: unknown) => {
          member.adapt.subscriptionChanged();
          log.warn({ err, participantId: id, kind }, 'pausing or resuming a stream failed');
        });
    }
    if (change.resubscribe) member.sync.schedule();
    for (const [remoteId, layer] of media ? change.layers : []) {
      member.adapt.applied(remoteId, layer);
      // NOTE: through a promise, because subscriber() throws once the media room closed.
      Promise.resolve()
        .then(() => media?.subscriber(member.info.id).setSubstream(feedKey(remoteId, 'camera'), layer))
        .catch((err: unknown) => {
          member.adapt.subscriptionChanged();
          log.warn({ err, participantId: member.info.id }, 'setting a simulcast layer failed');
        });
    }
    const level = member.adapt.updateLevel(member.info.id, performance.now());
    if (level) this.host.broadcast({ type: 'quality.levels', levels: [level] });
  }
}
