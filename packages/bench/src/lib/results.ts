// The shape of a benchmark run and its results file (`results/<YYYY-MM-DD>.json`): every figure
// carries its unit, and the machine it ran on travels with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One figure. `better` says which way is an improvement when comparing with a previous run. */
export interface Metric {
  value: number | null;
  unit: string;
  better?: 'lower' | 'higher';
}

export interface BenchResult {
  metrics: Record<string, Metric>;
  /** What bounds these numbers on this machine (the honest footnote). */
  limits: string;
  notes?: string[];
  /** Raw per-step data (sweeps) for whoever wants to plot it. */
  detail?: unknown;
}

export type BenchOutcome = BenchResult | { skipped: string } | { failed: string };

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
}

export interface RunResults {
  date: string;
  startedAt: string;
  quick: boolean;
  machine: Machine;
  durationS: number;
  /**
   * 1-minute load average at start and end. NOTE: the machine may be shared (other builds and
   * tests); a load well above what the benchmarks themselves cause means the figures are noisy.
   */
  loadAverage: { start: number; end: number };
  benches: Record<string, BenchOutcome>;
}

export const isResult = (o: BenchOutcome | undefined): o is BenchResult => o !== undefined && 'metrics' in o;

export function machine(): Machine {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: os.release(),
  };
}

/** YYYY-MM-DD in local time (the results file name). */
export function dateStamp(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

const fileName = (date: string, quick: boolean): string => `${date}${quick ? '.quick' : ''}.json`;

/**
 * The newest results file of the same kind (full or quick) up to `date`; read before this run
 * writes, so today's file is an earlier run of today.
 */
export function previousResultsFile(names: readonly string[], date: string, quick: boolean): string | null {
  const kind = quick ? /^\d{4}-\d{2}-\d{2}\.quick\.json$/ : /^\d{4}-\d{2}-\d{2}\.json$/;
  const limit = fileName(date, quick);
  const older = names.filter((n) => kind.test(n) && n <= limit).sort();
  return older.at(-1) ?? null;
}

/** The run to compare with, or null. NOTE: quick runs measure smaller loads, so they only meet their own kind. */
export function loadPrevious(dir: string, date: string, quick: boolean): RunResults | null {
  if (!fs.existsSync(dir)) return null;
  const name = previousResultsFile(fs.readdirSync(dir), date, quick);
  if (!name) return null;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RunResults;
  } catch {
    return null;
  }
}

/** JSON as the repository's Prettier would write it, so `format:check` stays clean after a run. */
async function formatJson(text: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = await prettier.resolveConfig(file);
    return await prettier.format(text, { ...options, filepath: file });
  } catch {
    return text; // NOTE: prettier is a dev tool; without it the file is still valid JSON
  }
}

/** Writes the run; a quick run goes to `<date>.quick.json` so it never replaces a full one. */
export async function writeResults(dir: string, run: RunResults): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, fileName(run.date, run.quick));
  fs.writeFileSync(file, await formatJson(JSON.stringify(run, null, 2) + '\n', file));
  return file;
}
