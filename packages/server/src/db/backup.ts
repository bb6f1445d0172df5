// Backups of the embedded SQLite database: an online copy through SQLite's backup API (safe while
// the server writes), its verification, a restore that swaps the file atomically, and pruning.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { dbKindOf } from './database.js';
import { codeMigrations } from './migrations/index.js';

/** Kysely's default migration table, which `migrate()` in database.ts uses. */
const MIGRATION_TABLE = 'kysely_migration';
const SQLITE_HEADER = 'SQLite format 3\0';
/** Pages copied per backup step at first; doubled whenever a concurrent write restarts the copy. */
const FIRST_STEP_PAGES = 256;
/** `diemcau-YYYYMMDD-HHmmss[-n].sqlite`, the names `backupFileName` gives. */
const BACKUP_NAME = /^diemcau-(\d{8}-\d{6})(?:-(\d+))?\.sqlite$/;

/** Why a file cannot be used as (or made into) a backup; the message says what to do. */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupInfo {
  path: string;
  bytes: number;
  /** Migrations recorded in the file, in the order they ran. */
  migrations: string[];
}

/** The SQLite file the server uses, or a message saying why there is none to back up. */
export function sqlitePathOf(config: { databaseUrl: string | undefined; dataDir: string }): string {
  const url = config.databaseUrl;
  if (url !== undefined && dbKindOf(url) === 'postgres')
    throw new BackupError(
      'DATABASE_URL là PostgreSQL: hãy dùng pg_dump / pg_restore. ' +
        'DATABASE_URL is PostgreSQL: use pg_dump / pg_restore instead.',
    );
  if (url === ':memory:') throw new BackupError('DATABASE_URL is :memory:, nothing to back up');
  return url ?? path.join(config.dataDir, 'diemcau.sqlite');
}

/** `12.3 MiB (12 901 376 bytes)`. */
export function formatSize(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return `${mib < 10 ? mib.toFixed(2) : mib.toFixed(1)} MiB (${bytes} bytes)`;
}

/** The migrations this build of the server knows, in order. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await codeMigrations.getMigrations()).sort();
}

/** `YYYYMMDD-HHmmss` of `at` in Asia/Ho_Chi_Minh (the wards' clock, whatever the machine's zone). */
export function backupTimestamp(at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}-${get('hour')}${get('minute')}${get('second')}`;
}

/** A path in `dir` for a new backup taken `at`, that does not exist yet. */
export function backupFileName(dir: string, at: Date = new Date()): string {
  const stamp = backupTimestamp(at);
  let file = path.join(dir, `diemcau-${stamp}.sqlite`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `diemcau-${stamp}-${n}.sqlite`);
  return file;
}

/**
 * Copies the live database at `srcPath` to `destPath` with SQLite's online backup API, then
 * verifies the copy. Other connections may keep writing meanwhile; the copy is one consistent
 * snapshot. The copy is a single self-contained file (rollback journal, no -wal beside it).
 */
export async function backupSqlite(
  srcPath: string,
  destPath: string,
  onProgress?: (p: BackupProgress) => void,
): Promise<BackupInfo> {
  if (fs.existsSync(destPath)) throw new BackupError(`${destPath} already exists; choose another file`);
  if (!fs.existsSync(srcPath)) throw new BackupError(`no database at ${srcPath}`);
  fs.mkdirSync(path.dirname(destPath), { recursive: true });
  const partial = `${destPath}.partial`;
  removeDatabaseFiles(partial);
  const src = new SQLite(srcPath, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    const sourceMigrations = readMigrations(src, srcPath);
    await copyOnline(src, partial, onProgress);
    toRollbackJournal(partial);
    const info = await verifySqliteBackup(partial);
    if (info.migrations.join() !== sourceMigrations.join())
      throw new BackupError('the copy lists other migrations than the database; try again');
    fsyncFile(partial);
    fs.renameSync(partial, destPath);
    fsyncDir(path.dirname(destPath));
    return { ...info, path: destPath };
  } catch (err) {
    removeDatabaseFiles(partial);
    throw err;
  } finally {
    src.close();
  }
}

async function copyOnline(
  src: SQLite.Database,
  dest: string,
  onProgress?: (p: BackupProgress) => void,
): Promise<void> {
  let step = FIRST_STEP_PAGES;
  let lastRemaining = Number.POSITIVE_INFINITY;
  const done = await src.backup(dest, {
    progress: (p) => {
      // NOTE: a write by another connection restarts the copy from page one. Larger steps (one
      // read transaction each, which never blocks the WAL writer) make sure it finishes anyway.
      if (p.remainingPages > lastRemaining) step = Math.min(step * 2, 1 << 30);
      lastRemaining = p.remainingPages;
      onProgress?.(p);
      return step;
    },
  });
  onProgress?.({ totalPages: done.totalPages, remainingPages: 0 });
}

/**
 * Checks that `file` is a sound Điểm Cầu database: a SQLite file, `integrity_check` ok, our
 * migration table present and no migration this build does not know (a newer server's backup).
 */
export async function verifySqliteBackup(file: string): Promise<BackupInfo> {
  assertSqliteHeader(file);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (cause) {
    throw new BackupError(`${file} cannot be opened as a SQLite database`, { cause });
  }
  try {
    let check: unknown[];
    try {
      check = db.pragma('integrity_check', { simple: false }) as unknown[];
    } catch (cause) {
      throw new BackupError(`${file} is not a usable SQLite database`, { cause });
    }
    const problems = check.map((r) => Object.values(r as Record<string, unknown>).join(' '));
    if (problems.join() !== 'ok')
      throw new BackupError(`${file} failed the integrity check: ${problems.slice(0, 3).join('; ')}`);
    const migrations = readMigrations(db, file);
    const known = new Set(await knownMigrations());
    const unknown = migrations.filter((m) => !known.has(m));
    if (unknown.length)
      throw new BackupError(
        `${file} comes from a newer server (unknown migrations ${unknown.join(', ')}); upgrade first`,
      );
    return { path: file, bytes: fs.statSync(file).size, migrations };
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `dbPath` with the verified backup `backupPath`. The server must be
 * stopped. With `safetyCopyPath`, the current database is first backed up there. The new file is
 * written beside the old one and renamed over it, so a crash leaves either the old or the new one.
 */
export async function restoreSqlite(
  backupPath: string,
  dbPath: string,
  options: { safetyCopyPath?: string } = {},
): Promise<BackupInfo> {
  const info = await verifySqliteBackup(backupPath);
  if (options.safetyCopyPath !== undefined && fs.existsSync(dbPath))
    await backupSqlite(dbPath, options.safetyCopyPath);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const temp = `${dbPath}.restoring`;
  removeDatabaseFiles(temp);
  try {
    const src = new SQLite(backupPath, { readonly: true, fileMustExist: true });
    try {
      await src.backup(temp);
    } finally {
      src.close();
    }
    toRollbackJournal(temp);
    fsyncFile(temp);
    // NOTE: the old -wal must go before the rename: SQLite would replay it onto the new file.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(dbPath + suffix, { force: true });
    fs.renameSync(temp, dbPath);
    fsyncDir(path.dirname(dbPath));
  } catch (err) {
    removeDatabaseFiles(temp);
    throw err;
  }
  return { ...info, path: dbPath, bytes: fs.statSync(dbPath).size };
}

/**
 * Keeps the newest `keep` backups named `diemcau-<timestamp>.sqlite` in `dir` and deletes the
 * older ones; other files (safety copies, backups under other names) are left alone.
 * Returns the deleted paths.
 */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new BackupError('keep must be a whole number ≥ 1');
  if (!fs.existsSync(dir)) return [];
  const backups = fs
    .readdirSync(dir)
    .flatMap((name) => {
      const m = BACKUP_NAME.exec(name);
      return m?.[1] ? [{ name, stamp: m[1], n: Number(m[2] ?? 1) }] : [];
    })
    .sort((a, b) => (a.stamp === b.stamp ? b.n - a.n : a.stamp < b.stamp ? 1 : -1));
  const deleted: string[] = [];
  for (const b of backups.slice(keep)) {
    const file = path.join(dir, b.name);
    fs.rmSync(file, { force: true });
    deleted.push(file);
  }
  return deleted;
}

function readMigrations(db: SQLite.Database, file: string): string[] {
  const table = db
    .prepare("select name from sqlite_master where type = 'table' and name = ?")
    .get(MIGRATION_TABLE);
  if (!table) throw new BackupError(`${file} is not a Điểm Cầu database (no ${MIGRATION_TABLE} table)`);
  return db
    .prepare(`select name from ${MIGRATION_TABLE} order by name`)
    .pluck()
    .all()
    .map((n) => String(n));
}

function assertSqliteHeader(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (cause) {
    throw new BackupError(`cannot read ${file}`, { cause });
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    if (read < head.length || head.toString('latin1') !== SQLITE_HEADER)
      throw new BackupError(`${file} is not a SQLite database`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes `file` self-contained: the backup API copies the source's WAL mode into the header. */
function toRollbackJournal(file: string): void {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  // NOTE: makes the rename durable on Linux; some platforms cannot fsync a directory.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}
