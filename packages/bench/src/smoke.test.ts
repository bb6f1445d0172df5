import { describe, expect, it } from 'vitest';
import { judgeQuickRun } from './smoke.js';

const good = {
  quick: true,
  machine: { cores: 2 },
  benches: {
    api: { metrics: { 'health.throughput': { value: 9482.5, unit: 'req/s' } } },
    db: { metrics: { 'sqlite.votes': { value: 812, unit: 'votes/s' } } },
  },
};
const run = (json: unknown, over: Partial<{ code: number; seconds: number; tail: string }> = {}) => ({
  stdout: `[bench] building…\n${JSON.stringify(json)}${over.tail ?? ''}\n`,
  code: over.code ?? 0,
  seconds: over.seconds ?? 140,
});
const failures = (r: ReturnType<typeof judgeQuickRun>): string[] =>
  r.filter((c) => c.why !== null).map((c) => `${c.title}: ${c.why}`);

describe('judgeQuickRun', () => {
  it('passes a complete quick run', () => {
    expect(failures(judgeQuickRun(run(good), ['api', 'db'], 180))).toEqual([]);
  });

  it('fails a slow run, a bad exit code and a last line that is not JSON', () => {
    expect(failures(judgeQuickRun(run(good, { seconds: 181 }), ['api', 'db'], 180))).toEqual([
      'it finishes in under 180 s: took 181 s',
    ]);
    expect(failures(judgeQuickRun(run(good, { code: 1 }), ['api', 'db'], 180))).toEqual([
      'the command exits with 0: exit code 1',
    ]);
    const broken = failures(judgeQuickRun(run(good, { tail: '\nDone.' }), ['api', 'db'], 180));
    expect(broken[0]).toMatch(/^its last line is one JSON object: /);
    expect(broken).toHaveLength(4);
  });

  it('names a missing or failed benchmark and a figure without a unit', () => {
    expect(failures(judgeQuickRun(run(good), ['api', 'db', 'join'], 180))).toEqual([
      'every benchmark ran and none failed: missing: join',
    ]);
    const bad = {
      ...good,
      benches: {
        api: { failed: 'Janus did not start' },
        db: { metrics: { x: { value: Number.NaN, unit: '' } } },
      },
    };
    expect(failures(judgeQuickRun(run(bad), ['api', 'db'], 180))).toEqual([
      'every benchmark ran and none failed: api: Janus did not start',
      'every figure is a finite number with a unit: bad figures: api: no metrics, db.x',
    ]);
  });

  it('wants quick set and the core count', () => {
    expect(failures(judgeQuickRun(run({ ...good, quick: false, machine: {} }), ['api', 'db'], 180))).toEqual([
      'the run says it was quick and names the machine: quick is not true',
    ]);
  });
});
