// Runs the built server (packages/server/dist/main.js) as a child process on a data folder and a
// port of the test's choosing, so that a test can kill it hard (SIGKILL) and start it again on the
// same data. Media off (signalling only) unless `env` turns Janus on. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

export interface ServerProcess {
  pid: number;
  origin: string;
  /** The demo join link the server printed at start (its invitation token is reusable). */
  link: string;
  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** Starts the server; resolves once it printed its start-up banner (database migrated, listening). */
export async function startServerProcess(options: {
  dataDir: string;
  port: number;
  timeoutMs?: number;
  /** Over the defaults (e.g. JANUS_ENABLED=1 with JANUS_WS_PORT, MEDIA_IFACE, MEDIA_ADDR). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} missing: run npm run build`);
  const origin = `http://127.0.0.1:${options.port}`;
  // SQLite in the data folder: whatever database this test process was pointed at is not the child's.
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      PUBLIC_ORIGIN: origin,
      DATA_DIR: options.dataDir,
      JANUS_ENABLED: '0',
      LOG_LEVEL: 'warn',
      WEB_DIST: path.join(options.dataDir, 'no-web'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const link = await waitForBanner(child, options.timeoutMs ?? 30_000);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    pid: child.pid ?? 0,
    origin,
    link,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first join link the server prints (its start-up banner). */
function waitForBanner(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const link = /(https?:\/\/\S+\/m\/\S+)\s/.exec(output)?.[1];
      if (link) {
        clearTimeout(timer);
        resolve(link);
      }
    });
    // NOTE: keep draining both pipes, or a chatty server blocks on a full pipe.
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) =>
      fail(new Error(`server exited (${code ?? signal}) before start:\n${output}`)),
    );
  });
}
