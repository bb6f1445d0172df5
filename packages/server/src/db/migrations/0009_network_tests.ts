// Migration 0009: pre-meeting network tests of bridge points (one row per test a kiosk ran: its
// direct and TURN legs as JSON, and the server's verdict), read by the readiness tables.
import type { Kysely, Migration } from 'kysely';

export const migration0009: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('network_tests')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('device_id', 'varchar(64)', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      /** The point the device stood for when it ran the test (devices can be re-paired). */
      .addColumn('bridge_point_id', 'varchar(64)', (c) =>
        c.notNull().references('bridge_points.id').onDelete('cascade'),
      )
      /** The scheduled meeting it was run for; null for a test on demand. */
      .addColumn('meeting_id', 'varchar(64)', (c) => c.references('meetings.id').onDelete('set null'))
      /** auto | manual */
      .addColumn('trigger', 'varchar(10)', (c) => c.notNull())
      .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
      /** When the server received it: the time every table shows and sorts by. */
      .addColumn('at', 'varchar(40)', (c) => c.notNull())
      .addColumn('has_camera', 'integer', (c) => c.notNull())
      .addColumn('has_microphone', 'integer', (c) => c.notNull())
      /** JSON of each leg (protocol NetworkLeg). */
      .addColumn('direct', 'text', (c) => c.notNull())
      .addColumn('relay', 'text', (c) => c.notNull())
      /** ready | degraded | failed */
      .addColumn('verdict', 'varchar(20)', (c) => c.notNull())
      /** JSON array of protocol NetworkReason. */
      .addColumn('reasons', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('network_tests_point_at')
      .on('network_tests')
      .columns(['bridge_point_id', 'at'])
      .execute();
    await db.schema
      .createIndex('network_tests_device_at')
      .on('network_tests')
      .columns(['device_id', 'at'])
      .execute();
  },
};
