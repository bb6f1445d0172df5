// Migration 0003: bridge-point devices (kiosks), their pairing and heartbeats (scheduling issue).
import type { Kysely, Migration } from 'kysely';

export const migration0003: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('devices')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      /** null until an admin binds the device to a bridge point. */
      .addColumn('bridge_point_id', 'varchar(64)', (c) =>
        c.references('bridge_points.id').onDelete('set null'),
      )
      /** SHA-256 of the device's bearer token (the token itself lives only on the device). */
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      /** Short code shown on the kiosk screen while it waits to be paired; null once paired. */
      .addColumn('pairing_code', 'varchar(16)', (c) => c.unique())
      .addColumn('pairing_expires_at', 'varchar(40)')
      /** pending | paired | revoked */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('label', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('auto_join', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('paired_at', 'varchar(40)')
      .addColumn('revoked_at', 'varchar(40)')
      .addColumn('last_heartbeat_at', 'varchar(40)')
      .addColumn('has_camera', 'integer')
      .addColumn('has_microphone', 'integer')
      /** JSON of the last network test the device ran (weak-lines issue fills it in). */
      .addColumn('last_network_test', 'text')
      .execute();
    await db.schema.createIndex('devices_bridge_point').on('devices').column('bridge_point_id').execute();
  },
};
