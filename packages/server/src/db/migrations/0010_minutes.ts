// Migration 0010: minutes (biên bản) of a meeting — one row per version. A draft is edited in
// place under optimistic concurrency (`revision`); an approved version is locked and carries the
// SHA-256 of its canonical content; a correction starts the next version.
import type { Kysely, Migration } from 'kysely';

export const migration0010: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('minutes_versions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('version', 'integer', (c) => c.notNull())
      /** draft | submitted | approved */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      /** nd30 | hd36 */
      .addColumn('format', 'varchar(10)', (c) => c.notNull())
      /** JSON of protocol MinutesContent. */
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)')
      .addColumn('based_on_id', 'varchar(64)')
      .addColumn('created_by', 'varchar(64)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(64)')
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('submitted_by', 'varchar(64)')
      .addColumn('submitted_at', 'varchar(40)')
      .addColumn('approved_by', 'varchar(64)')
      .addColumn('approved_at', 'varchar(40)')
      .addColumn('returned_by', 'varchar(64)')
      .addColumn('returned_at', 'varchar(40)')
      .addColumn('return_comment', 'varchar(2000)')
      .addUniqueConstraint('minutes_versions_number', ['meeting_id', 'version'])
      .execute();
  },
};
