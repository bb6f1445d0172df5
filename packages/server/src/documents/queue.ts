// The conversion queue: durable job rows (a restart requeues what was running and goes on), one
// conversion at a time (LibreOffice is heavy and the ward server is small), progress written to the
// version row so the meeting page can show it, outputs stored content-addressed.
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@diemcau/media';
import type { BlobStore } from './blobs.js';
import { ConversionError } from './convert.js';
import type { Converter } from './convert.js';
import type { DocumentStore } from './store.js';

/** Attempts before a version is marked failed (a crash mid-way, a server restart). */
export const MAX_ATTEMPTS = 3;

export interface QueueDeps {
  store: DocumentStore;
  blobs: BlobStore;
  /** Null: conversions are impossible here (the reason is recorded on each version). */
  converter: Converter | null;
  unavailableReason?: string;
  log: Logger;
  now: () => Date;
}

export class ConversionQueue {
  #running: Promise<void> | null = null;
  #wake = false;
  #stopped = true;
  readonly #abort = new AbortController();
  /** Resolves when the queue has nothing left to do (tests wait on it). */
  #idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: QueueDeps) {}

  /** Requeues interrupted jobs and starts working. */
  async start(): Promise<void> {
    this.#stopped = false;
    const n = await this.deps.store.requeueRunning();
    if (n > 0) this.deps.log.info({ jobs: n }, 'resuming interrupted document conversions');
    this.kick();
  }

  /** A job was added: run it soon. */
  kick(): void {
    if (this.#stopped) return;
    this.#wake = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
      if (this.#wake && !this.#stopped) this.kick();
      else for (const w of this.#idleWaiters.splice(0)) w();
    });
  }

  /** Resolves once every queued job has run. */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops after killing the running conversion (its job row stays `running`: resumed next start). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (this.#wake && !this.#stopped) {
      this.#wake = false;
      for (;;) {
        if (this.#stopped) return;
        const job = await this.deps.store.takeJob(this.deps.now());
        if (!job) break;
        await this.#run(job);
      }
    }
  }

  async #run(job: { id: string; versionId: string; attempts: number }): Promise<void> {
    const { store, log } = this.deps;
    const version = await store.version(job.versionId);
    if (!version) return store.finishJob(job.id, 'failed', this.deps.now(), 'version gone');
    if (!this.deps.converter) {
      const why = this.deps.unavailableReason ?? 'conversion is not available on this server';
      await store.setProgress(version.id, 'failed', 0, why);
      return store.finishJob(job.id, 'failed', this.deps.now(), why);
    }
    const workDir = path.join(this.deps.blobs.tempDir, `job-${randomBytes(8).toString('hex')}`);
    await fsp.mkdir(workDir, { recursive: true, mode: 0o700 });
    let lastWrite = Promise.resolve();
    try {
      const out = await this.deps.converter.convert({
        workDir,
        source: await this.#sourceFile(version.sha256, workDir),
        kind: version.kind,
        signal: this.#abort.signal,
        onProgress: (step, percent) => {
          lastWrite = lastWrite
            .then(() => store.setProgress(version.id, step, percent))
            .catch(() => undefined);
        },
      });
      await lastWrite;
      if (this.#stopped) return;
      const pdf = out.pdfFile ? await this.deps.blobs.putFile(out.pdfFile) : null;
      const pages: { imageSha256: string; thumbSha256: string }[] = [];
      for (const p of out.pages) {
        const [image, thumb] = [
          await this.deps.blobs.putFile(p.image),
          await this.deps.blobs.putFile(p.thumb),
        ];
        pages.push({ imageSha256: image.sha256, thumbSha256: thumb.sha256 });
      }
      await store.finishConversion(version.id, pdf?.sha256 ?? null, out.pageCount, pages);
      await store.finishJob(job.id, 'done', this.deps.now());
    } catch (err) {
      await lastWrite;
      if (this.#stopped) return;
      const message = err instanceof ConversionError ? err.message : 'internal error while converting';
      if (!(err instanceof ConversionError))
        log.error({ err, versionId: version.id }, 'document conversion failed');
      const retry = !(err instanceof ConversionError) && job.attempts < MAX_ATTEMPTS;
      if (!retry) await store.setProgress(version.id, 'failed', 0, message);
      await store.finishJob(job.id, retry ? 'queued' : 'failed', this.deps.now(), message);
    } finally {
      await fsp.rm(workDir, { recursive: true, force: true });
    }
  }

  /** A private copy of the original (the blob store may be remote one day). */
  async #sourceFile(sha256: string, workDir: string): Promise<string> {
    const file = path.join(workDir, 'source');
    await fsp.writeFile(file, this.deps.blobs.open(sha256));
    return file;
  }
}
