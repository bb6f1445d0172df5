// Opens the database and brings its schema up to date: embedded SQLite by default (WAL, foreign
// keys on, every commit durable), PostgreSQL when a postgres:// URL is given. Same code for both.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { codeMigrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type DbKind = 'sqlite' | 'postgres';

export interface OpenDatabaseOptions {
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path or `:memory:`. */
  url: string;
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number;
  /** Called after every query (metrics); must not throw. */
  onQuery?: (event: QueryEvent) => void;
  /**
   * PostgreSQL only: an idle pooled connection broke (server restart, admin termination, network).
   * The pool drops that connection and the next query opens a new one; this is for the log.
   */
  onConnectionError?: (err: Error) => void;
}

/** One finished query, for monitoring: which statement kind, whether it failed, how long it took. */
export interface QueryEvent {
  /** select, insert, update, delete, or other (DDL, raw SQL). */
  operation: 'select' | 'insert' | 'update' | 'delete' | 'other';
  ok: boolean;
  durationMs: number;
}

const OPERATIONS: Record<string, QueryEvent['operation']> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

/** Kysely's `log` option, turned into QueryEvents. */
function queryLogger(onQuery: (event: QueryEvent) => void): (event: LogEvent) => void {
  return (event) =>
    onQuery({
      operation: OPERATIONS[event.query.query.kind] ?? 'other',
      ok: event.level === 'query',
      durationMs: event.queryDurationMillis,
    });
}

/** Which engine a database URL names. */
export const dbKindOf = (url: string): DbKind => (/^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite');

/** Opens the database and migrates it to the latest schema. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const db = dbKindOf(options.url) === 'postgres' ? openPostgres(options) : openSqlite(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

function openSqlite(options: OpenDatabaseOptions): Db {
  const file = options.url;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // NOTE: WAL lets readers run beside the single writer; synchronous=FULL makes every acknowledged
  // commit durable across power loss, which the live-meeting actions rely on.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    ...(options.onQuery ? { log: queryLogger(options.onQuery) } : {}),
  });
}

function openPostgres(options: OpenDatabaseOptions): Db {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // NOTE: node-postgres re-emits an idle connection's error on the pool, and an 'error' event
  // with no listener throws: without this, restarting PostgreSQL (or DROP DATABASE … FORCE in
  // the tests) would kill the whole server. The broken connection is already out of the pool.
  pool.on('error', (err) => options.onConnectionError?.(err));
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(options.onQuery ? { log: queryLogger(options.onQuery) } : {}),
  });
}

/** Runs pending migrations; throws with the failing migration's name. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: codeMigrations });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, {
      cause: error,
    });
  }
}

/** True when the database answers a trivial query. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
