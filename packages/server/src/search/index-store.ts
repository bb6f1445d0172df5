// The full-text search index: one entry per meeting, document, minutes or notice, with the
// original text (for snippets) and the folded text the engines search — SQLite FTS5 with bm25,
// PostgreSQL tsvector ('simple') with ts_rank (migration 0012). The only SQL on search_entries.
import { PostgresAdapter, sql } from 'kysely';
import type { SearchKind } from '@diemcau/protocol';
import type { Db, DbKind } from '../db/database.js';
import { parseQuery, toFts5, toTsquery } from './query.js';
import type { ParsedQuery } from './query.js';
import { foldText } from './text.js';

export type { SearchKind };

/** What callers index. `occurredAt` is an ISO 8601 instant (the meeting's start, an issue date). */
export interface SearchEntry {
  kind: SearchKind;
  refId: string;
  meetingId: string;
  title: string;
  body: string;
  occurredAt: string;
  /** What was indexed (the indexer's own change marker); leave it out. */
  revision?: string | null;
}

/** A matching entry, best first; text is fetched separately (`texts`) for the page shown. */
export interface SearchCandidate {
  id: number;
  kind: SearchKind;
  refId: string;
  meetingId: string;
  occurredAt: string;
}

export interface SearchOptions {
  kind?: SearchKind | undefined;
  /** Candidates at most (default 500). */
  limit?: number;
}

/** Longest title and body kept (characters): a 300-page document's text fits. */
export const MAX_TITLE = 1000;
export const MAX_BODY = 300_000;

/** Which engine a Kysely instance talks to. */
export const engineOf = (db: Db): DbKind =>
  db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';

/** Cuts a string at a length without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s.charAt(max - 1)) ? max - 1 : max;
  return s.slice(0, end);
}

export class SearchIndex {
  readonly engine: DbKind;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.engine = engineOf(db);
  }

  /** Adds or replaces the entry of (kind, refId). Durable when the promise resolves. */
  async upsert(entry: SearchEntry): Promise<void> {
    const title = cut(entry.title.normalize('NFC'), MAX_TITLE);
    const body = cut(entry.body.normalize('NFC'), MAX_BODY);
    const row = {
      meeting_id: entry.meetingId,
      title,
      body,
      folded_title: foldText(title),
      folded_body: foldText(body),
      occurred_at: entry.occurredAt,
      revision: entry.revision ?? null,
      indexed_at: this.now().toISOString(),
    };
    await this.db
      .insertInto('search_entries')
      .values({ kind: entry.kind, ref_id: entry.refId, ...row })
      .onConflict((oc) => oc.columns(['kind', 'ref_id']).doUpdateSet(row))
      .execute();
  }

  /** Removes the entry of (kind, refId), if any. */
  async remove(kind: SearchKind, refId: string): Promise<void> {
    await this.db.deleteFrom('search_entries').where('kind', '=', kind).where('ref_id', '=', refId).execute();
  }

  /**
   * Entries matching the query (typed text or parsed), best first: title words weigh more than
   * body words; ties go to the more recent. Unauthorized entries are included: the caller filters.
   */
  async search(query: string | ParsedQuery, options: SearchOptions = {}): Promise<SearchCandidate[]> {
    const parsed = typeof query === 'string' ? parseQuery(query) : query;
    if (parsed.terms.length === 0) return [];
    const limit = options.limit ?? 500;
    const kind = options.kind === undefined ? sql.raw('') : sql`AND e.kind = ${options.kind}`;
    type Row = { id: number | string; kind: string; ref_id: string; meeting_id: string; occurred_at: string };
    const { rows } =
      this.engine === 'postgres'
        ? await sql<Row>`
            SELECT e.id, e.kind, e.ref_id, e.meeting_id, e.occurred_at
            FROM search_entries e, to_tsquery('simple', ${toTsquery(parsed)}) q
            WHERE e.tsv @@ q ${kind}
            ORDER BY ts_rank(e.tsv, q) DESC, e.occurred_at DESC, e.id
            LIMIT ${limit}`.execute(this.db)
        : await sql<Row>`
            SELECT e.id, e.kind, e.ref_id, e.meeting_id, e.occurred_at
            FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid
            WHERE search_fts MATCH ${toFts5(parsed)} ${kind}
            ORDER BY bm25(search_fts, 5.0, 1.0), e.occurred_at DESC, e.id
            LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind as SearchKind,
      refId: r.ref_id,
      meetingId: r.meeting_id,
      occurredAt: r.occurred_at,
    }));
  }

  /** The original title and body of entries (for snippets), by entry id. */
  async texts(ids: readonly number[]): Promise<Map<number, { title: string; body: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('search_entries')
      .select(['id', 'title', 'body'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [Number(r.id), { title: r.title, body: r.body }]));
  }

  /** The stored entry of (kind, refId) without its body, or null. */
  async entry(
    kind: SearchKind,
    refId: string,
  ): Promise<{ title: string; meetingId: string; revision: string | null } | null> {
    const r = await this.db
      .selectFrom('search_entries')
      .select(['title', 'meeting_id', 'revision'])
      .where('kind', '=', kind)
      .where('ref_id', '=', refId)
      .executeTakeFirst();
    return r ? { title: r.title, meetingId: r.meeting_id, revision: r.revision } : null;
  }

  /** Revisions of every entry of a kind (ref id → revision), for the indexer's catch-up. */
  async revisions(kind: SearchKind): Promise<Map<string, string | null>> {
    const rows = await this.db
      .selectFrom('search_entries')
      .select(['ref_id', 'revision'])
      .where('kind', '=', kind)
      .execute();
    return new Map(rows.map((r) => [r.ref_id, r.revision]));
  }
}
