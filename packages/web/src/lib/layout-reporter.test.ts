// Tile sizes: the largest place each camera is shown, rounded against jitter, reported once the
// sizes settle and only when they changed.
import { describe, expect, it } from 'vitest';
import { largestPerParticipant, TileSizes, type Size } from './layout-reporter';

describe('largestPerParticipant', () => {
  it('keeps the largest view of each participant, rounded to 8 px', () => {
    const sizes = largestPerParticipant([
      ['a', { width: 163, height: 92 }],
      ['a', { width: 1279.6, height: 719.5 }],
      ['b', { width: 0, height: 0 }],
    ]);
    expect([...sizes]).toEqual([
      ['a', { width: 1280, height: 720 }],
      ['b', { width: 0, height: 0 }],
    ]);
  });
});

describe('TileSizes', () => {
  function setup() {
    let observerCb: ((e: { target: Element; width: number; height: number }[]) => void) | null = null;
    const observed = new Set<Element>();
    let timer: (() => void) | null = null;
    const reports: Map<string, Size>[] = [];
    const sizes = new TileSizes({
      onChange: (s) => reports.push(s),
      createObserver: (cb) => {
        observerCb = cb;
        return {
          observe: (el: Element) => observed.add(el),
          unobserve: (el: Element) => observed.delete(el),
          disconnect: () => observed.clear(),
        };
      },
      setTimer: (fn) => {
        timer = fn;
        return 1;
      },
      clearTimer: () => {
        timer = null;
      },
    });
    const resize = (el: Element, width: number, height: number): void =>
      observerCb?.([{ target: el, width, height }]);
    const settle = (): void => {
      const fn = timer;
      timer = null;
      fn?.();
    };
    return { sizes, observed, reports, resize, settle };
  }
  const el = (): Element => ({}) as Element;

  it('reports the settled sizes once, and again only when they change', () => {
    const t = setup();
    const stage = el();
    const tile = el();
    t.sizes.observe(stage, 'a');
    t.sizes.observe(tile, 'a');
    t.resize(stage, 1280, 720);
    t.resize(tile, 320, 180);
    t.settle();
    expect(t.reports).toEqual([new Map([['a', { width: 1280, height: 720 }]])]);
    t.resize(tile, 321, 181); // jitter: the largest view did not change
    t.settle();
    expect(t.reports).toHaveLength(1);
    t.sizes.unobserve(stage);
    expect(t.observed.has(stage)).toBe(false);
    t.settle();
    expect(t.reports.at(-1)).toEqual(new Map([['a', { width: 320, height: 184 }]]));
  });

  it('counts an element not yet measured as not shown', () => {
    const t = setup();
    t.sizes.observe(el(), 'b');
    t.settle();
    expect(t.reports).toEqual([new Map([['b', { width: 0, height: 0 }]])]);
  });
});
