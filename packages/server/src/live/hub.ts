// The live hub: one LiveRoom per meeting that has people in it, created on first join and closed
// a little after the last one leaves. The edge (WebSocket route) talks to rooms through the hub.
import { AppError } from '@diemcau/protocol';
import type { MeetingInfo } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { MeetingStore } from '../meetings/store.js';
import type { Identity } from './admission.js';
import { LiveRoom } from './room.js';
import type { LiveRecorderFactory } from '../recordings/live-recorder.js';
import type { MediaEnginePort, MediaRoomPort } from './ports.js';
import type { MeetingConduct } from '../conduct/session.js';

export interface LiveHubOptions {
  meetings: Pick<MeetingStore, 'get'>;
  media: MediaEnginePort | null;
  log: Logger;
  /** How long an empty room stays open, so that a quick rejoin keeps its Janus room. */
  emptyRoomGraceMs?: number;
  /** Opens a meeting's conduct (state rebuilt from its log); without it `act` is refused. */
  conduct?: (meetingId: string) => Promise<MeetingConduct | null>;
  /** Records meetings on a moderator's request; without it `recording.start` is refused. */
  recorder?: LiveRecorderFactory;
}

export class LiveHub {
  readonly #rooms = new Map<string, LiveRoom>();
  readonly #opening = new Map<string, Promise<LiveRoom>>();
  readonly #emptyTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: LiveHubOptions) {}

  /** The live room of a meeting, opened if needed; throws meeting_not_found. */
  async room(meetingId: string): Promise<LiveRoom> {
    const existing = this.#rooms.get(meetingId);
    if (existing) {
      this.#cancelEmptyTimer(meetingId);
      return existing;
    }
    let opening = this.#opening.get(meetingId);
    if (!opening) {
      opening = this.#open(meetingId).finally(() => this.#opening.delete(meetingId));
      this.#opening.set(meetingId, opening);
    }
    return opening;
  }

  /** Rooms currently live (for health and metrics). */
  stats(): { rooms: number; participants: number } {
    let participants = 0;
    for (const r of this.#rooms.values()) participants += r.size;
    return { rooms: this.#rooms.size, participants };
  }

  /** The live rooms, for monitoring (metrics read their participants; do not keep them). */
  liveRooms(): LiveRoom[] {
    return [...this.#rooms.values()];
  }

  /** Disconnects, in every live meeting, whoever matches (a revoked device, a withdrawn invitation). */
  async kick(match: (identity: Identity, meetingId: string) => boolean, reason: string): Promise<number> {
    let n = 0;
    for (const [meetingId, room] of this.#rooms)
      n += await room.kick((identity) => match(identity, meetingId), reason);
    return n;
  }

  /** Disconnects, in one live meeting, whoever no longer passes `allowed`. */
  async revalidate(
    meetingId: string,
    allowed: (identity: Identity) => boolean,
    reason: string,
  ): Promise<number> {
    const room = this.#rooms.get(meetingId);
    return room ? room.kick((identity) => !allowed(identity), reason) : 0;
  }

  async close(): Promise<void> {
    for (const t of this.#emptyTimers.values()) clearTimeout(t);
    this.#emptyTimers.clear();
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    await Promise.allSettled(rooms.map((r) => r.close()));
  }

  async #open(meetingId: string): Promise<LiveRoom> {
    const meeting = await this.options.meetings.get(meetingId);
    if (!meeting || meeting.status === 'ended') throw AppError.meetingNotFound(meetingId);
    const info: MeetingInfo = {
      id: meeting.id,
      title: meeting.title,
      hostBridgePoint: meeting.hostBridgePointName,
    };
    const log = this.options.log;
    const room = new LiveRoom(info, () => this.#openMedia(meetingId), log);
    if (this.options.recorder) room.useRecorder(this.options.recorder);
    const conduct = await this.options.conduct?.(meetingId);
    if (conduct) room.useConduct(conduct);
    room.on('empty', () => this.#scheduleClose(meetingId, room));
    this.#rooms.set(meetingId, room);
    return room;
  }

  async #openMedia(meetingId: string): Promise<MediaRoomPort> {
    const media = this.options.media;
    if (!media || !media.isUp()) throw AppError.mediaUnavailable();
    try {
      return await media.openRoom(meetingId);
    } catch (err) {
      throw err instanceof AppError ? err : AppError.mediaUnavailable(err);
    }
  }

  #scheduleClose(meetingId: string, room: LiveRoom): void {
    this.#cancelEmptyTimer(meetingId);
    const timer = setTimeout(() => {
      this.#emptyTimers.delete(meetingId);
      if (room.size + room.lobbySize() > 0 || this.#rooms.get(meetingId) !== room) return;
      this.#rooms.delete(meetingId);
      room
        .close()
        .catch((err: unknown) => this.options.log.warn({ err, meetingId }, 'closing a room failed'));
    }, this.options.emptyRoomGraceMs ?? 30_000);
    timer.unref();
    this.#emptyTimers.set(meetingId, timer);
  }

  #cancelEmptyTimer(meetingId: string): void {
    const t = this.#emptyTimers.get(meetingId);
    if (t) clearTimeout(t);
    this.#emptyTimers.delete(meetingId);
  }
}
