#!/usr/bin/env node
// The bot CLI: `npm run bot -- --link <join-url> --name <label> --seconds <n> [--json]`.
// Prints a summary (or one JSON line) and exits: 0 ok, 1 fatal error, 2 bad arguments.
import { parseCliArgs, USAGE } from './args.js';
import { Bot, BotError } from './bot.js';
import { formatReport } from './report.js';

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.error) console.error(`error: ${parsed.error}`);
    console.error(USAGE);
    return parsed.help ? 0 : 2;
  }
  const { bot: options, json } = parsed.options;
  const bot = new Bot(options);
  const interrupt = (): void => bot.stop();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  if (!json) {
    bot.on('joined', (self, ms) => console.log(`joined as ${self.id} after ${ms} ms`));
    bot.on('firstRemoteFrame', (from, ms) => console.log(`first remote frame (from ${from}) after ${ms} ms`));
    bot.on('error', (e) => console.log(`server/bot error ${e.code}: ${e.message}`));
  }
  try {
    const report = await bot.run();
    console.log(json ? JSON.stringify(report) : formatReport(report));
    return report.fatal ? 1 : 0;
  } catch (err) {
    const code = err instanceof BotError ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    console.error(`error: ${code}: ${message}`);
    if (json) console.log(JSON.stringify({ name: bot.name, error: { code, message } }));
    return code === 'bad_link' || code === 'not_loopback' ? 2 : 1;
  }
}

// NOTE: wrtc keeps native threads and handles alive after close; exit explicitly.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
