#!/usr/bin/env node
// npm run backup [-- --out <file>] [--keep 14]: an online copy of the SQLite database (safe while
// the server runs), verified, into <DATA_DIR>/backups/; older backups there beyond --keep are deleted.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import {
  BackupError,
  backupFileName,
  backupSqlite,
  formatSize,
  pruneBackups,
  sqlitePathOf,
} from '../db/backup.js';
import type { BackupProgress } from '../db/backup.js';

const USAGE =
  'Cách dùng / usage: npm run backup [-- --out <tệp / file>] [--keep <số bản giữ lại / kept, 14>]';

/** Progress on stderr: one rewritten line on a terminal, every 10 % otherwise. */
export function progressPrinter(label: string): (p: BackupProgress) => void {
  let shown = -1;
  return (p) => {
    const pct =
      p.totalPages === 0 ? 100 : Math.floor((100 * (p.totalPages - p.remainingPages)) / p.totalPages);
    if (process.stderr.isTTY) {
      if (pct === shown) return;
      process.stderr.write(`\r${label}: ${pct} % (${p.totalPages} pages)${pct === 100 ? '\n' : ''}`);
    } else if (Math.floor(pct / 10) !== Math.floor(shown / 10)) {
      process.stderr.write(`${label}: ${pct} %\n`);
    }
    shown = pct;
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      keep: { type: 'string', default: '14' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const keep = Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1) {
    console.error(`--keep phải là số nguyên ≥ 1 / must be a whole number ≥ 1\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const dbPath = sqlitePathOf(config);
  const dest = values.out ? path.resolve(values.out) : backupFileName(path.join(config.dataDir, 'backups'));
  const info = await backupSqlite(dbPath, dest, progressPrinter('sao lưu / backing up'));
  console.log(`Đã sao lưu và kiểm tra / backed up and verified: ${info.path}`);
  console.log(
    `  ${formatSize(info.bytes)}, ${info.migrations.length} migrations (${info.migrations.at(-1) ?? '–'})`,
  );
  // NOTE: only backups named like ours, only in the folder this one went to.
  for (const old of pruneBackups(path.dirname(dest), keep))
    console.log(`  đã xoá bản cũ / deleted old backup: ${path.basename(old)}`);
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
