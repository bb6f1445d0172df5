// Adds up Vitest's JSON reports and prints the closing line CI reads: "N passed, N failed".
// Arguments: report files (Vitest JSON, or our *.unhandled.json from scripts/vitest-unhandled.mjs),
// and --failed-step=NAME for each step of scripts/test.sh that exited non-zero. Every failure is
// named on its own line above the closing line, so the tail of a CI log says what went wrong.
import fs from 'node:fs';
import path from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
/** Failures recorded per report name ("unit", "integration", "e2e", "bench"). */
const recorded = new Map();
const note = (report, n) => recorded.set(report, (recorded.get(report) ?? 0) + n);

const args = process.argv.slice(2);
const failedSteps = args.filter((a) => a.startsWith('--failed-step=')).map((a) => a.slice(14));
const files = args.filter((a) => !a.startsWith('--'));

for (const file of files) {
  const base = path.basename(file).replace(/(\.unhandled)?\.json$/, '');
  if (!fs.existsSync(file)) {
    failures.push(`missing test report ${file}`);
    failed += 1;
    note(base, 1);
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (Array.isArray(report.unhandledErrors)) {
    for (const error of report.unhandledErrors) {
      const where = error.testPath
        ? ` (during ${error.testPath}${error.testName ? ` › ${error.testName}` : ''})`
        : '';
      failures.push(`${base}: error outside any test${where}: ${error.name}: ${error.message}`);
      if (error.stack) failures.push(error.stack.replace(/^/gm, '    '));
    }
    failed += report.unhandledErrors.length;
    note(base, report.unhandledErrors.length);
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  note(base, report.numFailedTests ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    for (const a of suite.assertionResults ?? []) {
      if (a.status === 'failed') failures.push(`${base}: failed: ${suite.name} › ${a.fullName ?? a.title}`);
    }
    if (suite.status === 'failed' && (suite.assertionResults ?? []).every((a) => a.status !== 'failed')) {
      failures.push(`${base}: suite failed to run: ${suite.name}: ${suite.message ?? ''}`);
      failed += 1;
      note(base, 1);
    }
  }
}

// A step that failed with nothing recorded in its report (types, lint, format, a test run that
// exited non-zero for a reason of its own) still counts as one failure.
const reportOfStep = (step) =>
  step.startsWith('tests: ') ? step.slice(7) : step.startsWith('bench') ? 'bench' : null;
for (const step of failedSteps) {
  const report = reportOfStep(step);
  if (report && (recorded.get(report) ?? 0) > 0) continue;
  failures.push(`step failed: ${step}`);
  failed += 1;
}

for (const line of failures) console.log(line);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
