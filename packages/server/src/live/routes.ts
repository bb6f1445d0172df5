// The signalling WebSocket route: one Connection per socket.
import { MAX_FRAME_BYTES, SIGNALLING_PATH } from '@diemcau/protocol';
import type { IceServer } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { FastifyInstance } from 'fastify';
import { ANONYMOUS } from '../auth/context.js';
import type { AuthContext } from '../auth/context.js';
import type { AdmissionPolicy } from './admission.js';
import { Connection } from './connection.js';
import type { LiveHub } from './hub.js';

export interface LiveRouteOptions {
  hub: LiveHub;
  admission: AdmissionPolicy;
  iceServers: IceServer[];
  log: Logger;
}

/** Keepalive: a socket that misses two pings in a row is dead (a pulled cable sends no FIN). */
const PING_INTERVAL_MS = 15_000;

export function registerLiveRoutes(app: FastifyInstance, options: LiveRouteOptions): void {
  app.get(SIGNALLING_PATH, { websocket: true }, (socket, req) => {
    const connection = new Connection(
      {
        send: (text) => {
          if (socket.readyState === socket.OPEN) socket.send(text);
        },
        close: (code, reason) => socket.close(code, reason),
      },
      {
        hub: options.hub,
        admission: options.admission,
        // The upgrade request carries the session cookie: the auth plugin resolved it.
        auth: (req as { auth?: AuthContext }).auth ?? ANONYMOUS,
        iceServers: options.iceServers,
        log: options.log,
      },
    );
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
        void connection.receive('');
        return;
      }
      const raw = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : new Uint8Array(data);
      void connection.receive(raw);
    });
    socket.on('close', () => {
      clearInterval(ping);
      connection.closed().catch((err: unknown) => options.log.warn({ err }, 'leave on close failed'));
    });
    socket.on('error', (err) => options.log.warn({ err }, 'signalling socket error'));
  });
}

export const websocketOptions = { options: { maxPayload: MAX_FRAME_BYTES } };
