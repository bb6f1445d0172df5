// Store of bridge points' network tests: one row per test a kiosk ran. The only place that
// touches the network_tests table.
import type { NetworkLeg, NetworkReason, NetworkTestView, NetworkVerdict } from '@diemcau/protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { NetworkTestTable } from '../db/schema.js';

export class NetworkTestStore {
  constructor(private readonly db: Db) {}

  async insert(t: NetworkTestView): Promise<void> {
    await this.db
      .insertInto('network_tests')
      .values({
        id: t.id,
        device_id: t.deviceId,
        bridge_point_id: t.bridgePointId,
        meeting_id: t.meetingId,
        trigger: t.trigger,
        started_at: t.startedAt,
        at: t.at,
        has_camera: t.hasCamera ? 1 : 0,
        has_microphone: t.hasMicrophone ? 1 : 0,
        direct: JSON.stringify(t.direct),
        relay: JSON.stringify(t.relay),
        verdict: t.verdict,
        reasons: JSON.stringify(t.reasons),
      })
      .execute();
  }

  /** Forgets a device's tests older than `before` (the tables show only the latest). */
  async pruneDevice(deviceId: string, before: string): Promise<void> {
    await this.db
      .deleteFrom('network_tests')
      .where('device_id', '=', deviceId)
      .where('at', '<', before)
      .execute();
  }

  /** The latest test of each listed device (devices without a test are absent). */
  async latestOfDevices(deviceIds: readonly string[]): Promise<Map<string, NetworkTestView>> {
    const latest = new Map<string, NetworkTestView>();
    if (deviceIds.length === 0) return latest;
    const newest = this.db
      .selectFrom('network_tests')
      .select(['device_id', (eb) => eb.fn.max('at').as('at')])
      .where('device_id', 'in', [...deviceIds])
      .groupBy('device_id')
      .as('newest');
    const rows = await this.db
      .selectFrom('network_tests')
      .innerJoin(newest, (join) =>
        join
          .onRef('newest.device_id', '=', 'network_tests.device_id')
          .onRef('newest.at', '=', 'network_tests.at'),
      )
      .selectAll('network_tests')
      .orderBy('network_tests.id')
      .execute();
    for (const row of rows) latest.set(row.device_id, toView(row));
    return latest;
  }

  /** A device's tests, newest first. */
  async ofDevice(deviceId: string, limit = 20): Promise<NetworkTestView[]> {
    const rows = await this.db
      .selectFrom('network_tests')
      .selectAll()
      .where('device_id', '=', deviceId)
      .orderBy('at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toView);
  }
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const MISSING_LEG: NetworkLeg = {
  status: 'failed',
  error: 'unreadable',
  rttMs: null,
  lossPct: null,
  upKbps: null,
  downKbps: null,
  connectMs: null,
  route: null,
  transport: null,
};

function toView(r: Selectable<NetworkTestTable>): NetworkTestView {
  return {
    id: r.id,
    deviceId: r.device_id,
    bridgePointId: r.bridge_point_id,
    meetingId: r.meeting_id,
    trigger: r.trigger === 'auto' ? 'auto' : 'manual',
    startedAt: r.started_at,
    at: r.at,
    hasCamera: r.has_camera === 1,
    hasMicrophone: r.has_microphone === 1,
    direct: parseJson(r.direct, MISSING_LEG),
    relay: parseJson(r.relay, MISSING_LEG),
    verdict: r.verdict as NetworkVerdict,
    reasons: parseJson<NetworkReason[]>(r.reasons, []),
  };
}
