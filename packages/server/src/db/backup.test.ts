// Backups of the SQLite database: a round trip taken while another connection writes, refusal of
// foreign and corrupt files, and pruning that keeps the newest backups only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backupFileName,
  backupSqlite,
  backupTimestamp,
  knownMigrations,
  pruneBackups,
  restoreSqlite,
  verifySqliteBackup,
} from './backup.js';
import type { BackupProgress } from './backup.js';
import { openDatabase } from './database.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-backup-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const FILLER = 8000;

/** A migrated database with a ward, two bridge points and enough people to span many pages. */
async function seed(file: string): Promise<void> {
  const db = await openDatabase({ url: file });
  try {
    await db
      .insertInto('organizations')
      .values({ id: 'org-1', name: 'Phường Bến Thành', kind: 'ward', parent_id: null, sort_order: 0 })
      .execute();
    await db
      .insertInto('bridge_points')
      .values([
        {
          id: 'bp-1',
          name: 'Hội trường UBND phường',
          organization_id: 'org-1',
          location: '',
          capacity: 80,
          is_main: 1,
          sort_order: 0,
        },
        {
          id: 'bp-4',
          name: 'Văn phòng khu phố 4',
          organization_id: 'org-1',
          location: 'Số 12 Lê Lợi',
          capacity: 20,
          is_main: 0,
          sort_order: 4,
        },
      ])
      .execute();
    const rows = Array.from({ length: FILLER }, (_, i) => ({
      id: `filler-${i}`,
      full_name: `Nguyễn Thị Người Dân Số ${i} ${'ơ'.repeat(120)}`,
      email: null,
      phone: null,
      created_at: '2026-11-26T00:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('persons')
        .values(rows.slice(i, i + 500))
        .execute();
  } finally {
    await db.destroy();
  }
}

/** Another connection that keeps inserting people until stopped; counts its commits. */
function startWriter(file: string): { count(): number; stop(): void } {
  const conn = new SQLite(file);
  conn.pragma('busy_timeout = 5000');
  const insert = conn.prepare(
    "insert into persons (id, full_name, created_at) values (?, 'Người viết song song', '2026-11-26T00:00:00.000Z')",
  );
  let n = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    insert.run(`live-${n}`);
    n += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    count: () => n,
    stop() {
      running = false;
      conn.close();
    },
  };
}

describe('backupSqlite and restoreSqlite', () => {
  it('round-trips the database while another connection keeps writing', async () => {
    const live = path.join(dir, 'data/diemcau.sqlite');
    await seed(live);
    const writer = startWriter(live);
    const progress: BackupProgress[] = [];
    const dest = path.join(dir, 'data/backups/diemcau-test.sqlite');
    let info;
    try {
      const before = writer.count();
      info = await backupSqlite(live, dest, (p) => progress.push(p));
      // The writer really committed while the copy was being taken.
      expect(writer.count()).toBeGreaterThan(before);
    } finally {
      writer.stop();
    }
    expect(info.path).toBe(dest);
    expect(info.bytes).toBe(fs.statSync(dest).size);
    expect(info.migrations).toEqual(await knownMigrations());
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.remainingPages).toBe(0);
    // The copy is one file: no WAL of its own left beside it.
    expect(fs.existsSync(`${dest}-wal`)).toBe(false);

    const restored = path.join(dir, 'elsewhere/diemcau.sqlite');
    await restoreSqlite(dest, restored);
    const db = await openDatabase({ url: restored });
    try {
      const points = await db.selectFrom('bridge_points').selectAll().orderBy('sort_order').execute();
      expect(points.map((p) => [p.id, p.name, p.location, p.capacity])).toEqual([
        ['bp-1', 'Hội trường UBND phường', '', 80],
        ['bp-4', 'Văn phòng khu phố 4', 'Số 12 Lê Lợi', 20],
      ]);
      const ward = await db.selectFrom('organizations').select('name').executeTakeFirstOrThrow();
      expect(ward.name).toBe('Phường Bến Thành');
      const filler = await db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'like', 'filler-%')
        .executeTakeFirstOrThrow();
      expect(Number(filler.n)).toBe(FILLER);
      const sample = await db
        .selectFrom('persons')
        .select('full_name')
        .where('id', '=', 'filler-7')
        .executeTakeFirstOrThrow();
      expect(sample.full_name).toBe(`Nguyễn Thị Người Dân Số 7 ${'ơ'.repeat(120)}`);
    } finally {
      await db.destroy();
    }
  });

  it('replaces an existing database, drops its stale WAL and keeps a safety copy', async () => {
    const source = path.join(dir, 'source.sqlite');
    await seed(source);
    const backup = path.join(dir, 'backup.sqlite');
    await backupSqlite(source, backup);

    const live = path.join(dir, 'live/diemcau.sqlite');
    const current = await openDatabase({ url: live });
    await current
      .insertInto('organizations')
      .values({ id: 'org-x', name: 'Phường cũ', kind: 'ward', parent_id: null, sort_order: 0 })
      .execute();
    await current.destroy();
    fs.writeFileSync(`${live}-wal`, 'stale');
    const safety = path.join(dir, 'live/backups/before-restore.sqlite');

    await restoreSqlite(backup, live, { safetyCopyPath: safety });
    expect(fs.existsSync(`${live}-wal`)).toBe(false);
    const db = await openDatabase({ url: live });
    try {
      const names = await db.selectFrom('organizations').select('name').execute();
      expect(names.map((n) => n.name)).toEqual(['Phường Bến Thành']);
    } finally {
      await db.destroy();
    }
    const old = await openDatabase({ url: safety });
    try {
      const names = await old.selectFrom('organizations').select('name').execute();
      expect(names.map((n) => n.name)).toEqual(['Phường cũ']);
    } finally {
      await old.destroy();
    }
  });

  it('refuses to overwrite an existing backup file', async () => {
    const live = path.join(dir, 'diemcau.sqlite');
    await (await openDatabase({ url: live })).destroy();
    const dest = path.join(dir, 'taken.sqlite');
    fs.writeFileSync(dest, 'x');
    await expect(backupSqlite(live, dest)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(dest, 'utf8')).toBe('x');
  });
});

describe('verifySqliteBackup', () => {
  it('accepts a live WAL database of ours', async () => {
    const live = path.join(dir, 'diemcau.sqlite');
    await (await openDatabase({ url: live })).destroy();
    expect((await verifySqliteBackup(live)).migrations).toEqual(await knownMigrations());
  });

  it('refuses a file that is not SQLite, and leaves the target untouched', async () => {
    const foreign = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(foreign, 'Biên bản họp khu phố 4\n'.repeat(100));
    await expect(verifySqliteBackup(foreign)).rejects.toThrow(/not a SQLite database/);
    const target = path.join(dir, 'diemcau.sqlite');
    fs.writeFileSync(target, 'old');
    await expect(restoreSqlite(foreign, target)).rejects.toThrow(/not a SQLite database/);
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });

  it('refuses a SQLite database that is not ours', async () => {
    const other = path.join(dir, 'other.sqlite');
    const conn = new SQLite(other);
    conn.exec('create table notes (body text); insert into notes values (1)');
    conn.close();
    await expect(verifySqliteBackup(other)).rejects.toThrow(/not a Điểm Cầu database/);
  });

  it('refuses a backup from a newer server', async () => {
    const live = path.join(dir, 'newer.sqlite');
    await (await openDatabase({ url: live })).destroy();
    const conn = new SQLite(live);
    conn
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('9999_future', new Date().toISOString());
    conn.close();
    await expect(verifySqliteBackup(live)).rejects.toThrow(/newer server.*9999_future/);
  });

  it('refuses a corrupt database', async () => {
    const source = path.join(dir, 'source.sqlite');
    await seed(source);
    const good = path.join(dir, 'good.sqlite');
    await backupSqlite(source, good);
    const bytes = fs.readFileSync(good);
    // Scribble over pages in the middle of the file (the header stays intact).
    bytes.fill(0x5a, 8192, bytes.length - 8192);
    const corrupt = path.join(dir, 'corrupt.sqlite');
    fs.writeFileSync(corrupt, bytes);
    await expect(verifySqliteBackup(corrupt)).rejects.toThrow(/integrity check|not a usable|not a Điểm Cầu/);
  });
});

describe('pruneBackups', () => {
  it('keeps the newest N of our backups and touches nothing else', () => {
    const names = [
      'diemcau-20261120-080000.sqlite',
      'diemcau-20261124-235959.sqlite',
      'diemcau-20261125-070000.sqlite',
      'diemcau-20261125-070000-2.sqlite',
      'diemcau-20261126-101500.sqlite',
      'before-restore-20261101-000000.sqlite',
      'diemcau-ghi-chu.sqlite',
      'notes.txt',
    ];
    for (const n of names) fs.writeFileSync(path.join(dir, n), n);
    const deleted = pruneBackups(dir, 3).map((f) => path.basename(f));
    expect(deleted.sort()).toEqual(['diemcau-20261120-080000.sqlite', 'diemcau-20261124-235959.sqlite']);
    expect(fs.readdirSync(dir).sort()).toEqual(
      [
        'before-restore-20261101-000000.sqlite',
        'diemcau-20261125-070000-2.sqlite',
        'diemcau-20261125-070000.sqlite',
        'diemcau-20261126-101500.sqlite',
        'diemcau-ghi-chu.sqlite',
        'notes.txt',
      ].sort(),
    );
    expect(
      pruneBackups(dir, 1)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['diemcau-20261125-070000-2.sqlite', 'diemcau-20261125-070000.sqlite']);
    expect(() => pruneBackups(dir, 0)).toThrow(/keep/);
    expect(pruneBackups(path.join(dir, 'missing'), 3)).toEqual([]);
  });
});

describe('backup names', () => {
  it('stamps the time in Asia/Ho_Chi_Minh and never reuses a name', () => {
    const at = new Date('2026-11-26T18:30:05Z');
    expect(backupTimestamp(at)).toBe('20261127-013005');
    const first = backupFileName(dir, at);
    expect(path.basename(first)).toBe('diemcau-20261127-013005.sqlite');
    fs.writeFileSync(first, '');
    expect(path.basename(backupFileName(dir, at))).toBe('diemcau-20261127-013005-2.sqlite');
  });
});
