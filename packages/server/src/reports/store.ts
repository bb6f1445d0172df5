// Store of the reports: which meetings ended in a period (from the live event log), and the
// settings of "travel saved" (ward rates, each bridge point's distance to the hall). The only
// place with SQL for them.
import type { ReportRates } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import { DEFAULT_REPORT_RATES } from '../db/migrations/0014_report_settings.js';

export interface StoredRates {
  rates: ReportRates;
  updatedAt: string | null;
}

const DAY_MS = 24 * 3600_000;

export class ReportStore {
  constructor(private readonly db: Db) {}

  /**
   * Ids of the meetings whose `meeting.ended` event falls in [from, to) (UTC instants). NOTE: the
   * row's created_at is the server's clock at the append, the event's `at` is the decision time
   * (the same clock, a few ms apart); we select a day wider on the indexed column and keep the
   * exact test on the event's own time.
   */
  async endedMeetingIds(from: string, to: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('live_events')
      .select(['meeting_id', 'payload'])
      .where('type', '=', 'meeting.ended')
      .where('created_at', '>=', new Date(Date.parse(from) - DAY_MS).toISOString())
      .where('created_at', '<', new Date(Date.parse(to) + DAY_MS).toISOString())
      .orderBy('meeting_id')
      .execute();
    const ids: string[] = [];
    for (const r of rows) {
      const at = (JSON.parse(r.payload) as { at?: unknown }).at;
      if (typeof at === 'string' && at >= from && at < to && !ids.includes(r.meeting_id))
        ids.push(r.meeting_id);
    }
    return ids;
  }

  async rates(): Promise<StoredRates> {
    const row = await this.db.selectFrom('report_rates').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return { rates: { ...DEFAULT_REPORT_RATES }, updatedAt: null };
    return {
      rates: {
        costPerKmVnd: Number(row.cost_per_km_vnd),
        speedKmh: Number(row.speed_kmh),
        hourValueVnd: Number(row.hour_value_vnd),
      },
      updatedAt: row.updated_at,
    };
  }

  /** Bridge point id → distance to the hall in km (points without a row: 0). */
  async distances(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('report_point_distances').selectAll().execute();
    return new Map(rows.map((r) => [r.bridge_point_id, Number(r.distance_hm) / 10]));
  }

  /**
   * Saves rates and/or distances in one transaction (durable before the reply). Distances of
   * unknown bridge points fail on the foreign key; the caller checks ids first.
   */
  async save(
    change: { rates?: ReportRates; distances?: readonly { bridgePointId: string; distanceKm: number }[] },
    by: string,
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      if (change.rates) {
        const values = {
          cost_per_km_vnd: change.rates.costPerKmVnd,
          speed_kmh: change.rates.speedKmh,
          hour_value_vnd: change.rates.hourValueVnd,
          updated_at: at,
          updated_by: by,
        };
        await trx
          .insertInto('report_rates')
          .values({ id: 1, ...values })
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
      }
      for (const d of change.distances ?? []) {
        const distance_hm = Math.round(d.distanceKm * 10);
        await trx
          .insertInto('report_point_distances')
          .values({ bridge_point_id: d.bridgePointId, distance_hm, updated_at: at })
          .onConflict((oc) => oc.column('bridge_point_id').doUpdateSet({ distance_hm, updated_at: at }))
          .execute();
      }
    });
  }
}
