// @diemcau/bench: benchmarks of the whole system (run with the CLI); the pieces are exported for tools.
export { BENCHES } from './benches/index.js';
export type { Bench, BenchContext } from './benches/types.js';
export { run, select, type RunOptions } from './run.js';
export type { BenchOutcome, BenchResult, Metric, RunResults } from './lib/results.js';
export { percentile, summarize } from './lib/stats.js';
