// Bridge points' readiness for meetings: records the network tests kiosks run (the server judges
// them with the shared verdict rules) and builds the readiness tables — per meeting for its
// editors, and for every bridge point on the admins' device board.
import { AppError, READINESS_STALE_MS, networkVerdict } from '@diemcau/protocol';
import type {
  KioskNetworkTest,
  NetworkLeg,
  NetworkTestReport,
  NetworkTestView,
  ReadinessRow,
} from '@diemcau/protocol';
import type { AuthContext, DeviceAuth } from '../auth/context.js';
import type { Db } from '../db/database.js';
import { isOnline } from '../devices/status.js';
import { DeviceStore } from '../devices/store.js';
import type { DeviceRecord } from '../devices/store.js';
import { newRowId } from '../ids.js';
import { bridgePointInvited } from '../meetings/authz.js';
import type { MeetingService } from '../meetings/service.js';
import { MeetingStore } from '../meetings/store.js';
import { OrgStore } from '../org/store.js';
import { viCollator } from '../org/vietnamese.js';
import { NetworkTestStore } from './store.js';

/** Tests are kept this long; the tables show only each device's latest. */
export const NETWORK_TEST_KEEP_MS = 30 * 24 * 60 * 60_000;

export interface NetworkTestDeps {
  db: Db;
  meetings: Pick<MeetingService, 'detail'>;
  now?: () => Date;
}

/** The better leg's numbers, for the device board's one-line summary (devices.last_network_test). */
export function summaryOf(test: NetworkTestView): KioskNetworkTest {
  const ok = [test.direct, test.relay].filter((l): l is NetworkLeg & { status: 'ok' } => l.status === 'ok');
  const best = ok.sort((a, b) => (b.downKbps ?? 0) - (a.downKbps ?? 0))[0];
  if (!best) return { at: test.at };
  return {
    at: test.at,
    ...(best.rttMs === null ? {} : { rttMs: best.rttMs }),
    ...(best.lossPct === null ? {} : { lossPercent: best.lossPct }),
    ...(best.downKbps === null ? {} : { downKbps: best.downKbps }),
    ...(best.upKbps === null ? {} : { upKbps: best.upKbps }),
  };
}

export class NetworkTestService {
  readonly #tests: NetworkTestStore;
  readonly #devices: DeviceStore;
  readonly #now: () => Date;

  constructor(private readonly deps: NetworkTestDeps) {
    this.#tests = new NetworkTestStore(deps.db);
    this.#devices = new DeviceStore(deps.db);
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * Records a test the calling device ran. A device reports for itself only (403 otherwise), and
   * for a meeting only if its bridge point is invited to it (404, as for a meeting it cannot see).
   */
  async record(caller: DeviceAuth, report: NetworkTestReport): Promise<NetworkTestView> {
    if (report.deviceId !== caller.deviceId)
      throw new AppError('forbidden', 'a device may report its own network tests only', {
        field: 'deviceId',
      });
    const device = await this.#devices.get(caller.deviceId);
    if (!device || device.status !== 'paired' || device.bridgePointId === null)
      throw AppError.forbidden('only a paired bridge-point device may report a network test');
    if (report.meetingId !== null) {
      const access = await new MeetingStore(this.deps.db).access(report.meetingId);
      if (!access || !bridgePointInvited(access, device.bridgePointId))
        throw AppError.meetingNotFound(report.meetingId);
    }
    const now = this.#now();
    const { verdict, reasons } = networkVerdict(report);
    const test: NetworkTestView = {
      id: newRowId('nt'),
      deviceId: device.id,
      bridgePointId: device.bridgePointId,
      meetingId: report.meetingId,
      trigger: report.trigger,
      startedAt: report.startedAt,
      at: now.toISOString(),
      hasCamera: report.hasCamera,
      hasMicrophone: report.hasMicrophone,
      direct: report.direct,
      relay: report.relay,
      verdict,
      reasons,
    };
    await this.#tests.insert(test);
    await this.#devices.setLastNetworkTest(device.id, summaryOf(test));
    await this.#tests.pruneDevice(device.id, new Date(now.getTime() - NETWORK_TEST_KEEP_MS).toISOString());
    return test;
  }

  /**
   * The readiness table of a meeting: its host and invited points, each with its paired device
   * and that device's latest test. Only for those who may edit the meeting (its detail decides:
   * 404 when the caller may not see it, 403 when they may see but not edit it).
   */
  async meetingReadiness(auth: AuthContext, meetingId: string, ip?: string): Promise<ReadinessRow[]> {
    if (auth.kind === 'anonymous') throw AppError.unauthorized();
    const detail = await this.deps.meetings.detail(auth, meetingId, ip);
    if (!('canEdit' in detail) || !detail.canEdit)
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    const points = [...detail.bridgePoints.map((b) => ({ ...b, host: false }))];
    if (detail.hostBridgePointId !== null && !points.some((p) => p.id === detail.hostBridgePointId)) {
      const host = await new OrgStore(this.deps.db).getBridgePoint(detail.hostBridgePointId);
      if (host) points.unshift({ id: host.id, name: host.name, host: true });
    }
    return this.#rows(
      points.map((p) => ({ ...p, host: p.host || p.id === detail.hostBridgePointId })),
      false,
    );
  }

  /** Every bridge point of the ward with its device and latest test (the admins' board). */
  async boardReadiness(): Promise<ReadinessRow[]> {
    const points = await new OrgStore(this.deps.db).listBridgePoints();
    return this.#rows(
      points.map((p) => ({ id: p.id, name: p.name, host: false })),
      true,
    );
  }

  async #rows(
    points: readonly { id: string; name: string; host: boolean }[],
    sortByName: boolean,
  ): Promise<ReadinessRow[]> {
    const now = this.#now();
    const byPoint = new Map<string, DeviceRecord>();
    for (const d of await this.#devices.listPaired()) {
      // NOTE: a point normally has one paired device; if two, show the one heard from last.
      const seen = byPoint.get(d.bridgePointId ?? '');
      if (d.bridgePointId !== null && (!seen || (d.lastHeartbeatAt ?? '') > (seen.lastHeartbeatAt ?? '')))
        byPoint.set(d.bridgePointId, d);
    }
    const devices = points.map((p) => byPoint.get(p.id)).filter((d): d is DeviceRecord => d !== undefined);
    const latest = await this.#tests.latestOfDevices(devices.map((d) => d.id));
    const rows = points.map((p): ReadinessRow => {
      const d = byPoint.get(p.id);
      const test = d ? (latest.get(d.id) ?? null) : null;
      return {
        bridgePoint: { id: p.id, name: p.name },
        host: p.host,
        device: d
          ? { id: d.id, label: d.label, online: isOnline(d, now), lastHeartbeatAt: d.lastHeartbeatAt }
          : null,
        test,
        stale: test !== null && now.getTime() - Date.parse(test.at) > READINESS_STALE_MS,
      };
    });
    if (sortByName) rows.sort((a, b) => viCollator.compare(a.bridgePoint.name, b.bridgePoint.name));
    return rows;
  }
}
