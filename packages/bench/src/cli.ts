#!/usr/bin/env node
// The bench CLI: `npm run bench -- [--quick] [--json] [--only <name>]…`. Run it inside
// scripts/in-netns.sh (scripts/bench.sh does): media benchmarks start Janus, bots and Chromium.
import { parseCli, USAGE } from './args.js';
import { run } from './run.js';

async function main(): Promise<number> {
  const parsed = parseCli(process.argv.slice(2));
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`error: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const results = await run(parsed.options);
  return Object.values(results.benches).some((o) => 'failed' in o) ? 1 : 0;
}

// NOTE: wrtc and playwright keep handles alive after use; exit explicitly once results are out.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
