// Debounced auto-save of a draft with optimistic concurrency: each edit restarts a short timer;
// saves run one at a time with the last known revision; a stale revision (409 conflict) stops
// saving and keeps the local text, so nothing typed is lost until the person chooses what to do.
import type { MinutesContent } from '@diemcau/protocol';

export type SaveState =
  | { kind: 'saved'; at: Date }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'conflict' }
  | { kind: 'error'; code: string };

export interface AutoSaverOptions {
  revision: number;
  delayMs: number;
  /** Saves and returns the new revision; rejects with an error that has `code` ('conflict' …). */
  save(revision: number, content: MinutesContent): Promise<number>;
  onState(state: SaveState): void;
  now?: () => Date;
}

const codeOf = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'internal';

export class AutoSaver {
  #revision: number;
  #latest: MinutesContent | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #conflict = false;

  constructor(private readonly opts: AutoSaverOptions) {
    this.#revision = opts.revision;
  }

  get revision(): number {
    return this.#revision;
  }

  /** The content typed since the last successful save (null: nothing unsaved). */
  get unsaved(): MinutesContent | null {
    return this.#latest;
  }

  /** A change: saved after `delayMs` without further changes. Ignored while in conflict. */
  edit(content: MinutesContent): void {
    this.#latest = content;
    if (this.#conflict) return;
    this.opts.onState({ kind: 'pending' });
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.opts.delayMs);
  }

  /** Saves now what is pending (before submitting, or when leaving the page). */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // NOTE: one save at a time; edits made meanwhile are saved right after with the new revision.
    while (this.#running) await this.#running;
    const content = this.#latest;
    if (!content || this.#conflict) return;
    this.#running = this.#save(content);
    try {
      await this.#running;
    } finally {
      this.#running = null;
    }
  }

  async #save(content: MinutesContent): Promise<void> {
    this.opts.onState({ kind: 'saving' });
    try {
      this.#revision = await this.opts.save(this.#revision, content);
      if (this.#latest === content) this.#latest = null;
      this.opts.onState(
        this.#latest ? { kind: 'pending' } : { kind: 'saved', at: (this.opts.now ?? (() => new Date()))() },
      );
      if (this.#latest) this.edit(this.#latest);
    } catch (e) {
      const code = codeOf(e);
      if (code === 'conflict') this.#conflict = true;
      this.opts.onState(code === 'conflict' ? { kind: 'conflict' } : { kind: 'error', code });
    }
  }

  /** After a conflict: continue from the server's revision, keeping (and saving) the local text. */
  resolveKeepMine(serverRevision: number): Promise<void> {
    this.#revision = serverRevision;
    this.#conflict = false;
    return this.flush();
  }

  /** Stops the timer (the page closes or the version changes). */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
