// Store of conclusion notices and their follow-up tasks, reports and evidence: the only place
// with their SQL. Rows become domain records here; every write is one committed transaction.
import type { NoticeItem, TaskStatus } from '@diemcau/protocol';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { NoticeTable, NoticeTaskTable } from '../db/schema.js';

export interface NoticeHeader {
  issuingBody: string;
  parentBody: string;
  symbol: string;
  place: string;
  title: string;
  intro: string;
  signerTitle: string;
  signerName: string;
}

export interface MinutesRef {
  id: string;
  version: number;
  sha256: string;
}

export interface NoticeRecord extends NoticeHeader {
  id: string;
  meetingId: string;
  status: 'draft' | 'issued';
  numberingKey: string;
  minutes: MinutesRef;
  items: NoticeItem[];
  year: number | null;
  number: number | null;
  /** The tasks as they stood when the notice was issued (what its document lists). */
  issuedTasks: IssuedTask[] | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  issuedBy: string | null;
  issuedAt: string | null;
}

/** A task line of the issued document. */
export interface IssuedTask {
  itemIndex: number;
  title: string;
  assignee: string;
  dueDate: string;
}

export type Assignee = { kind: 'org'; id: string } | { kind: 'person'; id: string };

export interface TaskFields {
  itemIndex: number;
  title: string;
  assignee: Assignee;
  dueDate: string;
  notes: string;
}

export interface TaskRecord extends TaskFields {
  id: string;
  noticeId: string;
  meetingId: string;
  assigneeName: string;
  status: TaskStatus;
  progress: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  cancelReason: string | null;
}

export interface ReportRecord {
  id: string;
  taskId: string;
  kind: 'progress' | 'accepted' | 'cancelled';
  percent: number;
  text: string;
  byUserId: string | null;
  byLabel: string;
  at: string;
}

export interface EvidenceRecord {
  id: string;
  taskId: string;
  fileName: string;
  kind: 'pdf' | 'png' | 'jpeg';
  mime: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedLabel: string;
  uploadedAt: string;
}

/** A change of a task's state with the report that explains it, written together. */
export interface TaskTransition {
  status: TaskStatus;
  progress: number;
  closedBy?: string | null;
  closedAt?: string | null;
  cancelReason?: string | null;
  report: ReportRecord;
}

const toNotice = (r: Selectable<NoticeTable>): NoticeRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  status: r.status as NoticeRecord['status'],
  numberingKey: r.numbering_key,
  issuingBody: r.issuing_body,
  parentBody: r.parent_body,
  symbol: r.symbol,
  place: r.place,
  title: r.title,
  intro: r.intro,
  signerTitle: r.signer_title,
  signerName: r.signer_name,
  minutes: { id: r.minutes_id, version: Number(r.minutes_version), sha256: r.minutes_sha256 },
  items: JSON.parse(r.items) as NoticeItem[],
  year: r.year === null ? null : Number(r.year),
  number: r.number === null ? null : Number(r.number),
  issuedTasks: r.issued_tasks === null ? null : (JSON.parse(r.issued_tasks) as IssuedTask[]),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  issuedBy: r.issued_by,
  issuedAt: r.issued_at,
});

type TaskRow = Selectable<NoticeTaskTable> & { org_name: string | null; person_name: string | null };

const toTask = (r: TaskRow): TaskRecord => ({
  id: r.id,
  noticeId: r.notice_id,
  meetingId: r.meeting_id,
  itemIndex: Number(r.item_index),
  title: r.title,
  assignee:
    r.assignee_org_id !== null
      ? { kind: 'org', id: r.assignee_org_id }
      : { kind: 'person', id: r.assignee_person_id ?? '' },
  assigneeName: (r.assignee_org_id !== null ? r.org_name : r.person_name) ?? '',
  dueDate: r.due_date,
  notes: r.notes,
  status: r.status as TaskStatus,
  progress: Number(r.progress),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
  cancelReason: r.cancel_reason,
});

const headerColumns = (h: Partial<NoticeHeader>) => ({
  ...(h.issuingBody === undefined ? {} : { issuing_body: h.issuingBody }),
  ...(h.parentBody === undefined ? {} : { parent_body: h.parentBody }),
  ...(h.symbol === undefined ? {} : { symbol: h.symbol }),
  ...(h.place === undefined ? {} : { place: h.place }),
  ...(h.title === undefined ? {} : { title: h.title }),
  ...(h.intro === undefined ? {} : { intro: h.intro }),
  ...(h.signerTitle === undefined ? {} : { signer_title: h.signerTitle }),
  ...(h.signerName === undefined ? {} : { signer_name: h.signerName }),
});

export class NoticeStore {
  constructor(readonly db: Db) {}

  // ── notices ────────────────────────────────────────────────────────────────────────────────

  async notice(id: string): Promise<NoticeRecord | null> {
    const r = await this.db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toNotice(r) : null;
  }

  async noticeOfMeeting(meetingId: string): Promise<NoticeRecord | null> {
    const r = await this.db
      .selectFrom('notices')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    return r ? toNotice(r) : null;
  }

  async noticesByIds(ids: readonly string[]): Promise<NoticeRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('notices').selectAll().where('id', 'in', ids).execute();
    return rows.map(toNotice);
  }

  async createNotice(
    n: Pick<NoticeRecord, 'id' | 'meetingId' | 'numberingKey' | 'minutes' | 'items' | 'createdBy'> &
      NoticeHeader,
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await this.db
      .insertInto('notices')
      .values({
        id: n.id,
        meeting_id: n.meetingId,
        status: 'draft',
        numbering_key: n.numberingKey,
        issuing_body: n.issuingBody,
        parent_body: n.parentBody,
        symbol: n.symbol,
        place: n.place,
        title: n.title,
        intro: n.intro,
        signer_title: n.signerTitle,
        signer_name: n.signerName,
        minutes_id: n.minutes.id,
        minutes_version: n.minutes.version,
        minutes_sha256: n.minutes.sha256,
        items: JSON.stringify(n.items),
        created_by: n.createdBy,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  /** Changes a draft's header; false when it is no longer a draft. */
  async updateDraft(id: string, patch: Partial<NoticeHeader>, now: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('notices')
      .set({ ...headerColumns(patch), updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Takes newer approved conclusions into a draft; false when it is no longer a draft. */
  async refreshDraft(id: string, minutes: MinutesRef, items: NoticeItem[], now: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('notices')
      .set({
        minutes_id: minutes.id,
        minutes_version: minutes.version,
        minutes_sha256: minutes.sha256,
        items: JSON.stringify(items),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * Issues a draft: takes the next number of its organization and year and locks it, in one
   * transaction. NOTE: the counter row is bumped with an upsert, which PostgreSQL serializes on
   * the row's lock, so two notices issued at once never share a number. Null if not a draft.
   */
  async issue(
    id: string,
    by: { userId: string | null; year: number; tasks: IssuedTask[] },
    now: Date,
  ): Promise<NoticeRecord | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('notices')
        .select(['numbering_key', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.status !== 'draft') return null;
      const counter = await trx
        .insertInto('notice_counters')
        .values({ numbering_key: row.numbering_key, year: by.year, last_number: 1 })
        .onConflict((oc) =>
          oc
            .columns(['numbering_key', 'year'])
            .doUpdateSet({ last_number: sql<number>`notice_counters.last_number + 1` }),
        )
        .returning('last_number')
        .executeTakeFirstOrThrow();
      const res = await trx
        .updateTable('notices')
        .set({
          status: 'issued',
          year: by.year,
          number: Number(counter.last_number),
          issued_tasks: JSON.stringify(by.tasks),
          issued_by: by.userId,
          issued_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new Error('notice changed while issuing');
      const issued = await trx
        .selectFrom('notices')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return toNotice(issued);
    });
  }

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────

  #tasks(db: Db = this.db) {
    return db
      .selectFrom('notice_tasks as t')
      .leftJoin('organizations as o', 'o.id', 't.assignee_org_id')
      .leftJoin('persons as p', 'p.id', 't.assignee_person_id')
      .selectAll('t')
      .select(['o.name as org_name', 'p.full_name as person_name']);
  }

  async task(id: string): Promise<TaskRecord | null> {
    const r = await this.#tasks().where('t.id', '=', id).executeTakeFirst();
    return r ? toTask(r) : null;
  }

  async tasksOfNotice(noticeId: string): Promise<TaskRecord[]> {
    const rows = await this.#tasks()
      .where('t.notice_id', '=', noticeId)
      .orderBy('t.item_index')
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute();
    return rows.map(toTask);
  }

  /** Tasks of issued notices assigned to the person or to one of the organizations. */
  async tasksAssignedTo(personId: string | null, orgIds: readonly string[]): Promise<TaskRecord[]> {
    if (personId === null && orgIds.length === 0) return [];
    const rows = await this.#tasks()
      .innerJoin('notices as n', 'n.id', 't.notice_id')
      .where('n.status', '=', 'issued')
      .where((eb) =>
        eb.or([
          ...(personId === null ? [] : [eb('t.assignee_person_id', '=', personId)]),
          ...(orgIds.length === 0 ? [] : [eb('t.assignee_org_id', 'in', orgIds)]),
        ]),
      )
      .orderBy('t.due_date')
      .orderBy('t.id')
      .execute();
    return rows.map(toTask);
  }

  /** Tasks of issued notices not done nor cancelled whose due day is before `today`. */
  async overdue(today: string, range: { from: string; to: string }): Promise<TaskRecord[]> {
    const rows = await this.#tasks()
      .innerJoin('notices as n', 'n.id', 't.notice_id')
      .where('n.status', '=', 'issued')
      .where('t.status', 'in', ['open', 'in_progress'])
      .where('t.due_date', '<', today)
      .where('t.due_date', '>=', range.from)
      .where('t.due_date', '<=', range.to)
      .orderBy('t.due_date')
      .orderBy('t.id')
      .execute();
    return rows.map(toTask);
  }

  async createTask(
    t: TaskFields & { id: string; noticeId: string; meetingId: string; createdBy: string | null },
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await this.db
      .insertInto('notice_tasks')
      .values({
        id: t.id,
        notice_id: t.noticeId,
        meeting_id: t.meetingId,
        item_index: t.itemIndex,
        title: t.title,
        assignee_org_id: t.assignee.kind === 'org' ? t.assignee.id : null,
        assignee_person_id: t.assignee.kind === 'person' ? t.assignee.id : null,
        due_date: t.dueDate,
        notes: t.notes,
        status: 'open',
        progress: 0,
        created_by: t.createdBy,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  /** Edits a task that is still open or in progress; false otherwise. */
  async updateTask(id: string, patch: Partial<Omit<TaskFields, 'itemIndex'>>, now: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('notice_tasks')
      .set({
        ...(patch.title === undefined ? {} : { title: patch.title }),
        ...(patch.assignee === undefined
          ? {}
          : {
              assignee_org_id: patch.assignee.kind === 'org' ? patch.assignee.id : null,
              assignee_person_id: patch.assignee.kind === 'person' ? patch.assignee.id : null,
            }),
        ...(patch.dueDate === undefined ? {} : { due_date: patch.dueDate }),
        ...(patch.notes === undefined ? {} : { notes: patch.notes }),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .where('status', 'in', ['open', 'in_progress'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /**
   * Moves a task from one of `from` to a new state and appends the report, in one transaction.
   * False (nothing written) when the task is no longer in one of `from` (a concurrent change).
   */
  async transition(id: string, from: readonly TaskStatus[], t: TaskTransition): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('notice_tasks')
        .set({
          status: t.status,
          progress: t.progress,
          updated_at: t.report.at,
          ...(t.closedBy === undefined ? {} : { closed_by: t.closedBy }),
          ...(t.closedAt === undefined ? {} : { closed_at: t.closedAt }),
          ...(t.cancelReason === undefined ? {} : { cancel_reason: t.cancelReason }),
        })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      const r = t.report;
      await trx
        .insertInto('task_reports')
        .values({
          id: r.id,
          task_id: id,
          kind: r.kind,
          percent: r.percent,
          text: r.text,
          by_user_id: r.byUserId,
          by_label: r.byLabel,
          at: r.at,
        })
        .execute();
      return true;
    });
  }

  async reports(taskId: string): Promise<ReportRecord[]> {
    const rows = await this.db
      .selectFrom('task_reports')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      kind: r.kind as ReportRecord['kind'],
      percent: Number(r.percent),
      text: r.text,
      byUserId: r.by_user_id,
      byLabel: r.by_label,
      at: r.at,
    }));
  }

  // ── evidence ───────────────────────────────────────────────────────────────────────────────

  async addEvidence(e: EvidenceRecord): Promise<void> {
    await this.db
      .insertInto('task_evidence')
      .values({
        id: e.id,
        task_id: e.taskId,
        file_name: e.fileName,
        kind: e.kind,
        mime: e.mime,
        size_bytes: e.sizeBytes,
        sha256: e.sha256,
        uploaded_by: e.uploadedBy,
        uploaded_label: e.uploadedLabel,
        uploaded_at: e.uploadedAt,
      })
      .execute();
  }

  async evidence(taskId: string): Promise<EvidenceRecord[]> {
    const rows = await this.db
      .selectFrom('task_evidence')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      fileName: r.file_name,
      kind: r.kind as EvidenceRecord['kind'],
      mime: r.mime,
      sizeBytes: Number(r.size_bytes),
      sha256: r.sha256,
      uploadedBy: r.uploaded_by,
      uploadedLabel: r.uploaded_label,
      uploadedAt: r.uploaded_at,
    }));
  }

  // ── directory look-ups the service needs ────────────────────────────────────────────────────

  async organizationName(id: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirst();
    return r?.name ?? null;
  }

  async organization(id: string): Promise<{ name: string; kind: string } | null> {
    const r = await this.db
      .selectFrom('organizations')
      .select(['name', 'kind'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r ?? null;
  }

  async personName(id: string): Promise<string | null> {
    const r = await this.db.selectFrom('persons').select('full_name').where('id', '=', id).executeTakeFirst();
    return r?.full_name ?? null;
  }

  /** The organization whose bridge point an operator runs (operators act for their unit). */
  async organizationOfPoint(bridgePointId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('bridge_points')
      .select('organization_id')
      .where('id', '=', bridgePointId)
      .executeTakeFirst();
    return r?.organization_id ?? null;
  }

  async assigneeOptions(): Promise<{
    organizations: { id: string; name: string; kind: string }[];
    persons: { id: string; name: string }[];
  }> {
    const orgs = await this.db
      .selectFrom('organizations')
      .select(['id', 'name', 'kind'])
      .orderBy('sort_order')
      .orderBy('name')
      .execute();
    const persons = await this.db
      .selectFrom('persons')
      .select(['id', 'full_name'])
      .orderBy('full_name')
      .orderBy('id')
      .execute();
    return { organizations: orgs, persons: persons.map((p) => ({ id: p.id, name: p.full_name })) };
  }
}
