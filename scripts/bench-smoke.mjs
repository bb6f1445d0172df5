// CI's check of the benchmark suite: runs `npm run bench -- --quick --json` and judges it with
// packages/bench/src/smoke.ts (under 3 minutes, valid JSON, every benchmark present and none failed).
// Writes a Vitest-shaped report (artifacts/test-results/bench.json) so scripts/summarize-tests.mjs
// counts it like the other test projects.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const LIMIT_S = 180;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'artifacts/test-results/bench.json');

/** Runs the quick suite; resolves with stdout, the exit code and the wall time. */
function runQuick() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('bash', ['scripts/bench.sh', '--quick', '--json'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    // A hung benchmark must not hold CI for its whole budget: stop it well after the limit.
    const killer = setTimeout(() => child.kill('SIGKILL'), (LIMIT_S + 120) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ stdout, code: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The benchmark names the CLI knows (from the built package), so a dropped one is noticed. */
async function benchNames() {
  const mod = await import(path.join(root, 'packages/bench/dist/benches/index.js'));
  return mod.BENCHES.map((b) => b.name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const run = await runQuick();
  console.error(`[bench-smoke] quick suite took ${run.seconds.toFixed(1)} s`);
  const { judgeQuickRun } = await import(path.join(root, 'packages/bench/dist/smoke.js'));
  const results = judgeQuickRun(run, await benchNames(), LIMIT_S);
  const failed = results.filter((r) => r.why !== null);
  for (const r of results)
    console.error(`${r.why === null ? '✓' : '×'} bench: ${r.title}${r.why ? ` — ${r.why}` : ''}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify({
      numPassedTests: results.length - failed.length,
      numFailedTests: failed.length,
      numPendingTests: 0,
      testResults: [
        {
          name: 'npm run bench -- --quick --json',
          status: failed.length ? 'failed' : 'passed',
          assertionResults: results.map((r) => ({
            title: r.title,
            status: r.why === null ? 'passed' : 'failed',
            failureMessages: r.why === null ? [] : [r.why],
          })),
        },
      ],
    }),
  );
  process.exit(failed.length ? 1 : 0);
}
