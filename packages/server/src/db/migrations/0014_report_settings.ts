// Migration 0014: settings of the reports' "travel saved" figure: each bridge point's distance to
// the ward hall, and the ward's rates (travel cost per km per person, average speed, value of an
// hour), with defaults an admin can change.
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Defaults: 2.000 ₫ per km per person (fuel and wear of a motorbike, 2026), 20 km/h (urban
 * traffic), 25.000 ₫ per hour (about the region-I minimum wage per hour).
 */
export const DEFAULT_REPORT_RATES = { costPerKmVnd: 2000, speedKmh: 20, hourValueVnd: 25000 } as const;

export const migration0014: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('report_rates')
      /** Always 1: one row of ward-level rates. */
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('cost_per_km_vnd', 'integer', (c) => c.notNull())
      .addColumn('speed_kmh', 'integer', (c) => c.notNull())
      .addColumn('hour_value_vnd', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)')
      .addColumn('updated_by', 'varchar(64)')
      .execute();
    await sql`INSERT INTO report_rates (id, cost_per_km_vnd, speed_kmh, hour_value_vnd)
      VALUES (1, ${DEFAULT_REPORT_RATES.costPerKmVnd}, ${DEFAULT_REPORT_RATES.speedKmh},
        ${DEFAULT_REPORT_RATES.hourValueVnd})`.execute(db);
    await db.schema
      .createTable('report_point_distances')
      .addColumn('bridge_point_id', 'varchar(64)', (c) =>
        c.primaryKey().references('bridge_points.id').onDelete('cascade'),
      )
      /** NOTE: in hundreds of metres (0.1 km), an integer, so that "2,5 km" stays exact. */
      .addColumn('distance_hm', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
      .execute();
  },
};
