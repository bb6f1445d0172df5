// Builds the Fastify application from its dependencies (database, media engine, config) without
// listening, so that tests can drive it with inject() and main.ts can listen. This is where the
// domains are wired together: auth, organizations, devices, meetings, calendars, mail, live.
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from '@diemcau/media';
import type { IceServer } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import type { Db } from './db/database.js';
import { registerHealthRoutes } from './health/routes.js';
import { LiveHub } from './live/hub.js';
import type { AdmissionPolicy, Identity } from './live/admission.js';
import { MeetingAdmission } from './live/meeting-admission.js';
import type { MediaEnginePort } from './live/ports.js';
import { createConnection, registerLiveRoutes, websocketOptions } from './live/routes.js';
import type { LiveRouteOptions } from './live/routes.js';
import { ClusterNode } from './cluster/node.js';
import type { ClusterCommand } from './cluster/node.js';
import type { ClusterBus } from './cluster/bus.js';
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
import { registerDocumentRoutes } from './documents/routes.js';
import type { DocumentsConfig } from './documents/routes.js';
import { registerNoteRoutes } from './presentation/notes-routes.js';
import { PresentationTickets } from './presentation/ticket.js';
import { registerPresentationTicketRoutes } from './presentation/ticket-routes.js';
import { DiskBlobStore } from './documents/blobs.js';
import { DocumentStore } from './documents/store.js';
import { registerConductRoutes } from './conduct/routes.js';
import { ConductService } from './conduct/service.js';
import { registerMinutesRoutes } from './minutes/routes.js';
import type { MeetingService } from './meetings/service.js';
import { MeetingStore } from './meetings/store.js';
import { registerOrgRoutes } from './org/routes.js';
import { registerRecordingRoutes } from './recordings/routes.js';
import { registerReportRoutes } from './reports/routes.js';
import { taskStatsByOrg } from './notices/stats.js';
import { registerNoticeRoutes } from './notices/routes.js';
import { loadApprovedConclusions } from './minutes/conclusions.js';
import { registerSearchRoutes } from './search/routes.js';
import type { Search } from './search/routes.js';
import { RecordingService } from './recordings/service.js';
import type { RecordingsConfig } from './recordings/service.js';
import type { TurnPort } from './turn/service.js';
import { registerNetworkTestRoutes } from './nettest/routes.js';
import { registerWebApp } from './web/static.js';
import { installErrorHandler } from './http/error-handler.js';
import { ServerMetrics } from './metrics/registry.js';
import { registerMetricsRoutes } from './metrics/routes.js';

/** Routes after which the people inside a live meeting are checked again. */
const MEETING_CHANGES = new Set(['PATCH /api/meetings/:id', 'POST /api/meetings/:id/cancel']);

export interface AppDeps {
  config: Pick<
    ServerConfig,
    'iceServers' | 'webDist' | 'logLevel' | 'publicOrigin' | 'mailFrom' | 'secureCookies' | 'metricsToken'
  >;
  db: Db;
  /** The media engine (MediaEngine in production); null when Janus is disabled. */
  media: (MediaEnginePort & { readonly state: string }) | null;
  /** Our TURN relay (TurnService in production); absent or null when TURN is disabled. */
  turn?: TurnPort | null;
  /** A pino logger for requests and the live layer; false (tests) logs nothing. */
  logger?: false | FastifyBaseLogger;
  emptyRoomGraceMs?: number;
  /** Prometheus metrics; created here when not given (system.ts passes one to time DB queries). */
  metrics?: ServerMetrics;
  /** Who may join which meeting; the meetings' own rules when omitted. `openAdmission` in tools. */
  admission?: AdmissionPolicy;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Meeting documents (DATA_DIR for their files); without it the document routes are absent. */
  documents?: DocumentsConfig;
  /** Where recordings go; without it (or without media) moderators cannot record. */
  recordings?: RecordingsConfig;
  /** Several server nodes: the bus they share (Redis) and this node's id. */
  cluster?: { bus: ClusterBus; nodeId?: string };
}

export interface App {
  fastify: FastifyInstance;
  hub: LiveHub;
  audit: AuditLog;
  meetings: MeetingService;
  devices: DeviceService;
  recordings: RecordingService;
  /** Full-text search: `search.index.upsert(…)` indexes minutes and notices. */
  search: Search;
  metrics: ServerMetrics;
  /** This node of a cluster, or null when the server runs alone. */
  cluster: ClusterNode | null;
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
  const recordings = new RecordingService({
    db: deps.db,
    audit: new AuditLog(deps.db, now),
    log,
    config: deps.recordings ?? null,
    now,
  });
  const conduct = new ConductService({ db: deps.db, log, now });
  const hub = new LiveHub({
    ...(deps.recordings && deps.media ? { recorder: recordings.liveRecorder } : {}),
    meetings: new MeetingStore(deps.db),
    media: deps.media,
    log,
    conduct: async (meetingId) => {
      const c = await conduct.open(meetingId);
      // Each agenda item that becomes current is a chapter of the meeting's recording.
      c?.on('applied', (events) => {
        for (const { event } of events) {
          if (event.type !== 'agenda.current' || event.itemId === null) continue;
          const item = c.state.context.agenda.find((i) => i.id === event.itemId);
          recordings
            .addChapter(meetingId, item?.title ?? '', new Date(event.at), event.itemId)
            .catch((err: unknown) => log.warn({ err, meetingId }, 'recording chapter not stored'));
        }
      });
      return c;
    },
    ...(deps.emptyRoomGraceMs === undefined ? {} : { emptyRoomGraceMs: deps.emptyRoomGraceMs }),
  });

  installErrorHandler(fastify);
  const metrics = deps.metrics ?? new ServerMetrics();
  metrics.attach({ hub, media: deps.media });
  registerMetricsRoutes(fastify, { metrics, token: deps.config.metricsToken });

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
  registerHealthRoutes(fastify, { db, media: deps.media, hub, turn: deps.turn ?? null });
  registerAuthRoutes(fastify, { db, audit, now, secureCookies: config.secureCookies });
  registerAuditRoutes(fastify, { audit });
  registerOrgRoutes(fastify, { db, now });
  const devices = registerDeviceRoutes(fastify, { db, audit, now });
  const invitations = new InvitationMailer({ db, publicOrigin: config.publicOrigin, organizer, clock: now });
  const meetings = registerMeetingRoutes(fastify, { db, audit, invitations, clock: now });
  const presentTickets = new PresentationTickets(db, now);
  if (deps.documents) {
    const docs = registerDocumentRoutes(fastify, { db, audit, meetings, log, now, ...deps.documents });
    registerNoteRoutes(fastify, { db, documents: docs.service, now });
    // The presented PDF by ticket, for participants without an account (invitation links, guests).
    registerPresentationTicketRoutes(fastify, {
      tickets: presentTickets,
      store: new DocumentStore(db),
      blobs: deps.documents.blobs ?? new DiskBlobStore(deps.documents.dataDir),
      audit,
    });
  }
  registerConductRoutes(fastify, { meetings, conduct, audit });
  registerCalendarRoutes(fastify, { db, publicOrigin: config.publicOrigin, organizer, clock: now });
  registerMailRoutes(fastify, { db });
  registerRecordingRoutes(fastify, { service: recordings });
  registerReportRoutes(fastify, {
    db,
    audit,
    viewerOf: (a) => meetings.viewer(a),
    tasks: taskStatsByOrg,
    now,
  });
  const search = registerSearchRoutes(fastify, {
    db,
    meetings,
    log,
    now,
    dataDir: deps.documents?.dataDir ?? null,
  });
  // Minutes are indexed for search when a version is approved (drafts stay out of the index).
  registerMinutesRoutes(fastify, { db, meetings, conduct, audit, log, now, search: search.index });
  // Conclusion notices and follow-up tasks: evidence files live in the documents' blob store.
  if (deps.documents)
    registerNoticeRoutes(fastify, {
      db,
      audit,
      meetings,
      now,
      dataDir: deps.documents.dataDir,
      conclusions: (id) => loadApprovedConclusions(db, id),
      search: search.index,
      warn: (obj, msg) => log.warn(obj, msg),
    });
  const meetingAdmission = new MeetingAdmission({ db, meetings, devices, now });
  const admission = deps.admission ?? meetingAdmission;
  // Configured ICE servers for everyone, then our TURN with credentials of this participant's own.
  const turn = deps.turn ?? null;
  const iceServers = (identity: Identity): IceServer[] => [
    ...config.iceServers,
    ...(turn ? turn.iceServers(identity) : []),
  ];
  const liveOptions: LiveRouteOptions = { hub, admission, iceServers, log, observer: metrics.signalling };
  if (deps.documents) liveOptions.presentTickets = presentTickets;
  registerNetworkTestRoutes(fastify, {
    db,
    meetings,
    now,
    live: { media: deps.media, devices, iceServers, log },
  });
  const cluster = deps.cluster
    ? new ClusterNode({
        bus: deps.cluster.bus,
        ...(deps.cluster.nodeId ? { nodeId: deps.cluster.nodeId } : {}),
        log,
        host: (transport, auth) => createConnection(transport, auth, liveOptions),
        onCommand: (command) => void runCommand(command),
      })
    : null;
  if (cluster) {
    await cluster.start();
    liveOptions.cluster = cluster;
  }
  registerLiveRoutes(fastify, liveOptions);
  /** Runs a change that concerns live rooms here, or on every node of a cluster. */
  const everywhere = (command: ClusterCommand): Promise<void> =>
    cluster ? cluster.broadcast(command) : runCommand(command);
  async function runCommand(command: ClusterCommand): Promise<void> {
    try {
      if (command.kind === 'kick-device') {
        await hub.kick((who) => who.deviceId === command.deviceId, 'device revoked');
      } else {
        const allowed = await meetingAdmission.stillAllowed(command.meetingId);
        await hub.revalidate(command.meetingId, allowed, 'invitation withdrawn');
      }
    } catch (err) {
      log.warn({ err, command }, 'applying a change to live meetings failed');
    }
  }
  // A withdrawn invitation or a cancelled meeting takes effect in the live room at once.
  fastify.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode >= 300 || !MEETING_CHANGES.has(`${req.method} ${req.routeOptions.url ?? ''}`))
      return;
    const meetingId = (req.params as { id?: string }).id;
    if (!meetingId) return;
    await everywhere({ kind: 'revalidate-meeting', meetingId }).catch((err: unknown) =>
      log.warn({ err, meetingId }, 'rechecking a live meeting after a change failed'),
    );
  });
  // A revoked kiosk leaves its meeting at once, not at its next reconnect.
  devices.events.on('revoked', ({ deviceId }) => {
    everywhere({ kind: 'kick-device', deviceId }).catch((err: unknown) =>
      log.warn({ err, deviceId }, 'disconnecting a revoked device failed'),
    );
  });
  registerWebApp(fastify, deps.config.webDist);

  return {
    fastify,
    hub,
    audit,
    meetings,
    devices,
    recordings,
    search,
    metrics,
    cluster,
    async close() {
      await cluster?.close();
      await hub.close();
      await fastify.close();
    },
  };
}
