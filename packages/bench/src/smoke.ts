// What CI checks of `npm run bench -- --quick --json` (scripts/bench-smoke.mjs runs it): that it
// finishes in time and prints one JSON object as its last line with every benchmark present, none
// failed, and each figure a finite number with a unit. Numbers are never judged (the machine is
// shared and noisy), only that the suite runs and says what it measured.

/** One finished run of the quick suite. */
export interface QuickRun {
  stdout: string;
  code: number;
  seconds: number;
}

/** One named check: `why` is null when it holds. */
export interface SmokeCheck {
  title: string;
  why: string | null;
}

interface RunJson {
  quick?: unknown;
  machine?: { cores?: unknown };
  benches?: Record<
    string,
    { failed?: string; metrics?: Record<string, { value?: unknown; unit?: unknown }> }
  >;
}

/** Judges a run against the benchmark names the CLI knows (a dropped one is noticed). */
export function judgeQuickRun(run: QuickRun, names: readonly string[], limitS: number): SmokeCheck[] {
  const results: SmokeCheck[] = [];
  const check = (title: string, fn: () => string | null): void => {
    let why: string | null;
    try {
      why = fn();
    } catch (err) {
      why = err instanceof Error ? err.message : String(err);
    }
    results.push({ title, why });
  };
  const last = run.stdout.trim().split('\n').pop() ?? '';
  let json: RunJson | null = null;
  check('the command exits with 0', () => (run.code === 0 ? null : `exit code ${run.code}`));
  check(`it finishes in under ${limitS} s`, () =>
    run.seconds < limitS ? null : `took ${run.seconds.toFixed(0)} s`,
  );
  check('its last line is one JSON object', () => {
    const parsed: unknown = JSON.parse(last);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not an object';
    json = parsed;
    return null;
  });
  const got = (): RunJson | null => json;
  check('the run says it was quick and names the machine', () => {
    const j = got();
    if (!j) return 'no JSON';
    if (j.quick !== true) return 'quick is not true';
    const cores = j.machine?.cores;
    return typeof cores === 'number' && Number.isInteger(cores) && cores > 0 ? null : 'machine.cores missing';
  });
  check('every benchmark ran and none failed', () => {
    const benches = got()?.benches;
    if (!benches) return 'no benches';
    const present = Object.keys(benches);
    const missing = names.filter((n) => !present.includes(n));
    if (missing.length) return `missing: ${missing.join(', ')}`;
    const failed = Object.entries(benches).filter(([, b]) => b.failed !== undefined);
    return failed.length ? failed.map(([n, b]) => `${n}: ${b.failed}`).join('; ') : null;
  });
  check('every figure is a finite number with a unit', () => {
    const benches = got()?.benches;
    if (!benches) return 'no benches';
    const bad: string[] = [];
    for (const [name, bench] of Object.entries(benches)) {
      const metrics = Object.entries(bench.metrics ?? {});
      if (metrics.length === 0) bad.push(`${name}: no metrics`);
      for (const [key, m] of metrics) {
        const ok =
          typeof m.value === 'number' && Number.isFinite(m.value) && typeof m.unit === 'string' && m.unit;
        if (!ok) bad.push(`${name}.${key}`);
      }
    }
    return bad.length ? `bad figures: ${bad.slice(0, 10).join(', ')}` : null;
  });
  return results;
}
