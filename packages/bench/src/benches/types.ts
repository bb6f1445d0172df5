// What every benchmark implements, and the small helpers they share to build their results.
import type { BenchOutcome, Metric } from '../lib/results.js';

export interface BenchContext {
  quick: boolean;
  /** Progress for people, on stderr (stdout carries the table or the JSON). */
  log: (message: string) => void;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

/** A metric; non-finite values become null (not measured). */
export function metric(value: number | null, unit: string, better?: Metric['better']): Metric {
  const v = value === null || !Number.isFinite(value) ? null : Math.round(value * 100) / 100;
  return better ? { value: v, unit, better } : { value: v, unit };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
