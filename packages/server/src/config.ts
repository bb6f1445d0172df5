// Server configuration from the environment, validated once at start-up. Every knob a ward's IT
// officer may need is here, with defaults that work for the local demo.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

const Env = z.object({
  PORT: port.default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** Public origin browsers use (https://… on a LAN); defaults to http://localhost:PORT. */
  PUBLIC_ORIGIN: z.string().url().optional(),
  DATA_DIR: z.string().default('runtime'),
  DATABASE_URL: z.string().optional(),
  JANUS_ENABLED: z.enum(['0', '1']).default('1'),
  JANUS_BINARY: z.string().default('/usr/bin/janus'),
  JANUS_WS_PORT: port.default(8188),
  JANUS_RTP_MIN: port.default(20000),
  JANUS_RTP_MAX: port.default(20999),
  /** Interface Janus gathers candidates on (dc0 in the demo/tests, the LAN interface in a ward). */
  MEDIA_IFACE: z.string().optional(),
  /** Address Janus advertises in SDP (127.0.0.2 in the demo/tests, the LAN address in a ward). */
  MEDIA_ADDR: z.string().optional(),
  /** Public address when Janus sits behind NAT (nat_1_1_mapping). */
  MEDIA_PUBLIC_ADDR: z.string().optional(),
  /** JSON array of RTCIceServer for clients (TURN arrives with the weak-lines issue). */
  ICE_SERVERS: z.string().default('[]'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  /** smtp://user:pass@host:port for invitations; without it mails wait in the outbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Điểm Cầu <no-reply@diemcau.local>'),
  /** Mark session cookies Secure (default: when PUBLIC_ORIGIN is https). */
  SECURE_COOKIES: z.enum(['0', '1']).optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  publicOrigin: string;
  dataDir: string;
  databaseUrl: string | undefined;
  janus: {
    enabled: boolean;
    binary: string;
    wsPort: number;
    rtpPortRange: [number, number];
    mediaInterface: string | undefined;
    mediaAddress: string | undefined;
    natPublicAddress: string | undefined;
  };
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  logLevel: string;
  /** Built web app folder, or null when it is not built (API-only). */
  webDist: string | null;
  smtpUrl: string | undefined;
  mailFrom: string;
  secureCookies: boolean;
}

const IceServers = z.array(
  z.object({
    urls: z.union([z.string(), z.array(z.string())]),
    username: z.string().optional(),
    credential: z.string().optional(),
  }),
);

/** Reads and validates the configuration; throws with the offending variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, repoRoot = process.cwd()): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const e = parsed.data;
  if (e.JANUS_RTP_MIN >= e.JANUS_RTP_MAX)
    throw new Error('invalid configuration JANUS_RTP_MIN: must be below JANUS_RTP_MAX');
  let iceServers: ServerConfig['iceServers'];
  try {
    iceServers = IceServers.parse(JSON.parse(e.ICE_SERVERS));
  } catch (cause) {
    throw new Error('invalid configuration ICE_SERVERS: expected a JSON array of RTCIceServer', { cause });
  }
  const dataDir = path.resolve(repoRoot, e.DATA_DIR);
  const publicOrigin = (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicOrigin,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    secureCookies:
      e.SECURE_COOKIES === undefined ? publicOrigin.startsWith('https:') : e.SECURE_COOKIES === '1',
    dataDir,
    databaseUrl: e.DATABASE_URL,
    janus: {
      enabled: e.JANUS_ENABLED === '1',
      binary: e.JANUS_BINARY,
      wsPort: e.JANUS_WS_PORT,
      rtpPortRange: [e.JANUS_RTP_MIN, e.JANUS_RTP_MAX],
      mediaInterface: e.MEDIA_IFACE,
      mediaAddress: e.MEDIA_ADDR,
      natPublicAddress: e.MEDIA_PUBLIC_ADDR,
    },
    iceServers,
    logLevel: e.LOG_LEVEL,
    webDist:
      e.WEB_DIST === undefined
        ? path.resolve(repoRoot, 'packages/web/dist')
        : path.resolve(repoRoot, e.WEB_DIST),
  };
}
