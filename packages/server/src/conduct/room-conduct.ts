// Binds a meeting's conduct to its live room: who acts (from the participant), each member's
// projection of every stored event, presence (arrived/left), and the effects of decisions
// (moderation messages, reactions, removal, end of meeting). Holds no sockets: it uses the room's.
import { AppError, viewLiveEvent } from '@diemcau/protocol';
import type {
  LiveAction,
  LiveState,
  PresentPointer,
  LiveViewer,
  Participant,
  SequencedEvent,
  ServerMessage,
} from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { Identity } from '../live/admission.js';
import type { ClientSink } from '../live/room.js';
import type { DecideContext, Effect, ModerationTarget } from './decide.js';
import type { MeetingConduct } from './session.js';
import { PointerRelay } from '../presentation/pointer.js';

/** A member of the room as the conduct sees it. */
export interface ConductMember {
  info: Participant;
  identity: Identity;
  sink: ClientSink;
}

/** What the conduct needs of its room. */
export interface ConductRoom {
  members(): Iterable<ConductMember>;
  /** Removes one participant (a moderator's decision). */
  remove(participantId: string): Promise<void>;
  /** Disconnects everyone: the meeting ended. */
  endMeeting(): Promise<void>;
}

const viewerOf = (m: ConductMember): LiveViewer => ({ key: m.info.actorKey, moderator: m.info.moderator });

export class RoomConduct {
  readonly #pointers = new PointerRelay();

  constructor(
    readonly conduct: MeetingConduct,
    private readonly room: ConductRoom,
    private readonly log: Logger,
  ) {
    conduct.on('applied', (events) => this.#broadcast(events));
  }

  get locked(): boolean {
    return this.conduct.state.locked;
  }

  get ended(): boolean {
    return this.conduct.state.status === 'ended';
  }

  snapshotFor(m: ConductMember): LiveState {
    return this.conduct.snapshotFor(viewerOf(m));
  }

  /** Decides, stores and broadcasts one action of a member; resolves once it is durable. */
  async act(m: ConductMember, action: LiveAction): Promise<void> {
    const { effects } = await this.conduct.act(this.#contextOf(m), action);
    for (const effect of effects) this.#run(effect);
  }

  joined(m: ConductMember): void {
    void this.conduct.arrive(m.info.actorKey);
  }

  left(m: ConductMember): void {
    this.#pointers.forget(m.info.id);
    void this.conduct.depart(m.info.actorKey);
  }

  /** The presenter's pointer, relayed to everyone else (not stored). Only the presenter points. */
  pointer(m: ConductMember, pointer: PresentPointer | null): void {
    const p = this.conduct.state.presentation;
    if (!p) throw new AppError('wrong_state', 'no document is being presented');
    if (p.presenterKey !== m.info.actorKey) throw AppError.forbidden('only the presenter may point');
    this.#pointers.relay(m.info.id, pointer, () =>
      [...this.room.members()].map((x) => ({
        id: x.info.id,
        send: (msg: ServerMessage) => this.#send(x, msg),
      })),
    );
  }

  close(): Promise<void> {
    this.#pointers.close();
    return this.conduct.close();
  }

  #contextOf(m: ConductMember): DecideContext {
    const participants = [...this.room.members()].map((x) => ({
      participantId: x.info.id,
      actorKey: x.info.actorKey,
      role: x.info.role,
      moderator: x.info.moderator,
      name: x.info.name,
      bridgePoint: x.info.bridgePoint,
    }));
    return {
      actor: {
        key: m.info.actorKey,
        name: m.info.name,
        bridgePointId: m.identity.bridgePointId,
        bridgePoint: m.info.bridgePoint,
      },
      participantId: m.info.id,
      role: m.info.role,
      moderator: m.info.moderator,
      participants,
    };
  }

  /** Each member gets each event as they may see it (secret ballots never with their option). */
  #broadcast(events: SequencedEvent[]): void {
    const state = this.conduct.state;
    for (const m of this.room.members()) {
      const viewer = viewerOf(m);
      for (const e of events) {
        const seen = viewLiveEvent(e, state, viewer);
        if (seen) this.#send(m, { type: 'live.event', seq: seen.seq, event: seen.event });
      }
    }
  }

  #run(effect: Effect): void {
    switch (effect.kind) {
      case 'moderation':
        for (const m of this.room.members())
          if (targets(effect.to, m)) this.#send(m, { type: 'moderation', moderation: effect.moderation });
        return;
      case 'reaction':
        for (const m of this.room.members())
          this.#send(m, { type: 'reaction', from: effect.from, reaction: effect.reaction });
        return;
      case 'remove':
        this.room
          .remove(effect.participantId)
          .catch((err: unknown) => this.log.warn({ err }, 'removing a participant failed'));
        return;
      case 'end_meeting':
        // NOTE: after the acknowledgement of meeting.end has gone out to the chair.
        setImmediate(() => {
          this.room.endMeeting().catch((err: unknown) => this.log.warn({ err }, 'ending the meeting failed'));
        });
        return;
      case 'secret_ballot':
        // Counted by the store in the transaction of the ballot; never leaves it.
        throw AppError.internal(new Error('a secret ballot reached the room'));
    }
  }

  #send(m: ConductMember, msg: ServerMessage): void {
    try {
      m.sink.send(msg);
    } catch (err) {
      this.log.warn({ err, participantId: m.info.id }, 'send failed');
    }
  }
}

function targets(to: ModerationTarget, m: ConductMember): boolean {
  switch (to.kind) {
    case 'participant':
      return m.info.id === to.participantId;
    case 'actor':
      return m.info.actorKey === to.actorKey;
    case 'everyone_but':
      return (
        !to.participantIds.includes(m.info.id) &&
        !to.actorKeys.includes(m.info.actorKey) &&
        !to.roles.includes(m.info.role)
      );
  }
}
