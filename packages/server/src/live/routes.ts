// The signalling WebSocket route: one Connection per socket. With several server nodes, a
// socket whose meeting is owned by another node is relayed to it (cluster/node.ts).
import { MAX_FRAME_BYTES, SIGNALLING_PATH } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { FastifyInstance } from 'fastify';
import { ANONYMOUS } from '../auth/context.js';
import type { AuthContext } from '../auth/context.js';
import type { ClusterNode, RelayTransport, RemoteLink } from '../cluster/node.js';
import type { AdmissionPolicy } from './admission.js';
import { Connection } from './connection.js';
import type { ConnectionOptions, SignallingObserver } from './connection.js';
import type { LiveHub } from './hub.js';

export interface LiveRouteOptions {
  hub: LiveHub;
  admission: AdmissionPolicy;
  iceServers: ConnectionOptions['iceServers'];
  log: Logger;
  /** Monitoring hooks (metrics). */
  observer?: SignallingObserver;
  /** Present when several server nodes share meetings. */
  cluster?: ClusterNode;
  /** Presented-PDF tickets for participants without an account (presentation/ticket.ts). */
  presentTickets?: ConnectionOptions['presentTickets'];
}

/** The Connection for one client, on a local socket or relayed from another node. */
export function createConnection(
  transport: RelayTransport,
  auth: AuthContext,
  options: LiveRouteOptions,
): Connection {
  return new Connection(transport, {
    hub: options.hub,
    admission: options.admission,
    auth,
    iceServers: options.iceServers,
    log: options.log,
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.presentTickets ? { presentTickets: options.presentTickets } : {}),
  });
}

/** Keepalive: a socket that misses two pings in a row is dead (a pulled cable sends no FIN). */
const PING_INTERVAL_MS = 15_000;

export function registerLiveRoutes(app: FastifyInstance, options: LiveRouteOptions): void {
  app.get(SIGNALLING_PATH, { websocket: true }, (socket, req) => {
    const transport: RelayTransport = {
      send: (text) => {
        if (socket.readyState === socket.OPEN) socket.send(text);
      },
      close: (code, reason) => socket.close(code, reason),
    };
    // The upgrade request carries the session cookie: the auth plugin resolved it.
    const auth = (req as { auth?: AuthContext }).auth ?? ANONYMOUS;
    const route = new SocketRoute(transport, auth, options);
    let alive = true;
    const ping = setInterval(() => {
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS);
    socket.on('pong', () => {
      alive = true;
    });
    socket.on('message', (data, isBinary) => {
      alive = true;
      if (isBinary) {
        route.receive('');
        return;
      }
      const raw = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      route.receive(raw.toString('utf8'));
    });
    socket.on('close', () => {
      clearInterval(ping);
      route.closed();
    });
    socket.on('error', (err) => options.log.warn({ err }, 'signalling socket error'));
  });
}

/**
 * One socket: frames go to a local Connection, except that with a cluster the `join` decides
 * where the meeting runs — here, or relayed to its owner node (and every later frame with it).
 */
class SocketRoute {
  readonly #local: Connection;
  #remote: RemoteLink | null = null;
  #heldMeeting: string | null = null;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly transport: RelayTransport,
    private readonly auth: AuthContext,
    private readonly options: LiveRouteOptions,
  ) {
    this.#local = createConnection(transport, auth, options);
  }

  receive(text: string): void {
    const cluster = this.options.cluster;
    if (this.#remote) {
      this.#remote.forward(text);
      return;
    }
    if (!cluster || this.#heldMeeting !== null) {
      void this.#local.receive(text);
      return;
    }
    // NOTE: frames are chained so that nothing overtakes a join while its owner is looked up.
    this.#chain = this.#chain
      .then(() => this.#routeFrame(cluster, text))
      .catch((err: unknown) => this.options.log.warn({ err }, 'routing a signalling frame failed'));
  }

  async #routeFrame(cluster: ClusterNode, text: string): Promise<void> {
    if (this.#closed) return;
    if (this.#remote) return this.#remote.forward(text);
    const meetingId = this.#heldMeeting === null ? joinTarget(text) : null;
    if (meetingId === null) {
      await this.#local.receive(text);
      return;
    }
    const where = await cluster.route(meetingId);
    if (this.#closed) return;
    if (where.local) {
      cluster.hold(meetingId);
      this.#heldMeeting = meetingId;
      await this.#local.receive(text);
      return;
    }
    this.#remote = cluster.openRemote(where.owner, meetingId, this.auth, this.transport);
    this.#remote.forward(text);
  }

  closed(): void {
    this.#closed = true;
    this.#remote?.close();
    this.#local
      .closed()
      .catch((err: unknown) => this.options.log.warn({ err }, 'leave on close failed'))
      .finally(() => {
        if (this.#heldMeeting !== null) this.options.cluster?.release(this.#heldMeeting);
      });
  }
}

/** The meeting id of a `join` frame, or null for any other (or invalid) frame. */
function joinTarget(text: string): string | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && 'type' in v && v.type === 'join' && 'meetingId' in v) {
      const id = v.meetingId;
      if (typeof id === 'string' && id.length > 0 && id.length <= 128) return id;
    }
  } catch {
    // not JSON: the local Connection answers with bad_message
  }
  return null;
}

export const websocketOptions = { options: { maxPayload: MAX_FRAME_BYTES } };
