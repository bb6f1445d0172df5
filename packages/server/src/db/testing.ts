// The databases every store test runs against: SQLite in memory and a fresh PostgreSQL database
// (created for the test and dropped after). PostgreSQL is reached over its Unix socket so that
// tests inside a network namespace reach it too.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from './database.js';
import type { Db, DbKind } from './database.js';

/** Admin URL of the test PostgreSQL server (a database we may CREATE DATABASE from). */
export const TEST_PG_URL =
  process.env.DIEMCAU_TEST_PG ?? 'postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/postgres';

export interface TestDatabase {
  kind: DbKind;
  db: Db;
  /** Closes the connection and drops the PostgreSQL database. */
  dispose(): Promise<void>;
}

/** Creates a migrated, empty database of the given kind. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const db = await openDatabase({ url: ':memory:' });
    return { kind, db, dispose: () => db.destroy() };
  }
  const name = `diemcau_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 4 });
  return {
    kind,
    db,
    async dispose() {
      await db.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Both engines, for `describe.each`. */
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database for several server processes to share (migrated by them). */
export async function createTestPgUrl(): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `diemcau_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), dispose: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
