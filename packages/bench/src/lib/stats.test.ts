// Percentiles must match the interpolated definition on tiny samples, where benchmarks live.
import { describe, expect, it } from 'vitest';
import { percentile, round, summarize } from './stats.js';

describe('percentile', () => {
  it('interpolates between ranks', () => {
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([7], 99)).toBe(7);
  });
  it('is null on no data and refuses nonsense', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarize and round', () => {
  it('summarizes a sample', () => {
    expect(summarize([4, 2, 6, 8])).toMatchObject({ n: 4, min: 2, max: 8, mean: 5, p50: 5 });
    expect(summarize([])).toMatchObject({ n: 0, p50: null, mean: null });
  });
  it('rounds and keeps null', () => {
    expect(round(1.26, 1)).toBe(1.3);
    expect(round(null)).toBeNull();
    expect(round(Number.NaN)).toBeNull();
  });
});
