// Runs the selected benchmarks one after another, writes results/<date>.json and prints the
// table (or one JSON line). A benchmark that throws is recorded as failed; the rest still run.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHES } from './benches/index.js';
import type { Bench } from './benches/types.js';
import { dateStamp, loadPrevious, machine, writeResults } from './lib/results.js';
import type { BenchOutcome, RunResults } from './lib/results.js';
import { formatTable } from './lib/table.js';

export const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

export interface RunOptions {
  json: boolean;
  quick: boolean;
  only: string[];
}

/** The benchmarks `only` names (all when empty); unknown names are an error. */
export function select(only: readonly string[], all: readonly Bench[] = BENCHES): Bench[] {
  if (only.length === 0) return [...all];
  const unknown = only.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  return all.filter((b) => only.includes(b.name));
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

export async function run(options: RunOptions): Promise<RunResults> {
  const benches = select(options.only);
  const started = new Date();
  const t0 = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const date = dateStamp(started);
  const previous = loadPrevious(RESULTS_DIR, date, options.quick);
  const outcomes: Record<string, BenchOutcome> = {};
  for (const bench of benches) {
    log(`${bench.name}: start`);
    const tb = performance.now();
    try {
      outcomes[bench.name] = await bench.run({ quick: options.quick, log });
    } catch (err) {
      outcomes[bench.name] = { failed: err instanceof Error ? err.message : String(err) };
    }
    log(`${bench.name}: done in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
  }
  // NOTE: a partial run (--only) keeps the other benchmarks of the same day's file.
  const kept =
    options.only.length && previous?.date === date && previous.quick === options.quick
      ? previous.benches
      : {};
  const results: RunResults = {
    date,
    startedAt: started.toISOString(),
    quick: options.quick,
    machine: machine(),
    durationS: Math.round((performance.now() - t0) / 1000),
    loadAverage: { start: round2(loadAtStart), end: round2(os.loadavg()[0] ?? 0) },
    benches: { ...kept, ...outcomes },
  };
  const file = await writeResults(RESULTS_DIR, results);
  log(`results written to ${path.relative(process.cwd(), file)}`);
  if (options.json) process.stdout.write(JSON.stringify(results) + '\n');
  else process.stdout.write(formatTable({ ...results, benches: outcomes }, previous) + '\n');
  return results;
}
