// The lobby of one LiveRoom: guests waiting for a moderator to let them in. The room checks who may
// decide; the lobby keeps the waiting list and shows it to the moderators whenever it changes.
import { AppError } from '@diemcau/protocol';
import type { ServerMessage } from '@diemcau/protocol';
import { newParticipantId } from '../ids.js';
import type { Identity } from './admission.js';
import type { ClientSink } from './room.js';

interface LobbyEntry {
  id: string;
  identity: Identity;
  since: string;
  sink: ClientSink;
  /** Called once: with true when admitted, false when turned away. */
  decide(admitted: boolean): void;
}

/** What RoomLobby needs of its LiveRoom. */
export interface RoomLobbyHost {
  /** The members now; the moderators among them see the waiting list. */
  members(): Iterable<{ info: { moderator: boolean }; sink: { send(msg: ServerMessage): void } }>;
}

export class RoomLobby {
  readonly #waiting = new Map<string, LobbyEntry>();

  constructor(private readonly host: RoomLobbyHost) {}

  get size(): number {
    return this.#waiting.size;
  }

  /** Adds a waiting guest and returns its id; `decide` is called once with the moderator's answer. */
  enter(identity: Identity, sink: ClientSink, decide: (admitted: boolean, id: string) => void): string {
    const id = newParticipantId();
    this.#waiting.set(id, {
      id,
      identity,
      since: new Date().toISOString(),
      sink,
      decide: (admitted) => decide(admitted, id),
    });
    this.#sendToModerators();
    return id;
  }

  /** A waiting guest gave up (closed the page). */
  leave(id: string): void {
    if (this.#waiting.delete(id)) this.#sendToModerators();
  }

  /** Takes a waiting guest off the list and tells it whether it was admitted. */
  decide(guestId: string, admitted: boolean): void {
    const entry = this.#waiting.get(guestId);
    if (!entry) throw AppError.notFound('waiting guest', 'participantId');
    this.#waiting.delete(guestId);
    this.#sendToModerators();
    entry.decide(admitted);
  }

  /** Disconnects every waiting guest that matches; returns how many. */
  kick(match: (identity: Identity) => boolean, reason: string): number {
    let n = 0;
    for (const entry of [...this.#waiting.values()]) {
      if (!match(entry.identity)) continue;
      this.#waiting.delete(entry.id);
      entry.sink.close(4003, reason);
      n++;
    }
    if (n > 0) this.#sendToModerators();
    return n;
  }

  /** Disconnects every waiting guest (the meeting ended or the room closed). */
  closeAll(reason: string): void {
    for (const e of [...this.#waiting.values()]) e.sink.close(4004, reason);
    this.#waiting.clear();
  }

  /** The waiting list, as moderators receive it. */
  message(): ServerMessage {
    return {
      type: 'lobby.updated',
      waiting: [...this.#waiting.values()].map((e) => ({
        id: e.id,
        name: e.identity.name,
        bridgePoint: e.identity.bridgePoint,
        since: e.since,
      })),
    };
  }

  #sendToModerators(): void {
    const msg = this.message();
    for (const m of this.host.members()) if (m.info.moderator) m.sink.send(msg);
  }
}
