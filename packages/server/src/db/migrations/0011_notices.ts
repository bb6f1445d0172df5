// Migration 0011: conclusion notices (thông báo kết luận) of a meeting and their follow-up tasks
// (nhiệm vụ): progress reports and evidence files (blobs by SHA-256, like documents), and the
// per-organization, per-year counter that numbers issued notices ("Số: 12/TB-UBND").
import type { Kysely, Migration } from 'kysely';

export const migration0011: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('notices')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      /** One notice per meeting (a correction of the conclusions is a new draft before issuing). */
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().unique().references('meetings.id').onDelete('cascade'),
      )
      /** draft | issued */
      .addColumn('status', 'varchar(10)', (c) => c.notNull())
      /** The numbering scope: the issuing organization's id, '' when the meeting has none. */
      .addColumn('numbering_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('issuing_body', 'varchar(300)', (c) => c.notNull())
      .addColumn('parent_body', 'varchar(300)', (c) => c.notNull())
      .addColumn('symbol', 'varchar(40)', (c) => c.notNull())
      .addColumn('place', 'varchar(100)', (c) => c.notNull())
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('intro', 'text', (c) => c.notNull())
      .addColumn('signer_title', 'varchar(200)', (c) => c.notNull())
      .addColumn('signer_name', 'varchar(200)', (c) => c.notNull())
      /** The approved minutes it comes from. */
      .addColumn('minutes_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('minutes_version', 'integer', (c) => c.notNull())
      .addColumn('minutes_sha256', 'varchar(64)', (c) => c.notNull())
      /** JSON [{agendaItemId, title, conclusion}] copied from those minutes. */
      .addColumn('items', 'text', (c) => c.notNull())
      /** Set when issued: number within (numbering_key, year), and the tasks as issued (JSON). */
      .addColumn('year', 'integer')
      .addColumn('number', 'integer')
      .addColumn('issued_tasks', 'text')
      .addColumn('created_by', 'varchar(64)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('issued_by', 'varchar(64)')
      .addColumn('issued_at', 'varchar(40)')
      .addUniqueConstraint('notices_number', ['numbering_key', 'year', 'number'])
      .execute();
    await db.schema
      .createTable('notice_counters')
      .addColumn('numbering_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last_number', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('notice_counters_pk', ['numbering_key', 'year'])
      .execute();
    await db.schema
      .createTable('notice_tasks')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('notice_id', 'varchar(64)', (c) => c.notNull().references('notices.id').onDelete('cascade'))
      .addColumn('meeting_id', 'varchar(64)', (c) => c.notNull())
      /** Index of the conclusion item in the notice's items. */
      .addColumn('item_index', 'integer', (c) => c.notNull())
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('assignee_org_id', 'varchar(64)', (c) => c.references('organizations.id'))
      .addColumn('assignee_person_id', 'varchar(64)', (c) => c.references('persons.id'))
      /** YYYY-MM-DD, a day in Asia/Ho_Chi_Minh: overdue from the next day on. */
      .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      /** open | in_progress | done | cancelled */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'varchar(64)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('closed_by', 'varchar(64)')
      .addColumn('closed_at', 'varchar(40)')
      .addColumn('cancel_reason', 'varchar(1000)')
      .execute();
    await db.schema.createIndex('notice_tasks_due').on('notice_tasks').columns(['due_date']).execute();
    await db.schema
      .createIndex('notice_tasks_org')
      .on('notice_tasks')
      .columns(['assignee_org_id', 'status'])
      .execute();
    await db.schema
      .createIndex('notice_tasks_person')
      .on('notice_tasks')
      .columns(['assignee_person_id', 'status'])
      .execute();
    await db.schema
      .createTable('task_reports')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('task_id', 'varchar(64)', (c) =>
        c.notNull().references('notice_tasks.id').onDelete('cascade'),
      )
      /** progress | accepted | cancelled */
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('percent', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('by_user_id', 'varchar(64)')
      .addColumn('by_label', 'varchar(200)', (c) => c.notNull())
      .addColumn('at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('task_reports_task').on('task_reports').columns(['task_id', 'at']).execute();
    await db.schema
      .createTable('task_evidence')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('task_id', 'varchar(64)', (c) =>
        c.notNull().references('notice_tasks.id').onDelete('cascade'),
      )
      .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .addColumn('mime', 'varchar(100)', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('uploaded_by', 'varchar(64)')
      .addColumn('uploaded_label', 'varchar(200)', (c) => c.notNull())
      .addColumn('uploaded_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('task_evidence_task').on('task_evidence').columns(['task_id']).execute();
  },
};
