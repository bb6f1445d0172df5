// The recordings tables: one row per recorded live meeting, the processing job's segments and the
// chapter marks. The only place with recordings SQL; rows never leave as rows.
import type { RecordingStatus } from '@diemcau/protocol';
import type { Selectable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { RecordingTable } from '../db/schema.js';

/** A recorded interval, ISO 8601 UTC (`end` null while recording). */
export interface SpanIso {
  start: string;
  end: string | null;
}

export interface RecordingRecord {
  id: string;
  meetingId: string;
  status: RecordingStatus;
  startedAt: string;
  endedAt: string | null;
  spans: SpanIso[];
  startedBy: string;
  progress: number;
  durationMs: number;
  sizeBytes: number | null;
  /** Relative to the recordings folder. */
  filePath: string | null;
  attempts: number;
  error: string | null;
  updatedAt: string;
  expiredAt: string | null;
}

export interface SegmentRecord {
  idx: number;
  fromMs: number;
  toMs: number;
  done: boolean;
  attempts: number;
}

export interface ChapterRecord {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  title: string;
  at: string;
}

type Patch = Partial<
  Pick<
    Updateable<RecordingTable>,
    | 'status'
    | 'ended_at'
    | 'progress'
    | 'duration_ms'
    | 'size_bytes'
    | 'file_path'
    | 'attempts'
    | 'error'
    | 'expired_at'
    | 'spans'
  >
>;

function parseSpans(json: string): SpanIso[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.flatMap((v: unknown) => {
    if (typeof v !== 'object' || v === null) return [];
    const { start, end } = v as { start?: unknown; end?: unknown };
    if (typeof start !== 'string') return [];
    return [{ start, end: typeof end === 'string' ? end : null }];
  });
}

function toRecord(row: Selectable<RecordingTable>): RecordingRecord {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    status: row.status as RecordingStatus,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    spans: parseSpans(row.spans),
    startedBy: row.started_by,
    progress: Number(row.progress),
    durationMs: Number(row.duration_ms),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    filePath: row.file_path,
    attempts: Number(row.attempts),
    error: row.error,
    updatedAt: row.updated_at,
    expiredAt: row.expired_at,
  };
}

export class RecordingStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: {
    id: string;
    meetingId: string;
    startedAt: string;
    startedBy: string;
  }): Promise<void> {
    await this.db
      .insertInto('recordings')
      .values({
        id: input.id,
        meeting_id: input.meetingId,
        status: 'recording',
        started_at: input.startedAt,
        ended_at: null,
        spans: JSON.stringify([{ start: input.startedAt, end: null }]),
        started_by: input.startedBy.slice(0, 200),
        size_bytes: null,
        file_path: null,
        error: null,
        updated_at: this.#stamp(),
        expired_at: null,
      })
      .execute();
  }

  async get(id: string): Promise<RecordingRecord | null> {
    const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** A meeting's recordings, newest first. */
  async listByMeeting(meetingId: string): Promise<RecordingRecord[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('started_at', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /** Recordings in one of these states, oldest first. */
  async withStatus(statuses: readonly RecordingStatus[]): Promise<RecordingRecord[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('status', 'in', [...statuses])
      .orderBy('started_at', 'asc')
      .execute();
    return rows.map(toRecord);
  }

  /** Finished recordings (ready or failed) that ended before `cutoff`. */
  async endedBefore(cutoff: string): Promise<RecordingRecord[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('status', 'in', ['ready', 'failed'])
      .where('ended_at', '<', cutoff)
      .execute();
    return rows.map(toRecord);
  }

  async setSpans(id: string, spans: readonly SpanIso[]): Promise<void> {
    await this.#patch(id, { spans: JSON.stringify(spans) });
  }

  async update(id: string, patch: Omit<Patch, 'spans'>): Promise<void> {
    await this.#patch(id, patch);
  }

  /**
   * Takes a queued (or interrupted) recording for processing: status processing, one more
   * attempt. False when it is not in one of `from` any more (someone else took it, or it is done).
   */
  async claim(id: string, from: readonly RecordingStatus[]): Promise<boolean> {
    const row = await this.db
      .selectFrom('recordings')
      .select('attempts')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return false;
    const result = await this.db
      .updateTable('recordings')
      .set({
        status: 'processing',
        attempts: Number(row.attempts) + 1,
        error: null,
        updated_at: this.#stamp(),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async segments(id: string): Promise<SegmentRecord[]> {
    const rows = await this.db
      .selectFrom('recording_segments')
      .selectAll()
      .where('recording_id', '=', id)
      .orderBy('idx', 'asc')
      .execute();
    return rows.map((r) => ({
      idx: Number(r.idx),
      fromMs: Number(r.from_ms),
      toMs: Number(r.to_ms),
      done: r.status === 'done',
      attempts: Number(r.attempts),
    }));
  }

  /** Stores the job's segment plan (once: a rerun keeps the plan it started with). */
  async insertSegments(
    id: string,
    plan: readonly { idx: number; fromMs: number; toMs: number }[],
  ): Promise<void> {
    if (plan.length === 0) return;
    await this.db
      .insertInto('recording_segments')
      .values(
        plan.map((p) => ({
          recording_id: id,
          idx: p.idx,
          from_ms: p.fromMs,
          to_ms: p.toMs,
          status: 'pending',
          done_at: null,
        })),
      )
      .execute();
  }

  /** One more try at a segment (counted before the work, so that a crash still counts). */
  async segmentStarted(id: string, idx: number): Promise<void> {
    await this.db
      .updateTable('recording_segments')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('recording_id', '=', id)
      .where('idx', '=', idx)
      .execute();
  }

  async segmentDone(id: string, idx: number): Promise<void> {
    await this.db
      .updateTable('recording_segments')
      .set({ status: 'done', done_at: this.#stamp() })
      .where('recording_id', '=', id)
      .where('idx', '=', idx)
      .execute();
  }

  async addChapter(chapter: ChapterRecord): Promise<void> {
    await this.db
      .insertInto('recording_chapters')
      .values({
        id: chapter.id,
        meeting_id: chapter.meetingId,
        agenda_item_id: chapter.agendaItemId,
        title: chapter.title.slice(0, 500),
        at: chapter.at,
      })
      .execute();
  }

  /** A meeting's chapter marks up to `until`, in time order. */
  async chapters(meetingId: string, until: string): Promise<ChapterRecord[]> {
    const rows = await this.db
      .selectFrom('recording_chapters')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('at', '<=', until)
      .orderBy('at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      meetingId: r.meeting_id,
      agendaItemId: r.agenda_item_id,
      title: r.title,
      at: r.at,
    }));
  }

  async #patch(id: string, patch: Patch): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({ ...patch, updated_at: this.#stamp() })
      .where('id', '=', id)
      .execute();
  }

  #stamp(): string {
    return this.now().toISOString();
  }
}
