// Server configuration from the environment, validated once at start-up. Every knob a ward's IT
// officer may need is here, with defaults that work for the local demo.
import { existsSync } from 'node:fs';
import net from 'node:net';
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
  /** redis://host:port: several server nodes share meetings (needs PostgreSQL in DATABASE_URL). */
  REDIS_URL: z.string().optional(),
  /** This node's name in a cluster (random when unset). */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .optional(),
  JANUS_ENABLED: z.enum(['0', '1']).default('1'),
  JANUS_BINARY: z.string().default('/usr/bin/janus'),
  JANUS_WS_PORT: port.default(8188),
  JANUS_RTP_MIN: port.default(20000),
  JANUS_RTP_MAX: port.default(20999),
  /** Janus processes this server runs (ports JANUS_WS_PORT, +1, …; the RTP range split between them). */
  JANUS_LOCAL_NODES: z.coerce.number().int().min(1).max(32).default(1),
  /** JSON array of Janus nodes on other hosts: [{"url":"ws://…","apiSecret":"…","forwardAddress":"…"}]. */
  JANUS_REMOTE_NODES: z.string().default('[]'),
  /** Viewers of one meeting on one Janus before it cascades to another node. */
  JANUS_MAX_SUBSCRIBERS_PER_NODE: z.coerce.number().int().min(1).default(100),
  /** Interface Janus gathers candidates on (dc0 in the demo/tests, the LAN interface in a ward). */
  MEDIA_IFACE: z.string().optional(),
  /** Address Janus advertises in SDP (127.0.0.2 in the demo/tests, the LAN address in a ward). */
  MEDIA_ADDR: z.string().optional(),
  /** Public address when Janus sits behind NAT (nat_1_1_mapping). */
  MEDIA_PUBLIC_ADDR: z.string().optional(),
  /** JSON array of extra RTCIceServer for clients (our own TURN is added per participant). */
  ICE_SERVERS: z.string().default('[]'),
  /** Our coturn relay (default: on when the turnserver binary exists and MEDIA_ADDR is set). */
  TURN_ENABLED: z.enum(['0', '1']).optional(),
  TURN_BINARY: z.string().default('/usr/bin/turnserver'),
  TURN_PORT: port.default(3478),
  TURN_TLS_PORT: port.default(5349),
  /** Shared secret of the TURN REST API; generated once into DATA_DIR/turn-secret when unset. */
  TURN_SECRET: z.string().min(16).optional(),
  TURN_REALM: z.string().optional(),
  /** Address coturn listens and relays on (all addresses when unset). */
  TURN_LISTEN_ADDR: z.string().optional(),
  /** Public address clients reach coturn at when it sits behind NAT (forward its ports to it). */
  TURN_EXTERNAL_ADDR: z.string().optional(),
  /** Host name or address in the turn: URLs (the TLS certificate's name with TURN_TLS_CERT). */
  TURN_HOST: z.string().optional(),
  TURN_TLS_CERT: z.string().optional(),
  TURN_TLS_KEY: z.string().optional(),
  /** More addresses clients may relay to, comma-separated: remote Janus nodes' media addresses. */
  TURN_PEER_ADDRS: z.string().default(''),
  TURN_RELAY_MIN: port.default(49152),
  TURN_RELAY_MAX: port.default(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  /** smtp://user:pass@host:port for invitations; without it mails wait in the outbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Điểm Cầu <no-reply@diemcau.local>'),
  /** Mark session cookies Secure (default: when PUBLIC_ORIGIN is https). */
  SECURE_COOKIES: z.enum(['0', '1']).optional(),
  /** Where meeting recordings go (default DATA_DIR/recordings). */
  RECORDINGS_DIR: z.string().optional(),
  /** Days a recording is kept after its meeting; a sweeper deletes it then. */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  /** Length of a processing segment: a crashed processor loses at most one. */
  RECORDING_SEGMENT_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** Bearer token (16+ characters) a Prometheus elsewhere sends for /metrics; loopback needs none. */
  METRICS_TOKEN: z.union([z.literal(''), z.string().min(16)]).optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  publicOrigin: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Several server nodes behind one address (Redis + PostgreSQL), or null for one node. */
  cluster: { redisUrl: string; nodeId: string | undefined } | null;
  janus: {
    enabled: boolean;
    binary: string;
    wsPort: number;
    rtpPortRange: [number, number];
    mediaInterface: string | undefined;
    mediaAddress: string | undefined;
    natPublicAddress: string | undefined;
    /** Local Janus processes (1 = a single Janus, as before pools). */
    localNodes: number;
    remoteNodes: { url: string; apiSecret: string; forwardAddress: string }[];
    maxSubscribersPerNode: number;
  };
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  turn: TurnSettings;
  logLevel: string;
  /** Built web app folder, or null when it is not built (API-only). */
  webDist: string | null;
  smtpUrl: string | undefined;
  mailFrom: string;
  secureCookies: boolean;
  /** Meeting recordings: folder, retention and processing segment length. */
  recordings: { dir: string; retentionDays: number; segmentSeconds: number };
  /** Remote scrapers of /metrics send it as a bearer token; unset: loopback only. */
  metricsToken?: string | undefined;
}

/** Our coturn relay, from TURN_*; see packages/server/src/turn/. */
export interface TurnSettings {
  enabled: boolean;
  binary: string;
  port: number;
  tlsPort: number;
  /** undefined: read or create DATA_DIR/turn-secret at start. */
  secret: string | undefined;
  realm: string;
  listenAddress: string | undefined;
  /** Where relayed media leaves from towards Janus: MEDIA_ADDR (coturn and Janus share the host). */
  relayAddress: string;
  /** Host clients put in the turn: URLs. */
  host: string;
  tls: { cert: string; key: string } | null;
  relayPortRange: [number, number];
  /** Janus's addresses: the only peers clients may relay to (MEDIA_ADDR, MEDIA_PUBLIC_ADDR, TURN_PEER_ADDRS). */
  peerAddresses: string[];
}

const RemoteJanusNodes = z.array(
  z.object({
    url: z.string().regex(/^wss?:\/\//),
    apiSecret: z.string().min(1),
    forwardAddress: z.string().min(1),
  }),
);

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
  let remoteNodes: ServerConfig['janus']['remoteNodes'];
  try {
    remoteNodes = RemoteJanusNodes.parse(JSON.parse(e.JANUS_REMOTE_NODES));
  } catch (cause) {
    throw new Error(
      'invalid configuration JANUS_REMOTE_NODES: expected a JSON array of {url, apiSecret, forwardAddress}',
      { cause },
    );
  }
  let iceServers: ServerConfig['iceServers'];
  try {
    iceServers = IceServers.parse(JSON.parse(e.ICE_SERVERS));
  } catch (cause) {
    throw new Error('invalid configuration ICE_SERVERS: expected a JSON array of RTCIceServer', { cause });
  }
  if (e.REDIS_URL && !/^postgres(ql)?:/.test(e.DATABASE_URL ?? ''))
    throw new Error('invalid configuration REDIS_URL: several nodes need a shared PostgreSQL DATABASE_URL');
  const dataDir = path.resolve(repoRoot, e.DATA_DIR);
  const publicOrigin = (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const turn = turnSettings(e, publicOrigin, repoRoot);
  return {
    port: e.PORT,
    host: e.HOST,
    publicOrigin,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    metricsToken: e.METRICS_TOKEN || undefined,
    secureCookies:
      e.SECURE_COOKIES === undefined ? publicOrigin.startsWith('https:') : e.SECURE_COOKIES === '1',
    dataDir,
    recordings: {
      dir: path.resolve(repoRoot, e.RECORDINGS_DIR ?? path.join(dataDir, 'recordings')),
      retentionDays: e.RECORDING_RETENTION_DAYS,
      segmentSeconds: e.RECORDING_SEGMENT_SECONDS,
    },
    databaseUrl: e.DATABASE_URL,
    cluster: e.REDIS_URL ? { redisUrl: e.REDIS_URL, nodeId: e.NODE_ID } : null,
    janus: {
      enabled: e.JANUS_ENABLED === '1',
      binary: e.JANUS_BINARY,
      wsPort: e.JANUS_WS_PORT,
      rtpPortRange: [e.JANUS_RTP_MIN, e.JANUS_RTP_MAX],
      mediaInterface: e.MEDIA_IFACE,
      mediaAddress: e.MEDIA_ADDR,
      natPublicAddress: e.MEDIA_PUBLIC_ADDR,
      localNodes: e.JANUS_LOCAL_NODES,
      remoteNodes,
      maxSubscribersPerNode: e.JANUS_MAX_SUBSCRIBERS_PER_NODE,
    },
    iceServers,
    turn,
    logLevel: e.LOG_LEVEL,
    webDist:
      e.WEB_DIST === undefined
        ? path.resolve(repoRoot, 'packages/web/dist')
        : path.resolve(repoRoot, e.WEB_DIST),
  };
}

function turnSettings(e: z.infer<typeof Env>, publicOrigin: string, repoRoot: string): TurnSettings {
  const extraPeers = e.TURN_PEER_ADDRS.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const peerAddresses = [e.MEDIA_ADDR, e.MEDIA_PUBLIC_ADDR, ...extraPeers].filter(
    (a): a is string => a !== undefined && a !== '',
  );
  const enabled =
    e.TURN_ENABLED === undefined
      ? e.JANUS_ENABLED === '1' && e.MEDIA_ADDR !== undefined && existsSync(e.TURN_BINARY)
      : e.TURN_ENABLED === '1';
  if (enabled && e.MEDIA_ADDR === undefined)
    throw new Error(
      'invalid configuration TURN_ENABLED: TURN needs MEDIA_ADDR (the only address it relays to)',
    );
  for (const [name, value] of [
    ['MEDIA_ADDR', e.MEDIA_ADDR],
    ['MEDIA_PUBLIC_ADDR', e.MEDIA_PUBLIC_ADDR],
    ['TURN_LISTEN_ADDR', e.TURN_LISTEN_ADDR],
    ['TURN_EXTERNAL_ADDR', e.TURN_EXTERNAL_ADDR],
    ...extraPeers.map((a) => ['TURN_PEER_ADDRS', a] as const),
  ] as const) {
    if (enabled && value !== undefined && net.isIP(value) === 0)
      throw new Error(`invalid configuration ${name}: expected an IP address`);
  }
  if ((e.TURN_TLS_CERT === undefined) !== (e.TURN_TLS_KEY === undefined))
    throw new Error('invalid configuration TURN_TLS_CERT: TURN_TLS_CERT and TURN_TLS_KEY go together');
  if (e.TURN_RELAY_MIN >= e.TURN_RELAY_MAX)
    throw new Error('invalid configuration TURN_RELAY_MIN: must be below TURN_RELAY_MAX');
  const originHost = new URL(publicOrigin).hostname.replace(/^\[|\]$/g, '');
  return {
    enabled,
    binary: e.TURN_BINARY,
    port: e.TURN_PORT,
    tlsPort: e.TURN_TLS_PORT,
    secret: e.TURN_SECRET,
    realm: e.TURN_REALM ?? originHost,
    listenAddress: e.TURN_LISTEN_ADDR,
    relayAddress: e.MEDIA_ADDR ?? '',
    host: e.TURN_HOST ?? e.TURN_EXTERNAL_ADDR ?? e.TURN_LISTEN_ADDR ?? originHost,
    tls:
      e.TURN_TLS_CERT !== undefined && e.TURN_TLS_KEY !== undefined
        ? { cert: path.resolve(repoRoot, e.TURN_TLS_CERT), key: path.resolve(repoRoot, e.TURN_TLS_KEY) }
        : null,
    relayPortRange: [e.TURN_RELAY_MIN, e.TURN_RELAY_MAX],
    peerAddresses,
  };
}
