// In-memory sliding-window counters for sign-in: attempts per IP address, and failures per
// username (for names with no account, so that lockout does not reveal which accounts exist).

/** Counts events per key over the last `windowMs`; refuses once `limit` are in the window. */
export class SlidingWindowLimiter {
  readonly #events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until the key may act again; 0 when it may act now. */
  retryAfterMs(key: string): number {
    const events = this.#live(key);
    if (events.length < this.limit) return 0;
    return Math.max(1, events[events.length - this.limit]! + this.windowMs - this.now());
  }

  /** Records an event. */
  hit(key: string): void {
    if (!this.#events.has(key) && this.#events.size >= this.maxKeys) this.#sweep();
    const events = this.#live(key);
    events.push(this.now());
    // NOTE: only the newest `limit` events decide; older ones are dropped so memory stays bounded.
    if (events.length > this.limit) events.splice(0, events.length - this.limit);
    this.#events.set(key, events);
  }

  /** Records an event unless the key is over the limit; returns the wait in ms (0 = allowed). */
  take(key: string): number {
    const wait = this.retryAfterMs(key);
    if (wait === 0) this.hit(key);
    return wait;
  }

  /** Forgets a key (e.g. after a successful sign-in). */
  reset(key: string): void {
    this.#events.delete(key);
  }

  get size(): number {
    return this.#events.size;
  }

  #live(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const events = (this.#events.get(key) ?? []).filter((t) => t > cutoff);
    if (events.length === 0) this.#events.delete(key);
    return events;
  }

  #sweep(): void {
    for (const key of [...this.#events.keys()]) this.#live(key);
    // Still full of live keys (a flood): drop the oldest inserted half rather than grow forever.
    if (this.#events.size >= this.maxKeys) {
      let drop = Math.ceil(this.maxKeys / 2);
      for (const key of this.#events.keys()) {
        if (drop-- <= 0) break;
        this.#events.delete(key);
      }
    }
  }
}
