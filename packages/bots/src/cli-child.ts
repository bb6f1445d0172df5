// The bot CLI as a child process (in a network namespace of its own, or beside a test): where the
// built CLI is, and its JSON report once it exits.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BotReport } from './report.js';

/** The built bot CLI (packages/bots/dist/cli.js), found from src/ (tests) and dist/ alike. */
export const BOT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Resolves with the report a `--json` bot CLI printed on its last line; rejects if it failed. */
export async function botCliReport(child: ChildProcess): Promise<BotReport> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`bot exited ${code}: ${stderr.slice(-2000)}\n${stdout.slice(-2000)}`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as BotReport;
}
