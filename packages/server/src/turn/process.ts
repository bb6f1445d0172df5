// Runs coturn as a supervised child of our server (never Debian's coturn service): writes the
// generated turnserver.conf, spawns `turnserver -c`, waits until its TCP listener accepts,
// restarts it with backoff when it dies, and stops it with SIGTERM → SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TypedEmitter, silentLogger, stopChild, untilReady } from '@diemcau/media';
import type { Logger } from '@diemcau/media';
import { generateTurnConfig } from './config.js';
import type { TurnServerConfig } from './config.js';

export type TurnState = 'starting' | 'up' | 'down' | 'stopped';

export type TurnProcessEvents = {
  /** coturn accepts connections; `restart` is true after a crash recovery. */
  ready: [{ pid: number; restart: boolean }];
  /** coturn exited without being asked to (a restart follows). */
  exit: [{ code: number | null; signal: NodeJS.Signals | null }];
  restarting: [{ attempt: number; delayMs: number }];
};

export interface TurnProcessOptions {
  binary?: string;
  /** How long coturn may take to accept TCP connections (default 10 s). */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 5 s). */
  stopTimeoutMs?: number;
  log?: Logger;
}

const TAIL_LINES = 100;
const BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000];
/** After this long up, the next crash starts the backoff from the beginning again. */
const STABLE_MS = 30_000;

/** One coturn child process and its supervision. */
export class TurnProcess extends TypedEmitter<TurnProcessEvents> {
  readonly #config: TurnServerConfig;
  readonly #binary: string;
  readonly #readyTimeoutMs: number;
  readonly #stopTimeoutMs: number;
  readonly #log: Logger;
  readonly #tail: string[] = [];
  #child: ChildProcess | undefined;
  #logFile: WriteStream | undefined;
  #state: TurnState = 'starting';
  #attempt = 0;
  #upSince = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  readonly #killOnExit = (): void => {
    this.#child?.kill('SIGKILL');
  };

  constructor(config: TurnServerConfig, options: TurnProcessOptions = {}) {
    super();
    this.#config = config;
    this.#binary = options.binary ?? '/usr/bin/turnserver';
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.#log = options.log ?? silentLogger;
  }

  get state(): TurnState {
    return this.#state;
  }

  isUp(): boolean {
    return this.#state === 'up';
  }

  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }

  get configPath(): string {
    return path.join(this.#config.runtimeDir, 'turnserver.conf');
  }

  get logPath(): string {
    return path.join(this.#config.runtimeDir, 'turnserver.log');
  }

  /** The last lines coturn printed (for error reports). */
  logTail(): string[] {
    return [...this.#tail];
  }

  /** Writes the config, spawns coturn and resolves once it accepts; rejects (and kills it) otherwise. */
  async start(): Promise<void> {
    const dir = this.#config.runtimeDir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // NOTE: the file holds the shared secret; chmod too in case it existed with looser modes.
    await writeFile(this.configPath, generateTurnConfig(this.#config), { mode: 0o600 });
    await chmod(this.configPath, 0o600);
    if (await this.#accepts(300)) {
      // Most likely Debian's own coturn service: it must be disabled (scripts/install-deps.sh).
      throw new Error(`something already listens on the TURN port ${this.#probeTarget().join(':')}`);
    }
    this.#logFile ??= createWriteStream(this.logPath, { flags: 'a' });
    process.on('exit', this.#killOnExit);
    await this.#spawnAndWait(false);
  }

  /** Stops coturn: SIGTERM, then SIGKILL after the timeout. No restart follows. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    clearTimeout(this.#restartTimer);
    process.off('exit', this.#killOnExit);
    await stopChild(this.#child, this.#stopTimeoutMs);
    this.#child = undefined;
    const file = this.#logFile;
    this.#logFile = undefined;
    if (file) await new Promise<void>((resolve) => file.end(() => resolve()));
  }

  async #spawnAndWait(restart: boolean): Promise<void> {
    const child = this.#spawn();
    await untilReady(
      child,
      () => this.#waitReady(),
      'coturn',
      () => this.#tail,
    );
    this.#upSince = Date.now();
    this.#state = 'up';
    this.#log.info({ pid: child.pid, restart }, 'coturn is up');
    this.emit('ready', { pid: child.pid ?? 0, restart });
  }

  #spawn(): ChildProcess {
    const child = spawn(this.#binary, ['-c', this.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: this.#config.runtimeDir,
    });
    this.#child = child;
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
    child.on('error', (err) => this.#log.error({ err }, 'cannot run coturn'));
    child.once('exit', (code, signal) => this.#onExit(child, { code, signal }));
    return child;
  }

  #onExit(child: ChildProcess, exit: { code: number | null; signal: NodeJS.Signals | null }): void {
    if (this.#state === 'stopped' || child !== this.#child) return;
    // NOTE: a death during start is reported by #spawnAndWait, not here.
    if (this.#upSince === 0) return;
    const upForMs = Date.now() - this.#upSince;
    this.#upSince = 0;
    this.#state = 'down';
    if (upForMs > STABLE_MS) this.#attempt = 0;
    this.#log.error({ ...exit, tail: this.#tail.slice(-10) }, 'coturn died');
    this.emit('exit', exit);
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#state === 'stopped') return;
    const delayMs = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)] ?? 10_000;
    this.#attempt += 1;
    this.emit('restarting', { attempt: this.#attempt, delayMs });
    this.#restartTimer = setTimeout(() => {
      if (this.#state === 'stopped') return;
      this.#spawnAndWait(true).catch((err: unknown) => {
        this.#log.error({ err }, 'coturn restart failed');
        this.#scheduleRestart();
      });
    }, delayMs);
  }

  async #waitReady(): Promise<void> {
    const deadline = Date.now() + this.#readyTimeoutMs;
    while (Date.now() < deadline) {
      if (this.#state === 'stopped') throw new Error('stopped while starting');
      if (await this.#accepts(500)) return;
      await sleep(100);
    }
    throw new Error(
      `coturn did not accept connections within ${this.#readyTimeoutMs} ms: ${this.#tail.slice(-5).join(' | ')}`,
    );
  }

  #probeTarget(): [string, number] {
    return [this.#config.listenAddress ?? '127.0.0.1', this.#config.port];
  }

  /** True when something accepts TCP connections on the TURN port. */
  #accepts(timeoutMs: number): Promise<boolean> {
    const [host, port] = this.#probeTarget();
    return new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  }
}
