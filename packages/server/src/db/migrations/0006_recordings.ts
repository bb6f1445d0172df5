// Migration 0006: meeting recordings (recording issue): one row per recorded live meeting, the
// processing job's segments (durable state, so that a crashed processor resumes), and chapter marks.
import type { Kysely, Migration } from 'kysely';

export const migration0006: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('recordings')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      /** recording | queued | processing | ready | failed | expired */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('ended_at', 'varchar(40)')
      /** JSON array of recorded spans [{start, end}] as ISO instants (end null while recording). */
      .addColumn('spans', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('started_by', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('size_bytes', 'bigint')
      /** The playable file, relative to the recordings folder. */
      .addColumn('file_path', 'varchar(500)')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'varchar(1000)')
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('expired_at', 'varchar(40)')
      .execute();
    await db.schema
      .createIndex('recordings_meeting')
      .on('recordings')
      .columns(['meeting_id', 'started_at'])
      .execute();
    await db.schema.createIndex('recordings_status').on('recordings').column('status').execute();
    await db.schema
      .createTable('recording_segments')
      .addColumn('recording_id', 'varchar(64)', (c) =>
        c.notNull().references('recordings.id').onDelete('cascade'),
      )
      .addColumn('idx', 'integer', (c) => c.notNull())
      /** Offsets into the output timeline (ms); the plan maps them back to wall-clock spans. */
      .addColumn('from_ms', 'integer', (c) => c.notNull())
      .addColumn('to_ms', 'integer', (c) => c.notNull())
      /** pending | done */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done_at', 'varchar(40)')
      .addPrimaryKeyConstraint('recording_segments_pk', ['recording_id', 'idx'])
      .execute();
    await db.schema
      .createTable('recording_chapters')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('agenda_item_id', 'varchar(64)')
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('recording_chapters_meeting')
      .on('recording_chapters')
      .columns(['meeting_id', 'at'])
      .execute();
  },
};
