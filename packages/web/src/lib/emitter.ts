// A tiny typed event emitter: listeners are typed by an event map, and one listener throwing
// never stops the others nor the emitter.

/** Map from event name to the payload type that event carries. */
export type EventMap = Record<string, unknown>;
export type Listener<T> = (payload: T) => void;

export class Emitter<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<E[K]>)(payload);
      } catch (err) {
        // NOTE: a broken listener (say, a UI bug) must not break signalling or media handling.
        console.error(`[diemcau] listener for "${String(event)}" threw`, err);
      }
    }
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
