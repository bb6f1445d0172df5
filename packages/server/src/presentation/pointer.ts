// The presenter's pointer: ephemeral, never stored. Positions are relayed to everyone else in the
// room at most once per interval per presenter (~10/s); a position that comes too soon is held
// and the latest one goes out when the interval ends, so the dot always comes to rest where the
// presenter's hand stopped, and a "pointer left the page" (null) is never lost.
import type { PresentPointer, ServerMessage } from '@diemcau/protocol';

/** Someone who receives pointer positions. */
export interface PointerRecipient {
  id: string;
  send(msg: ServerMessage): void;
}

export interface PointerRelayOptions {
  /** Least time between two relayed positions of one presenter (ms). Default 100 (10/s). */
  intervalMs?: number;
  now?: () => number;
}

interface Held {
  pointer: PresentPointer | null;
  recipients: () => Iterable<PointerRecipient>;
}

interface PresenterState {
  lastAt: number;
  held: Held | null;
  timer: NodeJS.Timeout | null;
}

/** Relays pointer positions of presenters, throttled per presenter. */
export class PointerRelay {
  readonly #interval: number;
  readonly #now: () => number;
  readonly #presenters = new Map<string, PresenterState>();
  /** Positions relayed and positions replaced by a newer one before they went out (for tests, logs). */
  relayed = 0;
  coalesced = 0;

  constructor(options: PointerRelayOptions = {}) {
    this.#interval = options.intervalMs ?? 100;
    this.#now = options.now ?? Date.now;
  }

  /** Relays `pointer` of presenter `from` to the recipients (never back to `from`). */
  relay(from: string, pointer: PresentPointer | null, recipients: () => Iterable<PointerRecipient>): void {
    let p = this.#presenters.get(from);
    if (!p) {
      p = { lastAt: -Infinity, held: null, timer: null };
      this.#presenters.set(from, p);
    }
    const wait = p.lastAt + this.#interval - this.#now();
    if (wait <= 0 && p.timer === null) {
      this.#send(from, p, { pointer, recipients });
      return;
    }
    if (p.held) this.coalesced++;
    p.held = { pointer, recipients };
    if (p.timer === null) {
      const state = p;
      state.timer = setTimeout(
        () => {
          state.timer = null;
          const held = state.held;
          state.held = null;
          if (held && this.#presenters.get(from) === state) this.#send(from, state, held);
        },
        Math.max(0, wait),
      );
      state.timer.unref();
    }
  }

  /** The presenter left or stopped presenting: drop what it still held. */
  forget(from: string): void {
    const p = this.#presenters.get(from);
    if (p?.timer) clearTimeout(p.timer);
    this.#presenters.delete(from);
  }

  close(): void {
    for (const id of [...this.#presenters.keys()]) this.forget(id);
  }

  #send(from: string, p: PresenterState, held: Held): void {
    p.lastAt = this.#now();
    this.relayed++;
    const msg: ServerMessage = { type: 'present.pointer', participantId: from, pointer: held.pointer };
    for (const r of held.recipients()) {
      if (r.id === from) continue;
      try {
        r.send(msg);
      } catch {
        // A recipient whose socket is closing misses one position; the next one follows.
      }
    }
  }
}
