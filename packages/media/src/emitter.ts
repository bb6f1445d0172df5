// A typed event emitter (after mediasoup's enhancedEvents): events are declared in a map, and a
// listener that throws is reported on 'listenererror' instead of killing the emitter.
import { EventEmitter } from 'node:events';

export type EventMap = Record<string, unknown[]>;

export class TypedEmitter<E extends EventMap> {
  readonly #ee = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#ee.setMaxListeners(0);
  }

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#ee.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#ee.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#ee.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  removeAllListeners(): this {
    this.#ee.removeAllListeners();
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#ee.listenerCount(event);
  }

  /** Calls every listener; one that throws does not stop the others nor the caller. */
  protected emit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const listeners = this.#ee.listeners(event) as ((...a: E[K]) => void)[];
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (err) {
        if (event !== 'listenererror') this.#ee.emit('listenererror', event, err);
        else console.error('listener of listenererror threw', err);
      }
    }
    return listeners.length > 0;
  }
}
