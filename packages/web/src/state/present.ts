// Pure rules of the synchronized presentation as one client shows it: who controls it, which page
// this viewer sees (following the presenter or browsing on their own), the page keys, the pointer
// in page coordinates, and the autosave of private notes (debounced; "saved" only after the server
// answered).
import type { LiveState, Participant, Presentation, PresentPointer } from '@diemcau/protocol';

/** Following the presenter's page, or browsing on one's own ("Xem tự do"). */
export type Follow = { mode: 'follow' } | { mode: 'free'; page: number };

export const FOLLOW: Follow = { mode: 'follow' };

type Self = Pick<Participant, 'moderator' | 'role' | 'actorKey'>;

/** Turns the pages for everyone: the chair, the secretary, or the current presenter. */
export const controlsPresentation = (p: Presentation | null, self: Self): boolean =>
  p !== null && (self.moderator || p.presenterKey === self.actorKey);

/** Points on the page: the current presenter only (the server refuses anyone else). */
export const pointsOnPresentation = (p: Presentation | null, self: Self): boolean =>
  p !== null && p.presenterKey === self.actorKey;

/** May open a document for the room now (mirrors server/src/presentation/decide-present.ts). */
export function mayStartPresentation(live: LiveState | null, self: Self): boolean {
  if (!live || live.status === 'ended') return false;
  if (self.moderator) return true;
  const p = live.presentation;
  return p === null ? self.role === 'presenter' : p.presenterKey === self.actorKey;
}

/** The page this viewer sees. */
export function shownPage(p: Presentation, follow: Follow, pageCount: number | null): number {
  const page = follow.mode === 'follow' ? p.page : follow.page;
  return clampPage(page, pageCount ?? p.pageCount);
}

/** A page number within the document (1 when the count is unknown and the page is below 1). */
export function clampPage(page: number, pageCount: number | null): number {
  const upper = pageCount ?? Number.MAX_SAFE_INTEGER;
  return Math.min(Math.max(1, Math.round(page)), Math.max(1, upper));
}

/** A viewer turns a page on their own: they browse freely until they return to the presenter. */
export function browse(p: Presentation, follow: Follow, pageCount: number | null, delta: number): Follow {
  return { mode: 'free', page: clampPage(shownPage(p, follow, pageCount) + delta, pageCount ?? p.pageCount) };
}

/** The page step a key asks for, or null for other keys. */
export function pageStep(key: string): -1 | 1 | 'first' | 'last' | null {
  switch (key) {
    case 'PageUp':
    case 'ArrowLeft':
    case 'ArrowUp':
      return -1;
    case 'PageDown':
    case 'ArrowRight':
    case 'ArrowDown':
      return 1;
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** The page after a step (null: no change, e.g. past the end). */
export function stepPage(
  page: number,
  step: -1 | 1 | 'first' | 'last',
  pageCount: number | null,
): number | null {
  const next =
    step === 'first' ? 1 : step === 'last' ? (pageCount ?? page) : clampPage(page + step, pageCount);
  return next === page ? null : next;
}

/** A point of the page box in page coordinates (0–1), or null when outside the page. */
export function toPagePointer(
  clientX: number,
  clientY: number,
  box: { left: number; top: number; width: number; height: number },
): PresentPointer | null {
  if (box.width <= 0 || box.height <= 0) return null;
  const x = (clientX - box.left) / box.width;
  const y = (clientY - box.top) / box.height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  const round = (n: number): number => Math.round(n * 10_000) / 10_000;
  return { x: round(x), y: round(y) };
}

/** The least time between two pointer messages a presenter sends (the server relays ~10/s). */
export const POINTER_INTERVAL_MS = 100;

// ---------------------------------------------------------------------------------------------
// Private notes: debounced autosave
// ---------------------------------------------------------------------------------------------

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface NoteSaverOptions {
  /** Writes the note; resolves once the server has stored it. */
  save(page: number, text: string): Promise<void>;
  onStatus(status: SaveStatus): void;
  debounceMs?: number;
}

/**
 * Autosaves one note at a time: an edit waits `debounceMs` for the next keystroke, then goes to
 * the server; edits during a save are saved right after it. "saved" is reported only when the
 * last edit is stored, so the person never sees "Đã lưu" for text the server does not hold.
 */
export class NoteSaver {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dirty: { page: number; text: string } | null = null;
  #saving = false;
  readonly #debounce: number;

  constructor(private readonly opts: NoteSaverOptions) {
    this.#debounce = opts.debounceMs ?? 800;
  }

  edit(page: number, text: string): void {
    if (this.#dirty && this.#dirty.page !== page) void this.flush();
    this.#dirty = { page, text };
    this.opts.onStatus('pending');
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#debounce);
  }

  /** Saves what is pending now (page change, closing the panel). */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#saving || !this.#dirty) return;
    const next = this.#dirty;
    this.#dirty = null;
    this.#saving = true;
    this.opts.onStatus('saving');
    try {
      await this.opts.save(next.page, next.text);
      this.#saving = false;
      if (this.#dirty) await this.flush();
      else this.opts.onStatus('saved');
    } catch {
      this.#saving = false;
      // Keep the text to try again with the next edit (or flush), unless a newer edit replaced it.
      this.#dirty ??= next;
      this.opts.onStatus('error');
    }
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
