// The table is what people read: numbers compact, changes signed and judged by direction.
import { describe, expect, it } from 'vitest';
import { formatChange, formatNumber, formatTable } from './table.js';
import type { RunResults } from './results.js';

const run = (value: number, startedAt: string): RunResults => ({
  date: '2025-01-02',
  startedAt,
  quick: false,
  durationS: 10,
  loadAverage: { start: 0.5, end: 1 },
  machine: {
    cores: 2,
    cpuModel: 'Test CPU',
    memoryGiB: 4,
    node: 'v20.0.0',
    platform: 'linux-x64',
    kernel: '6',
  },
  benches: {
    join: { metrics: { 'firstFrame.p50': { value, unit: 'ms', better: 'lower' } }, limits: 'bots decode' },
    db: { skipped: 'no votes yet' },
  },
});

describe('formatNumber', () => {
  it('keeps integers and trims small values', () => {
    expect(formatNumber(1234.56)).toBe('1235');
    expect(formatNumber(12.3456)).toBe('12.3');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(null)).toBe('–');
  });
});

describe('formatChange', () => {
  it('judges by the direction that is better', () => {
    expect(formatChange({ value: 80, unit: 'ms', better: 'lower' }, { value: 100, unit: 'ms' })).toBe(
      '-20.0% better',
    );
    expect(formatChange({ value: 80, unit: 'req/s', better: 'higher' }, { value: 100, unit: 'req/s' })).toBe(
      '-20.0% WORSE',
    );
    expect(formatChange({ value: 101, unit: 'ms', better: 'lower' }, { value: 100, unit: 'ms' })).toBe(
      '+1.0%',
    );
  });
  it('compares nothing across units or missing values', () => {
    expect(formatChange({ value: 1, unit: 'ms' }, { value: 1, unit: 's' })).toBe('');
    expect(formatChange({ value: 1, unit: 'ms' }, undefined)).toBe('');
  });
});

describe('formatTable', () => {
  it('names the machine, each figure with its unit, skipped benches and the limits', () => {
    const text = formatTable(run(80, 'now'), run(100, 'before'));
    expect(text).toContain('2 cores Test CPU');
    expect(text).toMatch(/join\s+firstFrame\.p50\s+80\s+ms\s+100\s+-20\.0% better/);
    expect(text).toContain('db     skipped: no votes yet');
    expect(text).toContain('join: bots decode');
  });
});
