// Runs Janus as a supervised child process: spawn with our generated config, wait until its
// WebSocket API answers, restart it with backoff when it dies, and stop it with SIGTERM → SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild, untilReady } from './child-process.js';
import { TypedEmitter } from './emitter.js';
import { JanusConnection } from './janus-client.js';
import type { GeneratedJanusConfig, ResolvedJanusConfig } from './janus-config.js';
import { silentLogger, type Logger } from './types.js';

export interface JanusExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type JanusProcessEvents = {
  /** Janus answers on its WebSocket API; `restart` is true after a crash recovery. */
  ready: [{ pid: number; restart: boolean }];
  /** Janus exited without being asked to (a restart follows when supervising). */
  exit: [JanusExit];
  /** A restart attempt is scheduled. */
  restarting: [{ attempt: number; delayMs: number }];
  listenererror: [string, unknown];
};

export interface JanusProcessOptions {
  /** How long Janus may take to answer `info` after spawning (default 15 s). */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 5 s). */
  stopTimeoutMs?: number;
  log?: Logger;
}

const TAIL_LINES = 200;
const BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000];
/** After this long up, the next crash starts the backoff from the beginning again. */
const STABLE_MS = 30_000;

/** One Janus child process and its supervision. */
export class JanusProcess extends TypedEmitter<JanusProcessEvents> {
  readonly #config: ResolvedJanusConfig;
  readonly #generated: GeneratedJanusConfig;
  readonly #opts: Required<JanusProcessOptions>;
  readonly #tail: string[] = [];
  #child: ChildProcess | undefined;
  #logFile: WriteStream | undefined;
  #stopping = false;
  #attempt = 0;
  #upSince = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  readonly #killOnExit = (): void => {
    this.#child?.kill('SIGKILL');
  };

  constructor(config: ResolvedJanusConfig, generated: GeneratedJanusConfig, opts: JanusProcessOptions = {}) {
    super();
    this.#config = config;
    this.#generated = generated;
    this.#opts = {
      readyTimeoutMs: opts.readyTimeoutMs ?? 15_000,
      stopTimeoutMs: opts.stopTimeoutMs ?? 5_000,
      log: opts.log ?? silentLogger,
    };
  }

  /** The running Janus's pid, if any. */
  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }

  /** Where Janus's stdout and stderr go. */
  get logPath(): string {
    return path.join(this.#config.runtimeDir, 'janus.log');
  }

  /** The last lines Janus printed (for error reports). */
  logTail(): string[] {
    return [...this.#tail];
  }

  /** Where the running Janus's pid is kept, so that the next start can end an orphan. */
  get pidPath(): string {
    return path.join(this.#config.runtimeDir, 'janus.pid');
  }

  /** Spawns Janus and resolves once its API answers; rejects (and kills it) otherwise. */
  async start(): Promise<void> {
    await mkdir(this.#config.runtimeDir, { recursive: true });
    await this.#killOrphan();
    if (await this.#answers(500)) {
      throw new Error(`something already answers Janus requests at ${this.#generated.wsUrl}`);
    }
    this.#logFile ??= createWriteStream(this.logPath, { flags: 'a' });
    process.on('exit', this.#killOnExit);
    await this.#spawnAndWait(false);
  }

  /** Stops Janus: SIGTERM, then SIGKILL after the timeout. No restart follows. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    process.off('exit', this.#killOnExit);
    await stopChild(this.#child, this.#opts.stopTimeoutMs);
    this.#child = undefined;
    await rm(this.pidPath, { force: true });
    const file = this.#logFile;
    this.#logFile = undefined;
    if (file) await new Promise<void>((resolve) => file.end(() => resolve()));
  }

  async #spawnAndWait(restart: boolean): Promise<void> {
    const child = this.#spawn();
    await untilReady(
      child,
      () => this.#waitReady(),
      'Janus',
      () => this.#tail,
    );
    this.#upSince = Date.now();
    this.#opts.log.info({ pid: child.pid, restart }, 'Janus is up');
    this.emit('ready', { pid: child.pid ?? 0, restart });
  }

  #spawn(): ChildProcess {
    const conf = this.#generated.confDir;
    const args = ['-F', conf, '-C', path.join(conf, 'janus.jcfg'), '-o'];
    const child = spawn(this.#config.binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: this.#config.runtimeDir,
    });
    this.#child = child;
    if (child.pid !== undefined) {
      writeFile(this.pidPath, `${child.pid}\n`).catch((err: unknown) =>
        this.#opts.log.warn({ err }, 'cannot write the Janus pid file'),
      );
    }
    const onData = (chunk: Buffer): void => {
      this.#logFile?.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.#tail.push(line);
        if (this.#tail.length > TAIL_LINES) this.#tail.shift();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => this.#opts.log.error({ err }, 'cannot run Janus'));
    child.once('exit', (code, signal) => this.#onExit(child, { code, signal }));
    return child;
  }

  #onExit(child: ChildProcess, exit: JanusExit): void {
    if (this.#stopping || child !== this.#child) return;
    // NOTE: a death during start is reported by #spawnAndWait, not here.
    if (this.#upSince === 0) return;
    const upForMs = Date.now() - this.#upSince;
    this.#upSince = 0;
    if (upForMs > STABLE_MS) this.#attempt = 0;
    this.#opts.log.error({ ...exit, tail: this.#tail.slice(-10) }, 'Janus died');
    this.emit('exit', exit);
    if (this.#config.supervise) this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#stopping) return;
    const delayMs = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)] ?? 10_000;
    this.#attempt += 1;
    this.emit('restarting', { attempt: this.#attempt, delayMs });
    this.#restartTimer = setTimeout(() => {
      if (this.#stopping) return;
      this.#spawnAndWait(true).catch((err: unknown) => {
        this.#opts.log.error({ err }, 'Janus restart failed');
        this.#scheduleRestart();
      });
    }, delayMs);
  }

  async #waitReady(): Promise<void> {
    const deadline = Date.now() + this.#opts.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (this.#stopping) throw new Error('stopped while starting');
      if (await this.#answers(1000)) return;
      await sleep(100);
    }
    throw new Error(
      `Janus did not answer within ${this.#opts.readyTimeoutMs} ms: ${this.#tail.slice(-5).join(' | ')}`,
    );
  }

  async #killOrphan(): Promise<void> {
    const pid = await endOrphanJanus(this.pidPath, this.#generated.confDir);
    if (pid !== null) this.#opts.log.warn({ pid }, 'killed the Janus a previous run left behind');
  }

  /** True when a Janus answers `info` at our WebSocket address. */
  async #answers(timeoutMs: number): Promise<boolean> {
    let conn: JanusConnection | undefined;
    try {
      conn = await JanusConnection.connect(this.#generated.wsUrl, { connectTimeoutMs: timeoutMs });
      const reply = await conn.request({ janus: 'info' }, 'reply', timeoutMs);
      return reply.janus === 'server_info';
    } catch {
      return false;
    } finally {
      conn?.close();
    }
  }
}

/**
 * A server killed hard (SIGKILL, OOM) leaves its Janus running, and that Janus keeps our ports:
 * if `pidFile` names a live Janus started on `confDir`, kill it and wait until it is gone (up to
 * 5 s). Removes the pid file; resolves with the pid it killed, or null. NOTE: both checks matter,
 * as a pid can be reused by any process once its own is gone.
 */
export async function endOrphanJanus(pidFile: string, confDir: string): Promise<number | null> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1 || !(await isJanusOn(pid, confDir))) {
    await rm(pidFile, { force: true });
    return null;
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
  for (let i = 0; i < 50 && (await isJanusOn(pid, confDir)); i++) await sleep(100);
  await rm(pidFile, { force: true });
  return pid;
}

/** True when `pid` is a running (not zombie) Janus whose command line names `confDir`. */
async function isJanusOn(pid: number, confDir: string): Promise<boolean> {
  try {
    const [comm, cmdline, stat] = await Promise.all([
      readFile(`/proc/${pid}/comm`, 'utf8'),
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8'),
    ]);
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return comm.trim() === 'janus' && cmdline.split('\0').includes(confDir) && state !== 'Z';
  } catch {
    return false;
  }
}
