// Where each remote camera is shown and how big: elements (stage, tiles) register with the
// participant they show; a ResizeObserver measures them, and after a short quiet period the
// largest size per participant goes to the call (`view.layout`, from which the server picks layers).

export interface Size {
  width: number;
  height: number;
}

/** Sizes are rounded to this many CSS pixels, so sub-pixel jitter sends nothing. */
const STEP_PX = 8;

/** The largest size each participant is shown at (several elements may show the same camera). */
export function largestPerParticipant(shown: Iterable<readonly [string, Size]>): Map<string, Size> {
  const out = new Map<string, Size>();
  for (const [id, s] of shown) {
    const size = { width: roundPx(s.width), height: roundPx(s.height) };
    const prev = out.get(id);
    if (!prev || size.width * size.height > prev.width * prev.height) out.set(id, size);
  }
  return out;
}

const roundPx = (v: number): number => Math.max(0, Math.round(v / STEP_PX) * STEP_PX);

/** Whether two size maps say the same thing. */
export function sameSizes(a: ReadonlyMap<string, Size>, b: ReadonlyMap<string, Size>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, s] of a) {
    const o = b.get(id);
    if (!o || o.width !== s.width || o.height !== s.height) return false;
  }
  return true;
}

type ObserverLike = Pick<ResizeObserver, 'observe' | 'unobserve' | 'disconnect'>;

export interface TileSizesOptions {
  /** Gets the sizes after they settled (debounced). */
  onChange: (sizes: Map<string, Size>) => void;
  debounceMs?: number;
  /** A ResizeObserver (replaced in tests). */
  createObserver?: (
    cb: (entries: { target: Element; width: number; height: number }[]) => void,
  ) => ObserverLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const browserObserver: NonNullable<TileSizesOptions['createObserver']> = (cb) =>
  new ResizeObserver((entries) =>
    cb(
      entries.map((e) => ({
        target: e.target,
        width: e.contentRect.width,
        height: e.contentRect.height,
      })),
    ),
  );

/** The registry of shown cameras and their sizes (one per room page). */
export class TileSizes {
  readonly #opts: TileSizesOptions;
  readonly #who = new Map<Element, string>();
  readonly #size = new Map<Element, Size>();
  readonly #observer: ObserverLike | null;
  #timer: unknown = undefined;
  #last: Map<string, Size> | null = null;

  constructor(options: TileSizesOptions) {
    this.#opts = options;
    const create = options.createObserver ?? (typeof ResizeObserver === 'undefined' ? null : browserObserver);
    this.#observer = create
      ? create((entries) => {
          for (const e of entries) {
            if (this.#who.has(e.target)) this.#size.set(e.target, { width: e.width, height: e.height });
          }
          this.#schedule();
        })
      : null;
  }

  observe(el: Element, participantId: string): void {
    this.#who.set(el, participantId);
    this.#observer?.observe(el);
    this.#schedule();
  }

  unobserve(el: Element): void {
    if (!this.#who.delete(el)) return;
    this.#size.delete(el);
    this.#observer?.unobserve(el);
    this.#schedule();
  }

  /** The sizes as they are now (what the next report will say). */
  current(): Map<string, Size> {
    const shown: [string, Size][] = [];
    for (const [el, id] of this.#who) shown.push([id, this.#size.get(el) ?? { width: 0, height: 0 }]);
    return largestPerParticipant(shown);
  }

  dispose(): void {
    this.#observer?.disconnect();
    if (this.#timer !== undefined) (this.#opts.clearTimer ?? clearTimer)(this.#timer);
    this.#timer = undefined;
    this.#who.clear();
    this.#size.clear();
  }

  #schedule(): void {
    if (this.#timer !== undefined) (this.#opts.clearTimer ?? clearTimer)(this.#timer);
    this.#timer = (this.#opts.setTimer ?? setTimer)(() => {
      this.#timer = undefined;
      const now = this.current();
      if (this.#last && sameSizes(now, this.#last)) return;
      this.#last = now;
      this.#opts.onChange(now);
    }, this.#opts.debounceMs ?? 300);
  }
}

const setTimer = (fn: () => void, ms: number): unknown => setTimeout(fn, ms);
const clearTimer = (h: unknown): void => clearTimeout(h as ReturnType<typeof setTimeout>);
