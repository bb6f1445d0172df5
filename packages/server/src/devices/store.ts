// Store for bridge-point devices (kiosks): pending registrations with their pairing codes, pairing,
// revocation and heartbeats. The only place that touches the devices table.
import type { DeviceStatus, KioskNetworkTest } from '@diemcau/protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { DeviceTable } from '../db/schema.js';

export interface DeviceRecord {
  id: string;
  bridgePointId: string | null;
  /** The bound bridge point's name, or null. */
  bridgePointName: string | null;
  status: DeviceStatus;
  pairingCode: string | null;
  pairingExpiresAt: string | null;
  label: string;
  autoJoin: boolean;
  userAgent: string;
  createdAt: string;
  pairedAt: string | null;
  revokedAt: string | null;
  lastHeartbeatAt: string | null;
  hasCamera: boolean | null;
  hasMicrophone: boolean | null;
  lastNetworkTest: KioskNetworkTest | null;
}

export interface NewPendingDevice {
  id: string;
  tokenHash: string;
  pairingCode: string;
  pairingExpiresAt: string;
  userAgent: string;
  createdAt: string;
}

export interface HeartbeatUpdate {
  at: string;
  hasCamera: boolean;
  hasMicrophone: boolean;
  /** Replaces the stored test when given; the previous one stays otherwise. */
  networkTest?: KioskNetworkTest;
}

export interface PairUpdate {
  bridgePointId: string;
  at: string;
  label?: string;
  autoJoin?: boolean;
}

export class DeviceStore {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one transaction (or in the caller's, when this store already runs in one). */
  async transaction<T>(fn: (store: DeviceStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new DeviceStore(trx)));
  }

  async insertPending(d: NewPendingDevice): Promise<void> {
    await this.db
      .insertInto('devices')
      .values({
        id: d.id,
        bridge_point_id: null,
        token_hash: d.tokenHash,
        pairing_code: d.pairingCode,
        pairing_expires_at: d.pairingExpiresAt,
        status: 'pending',
        user_agent: d.userAgent,
        created_at: d.createdAt,
      })
      .execute();
  }

  /** True when a code is held by any device row (the column is unique, expired or not). */
  async pairingCodeTaken(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('devices')
      .select('id')
      .where('pairing_code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Pending devices whose code still pairs at `now`. */
  async countLivePending(now: string): Promise<number> {
    const row = await this.db
      .selectFrom('devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .where('pairing_expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Forgets registrations whose code lapsed before `before`; they were never paired to anything. */
  async deleteExpiredPending(before: string): Promise<number> {
    const res = await this.db
      .deleteFrom('devices')
      .where('status', '=', 'pending')
      .where('pairing_expires_at', '<', before)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async get(id: string): Promise<DeviceRecord | null> {
    const row = await this.selectDevices().where('devices.id', '=', id).executeTakeFirst();
    return row ? toDevice(row) : null;
  }

  /** The device holding this token hash, whatever its status. */
  async findByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const row = await this.selectDevices().where('devices.token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toDevice(row) : null;
  }

  /** The pending device showing `code`, if the code has not lapsed at `now`. */
  async findPendingByCode(code: string, now: string): Promise<DeviceRecord | null> {
    const row = await this.selectDevices()
      .where('devices.pairing_code', '=', code)
      .where('devices.status', '=', 'pending')
      .where('devices.pairing_expires_at', '>', now)
      .executeTakeFirst();
    return row ? toDevice(row) : null;
  }

  /** Paired devices bound to a bridge point (normally at most one). */
  async pairedFor(bridgePointId: string): Promise<DeviceRecord[]> {
    const rows = await this.selectDevices()
      .where('devices.bridge_point_id', '=', bridgePointId)
      .where('devices.status', '=', 'paired')
      .execute();
    return rows.map(toDevice);
  }

  /** Every paired device, for the bridge-point list. */
  async listPaired(): Promise<DeviceRecord[]> {
    const rows = await this.selectDevices().where('devices.status', '=', 'paired').execute();
    return rows.map(toDevice);
  }

  async list(): Promise<DeviceRecord[]> {
    const rows = await this.selectDevices().orderBy('devices.created_at').orderBy('devices.id').execute();
    return rows.map(toDevice);
  }

  /**
   * Binds a pending device to a bridge point and clears its code. False when the device is no
   * longer pending (another admin paired it first).
   */
  async markPaired(id: string, p: PairUpdate): Promise<boolean> {
    const res = await this.db
      .updateTable('devices')
      .set({
        status: 'paired',
        bridge_point_id: p.bridgePointId,
        pairing_code: null,
        pairing_expires_at: null,
        paired_at: p.at,
        ...(p.label === undefined ? {} : { label: p.label }),
        ...(p.autoJoin === undefined ? {} : { auto_join: p.autoJoin ? 1 : 0 }),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Revokes a device; false when it is unknown or already revoked. */
  async revoke(id: string, at: string): Promise<boolean> {
    const res = await this.db
      .updateTable('devices')
      .set({ status: 'revoked', revoked_at: at, pairing_code: null, pairing_expires_at: null })
      .where('id', '=', id)
      .where('status', '!=', 'revoked')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Records a heartbeat of a device that is not revoked; false otherwise. */
  async heartbeat(id: string, h: HeartbeatUpdate): Promise<boolean> {
    const res = await this.db
      .updateTable('devices')
      .set({
        last_heartbeat_at: h.at,
        has_camera: h.hasCamera ? 1 : 0,
        has_microphone: h.hasMicrophone ? 1 : 0,
        ...(h.networkTest === undefined ? {} : { last_network_test: JSON.stringify(h.networkTest) }),
      })
      .where('id', '=', id)
      .where('status', '!=', 'revoked')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Stores the summary of a device's latest network test (nettest/ records the full test). */
  async setLastNetworkTest(id: string, test: KioskNetworkTest): Promise<void> {
    await this.db
      .updateTable('devices')
      .set({ last_network_test: JSON.stringify(test) })
      .where('id', '=', id)
      .execute();
  }

  async update(id: string, changes: { label?: string; autoJoin?: boolean }): Promise<boolean> {
    const values = {
      ...(changes.label === undefined ? {} : { label: changes.label }),
      ...(changes.autoJoin === undefined ? {} : { auto_join: changes.autoJoin ? 1 : 0 }),
    };
    if (Object.keys(values).length === 0) return (await this.get(id)) !== null;
    const res = await this.db.updateTable('devices').set(values).where('id', '=', id).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  private selectDevices() {
    return this.db
      .selectFrom('devices')
      .leftJoin('bridge_points', 'bridge_points.id', 'devices.bridge_point_id')
      .selectAll('devices')
      .select('bridge_points.name as bridge_point_name');
  }
}

type DeviceRow = Selectable<DeviceTable> & { bridge_point_name: string | null };

function toDevice(r: DeviceRow): DeviceRecord {
  return {
    id: r.id,
    bridgePointId: r.bridge_point_id,
    bridgePointName: r.bridge_point_name,
    status: r.status as DeviceStatus,
    pairingCode: r.pairing_code,
    pairingExpiresAt: r.pairing_expires_at,
    label: r.label,
    autoJoin: r.auto_join === 1,
    userAgent: r.user_agent,
    createdAt: r.created_at,
    pairedAt: r.paired_at,
    revokedAt: r.revoked_at,
    lastHeartbeatAt: r.last_heartbeat_at,
    hasCamera: r.has_camera === null ? null : r.has_camera === 1,
    hasMicrophone: r.has_microphone === null ? null : r.has_microphone === 1,
    lastNetworkTest: parseNetworkTest(r.last_network_test),
  };
}

function parseNetworkTest(json: string | null): KioskNetworkTest | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as KioskNetworkTest;
  } catch {
    return null;
  }
}
