// A Vitest reporter that keeps what the JSON reporter drops: errors thrown outside any test
// (an unhandled rejection in a teardown, an error event nobody listened to). Vitest fails the run
// for them, yet its JSON report counts every test as passed, so CI printed "0 failed" and exited 1.
// They go to $VITEST_UNHANDLED_OUT, which scripts/summarize-tests.mjs counts and prints.
import fs from 'node:fs';
import path from 'node:path';

const firstLines = (text, n) =>
  String(text ?? '')
    .split('\n')
    .slice(0, n)
    .join('\n');

export default class UnhandledErrorsReporter {
  onTestRunEnd(_testModules, unhandledErrors) {
    const out = process.env.VITEST_UNHANDLED_OUT;
    if (!out) return;
    const errors = [...(unhandledErrors ?? [])].map((error) => ({
      name: error?.name ?? 'Error',
      message: firstLines(error?.message ?? error, 5),
      // Vitest tags an error with the file and test that were running when it was thrown.
      testPath: error?.VITEST_TEST_PATH ?? null,
      testName: error?.VITEST_TEST_NAME ?? null,
      stack: firstLines(error?.stack, 12),
    }));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ unhandledErrors: errors }, null, 2));
  }
}
