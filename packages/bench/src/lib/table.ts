// Renders a run as a plain-text table for people, with the change against the previous run of
// the same kind where both have the figure.
import { isResult } from './results.js';
import type { Metric, RunResults } from './results.js';

/** Compact number: integers as they are, small values with up to 3 significant digits. */
export function formatNumber(value: number | null): string {
  if (value === null) return '–';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** "+12.5%" and whether that is better, worse or about the same (within 5 %, run-to-run noise). */
export function formatChange(now: Metric, before: Metric | undefined): string {
  if (!before || before.value === null || now.value === null || before.unit !== now.unit) return '';
  if (before.value === 0) return now.value === 0 ? '=' : '';
  const change = ((now.value - before.value) / Math.abs(before.value)) * 100;
  const sign = change >= 0 ? '+' : '';
  const text = `${sign}${change.toFixed(1)}%`;
  if (!now.better || Math.abs(change) < 5) return text;
  const improved = now.better === 'lower' ? change < 0 : change > 0;
  return `${text} ${improved ? 'better' : 'WORSE'}`;
}

function pad(cells: string[][]): string[] {
  const widths: number[] = [];
  for (const row of cells) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return cells.map((row) =>
    row
      .map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The whole run as text: a header naming the machine, one row per figure, then the limits. */
export function formatTable(run: RunResults, previous: RunResults | null): string {
  const m = run.machine;
  const lines = [
    `Điểm Cầu bench ${run.date} (${run.quick ? 'quick' : 'full'}, ${run.durationS} s): ${m.cores} cores ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}`,
    `load average (1 min) ${run.loadAverage.start} at start, ${run.loadAverage.end} at end (other work on this machine makes figures noisy)`,
    previous ? `compared with the run of ${previous.startedAt}` : 'no previous run to compare with',
    '',
  ];
  const rows: string[][] = [['bench', 'figure', 'value', 'unit', 'previous', 'change']];
  const footnotes: string[] = [];
  for (const [name, outcome] of Object.entries(run.benches)) {
    if (!isResult(outcome)) {
      const why = 'skipped' in outcome ? `skipped: ${outcome.skipped}` : `FAILED: ${outcome.failed}`;
      rows.push([name, why, '', '', '', '']);
      continue;
    }
    const before = previous?.benches[name];
    const old = isResult(before) ? before.metrics : {};
    for (const [key, metric] of Object.entries(outcome.metrics)) {
      const prior = old[key];
      rows.push([
        name,
        key,
        formatNumber(metric.value),
        metric.unit,
        prior ? formatNumber(prior.value) : '',
        formatChange(metric, prior),
      ]);
    }
    footnotes.push(`${name}: ${outcome.limits}`);
    for (const note of outcome.notes ?? []) footnotes.push(`  - ${note}`);
  }
  return [...lines, ...pad(rows), '', 'What limits each number:', ...footnotes].join('\n');
}
