import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { TEST_PG_URL, createTestDatabase } from './testing.js';
import type { TestDatabase } from './testing.js';

let test: TestDatabase | null = null;
afterEach(async () => {
  await test?.dispose();
  test = null;
});

async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL connection pool', () => {
  it('survives an idle connection killed by the server, reports it, and answers the next query', async () => {
    test = await createTestDatabase('postgres');
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(test.db);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${rows[0]!.name}`;
    const errors: Error[] = [];
    // A second pool of one connection, so the killed connection is the one the next query needs.
    const db = await openDatabase({
      url: url.toString(),
      poolSize: 1,
      onConnectionError: (e) => errors.push(e),
    });
    try {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      const pid = before.rows[0]!.pid;
      await terminateBackend(pid);
      // Without a listener on the pool this error would be thrown as an uncaught exception.
      await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(1);
      expect((errors[0] as Error & { code?: string }).code).toBe('57P01');
      const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
      expect(after.rows[0]!.pid).not.toBe(pid);
    } finally {
      await db.destroy();
    }
  });
});
