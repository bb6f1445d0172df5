// Migration 0008: a receive-bandwidth cap per bridge point (kbit/s, set by the admin), which the
// live room uses as that point's downlink budget for receive adaptation. Null = no cap.
import type { Kysely, Migration } from 'kysely';

export const migration0008: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('bridge_points').addColumn('receive_cap_kbps', 'integer').execute();
  },
};
