// Starts our real server (packages/server/dist/main.js) as a child process on free loopback ports,
// so its CPU and memory can be read from /proc apart from the bots and clients that load it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildJoinLink, parseJoinLink } from '@diemcau/protocol';
import { childrenOf, parseProcStat } from './proc.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
export const SERVER_MAIN = path.join(REPO_ROOT, 'packages/server/dist/main.js');

/** A TCP port on 127.0.0.1 that was free a moment ago. */
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

/** The demo join link main.ts prints on start-up (the line with `/m/`). */
export function findJoinLink(output: string): string | null {
  for (const match of output.matchAll(/https?:\/\/\S+\/m\/\S+/g)) {
    if (parseJoinLink(match[0])) return match[0];
  }
  return null;
}

/** `api_secret = "…"` from the generated janus.jcfg. */
export function parseApiSecret(jcfg: string): string | null {
  const match = /^\s*api_secret\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(jcfg);
  return match?.[1] ? match[1].replace(/\\(.)/g, '$1') : null;
}

export interface ServerChildOptions {
  janus: boolean;
  /** Serve packages/web/dist (for Chromium). */
  web?: boolean;
  startTimeoutMs?: number;
  /** Extra environment for the server (e.g. JANUS_LOCAL_NODES). */
  env?: Record<string, string>;
}

export interface ServerChild {
  pid: number;
  origin: string;
  meetingId: string;
  dataDir: string;
  janusWsPort: number;
  /**
   * The invitation token of the demo link the server printed. NOTE: join admission refuses
   * uninvited joins; tokens are not single-use, so every bench client reuses this one.
   */
  token: string;
  /** A join link to the demo meeting (carrying `token`). */
  link(name: string, bridgePoint?: string | null): string;
  /** Janus's pid (a child of the server), or null when Janus is off or not found. */
  janusPid(): number | null;
  /** SIGKILL, as a crash or an OOM kill: no shutdown code runs, its Janus keeps running. */
  kill9(): Promise<void>;
  /** Starts the server again on the same data, ports and environment (after `kill9`). */
  restart(): Promise<void>;
  /** Janus's WebSocket API secret, read from the config the server generated. */
  janusApiSecret(): string;
  stop(): Promise<void>;
}

function waitForLink(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const link = findJoinLink(output);
      if (link) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(link);
      }
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`server exited (${code}) before start:\n${output}`)));
  });
}

/** Starts the server child; resolves once it printed its demo link (database and Janus are up). */
export async function startServerChild(options: ServerChildOptions): Promise<ServerChild> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} missing: run npx tsc -b packages/server`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-'));
  const port = await freePort();
  const janusWsPort = await freePort();
  // NOTE: a random RTP range per run, as the system harness does, so that a leftover Janus never collides.
  const rtpMin = 21000 + Math.floor(Math.random() * 300) * 100;
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: origin,
    DATA_DIR: dataDir,
    JANUS_ENABLED: options.janus ? '1' : '0',
    JANUS_WS_PORT: String(janusWsPort),
    JANUS_RTP_MIN: String(rtpMin),
    JANUS_RTP_MAX: String(rtpMin + 199),
    MEDIA_IFACE: process.env.DIEMCAU_MEDIA_IFACE ?? 'dc0',
    MEDIA_ADDR: process.env.DIEMCAU_MEDIA_ADDR ?? '127.0.0.2',
    LOG_LEVEL: 'warn',
    WEB_DIST: options.web ? path.join(REPO_ROOT, 'packages/web/dist') : path.join(dataDir, 'no-web'),
    ...options.env,
  };
  const launch = async (): Promise<{ child: ChildProcess; link: string }> => {
    const child = spawn(process.execPath, [SERVER_MAIN], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const link = await waitForLink(child, options.startTimeoutMs ?? 90_000);
      // NOTE: keep draining the pipes, or a chatty server would block on a full pipe mid-benchmark.
      child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`));
      return { child, link };
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
  };
  let child: ChildProcess;
  let link: string;
  try {
    ({ child, link } = await launch());
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const parsed = parseJoinLink(link);
  const meetingId = parsed?.meetingId ?? '';
  const token = parsed?.token ?? '';
  let lastJanus: number | null = null;
  const janusPid = (): number | null => {
    const found = childrenOf(child.pid ?? 0).find((c) => c.comm === 'janus');
    if (found) lastJanus = found.pid;
    return found?.pid ?? null;
  };
  const exited = (c: ChildProcess): Promise<void> =>
    new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) resolve();
      else c.once('exit', () => resolve());
    });
  const server: ServerChild = {
    pid: child.pid ?? 0,
    origin,
    meetingId,
    dataDir,
    janusWsPort,
    token,
    link: (name, bridgePoint = null) => buildJoinLink({ origin, meetingId, name, bridgePoint, token }),
    janusPid,
    janusApiSecret() {
      const jcfg = fs.readFileSync(path.join(dataDir, 'janus/janus-conf/janus.jcfg'), 'utf8');
      const secret = parseApiSecret(jcfg);
      if (!secret) throw new Error('no api_secret in janus.jcfg');
      return secret;
    },
    async kill9() {
      janusPid();
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      ({ child } = await launch());
      server.pid = child.pid ?? 0;
    },
    async stop() {
      janusPid();
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
      // NOTE: if the server died hard, its Janus (which we started through it) must not outlive the run.
      if (lastJanus !== null) killJanus(lastJanus);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Kills `pid` only if it still is a Janus (a pid can be reused once its process is gone). */
function killJanus(pid: number): void {
  try {
    const stat = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (stat.comm === 'janus') process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
