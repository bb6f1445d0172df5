// Typed events of bridge-point devices, so that the live layer can drop a revoked device's
// signalling session at once without the device domain knowing about sockets.

export interface DeviceEventMap {
  /** The device may no longer act (an admin revoked it, or a new device replaced it). */
  revoked: { deviceId: string; bridgePointId: string | null; reason: 'admin' | 'replaced' };
  /** The device was bound to a bridge point. */
  paired: { deviceId: string; bridgePointId: string };
}

type Listener<K extends keyof DeviceEventMap> = (event: DeviceEventMap[K]) => void | Promise<void>;

/** A small emitter typed by DeviceEventMap. A listener that throws never stops the others. */
export class DeviceEvents {
  private readonly listeners: { [K in keyof DeviceEventMap]: Set<Listener<K>> } = {
    revoked: new Set(),
    paired: new Set(),
  };

  /** @param onListenerError told about a listener's exception (e.g. to log it). */
  constructor(
    private readonly onListenerError: (err: unknown, event: keyof DeviceEventMap) => void = () => {},
  ) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof DeviceEventMap>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners[event] as Set<Listener<K>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof DeviceEventMap>(event: K, payload: DeviceEventMap[K]): void {
    for (const listener of [...(this.listeners[event] as Set<Listener<K>>)]) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((err: unknown) => this.onListenerError(err, event));
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
