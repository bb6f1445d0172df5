// Background work of recordings in the server process: processes queued recordings one at a time,
// each in a child process (process-cli.js), so that ffmpeg's memory or a crash never touches the
// meetings; retries a processor that died; and runs the retention sweep.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@diemcau/media';
import type { RecordingService } from './service.js';

export interface RecordingWorkerOptions {
  service: RecordingService;
  /** What the child opens: DATABASE_URL or the SQLite file. */
  databaseUrl: string;
  log: Logger;
  /** How often to look for queued recordings besides the 'queued' event (default 30 s). */
  pollMs?: number;
  /** How often to sweep expired recordings (default hourly). */
  sweepMs?: number;
  /** A processor that died (killed, crashed) is retried until this many attempts (default 3). */
  maxAttempts?: number;
}

/** The built processor beside this file (tests run the sources, so they point at dist/). */
export function processCliPath(): string {
  const here = fileURLToPath(import.meta.url);
  const js = here.replace(/worker\.(ts|js)$/, 'process-cli.js');
  return here.endsWith('.ts') ? js.replace(/([\\/])src([\\/])recordings([\\/])/, '$1dist$2recordings$3') : js;
}

export class RecordingWorker {
  readonly #opts: Required<RecordingWorkerOptions>;
  #child: ChildProcess | null = null;
  #running: Promise<void> | null = null;
  #poll: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #stopped = true;
  readonly #onQueued = (): void => this.kick();

  constructor(opts: RecordingWorkerOptions) {
    this.#opts = { pollMs: 30_000, sweepMs: 3_600_000, maxAttempts: 3, ...opts };
  }

  /** Recovers what a previous run left, then processes the queue and sweeps periodically. */
  async start(): Promise<void> {
    if (!this.#stopped) return;
    this.#stopped = false;
    const { service, log } = this.#opts;
    service.on('queued', this.#onQueued);
    await service.recover();
    this.#poll = setInterval(() => this.kick(), this.#opts.pollMs);
    this.#poll.unref();
    const sweep = (): void => {
      service.sweep().catch((err: unknown) => log.error({ err }, 'recording retention sweep failed'));
    };
    this.#sweep = setInterval(sweep, this.#opts.sweepMs);
    this.#sweep.unref();
    sweep();
    this.kick();
  }

  /** Looks for work now. */
  kick(): void {
    if (this.#stopped || this.#running) return;
    this.#running = this.#drain()
      .catch((err: unknown) => this.#opts.log.error({ err }, 'recording worker failed'))
      .finally(() => {
        this.#running = null;
      });
  }

  /** Stops polling and the current processor (its recording resumes at the next start). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#opts.service.off('queued', this.#onQueued);
    clearInterval(this.#poll);
    clearInterval(this.#sweep);
    this.#child?.kill('SIGTERM');
    await this.#running;
  }

  async #drain(): Promise<void> {
    const { service, log, maxAttempts } = this.#opts;
    const config = service.config;
    if (!config) return;
    while (!this.#stopped) {
      const next = (await service.store.withStatus(['queued']))[0];
      if (!next) return;
      const exit = await this.#runChild(next.id, config.dir, config.segmentSeconds);
      const after = await service.store.get(next.id);
      if (after?.status === 'queued') {
        // The processor never took it (not built, cannot start): wait for the next poll.
        log.error({ recordingId: next.id, exit, cli: processCliPath() }, 'recording processor did not start');
        return;
      }
      if (after?.status !== 'processing' || this.#stopped) continue;
      // The processor died without recording an outcome (killed, out of memory): try again.
      const failed = after.attempts >= maxAttempts;
      log.warn({ recordingId: next.id, exit, attempts: after.attempts }, 'recording processor died');
      await service.store.update(next.id, {
        status: failed ? 'failed' : 'queued',
        ...(failed ? { error: `processor died ${after.attempts} times (${exit})` } : {}),
      });
    }
  }

  #runChild(id: string, dir: string, segmentSeconds: number): Promise<string> {
    const args = [
      processCliPath(),
      '--db',
      this.#opts.databaseUrl,
      '--dir',
      dir,
      '--id',
      id,
      '--segment-seconds',
      String(segmentSeconds),
    ];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      this.#child = child;
      child.on('error', (err) => {
        this.#child = null;
        resolve(`spawn failed: ${err.message}`);
      });
      child.on('exit', (code, signal) => {
        this.#child = null;
        resolve(signal ? `signal ${signal}` : `exit ${code}`);
      });
    });
  }
}
