#!/usr/bin/env node
// npm run restore -- --from <file> [--yes]: replaces the SQLite database with a verified backup.
// The server must be stopped; the current database is kept as backups/before-restore-<time>.sqlite.
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import {
  BackupError,
  backupTimestamp,
  formatSize,
  restoreSqlite,
  sqlitePathOf,
  verifySqliteBackup,
} from '../db/backup.js';

const USAGE = 'Cách dùng / usage: npm run restore -- --from <tệp sao lưu / backup file> [--yes]';

/**
 * Whether a server answers on loopback at `port`. NOTE: probed over HTTP rather than a lock or a
 * pid file: the server holds no lock while idle and writes no pid file. Only a refused connection
 * counts as "not running"; a timeout means something holds the port, so we stay on the safe side.
 */
async function serverAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    return code !== 'ECONNREFUSED';
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim().toLocaleLowerCase('vi');
    return ['y', 'yes', 'c', 'có', 'co'].includes(answer);
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || !values.from) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const dbPath = sqlitePathOf(config);
  const from = path.resolve(values.from);
  if (path.resolve(dbPath) === from) throw new BackupError('--from is the database itself');

  const info = await verifySqliteBackup(from);
  console.log(`Bản sao lưu hợp lệ / backup verified: ${from}`);
  console.log(
    `  ${formatSize(info.bytes)}, ${info.migrations.length} migrations (${info.migrations.at(-1) ?? '–'})`,
  );

  if (await serverAnswers(config.port)) {
    console.error(
      `Máy chủ đang chạy trên cổng ${config.port}: hãy dừng nó trước khi khôi phục.\n` +
        `A server is running on port ${config.port}: stop it before restoring.`,
    );
    return 1;
  }
  if (!values.yes) {
    if (!process.stdin.isTTY) {
      console.error('Cần xác nhận: chạy lại với --yes / confirmation needed: run again with --yes');
      return 2;
    }
    const ok = await confirm(
      `Thay cơ sở dữ liệu ${dbPath} bằng bản này? / Replace the database ${dbPath} with it? [c/y/N] `,
    );
    if (!ok) {
      console.error('Đã huỷ / cancelled');
      return 1;
    }
  }
  const safety = fs.existsSync(dbPath)
    ? path.join(config.dataDir, 'backups', `before-restore-${backupTimestamp()}.sqlite`)
    : undefined;
  await restoreSqlite(from, dbPath, safety === undefined ? {} : { safetyCopyPath: safety });
  if (safety !== undefined) console.log(`Đã giữ bản hiện tại / current database kept as: ${safety}`);
  console.log(`Đã khôi phục / restored: ${dbPath}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError) console.error(`Lỗi / error: ${err.message}`);
    else if (err instanceof TypeError && 'code' in err) console.error(`${err.message}\n${USAGE}`);
    else console.error(err);
    process.exit(err instanceof TypeError ? 2 : 1);
  },
);
