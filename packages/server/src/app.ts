// Builds the Fastify application from its dependencies (database, media engine, config) without
// listening, so that tests can drive it with inject() and main.ts can listen. This is where the
// domains are wired together: auth, organizations, devices, meetings, calendars, mail, live.
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from '@diemcau/media';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import type { Db } from './db/database.js';
import { registerHealthRoutes } from './health/routes.js';
import { LiveHub } from './live/hub.js';
import type { AdmissionPolicy } from './live/admission.js';
import { MeetingAdmission } from './live/meeting-admission.js';
import type { MediaEnginePort } from './live/ports.js';
import { registerLiveRoutes, websocketOptions } from './live/routes.js';
import { AuditLog } from './audit/log.js';
import { registerAuditRoutes } from './audit/routes.js';
import { registerAuth } from './auth/plugin.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerCalendarRoutes } from './calendar/routes.js';
import { registerDeviceRoutes } from './devices/routes.js';
import type { DeviceService } from './devices/service.js';
import { InvitationMailer } from './mail/invitations.js';
import { registerMailRoutes } from './mail/routes.js';
import { parseMailbox } from './mail/transport.js';
import { registerMeetingRoutes } from './meetings/routes.js';
import type { MeetingService } from './meetings/service.js';
import { MeetingStore } from './meetings/store.js';
import { registerOrgRoutes } from './org/routes.js';
import { registerWebApp } from './web/static.js';
import { installErrorHandler } from './http/error-handler.js';

/** Routes after which the people inside a live meeting are checked again. */
const MEETING_CHANGES = new Set(['PATCH /api/meetings/:id', 'POST /api/meetings/:id/cancel']);

export interface AppDeps {
  config: Pick<
    ServerConfig,
    'iceServers' | 'webDist' | 'logLevel' | 'publicOrigin' | 'mailFrom' | 'secureCookies'
  >;
  db: Db;
  /** The media engine (MediaEngine in production); null when Janus is disabled. */
  media: (MediaEnginePort & { readonly state: string }) | null;
  /** A pino logger for requests and the live layer; false (tests) logs nothing. */
  logger?: false | FastifyBaseLogger;
  emptyRoomGraceMs?: number;
  /** Who may join which meeting; the meetings' own rules when omitted. `openAdmission` in tools. */
  admission?: AdmissionPolicy;
  /** The clock (tests move it). */
  now?: () => Date;
}

export interface App {
  fastify: FastifyInstance;
  hub: LiveHub;
  audit: AuditLog;
  meetings: MeetingService;
  devices: DeviceService;
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
  const now = deps.now ?? ((): Date => new Date());
  const hub = new LiveHub({
    meetings: new MeetingStore(deps.db),
    media: deps.media,
    log,
    ...(deps.emptyRoomGraceMs === undefined ? {} : { emptyRoomGraceMs: deps.emptyRoomGraceMs }),
  });

  installErrorHandler(fastify);

  const { db, config } = deps;
  const audit = new AuditLog(db, now);
  const organizer = parseMailbox(config.mailFrom);
  registerAuth(fastify, {
    db,
    audit,
    now,
    secureCookies: config.secureCookies,
    allowedOrigins: [config.publicOrigin],
  });
  await fastify.register(fastifyWebsocket, websocketOptions);
  registerHealthRoutes(fastify, { db, media: deps.media, hub });
  registerAuthRoutes(fastify, { db, audit, now, secureCookies: config.secureCookies });
  registerAuditRoutes(fastify, { audit });
  registerOrgRoutes(fastify, { db, now });
  const devices = registerDeviceRoutes(fastify, { db, audit, now });
  const invitations = new InvitationMailer({ db, publicOrigin: config.publicOrigin, organizer, clock: now });
  const meetings = registerMeetingRoutes(fastify, { db, audit, invitations, clock: now });
  registerCalendarRoutes(fastify, { db, publicOrigin: config.publicOrigin, organizer, clock: now });
  registerMailRoutes(fastify, { db });
  const meetingAdmission = new MeetingAdmission({ db, meetings, devices, now });
  const admission = deps.admission ?? meetingAdmission;
  registerLiveRoutes(fastify, { hub, admission, iceServers: config.iceServers, log });
  // A withdrawn invitation or a cancelled meeting takes effect in the live room at once.
  fastify.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 300 || !MEETING_CHANGES.has(`${req.method} ${req.routeOptions.url ?? ''}`))
      return;
    const meetingId = (req.params as { id?: string }).id;
    if (!meetingId) return;
    try {
      const allowed = await meetingAdmission.stillAllowed(meetingId);
      await hub.revalidate(meetingId, allowed, 'invitation withdrawn');
    } catch (err) {
      log.warn({ err, meetingId }, 'rechecking a live meeting after a change failed');
    }
  });
  // A revoked kiosk leaves its meeting at once, not at its next reconnect.
  devices.events.on('revoked', ({ deviceId }) => {
    hub
      .kick((who) => who.deviceId === deviceId, 'device revoked')
      .catch((err: unknown) => log.warn({ err, deviceId }, 'disconnecting a revoked device failed'));
  });
  registerWebApp(fastify, deps.config.webDist);

  return {
    fastify,
    hub,
    audit,
    meetings,
    devices,
    async close() {
      await hub.close();
      await fastify.close();
    },
  };
}
