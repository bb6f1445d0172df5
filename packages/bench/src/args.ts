// Command-line options of the bench CLI, parsed with node:util parseArgs.
import { parseArgs } from 'node:util';
import { BENCHES } from './benches/index.js';
import { select } from './run.js';
import type { RunOptions } from './run.js';

export const USAGE = `usage: bench [--quick] [--json] [--only <name>]…
  --quick   reduced sizes and durations (CI, under 3 minutes)
  --json    print the whole run as one JSON object on the last line
  --only    run only this benchmark (repeatable): ${BENCHES.map((b) => b.name).join(', ')}`;

/** Parses argv; an error message instead of options when they are wrong. */
export function parseCli(argv: string[]): { options: RunOptions } | { error: string } | { help: true } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { help: true };
    const only = values.only.flatMap((o) => o.split(',')).filter(Boolean);
    select(only);
    return { options: { json: values.json, quick: values.quick, only } };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
