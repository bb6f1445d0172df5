// Starts the real system (SQLite in a temp folder, the real Janus, the HTTP/WebSocket server) on
// free loopback ports, for integration and end-to-end tests. Media stays on 127.0.0.2 (dc0).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildJoinLink } from '@diemcau/protocol';
import { loadConfig } from '../config.js';
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

export interface TestSystem extends RunningSystem {
  origin: string;
  dataDir: string;
  /** A join link to the demo meeting. */
  link(name: string, bridgePoint?: string | null): string;
}

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

export async function startTestSystem(options: { janus?: boolean; web?: boolean } = {}): Promise<TestSystem> {
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
    },
    repoRoot,
  );
  const system = await startSystem(config, {
    logLevel: process.env.DIEMCAU_TEST_LOG ?? 'silent',
    emptyRoomGraceMs: 1000,
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...system,
    origin,
    dataDir,
    link: (name, bridgePoint = null) =>
      buildJoinLink({ origin, meetingId: system.demoMeetingId, name, bridgePoint }),
    async stop() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
