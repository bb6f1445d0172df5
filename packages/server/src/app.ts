// Builds the Fastify application from its dependencies (database, media engine, config) without
// listening, so that tests can drive it with inject() and main.ts can listen.
import fastifyWebsocket from '@fastify/websocket';
import { AppError } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import type { Db } from './db/database.js';
import { registerHealthRoutes } from './health/routes.js';
import { LiveHub } from './live/hub.js';
import { openAdmission } from './live/admission.js';
import type { AdmissionPolicy } from './live/admission.js';
import type { MediaEnginePort } from './live/ports.js';
import { registerLiveRoutes, websocketOptions } from './live/routes.js';
import { registerMeetingRoutes } from './meetings/routes.js';
import { MeetingStore } from './meetings/store.js';
import { registerWebApp } from './web/static.js';

export interface AppDeps {
  config: Pick<ServerConfig, 'iceServers' | 'webDist' | 'logLevel'>;
  db: Db;
  /** The media engine (MediaEngine in production); null when Janus is disabled. */
  media: (MediaEnginePort & { readonly state: string }) | null;
  /** A pino logger for requests and the live layer; false (tests) logs nothing. */
  logger?: false | FastifyBaseLogger;
  emptyRoomGraceMs?: number;
  /** Who may join which meeting; open to all when omitted (tools and unit tests). */
  admission?: AdmissionPolicy;
}

export interface App {
  fastify: FastifyInstance;
  hub: LiveHub;
  /** Closes the HTTP server and every live room (not the media engine nor the database). */
  close(): Promise<void>;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const fastify = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 256 },
    // NOTE: the ward's HTTPS reverse proxy runs on the same machine; trust only it.
    trustProxy: '127.0.0.1,::1',
  });
  const log: Logger = fastify.log;
  const meetings = new MeetingStore(deps.db);
  const hub = new LiveHub({
    meetings,
    media: deps.media,
    log,
    ...(deps.emptyRoomGraceMs === undefined ? {} : { emptyRoomGraceMs: deps.emptyRoomGraceMs }),
  });

  fastify.setErrorHandler((err, _req, reply) => {
    if (err instanceof AppError) {
      return reply
        .code(err.status)
        .send({ code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) });
    }
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === 'number'
        ? (err as { statusCode: number }).statusCode
        : 500;
    if (status >= 500) fastify.log.error({ err }, 'request failed');
    return reply.code(status).send({
      code: status >= 500 ? 'internal' : 'bad_message',
      message: status >= 500 ? 'internal error' : (err as Error).message,
    });
  });

  await fastify.register(fastifyWebsocket, websocketOptions);
  registerHealthRoutes(fastify, { db: deps.db, media: deps.media, hub });
  registerMeetingRoutes(fastify, meetings);
  registerLiveRoutes(fastify, {
    hub,
    admission: deps.admission ?? openAdmission,
    iceServers: deps.config.iceServers,
    log,
  });
  registerWebApp(fastify, deps.config.webDist);

  return {
    fastify,
    hub,
    async close() {
      await hub.close();
      await fastify.close();
    },
  };
}
