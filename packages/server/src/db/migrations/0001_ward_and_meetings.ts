// Migration 0001: organizations, bridge points, meetings (media-core issue) and settings.
import type { Kysely, Migration } from 'kysely';

export const migration0001: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(300)', (c) => c.notNull())
      .addColumn('kind', 'varchar(40)', (c) => c.notNull())
      .addColumn('parent_id', 'varchar(64)', (c) => c.references('organizations.id'))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('bridge_points')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(300)', (c) => c.notNull().unique())
      .addColumn('organization_id', 'varchar(64)', (c) => c.notNull().references('organizations.id'))
      .addColumn('location', 'varchar(300)', (c) => c.notNull().defaultTo(''))
      .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_main', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('meetings')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      .addColumn('type', 'varchar(40)', (c) => c.notNull())
      .addColumn('host_bridge_point_id', 'varchar(64)', (c) => c.references('bridge_points.id'))
      .addColumn('starts_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
