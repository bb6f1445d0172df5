// A pool of Janus nodes behind the same surface as MediaEngine: local Janus processes we run and
// supervise (each with its own config folder, WebSocket port and RTP range) and remote Janus
// instances we only connect to. It places each meeting on the least-loaded node, cascades large
// meetings to more nodes (cascade.ts), and moves meetings off a node that goes down.
import { AppError } from '@diemcau/protocol';
import { CascadeRoom, type CascadeHost, type CascadeLayout, type CascadeNode } from './cascade.js';
import { CpuSampler } from './cpu.js';
import { TypedEmitter } from './emitter.js';
import { MediaEngine, type EngineLoad } from './engine.js';
import { pickNode, type NodeLoadView } from './placement.js';
import type { MediaRoom, RoomOptions } from './room.js';
import { silentLogger, type EngineState, type JanusConfig, type Logger } from './types.js';

/** A Janus process the pool runs on this machine. */
export interface LocalNodeConfig {
  kind: 'local';
  /** Names the node in logs and status (default `local-<n>`). */
  id?: string;
  janus: JanusConfig;
  /** Address other nodes forward media to (default: its media address, else 127.0.0.1). */
  forwardAddress?: string;
}

/** A Janus somebody else runs (another host); the pool connects to its WebSocket API. */
export interface RemoteNodeConfig {
  kind: 'remote';
  /** Names the node in logs and status (default `remote-<n>`). */
  id?: string;
  /** e.g. `ws://10.0.0.5:8188`; keep it on a private network (the API secret travels in it). */
  url: string;
  apiSecret: string;
  /** Address of that host that other nodes can send forwarded media to. */
  forwardAddress: string;
}

export type PoolNodeConfig = LocalNodeConfig | RemoteNodeConfig;

export interface MediaPoolOptions {
  nodes: PoolNodeConfig[];
  /** Viewers of one meeting on one node before it cascades to another (default 100). */
  maxSubscribersPerNode?: number;
  /** How often local Janus CPU is sampled, ms (default 2000). */
  sampleIntervalMs?: number;
}

/** One node as the status page and tests see it. */
export interface PoolNodeStatus extends NodeLoadView {
  kind: 'local' | 'remote';
  state: EngineState;
  url: string;
  pid: number | undefined;
}

export type MediaPoolEvents = {
  /** 'up' while at least one node is up. */
  state: [EngineState];
  /** One node changed state. */
  nodestate: [string, EngineState];
  /** A node's Janus died and is running again (its rooms were recreated or moved). */
  restarted: [string];
  listenererror: [string, unknown];
};

/** One Janus of the pool and what we measure of it. */
class PoolNode implements CascadeNode {
  readonly cpu = new CpuSampler();

  constructor(
    readonly id: string,
    readonly kind: 'local' | 'remote',
    readonly forwardAddress: string,
    readonly engine: MediaEngine,
  ) {}

  isUp(): boolean {
    return this.engine.isUp();
  }

  openRoom(key: string, opts: RoomOptions): Promise<MediaRoom> {
    return this.engine.openRoom(key, opts);
  }

  view(): NodeLoadView {
    const load: EngineLoad = this.engine.load();
    return { id: this.id, up: this.isUp(), ...load, cpuPct: this.cpu.percent };
  }
}

async function startNode(config: PoolNodeConfig, index: number, log: Logger): Promise<PoolNode> {
  if (config.kind === 'remote') {
    const id = config.id ?? `remote-${index}`;
    const engine = await MediaEngine.connect(
      { url: config.url, apiSecret: config.apiSecret },
      childLog(log, id),
    );
    return new PoolNode(id, 'remote', config.forwardAddress, engine);
  }
  const id = config.id ?? `local-${index}`;
  const engine = await MediaEngine.start(config.janus, childLog(log, id));
  const forwardAddress = config.forwardAddress ?? config.janus.mediaAddress ?? '127.0.0.1';
  return new PoolNode(id, 'local', forwardAddress, engine);
}

function childLog(log: Logger, node: string): Logger {
  const withNode = (obj: object): object => ({ node, ...obj });
  return {
    debug: (obj, msg) => log.debug(withNode(obj), msg),
    info: (obj, msg) => log.info(withNode(obj), msg),
    warn: (obj, msg) => log.warn(withNode(obj), msg),
    error: (obj, msg) => log.error(withNode(obj), msg),
  };
}

/** Runs a pool of Janus nodes and gives the server rooms. Start it with `MediaPool.start()`. */
export class MediaPool extends TypedEmitter<MediaPoolEvents> {
  readonly #nodes: PoolNode[];
  readonly #log: Logger;
  readonly #maxSubscribersPerNode: number;
  readonly #rooms = new Map<string, CascadeRoom>();
  readonly #opening = new Map<string, Promise<CascadeRoom>>();
  readonly #sampler: NodeJS.Timeout;
  #state: EngineState = 'starting';

  private constructor(nodes: PoolNode[], opts: MediaPoolOptions, log: Logger) {
    super();
    this.#nodes = nodes;
    this.#log = log;
    this.#maxSubscribersPerNode = opts.maxSubscribersPerNode ?? 100;
    for (const node of nodes) {
      node.engine.on('state', (state) => this.#onNodeState(node, state));
      node.engine.on('restarted', () => this.emit('restarted', node.id));
    }
    this.#sampler = setInterval(() => this.sample(), opts.sampleIntervalMs ?? 2000);
    this.#sampler.unref();
    this.sample();
    this.#state = this.#computeState();
  }

  /**
   * Starts every local node and connects to every remote one. A local node that cannot start is
   * an error (bad config); a remote one that does not answer yet is retried in the background.
   * Throws media_unavailable when no node at all is up.
   */
  static async start(opts: MediaPoolOptions, log: Logger = silentLogger): Promise<MediaPool> {
    if (opts.nodes.length === 0) throw new RangeError('a media pool needs at least one node');
    const ids = opts.nodes.map((n, i) => n.id ?? `${n.kind}-${i}`);
    if (new Set(ids).size !== ids.length) throw new RangeError(`duplicate node ids: ${ids.join(', ')}`);
    const started = await Promise.allSettled(opts.nodes.map((n, i) => startNode(n, i, log)));
    const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed || !nodes.some((n) => n.isUp())) {
      await Promise.allSettled(nodes.map((n) => n.engine.close()));
      throw AppError.mediaUnavailable(failed?.reason ?? new Error('no Janus node is up'));
    }
    const pool = new MediaPool(nodes, opts, log);
    log.info({ nodes: nodes.map((n) => `${n.id} ${n.engine.url}`) }, 'media pool is up');
    return pool;
  }

  /** 'up' while any node is up; otherwise the first node's state (or 'closed'). */
  get state(): EngineState {
    return this.#state;
  }

  isUp(): boolean {
    return this.#state === 'up';
  }

  /** The first local node's Janus pid (what a single-node setup calls "Janus's pid"). */
  get pid(): number | undefined {
    return this.#nodes.find((n) => n.kind === 'local')?.engine.pid;
  }

  /** Every node with its state and load. */
  nodes(): PoolNodeStatus[] {
    return this.#nodes.map((n) => ({
      ...n.view(),
      kind: n.kind,
      state: n.engine.state,
      url: n.engine.url,
      pid: n.engine.pid,
    }));
  }

  /** Where meeting `key` is now (origin and replicas), or undefined when it is not open. */
  layout(key: string): CascadeLayout | undefined {
    return this.#rooms.get(key)?.layout();
  }

  /** Samples the CPU of every local Janus (the pool also does it on a timer). */
  sample(): void {
    for (const n of this.#nodes) if (n.kind === 'local') n.cpu.sample(n.engine.pid);
  }

  /**
   * Opens meeting `roomKey` on the least-loaded node that is up (idempotent per key). Its
   * viewers spread to more nodes as they exceed `maxSubscribersPerNode` on one.
   */
  openRoom(roomKey: string, opts: RoomOptions = {}): Promise<CascadeRoom> {
    const open = this.#rooms.get(roomKey);
    if (open) return Promise.resolve(open);
    const pending = this.#opening.get(roomKey);
    if (pending) return pending;
    if (this.#state === 'closed')
      return Promise.reject(AppError.mediaUnavailable(new Error('media pool is closed')));
    const nodeId = pickNode(this.#views());
    const node = this.#nodes.find((n) => n.id === nodeId);
    if (!node) return Promise.reject(AppError.mediaUnavailable(new Error('no Janus node is up')));
    const opening = CascadeRoom.open(this.#cascadeHost(), roomKey, opts, node)
      .then((room) => {
        this.#rooms.set(roomKey, room);
        this.#log.info({ room: roomKey, node: node.id }, 'meeting placed');
        return room;
      })
      .finally(() => this.#opening.delete(roomKey));
    this.#opening.set(roomKey, opening);
    return opening;
  }

  /** Closes every meeting and every node (stopping local Janus processes). Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#setState('closed');
    clearInterval(this.#sampler);
    await Promise.allSettled([...this.#opening.values()]);
    await Promise.allSettled([...this.#rooms.values()].map((r) => r.close()));
    this.#rooms.clear();
    await Promise.allSettled(this.#nodes.map((n) => n.engine.close()));
  }

  #views(): NodeLoadView[] {
    return this.#nodes.map((n) => n.view());
  }

  #cascadeHost(): CascadeHost {
    return {
      log: this.#log,
      maxSubscribersPerNode: this.#maxSubscribersPerNode,
      node: (id) => this.#nodes.find((n) => n.id === id),
      loads: () => this.#views(),
      roomClosed: (room) => {
        if (this.#rooms.get(room.key) === room) this.#rooms.delete(room.key);
      },
    };
  }

  #onNodeState(node: PoolNode, state: EngineState): void {
    if (this.#state === 'closed') return;
    this.emit('nodestate', node.id, state);
    if (state !== 'up') {
      this.#log.warn({ node: node.id, state }, 'Janus node is not up');
      for (const room of this.#rooms.values()) room.nodeDown(node.id);
    }
    this.#setState(this.#computeState());
  }

  #computeState(): EngineState {
    if (this.#nodes.some((n) => n.isUp())) return 'up';
    return this.#nodes[0]?.engine.state ?? 'down';
  }

  #setState(state: EngineState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
