// Starts the whole server side in one process: database (migrated, demo ward seeded), Janus and
// coturn (TURN) under supervision, and the HTTP/WebSocket app listening. Used by main.ts and by system tests.
import path from 'node:path';
import { MediaPool, silentLogger, splitPortRange } from '@diemcau/media';
import type { PoolNodeConfig } from '@diemcau/media';
import { pino } from 'pino';
import type { Logger } from '@diemcau/media';
import { buildApp } from './app.js';
import { RedisBus } from './cluster/bus.js';
import type { App } from './app.js';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { ServerMetrics } from './metrics/registry.js';
import type { Db } from './db/database.js';
import type { SeedAccountsOptions, SeedAccountsResult } from './auth/seed.js';
import { ReminderScheduler } from './calendar/reminders.js';
import { seedDemo } from './demo/seed.js';
import { OutboxSender } from './mail/outbox.js';
import { createSmtpTransport } from './mail/transport.js';
import { RecordingWorker } from './recordings/worker.js';
import { TurnService } from './turn/service.js';

export interface RunningSystem {
  app: App;
  db: Db;
  /** The Janus pool (one local Janus unless JANUS_LOCAL_NODES / JANUS_REMOTE_NODES say more). */
  media: MediaPool | null;
  /** Our coturn relay; null when TURN is disabled. */
  turn: TurnService | null;
  /** Processes recordings (child processes) and sweeps expired ones. */
  recordingWorker: RecordingWorker;
  demoMeetingId: string;
  /** Demo accounts created by this start, with their passwords (print once). */
  createdAccounts: SeedAccountsResult['created'];
  /** http://host:port the server listens on. */
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Log level for the whole server (pino); 'silent' or absent logs nothing. */
  logLevel?: string;
  /** Passwords for the demo accounts created now (random when not given). */
  accounts?: SeedAccountsOptions;
  emptyRoomGraceMs?: number;
}

/**
 * The Janus nodes of the pool: local processes (the first exactly as a single Janus always was:
 * DATA_DIR/janus, JANUS_WS_PORT, the whole RTP range) and remote ones.
 */
function janusNodes(config: ServerConfig): PoolNodeConfig[] {
  const j = config.janus;
  const ranges = splitPortRange(j.rtpPortRange, j.localNodes);
  const local = ranges.map((rtpPortRange, i): PoolNodeConfig => ({
    kind: 'local',
    janus: {
      runtimeDir: path.join(config.dataDir, i === 0 ? 'janus' : `janus-${i}`),
      binary: j.binary,
      wsPort: j.wsPort + i,
      rtpPortRange,
      ...(j.mediaInterface ? { mediaInterface: j.mediaInterface } : {}),
      ...(j.mediaAddress ? { mediaAddress: j.mediaAddress } : {}),
      ...(j.natPublicAddress ? { natPublicAddress: j.natPublicAddress } : {}),
    },
    ...(j.mediaAddress ? { forwardAddress: j.mediaAddress } : {}),
  }));
  return [...local, ...j.remoteNodes.map((r): PoolNodeConfig => ({ kind: 'remote', ...r }))];
}

export async function startSystem(config: ServerConfig, options: StartOptions = {}): Promise<RunningSystem> {
  const metrics = new ServerMetrics({ defaultMetrics: true });
  const level = options.logLevel ?? 'silent';
  const logger = level === 'silent' ? null : pino({ level });
  const databaseUrl = config.databaseUrl ?? path.join(config.dataDir, 'diemcau.sqlite');
  const db = await openDatabase({
    url: databaseUrl,
    onQuery: metrics.observeQuery,
    onConnectionError: (err) => logger?.warn({ err }, 'database connection lost; the pool reconnects'),
  });
  const { meetingId, accounts } = await seedDemo(db, options.accounts);
  const mediaLog: Logger = logger ? logger.child({ module: 'media' }) : silentLogger;
  let media: MediaPool | null = null;
  if (config.janus.enabled) {
    media = await MediaPool.start(
      { nodes: janusNodes(config), maxSubscribersPerNode: config.janus.maxSubscribersPerNode },
      mediaLog,
    );
  }
  let turn: TurnService | null = null;
  if (config.turn.enabled) {
    try {
      turn = await TurnService.start(config.turn, config.dataDir, {
        log: logger ? logger.child({ module: 'turn' }) : silentLogger,
      });
    } catch (err) {
      await media?.close();
      await db.destroy();
      throw err;
    }
  }
  let bus: RedisBus | null = null;
  if (config.cluster) {
    bus = new RedisBus(config.cluster.redisUrl, (err) => logger?.warn({ err }, 'redis'));
    await bus.ready();
  }
  const app = await buildApp({
    config,
    db,
    media,
    ...(bus
      ? { cluster: { bus, ...(config.cluster?.nodeId ? { nodeId: config.cluster.nodeId } : {}) } }
      : {}),
    turn,
    logger: logger ?? false,
    metrics,
    recordings: config.recordings,
    documents: { dataDir: config.dataDir },
    ...(options.emptyRoomGraceMs === undefined ? {} : { emptyRoomGraceMs: options.emptyRoomGraceMs }),
  });
  let url: string;
  try {
    url = await app.fastify.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    await bus?.close();
    await turn?.close();
    await media?.close();
    await db.destroy();
    throw err;
  }
  // Background work: the e-mail outbox (waits with nothing to send when SMTP_URL is unset) and
  // meeting reminders.
  const mailLog: Logger = logger ? logger.child({ module: 'mail' }) : silentLogger;
  const transport = config.smtpUrl ? createSmtpTransport(config.smtpUrl, config.mailFrom) : null;
  const outbox = new OutboxSender({ db, transport, log: mailLog });
  const reminders = new ReminderScheduler({ db, publicOrigin: config.publicOrigin, log: mailLog });
  outbox.start();
  reminders.start();
  const recordingWorker = new RecordingWorker({
    service: app.recordings,
    databaseUrl,
    log: logger ? logger.child({ module: 'recordings' }) : silentLogger,
  });
  await recordingWorker.start();
  return {
    app,
    db,
    media,
    turn,
    recordingWorker,
    demoMeetingId: meetingId,
    createdAccounts: accounts.created,
    url,
    async stop() {
      await reminders.stop();
      await outbox.stop();
      // NOTE: before the rooms close: a recording they queue now is processed at the next start.
      await recordingWorker.stop();
      await app.close();
      await bus?.close();
      await turn?.close();
      await media?.close();
      await db.destroy();
    },
  };
}
