// Starts the real system (SQLite in a temp folder, the real Janus, the HTTP/WebSocket server) on
// free loopback ports, for integration and end-to-end tests. Media stays on 127.0.0.2 (dc0).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { demoJoinLink } from '../demo/links.js';
import { startSystem } from '../system.js';
import type { RunningSystem } from '../system.js';

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The environment that turns on TURN (coturn) for a test system: listening on `listen:port`, with
 * a relay range of its own above Janus's RTP ranges (21000–60999, see startTestSystem) and above
 * the kernel's ephemeral ports, so that the two never collide.
 */
export function turnTestEnv(options: {
  port: number;
  listen: string;
  host?: string;
  secret?: string;
}): Record<string, string> {
  const relayMin = 61_000 + Math.floor(Math.random() * 40) * 100;
  return {
    TURN_ENABLED: '1',
    TURN_PORT: String(options.port),
    TURN_LISTEN_ADDR: options.listen,
    ...(options.host ? { TURN_HOST: options.host } : {}),
    ...(options.secret ? { TURN_SECRET: options.secret } : {}),
    TURN_RELAY_MIN: String(relayMin),
    TURN_RELAY_MAX: String(relayMin + 99),
  };
}

export interface TestSystem extends RunningSystem {
  origin: string;
  dataDir: string;
  /** A join link (with an invitation token) to the demo meeting, as a bridge point, person or visitor. */
  link(name: string): Promise<string>;
  /** Demo accounts' passwords (fixed in tests). */
  passwords: Record<string, string>;
}

/** Fixed passwords of the demo accounts in tests (random everywhere else). */
export const TEST_PASSWORDS: Record<string, string> = {
  admin: 'quan-tri-thu-nghiem-2026',
  chutri: 'chu-tri-thu-nghiem-2026',
  thuky: 'thu-ky-thu-nghiem-2026',
  kp4: 'khu-pho-4-thu-nghiem',
  daibieu: 'dai-bieu-thu-nghiem',
};

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

export interface TestSystemOptions {
  janus?: boolean;
  web?: boolean;
  /** Extra environment (DATABASE_URL, REDIS_URL, NODE_ID…) over the test defaults. */
  env?: Record<string, string>;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-sys-'));
  const port = await freePort();
  const janusPort = await freePort();
  // NOTE: each test system takes its own RTP range so that parallel runs never collide.
  const rtpMin = 21000 + Math.floor(Math.random() * 400) * 100;
  const config = loadConfig(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JANUS_ENABLED: options.janus === false ? '0' : '1',
      JANUS_WS_PORT: String(janusPort),
      JANUS_RTP_MIN: String(rtpMin),
      JANUS_RTP_MAX: String(rtpMin + 99),
      MEDIA_IFACE: process.env.DIEMCAU_MEDIA_IFACE ?? 'dc0',
      MEDIA_ADDR: process.env.DIEMCAU_MEDIA_ADDR ?? '127.0.0.2',
      LOG_LEVEL: 'warn',
      ...(options.web
        ? { WEB_DIST: path.join(repoRoot, 'packages/web/dist') }
        : { WEB_DIST: path.join(dataDir, 'no-web') }),
      // TURN (coturn) only where a test asks for it through env (turn/turn.int.test.ts).
      TURN_ENABLED: '0',
      ...options.env,
    },
    repoRoot,
  );
  const system = await startSystem(config, {
    logLevel: process.env.DIEMCAU_TEST_LOG ?? 'silent',
    emptyRoomGraceMs: 1000,
    accounts: { adminPassword: TEST_PASSWORDS.admin, passwords: TEST_PASSWORDS },
  });
  const origin = `http://${config.host}:${port}`;
  return {
    ...system,
    origin,
    dataDir,
    passwords: TEST_PASSWORDS,
    link: async (name) => (await demoJoinLink(system.db, origin, system.demoMeetingId, name)).link,
    async stop() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
