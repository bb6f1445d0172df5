// Migration 0012: the full-text search index (search/). One row per indexed thing (a meeting, a
// document, minutes, a notice) with its original text (for snippets) and its folded text
// (lower case, no diacritics: "bien ban" finds "Biên bản"). SQLite indexes the folded text with an
// FTS5 table kept in step by triggers; PostgreSQL with a generated `tsvector` ('simple') and GIN.
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

export const migration0012: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // NOTE: the two engines need different DDL (FTS5 virtual table vs. tsvector), so it is raw SQL.
    if (db.getExecutor().adapter instanceof PostgresAdapter) await upPostgres(db);
    else await upSqlite(db);
    await sql`CREATE INDEX search_entries_meeting ON search_entries (meeting_id)`.execute(db);
  },
};

const COLUMNS = sql.raw(`
  kind varchar(20) NOT NULL,
  ref_id varchar(64) NOT NULL,
  meeting_id varchar(64) NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  folded_title text NOT NULL,
  folded_body text NOT NULL,
  occurred_at varchar(40) NOT NULL,
  revision varchar(200),
  indexed_at varchar(40) NOT NULL,
  CONSTRAINT search_entries_ref UNIQUE (kind, ref_id)`);

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE search_entries (
    id bigserial PRIMARY KEY,
    ${COLUMNS},
    tsv tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', folded_title), 'A') ||
      setweight(to_tsvector('simple', folded_body), 'B')
    ) STORED
  )`.execute(db);
  await sql`CREATE INDEX search_entries_tsv ON search_entries USING GIN (tsv)`.execute(db);
}

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE search_entries (id INTEGER PRIMARY KEY, ${COLUMNS})`.execute(db);
  // External-content FTS5: the text lives once, in search_entries; the triggers keep the index.
  await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
    folded_title, folded_body, content='search_entries', content_rowid='id'
  )`.execute(db);
  await sql`CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts (rowid, folded_title, folded_body)
      VALUES (new.id, new.folded_title, new.folded_body);
  END`.execute(db);
  await sql`CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded_title, folded_body)
      VALUES ('delete', old.id, old.folded_title, old.folded_body);
  END`.execute(db);
  await sql`CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, folded_title, folded_body)
      VALUES ('delete', old.id, old.folded_title, old.folded_body);
    INSERT INTO search_fts (rowid, folded_title, folded_body)
      VALUES (new.id, new.folded_title, new.folded_body);
  END`.execute(db);
}
