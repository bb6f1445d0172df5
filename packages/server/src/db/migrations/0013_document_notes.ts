// Migration 0013: private notes on meeting documents, one per author, document version and page.
// Only the author ever reads them: a signed-in user (`user:<id>`) or a bridge point's kiosk
// (`device:<id>`), so a hall's shared screen keeps the point's notes, not a person's.
import type { Kysely, Migration } from 'kysely';

export const migration0013: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('document_notes')
      /** `user:<user id>` or `device:<device id>`. */
      .addColumn('owner_key', 'varchar(80)', (c) => c.notNull())
      .addColumn('version_id', 'varchar(64)', (c) =>
        c.notNull().references('document_versions.id').onDelete('cascade'),
      )
      .addColumn('page', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('document_notes_pk', ['owner_key', 'version_id', 'page'])
      .execute();
  },
};
