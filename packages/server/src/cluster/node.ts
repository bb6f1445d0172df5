// Several server nodes behind one address. Each live meeting is owned by exactly one node at a
// time (a lease in Redis): that node holds the meeting's LiveRoom, its conduct state and its Janus
// room, so every decision about a meeting has one writer. A client whose socket landed on another
// node (the "edge") is relayed: the edge forwards its frames over the bus to the owner, where a
// virtual Connection handles them exactly as for a local socket, and the owner's replies travel
// back. When a node goes away its heartbeat expires: edges close the sockets they relayed to it,
// the clients reconnect, the first node they reach takes the lease over and rebuilds the meeting
// from the database (the durable event log), so no acknowledged action is lost.
import { randomBytes } from 'node:crypto';
import type { Logger } from '@diemcau/media';
import type { AuthContext } from '../auth/context.js';
import type { ClusterBus } from './bus.js';

/** What a node needs to run a relayed client: the same Connection a local socket gets. */
export interface HostedConnection {
  receive(raw: string): Promise<void>;
  closed(): Promise<void>;
}

export interface RelayTransport {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface ClusterNodeOptions {
  bus: ClusterBus;
  nodeId?: string;
  log: Logger;
  /** Creates the Connection for a client relayed from another node. */
  host(transport: RelayTransport, auth: AuthContext): HostedConnection;
  /** A cluster-wide command (revoked device, changed meeting) to run on this node. */
  onCommand?(command: ClusterCommand): void;
  heartbeatMs?: number;
  nodeTtlMs?: number;
  leaseTtlMs?: number;
}

export type ClusterCommand =
  { kind: 'kick-device'; deviceId: string } | { kind: 'revalidate-meeting'; meetingId: string };

/** Frames from an edge to the owner. */
type ToOwner =
  | { k: 'open'; c: string; edge: string; meetingId: string; auth: AuthContext }
  | { k: 'frame'; c: string; t: string }
  | { k: 'close'; c: string };

/** Frames from the owner back to an edge. */
type ToEdge = { k: 'send'; c: string; t: string } | { k: 'close'; c: string; code: number; reason: string };

interface Hosted {
  connection: HostedConnection;
  edge: string;
  meetingId: string;
}

interface Relayed {
  owner: string;
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** A relayed client's link to the owner node, held by the edge's socket handler. */
export interface RemoteLink {
  forward(text: string): void;
  /** The client's socket closed. */
  close(): void;
}

export type MeetingPlace = { local: true } | { local: false; owner: string };
const LOCAL: MeetingPlace = { local: true };

/** WebSocket close code for "the node that ran your meeting went away; reconnect". */
export const NODE_GONE_CLOSE = 4010;

const nodeKey = (id: string) => `diemcau:node:${id}`;
const leaseKey = (meetingId: string) => `diemcau:meeting:${meetingId}:owner`;
const inbox = (id: string) => `diemcau:in:${id}`;
const outbox = (id: string) => `diemcau:out:${id}`;
const ALL = 'diemcau:all';

export class ClusterNode {
  readonly id: string;
  readonly #bus: ClusterBus;
  readonly #opts: Required<Pick<ClusterNodeOptions, 'heartbeatMs' | 'nodeTtlMs' | 'leaseTtlMs'>>;
  /** Meetings this node owns, with how many local or hosted clients hold each. */
  readonly #leases = new Map<string, number>();
  readonly #hosted = new Map<string, Hosted>();
  readonly #relayed = new Map<string, Relayed>();
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(private readonly options: ClusterNodeOptions) {
    this.id = options.nodeId ?? `n${randomBytes(6).toString('base64url')}`;
    this.#bus = options.bus;
    this.#opts = {
      heartbeatMs: options.heartbeatMs ?? 1500,
      nodeTtlMs: options.nodeTtlMs ?? 5000,
      leaseTtlMs: options.leaseTtlMs ?? 8000,
    };
  }

  async start(): Promise<void> {
    await this.#bus.subscribe(inbox(this.id), (m) => this.#onOwnerMessage(m));
    await this.#bus.subscribe(outbox(this.id), (m) => this.#onEdgeMessage(m));
    await this.#bus.subscribe(ALL, (m) => this.#onCommand(m));
    await this.#beat();
    this.#timer = setInterval(() => {
      this.#beat().catch((err: unknown) => this.options.log.warn({ err }, 'cluster heartbeat failed'));
    }, this.#opts.heartbeatMs);
    this.#timer.unref();
  }

  /**
   * Where a meeting runs: here (this node owns it now; call `hold`) or on the owner node.
   * Takes the lease when nobody holds it or its holder is dead.
   */
  async route(meetingId: string): Promise<MeetingPlace> {
    const key = leaseKey(meetingId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const owner = await this.#bus.get(key);
      if (owner === this.id) return LOCAL;
      if (owner === null) {
        if (await this.#bus.setIfAbsent(key, this.id, this.#opts.leaseTtlMs)) return LOCAL;
        continue;
      }
      if (await this.isAlive(owner)) return { local: false, owner };
      if (await this.#bus.swapIfEquals(key, owner, this.id, this.#opts.leaseTtlMs)) {
        this.options.log.warn({ meetingId, from: owner }, 'took over a meeting from a node that went away');
        return LOCAL;
      }
    }
    throw new Error(`could not place meeting ${meetingId}`);
  }

  /** A local (or hosted) client is in this meeting: keep the lease. */
  hold(meetingId: string): void {
    this.#leases.set(meetingId, (this.#leases.get(meetingId) ?? 0) + 1);
  }

  release(meetingId: string): void {
    const n = (this.#leases.get(meetingId) ?? 0) - 1;
    if (n > 0) {
      this.#leases.set(meetingId, n);
      return;
    }
    this.#leases.delete(meetingId);
    this.#bus
      .deleteIfEquals(leaseKey(meetingId), this.id)
      .catch((err: unknown) => this.options.log.warn({ err, meetingId }, 'lease release failed'));
  }

  async isAlive(nodeId: string): Promise<boolean> {
    return nodeId === this.id || (await this.#bus.get(nodeKey(nodeId))) !== null;
  }

  /** Relays a client's socket on this node to the meeting's owner. */
  openRemote(owner: string, meetingId: string, auth: AuthContext, socket: RelayTransport): RemoteLink {
    const c = `${this.id}.${randomBytes(9).toString('base64url')}`;
    this.#relayed.set(c, { owner, send: (t) => socket.send(t), close: (code, r) => socket.close(code, r) });
    this.#toOwner(owner, { k: 'open', c, edge: this.id, meetingId, auth });
    return {
      forward: (t) => this.#toOwner(owner, { k: 'frame', c, t }),
      close: () => {
        if (this.#relayed.delete(c)) this.#toOwner(owner, { k: 'close', c });
      },
    };
  }

  /** Runs a command on every node (this one included). */
  async broadcast(command: ClusterCommand): Promise<void> {
    await this.#bus.publish(ALL, JSON.stringify(command));
  }

  stats(): { hosted: number; relayed: number; meetings: number } {
    return { hosted: this.#hosted.size, relayed: this.#relayed.size, meetings: this.#leases.size };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const [c, r] of this.#relayed) {
      this.#relayed.delete(c);
      r.close(NODE_GONE_CLOSE, 'server node stopping');
      this.#toOwner(r.owner, { k: 'close', c });
    }
    const hosted = [...this.#hosted.values()];
    this.#hosted.clear();
    await Promise.allSettled(hosted.map((h) => h.connection.closed()));
    await Promise.allSettled(
      [...this.#leases.keys()].map((m) => this.#bus.deleteIfEquals(leaseKey(m), this.id)),
    );
    this.#leases.clear();
    await this.#bus.deleteIfEquals(nodeKey(this.id), this.id).catch(() => undefined);
    await Promise.allSettled([
      this.#bus.unsubscribe(inbox(this.id)),
      this.#bus.unsubscribe(outbox(this.id)),
      this.#bus.unsubscribe(ALL),
    ]);
  }

  async #beat(): Promise<void> {
    if (this.#closed) return;
    await this.#bus.set(nodeKey(this.id), this.id, this.#opts.nodeTtlMs);
    for (const meetingId of this.#leases.keys()) {
      const kept = await this.#bus.refreshIfEquals(leaseKey(meetingId), this.id, this.#opts.leaseTtlMs);
      // NOTE: losing a lease (this node was cut off long enough for another to take over) must
      // not leave two writers: re-take it if it is free, otherwise the other owner wins and our
      // clients reconnect to it.
      if (!kept && !(await this.#bus.setIfAbsent(leaseKey(meetingId), this.id, this.#opts.leaseTtlMs))) {
        this.options.log.warn({ meetingId }, 'lost the lease of a meeting to another node');
        this.#dropMeeting(meetingId);
      }
    }
    await this.#checkPeers();
  }

  /** Closes the relays to dead owners, and the hosted clients of dead edges. */
  async #checkPeers(): Promise<void> {
    const peers = new Set<string>();
    for (const r of this.#relayed.values()) peers.add(r.owner);
    for (const h of this.#hosted.values()) peers.add(h.edge);
    for (const peer of peers) {
      if (await this.isAlive(peer)) continue;
      this.options.log.warn({ node: peer }, 'a server node went away');
      for (const [c, r] of this.#relayed)
        if (r.owner === peer) {
          this.#relayed.delete(c);
          r.close(NODE_GONE_CLOSE, 'server node went away');
        }
      for (const [c, h] of this.#hosted) if (h.edge === peer) this.#closeHosted(c, h);
    }
  }

  #dropMeeting(meetingId: string): void {
    this.#leases.delete(meetingId);
    for (const [c, h] of this.#hosted)
      if (h.meetingId === meetingId) {
        this.#toEdge(h.edge, { k: 'close', c, code: NODE_GONE_CLOSE, reason: 'meeting moved' });
        this.#closeHosted(c, h);
      }
  }

  #closeHosted(c: string, h: Hosted): void {
    if (!this.#hosted.delete(c)) return;
    h.connection
      .closed()
      .catch((err: unknown) => this.options.log.warn({ err }, 'closing a relayed client failed'));
    this.release(h.meetingId);
  }

  #onOwnerMessage(raw: string): void {
    const m = parseJson<ToOwner>(raw);
    if (!m) return;
    switch (m.k) {
      case 'open': {
        const transport: RelayTransport = {
          send: (t) => this.#toEdge(m.edge, { k: 'send', c: m.c, t }),
          close: (code, reason) => {
            this.#toEdge(m.edge, { k: 'close', c: m.c, code, reason });
            const h = this.#hosted.get(m.c);
            if (h) {
              this.#hosted.delete(m.c);
              this.release(h.meetingId);
            }
          },
        };
        this.hold(m.meetingId);
        this.#hosted.set(m.c, {
          connection: this.options.host(transport, m.auth),
          edge: m.edge,
          meetingId: m.meetingId,
        });
        return;
      }
      case 'frame': {
        const h = this.#hosted.get(m.c);
        if (h) void h.connection.receive(m.t);
        return;
      }
      case 'close': {
        const h = this.#hosted.get(m.c);
        if (h) this.#closeHosted(m.c, h);
        return;
      }
    }
  }

  #onEdgeMessage(raw: string): void {
    const m = parseJson<ToEdge>(raw);
    if (!m) return;
    const r = this.#relayed.get(m.c);
    if (!r) return;
    if (m.k === 'send') r.send(m.t);
    else {
      this.#relayed.delete(m.c);
      r.close(m.code, m.reason);
    }
  }

  #onCommand(raw: string): void {
    const m = parseJson<ClusterCommand>(raw);
    if (m) this.options.onCommand?.(m);
  }

  #toOwner(owner: string, m: ToOwner): void {
    this.#bus
      .publish(inbox(owner), JSON.stringify(m))
      .catch((err: unknown) => this.options.log.warn({ err }, 'relay to owner failed'));
  }

  #toEdge(edge: string, m: ToEdge): void {
    this.#bus
      .publish(outbox(edge), JSON.stringify(m))
      .catch((err: unknown) => this.options.log.warn({ err }, 'relay to edge failed'));
  }
}

// NOTE: bus messages come only from our own nodes (Redis is internal), so a shape check is enough.
function parseJson<T extends { k?: string; kind?: string }>(raw: string): T | null {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as T) : null;
  } catch {
    return null;
  }
}
