// Starts the whole server side in one process: database (migrated, demo ward seeded), Janus under
// supervision, and the HTTP/WebSocket app listening. Used by main.ts and by system tests.
import path from 'node:path';
import { MediaEngine, silentLogger } from '@diemcau/media';
import { pino } from 'pino';
import type { Logger } from '@diemcau/media';
import { buildApp } from './app.js';
import type { App } from './app.js';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/database.js';
import type { Db } from './db/database.js';
import type { SeedAccountsOptions, SeedAccountsResult } from './auth/seed.js';
import { ReminderScheduler } from './calendar/reminders.js';
import { seedDemo } from './demo/seed.js';
import { OutboxSender } from './mail/outbox.js';
import { createSmtpTransport } from './mail/transport.js';

export interface RunningSystem {
  app: App;
  db: Db;
  media: MediaEngine | null;
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

export async function startSystem(config: ServerConfig, options: StartOptions = {}): Promise<RunningSystem> {
  const db = await openDatabase({ url: config.databaseUrl ?? path.join(config.dataDir, 'diemcau.sqlite') });
  const { meetingId, accounts } = await seedDemo(db, options.accounts);
  const level = options.logLevel ?? 'silent';
  const logger = level === 'silent' ? null : pino({ level });
  const mediaLog: Logger = logger ? logger.child({ module: 'media' }) : silentLogger;
  let media: MediaEngine | null = null;
  if (config.janus.enabled) {
    const j = config.janus;
    media = await MediaEngine.start(
      {
        runtimeDir: path.join(config.dataDir, 'janus'),
        binary: j.binary,
        wsPort: j.wsPort,
        rtpPortRange: j.rtpPortRange,
        ...(j.mediaInterface ? { mediaInterface: j.mediaInterface } : {}),
        ...(j.mediaAddress ? { mediaAddress: j.mediaAddress } : {}),
        ...(j.natPublicAddress ? { natPublicAddress: j.natPublicAddress } : {}),
      },
      mediaLog,
    );
  }
  const app = await buildApp({
    config,
    db,
    media,
    logger: logger ?? false,
    ...(options.emptyRoomGraceMs === undefined ? {} : { emptyRoomGraceMs: options.emptyRoomGraceMs }),
  });
  let url: string;
  try {
    url = await app.fastify.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
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
  return {
    app,
    db,
    media,
    demoMeetingId: meetingId,
    createdAccounts: accounts.created,
    url,
    async stop() {
      await reminders.stop();
      await outbox.stop();
      await app.close();
      await media?.close();
      await db.destroy();
    },
  };
}
