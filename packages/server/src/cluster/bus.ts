// The message bus and shared key store between server nodes: Redis pub/sub and keys with expiry
// when several nodes run, an in-process implementation for one node and for unit tests. Nothing
// durable travels here (the database is the source of truth); the bus carries signalling frames
// relayed between nodes, node heartbeats and meeting leases.
import { Redis } from 'ioredis';

export type BusHandler = (message: string) => void;

export interface ClusterBus {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active (messages published after it are delivered). */
  subscribe(channel: string, handler: BusHandler): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** SET key value PX ttl NX: true when this call created the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Extends the key's expiry only if it still holds `value`; false when it does not. */
  refreshIfEquals(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Replaces the key's value only if it still holds `expected` (taking over a dead node's lease). */
  swapIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only if it holds `value`. */
  deleteIfEquals(key: string, value: string): Promise<void>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  close(): Promise<void>;
}

// NOTE: compare-and-set must be atomic, or two nodes could both take over a dead node's meeting.
const REFRESH_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const SWAP_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;
const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Redis: one connection for commands and publishing, one in subscriber mode. */
export class RedisBus implements ClusterBus {
  readonly #cmd: Redis;
  readonly #sub: Redis;
  readonly #handlers = new Map<string, BusHandler>();

  constructor(url: string, onError: (err: Error) => void = () => undefined) {
    this.#cmd = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.#sub = new Redis(url, { lazyConnect: false });
    // NOTE: ioredis reconnects by itself; errors meanwhile are reported, not thrown.
    this.#cmd.on('error', onError);
    this.#sub.on('error', onError);
    this.#sub.on('message', (channel: string, message: string) => this.#handlers.get(channel)?.(message));
  }

  /** Resolves when both connections are ready; rejects after `timeoutMs`. */
  async ready(timeoutMs = 5000): Promise<void> {
    const wait = (r: Redis) =>
      r.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const t = setTimeout(() => reject(new Error('redis not reachable')), timeoutMs);
            r.once('ready', () => {
              clearTimeout(t);
              resolve();
            });
          });
    await Promise.all([wait(this.#cmd), wait(this.#sub)]);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#cmd.publish(channel, message);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<void> {
    this.#handlers.set(channel, handler);
    await this.#sub.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#handlers.delete(channel);
    await this.#sub.unsubscribe(channel);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.#cmd.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async refreshIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    return Number(await this.#cmd.eval(REFRESH_IF_EQUALS, 1, key, value, String(ttlMs))) === 1;
  }

  async swapIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return Number(await this.#cmd.eval(SWAP_IF_EQUALS, 1, key, expected, value, String(ttlMs))) === 1;
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    await this.#cmd.eval(DELETE_IF_EQUALS, 1, key, value);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#cmd.set(key, value, 'PX', ttlMs);
  }

  get(key: string): Promise<string | null> {
    return this.#cmd.get(key);
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    await Promise.allSettled([this.#sub.quit(), this.#cmd.quit()]);
  }
}

/** What the in-process buses of several "nodes" share: channels and keys (unit tests). */
export class MemoryBroker {
  readonly channels = new Map<string, Set<BusHandler>>();
  readonly keys = new Map<string, { value: string; expires: number }>();
}

/** In-process bus: one per node, the nodes of a test share one MemoryBroker. */
export class MemoryBus implements ClusterBus {
  readonly #mine = new Map<string, BusHandler>();

  constructor(private readonly broker: MemoryBroker = new MemoryBroker()) {}

  publish(channel: string, message: string): Promise<void> {
    // Delivered asynchronously and in order, like Redis.
    for (const handler of this.broker.channels.get(channel) ?? []) queueMicrotask(() => handler(message));
    return Promise.resolve();
  }

  subscribe(channel: string, handler: BusHandler): Promise<void> {
    this.#mine.set(channel, handler);
    let set = this.broker.channels.get(channel);
    if (!set) this.broker.channels.set(channel, (set = new Set()));
    set.add(handler);
    return Promise.resolve();
  }

  unsubscribe(channel: string): Promise<void> {
    const handler = this.#mine.get(channel);
    if (handler) this.broker.channels.get(channel)?.delete(handler);
    this.#mine.delete(channel);
    return Promise.resolve();
  }

  #live(key: string): string | null {
    const e = this.broker.keys.get(key);
    if (!e) return null;
    if (e.expires <= Date.now()) {
      this.broker.keys.delete(key);
      return null;
    }
    return e.value;
  }

  #put(key: string, value: string, ttlMs: number): void {
    this.broker.keys.set(key, { value, expires: Date.now() + ttlMs });
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key) !== null) return Promise.resolve(false);
    this.#put(key, value, ttlMs);
    return Promise.resolve(true);
  }

  refreshIfEquals(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key) !== value) return Promise.resolve(false);
    this.#put(key, value, ttlMs);
    return Promise.resolve(true);
  }

  swapIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#live(key) !== expected) return Promise.resolve(false);
    this.#put(key, value, ttlMs);
    return Promise.resolve(true);
  }

  deleteIfEquals(key: string, value: string): Promise<void> {
    if (this.#live(key) === value) this.broker.keys.delete(key);
    return Promise.resolve();
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#put(key, value, ttlMs);
    return Promise.resolve();
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.#live(key));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#mine.keys()].map((c) => this.unsubscribe(c)));
  }
}
