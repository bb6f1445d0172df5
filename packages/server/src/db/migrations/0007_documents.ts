// Migration 0007: meeting documents — documents and their kept versions (files stored
// content-addressed on disk, referenced by SHA-256), rendered pages, the durable conversion queue,
// and what each kiosk holds offline.
import type { Kysely, Migration } from 'kysely';

export const migration0007: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('documents')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      // NOTE: replacing an agenda recreates its items; the document then falls back to the meeting.
      .addColumn('agenda_item_id', 'varchar(64)', (c) => c.references('agenda_items.id').onDelete('set null'))
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      /** invited | bridge_point | chair */
      .addColumn('visibility', 'varchar(20)', (c) => c.notNull())
      .addColumn('bridge_point_id', 'varchar(64)', (c) => c.references('bridge_points.id'))
      .addColumn('downloadable', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('current_version_id', 'varchar(64)')
      .addColumn('created_by', 'varchar(64)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('hidden_at', 'varchar(40)')
      .addColumn('hidden_by', 'varchar(64)')
      .execute();
    await db.schema.createIndex('documents_meeting').on('documents').column('meeting_id').execute();
    await db.schema
      .createTable('document_versions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('document_id', 'varchar(64)', (c) =>
        c.notNull().references('documents.id').onDelete('cascade'),
      )
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .addColumn('mime', 'varchar(120)', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('uploaded_by', 'varchar(64)')
      .addColumn('uploaded_at', 'varchar(40)', (c) => c.notNull())
      /** queued | converting | rendering | ready | failed */
      .addColumn('conversion_state', 'varchar(20)', (c) => c.notNull())
      .addColumn('conversion_progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('conversion_error', 'varchar(500)')
      .addColumn('pdf_sha256', 'varchar(64)')
      .addColumn('page_count', 'integer')
      .addUniqueConstraint('document_versions_number', ['document_id', 'version'])
      .execute();
    await db.schema
      .createTable('document_pages')
      .addColumn('version_id', 'varchar(64)', (c) =>
        c.notNull().references('document_versions.id').onDelete('cascade'),
      )
      .addColumn('page', 'integer', (c) => c.notNull())
      .addColumn('image_sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('thumb_sha256', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('document_pages_pk', ['version_id', 'page'])
      .execute();
    await db.schema
      .createTable('document_jobs')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('version_id', 'varchar(64)', (c) =>
        c.notNull().references('document_versions.id').onDelete('cascade'),
      )
      /** queued | running | done | failed */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('started_at', 'varchar(40)')
      .addColumn('finished_at', 'varchar(40)')
      .addColumn('error', 'varchar(500)')
      .execute();
    await db.schema
      .createIndex('document_jobs_status')
      .on('document_jobs')
      .columns(['status', 'created_at'])
      .execute();
    await db.schema
      .createTable('device_document_cache')
      .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('version_id', 'varchar(64)', (c) =>
        c.notNull().references('document_versions.id').onDelete('cascade'),
      )
      .addColumn('reported_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_document_cache_pk', ['device_id', 'version_id'])
      .execute();
    await db.schema
      .createTable('device_document_reports')
      .addColumn('device_id', 'varchar(64)', (c) =>
        c.primaryKey().references('devices.id').onDelete('cascade'),
      )
      .addColumn('reported_at', 'varchar(40)', (c) => c.notNull())
      .execute();
  },
};
