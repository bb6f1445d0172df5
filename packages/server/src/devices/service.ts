// Bridge-point devices (kiosks): registration with a pairing code, pairing by an admin (one active
// device per bridge point), revocation, heartbeats, the status board, and token resolution.
import { AppError } from '@diemcau/protocol';
import type {
  DeviceView,
  KioskHeartbeat,
  KioskHeartbeatResponse,
  KioskRegisterResponse,
  KioskStateResponse,
  KioskStatus,
} from '@diemcau/protocol';
import type { DeviceAuth } from '../auth/context.js';
import type { Db } from '../db/database.js';
import { newRowId } from '../ids.js';
import { systemClock } from '../org/http.js';
import type { AuditAction } from '../audit/log.js';
import type { AuditSink, Clock } from '../org/http.js';
import { isUniqueViolation } from '../org/sql-errors.js';
import { OrgStore } from '../org/store.js';
import { viCollator } from '../org/vietnamese.js';
import { DeviceEvents } from './events.js';
import { isOnline } from './status.js';
import { DeviceStore } from './store.js';
import type { DeviceRecord } from './store.js';
import { hashDeviceToken, newDeviceToken, newPairingCode } from './tokens.js';

/** How long a pairing code pairs. */
export const PAIRING_TTL_MS = 15 * 60_000;
/** Lapsed registrations are kept this long (the kiosk is told "expired"), then forgotten. */
export const EXPIRED_PENDING_KEEP_MS = 60 * 60_000;
/**
 * At most this many registrations may wait at once. NOTE: registration needs no login, so this
 * bounds the rows (and the code space in use) that anonymous callers can create.
 */
export const MAX_LIVE_PENDING = 100;

export interface DeviceDeps {
  db: Db;
  /** Receives device.paired and device.revoked. */
  audit: AuditSink;
  /** Told when a device is revoked (disconnect its live session) or paired; created if omitted. */
  events?: DeviceEvents;
  now?: Clock;
  maxLivePending?: number;
}

/** Who acts on a device, for the audit log. */
export interface DeviceActor {
  userId: string;
  ip: string;
}

/** What the kiosk is told about its own status: a lapsed code reads as `expired`. */
export function kioskStatusOf(d: Pick<DeviceRecord, 'status' | 'pairingExpiresAt'>, now: Date): KioskStatus {
  if (
    d.status === 'pending' &&
    (d.pairingExpiresAt === null || Date.parse(d.pairingExpiresAt) <= now.getTime())
  ) {
    return 'expired';
  }
  return d.status;
}

/** A device as the status board shows it (never its code or token). */
export function toDeviceView(d: DeviceRecord, now: Date): DeviceView {
  return {
    id: d.id,
    status: d.status,
    label: d.label,
    autoJoin: d.autoJoin,
    userAgent: d.userAgent,
    bridgePoint:
      d.bridgePointId !== null && d.bridgePointName !== null
        ? { id: d.bridgePointId, name: d.bridgePointName }
        : null,
    online: isOnline(d, now),
    lastHeartbeatAt: d.lastHeartbeatAt,
    hasCamera: d.hasCamera,
    hasMicrophone: d.hasMicrophone,
    lastNetworkTest: d.lastNetworkTest,
    createdAt: d.createdAt,
    pairedAt: d.pairedAt,
    revokedAt: d.revokedAt,
    pairingExpiresAt: d.pairingExpiresAt,
  };
}

const STATUS_RANK = { paired: 0, pending: 1, revoked: 2 } as const;

/** Board order: paired by bridge point name, then waiting ones (newest first), then revoked (latest first). */
export function compareForBoard(a: DeviceView, b: DeviceView): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    viCollator.compare(a.bridgePoint?.name ?? '', b.bridgePoint?.name ?? '') ||
    (b.revokedAt ?? '').localeCompare(a.revokedAt ?? '') ||
    b.createdAt.localeCompare(a.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

export class DeviceService {
  readonly events: DeviceEvents;
  private readonly store: DeviceStore;
  private readonly now: Clock;

  constructor(private readonly deps: DeviceDeps) {
    this.events = deps.events ?? new DeviceEvents();
    this.store = new DeviceStore(deps.db);
    this.now = deps.now ?? systemClock;
  }

  /** A kiosk asks to be paired: a pending device with a fresh token and code. */
  async register(userAgent: string): Promise<KioskRegisterResponse> {
    const now = this.now();
    await this.store.deleteExpiredPending(new Date(now.getTime() - EXPIRED_PENDING_KEEP_MS).toISOString());
    if (
      (await this.store.countLivePending(now.toISOString())) >= (this.deps.maxLivePending ?? MAX_LIVE_PENDING)
    ) {
      throw new AppError('rate_limited', 'too many devices are waiting to be paired; try again later');
    }
    const token = newDeviceToken();
    const deviceId = newRowId('dev');
    const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS).toISOString();
    for (let attempt = 0; attempt < 10; attempt++) {
      const pairingCode = newPairingCode();
      if (await this.store.pairingCodeTaken(pairingCode)) continue;
      try {
        await this.store.insertPending({
          id: deviceId,
          tokenHash: hashDeviceToken(token),
          pairingCode,
          pairingExpiresAt: expiresAt,
          userAgent,
          createdAt: now.toISOString(),
        });
        return { deviceId, token, pairingCode, expiresAt };
      } catch (err) {
        // NOTE: another kiosk took the same code between our check and insert; draw again.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw AppError.internal(new Error('no free pairing code after 10 attempts'));
  }

  /** The calling kiosk's own state. */
  async state(deviceId: string): Promise<KioskStateResponse> {
    const d = await this.store.get(deviceId);
    if (!d) throw AppError.unauthorized('unknown device; register again');
    const status = kioskStatusOf(d, this.now());
    return {
      deviceId: d.id,
      status,
      ...(status === 'pending' && d.pairingCode !== null && d.pairingExpiresAt !== null
        ? { pairingCode: d.pairingCode, pairingExpiresAt: d.pairingExpiresAt }
        : {}),
      ...(status === 'paired' && d.bridgePointId !== null && d.bridgePointName !== null
        ? { bridgePoint: { id: d.bridgePointId, name: d.bridgePointName } }
        : {}),
      autoJoin: d.autoJoin,
      label: d.label,
    };
  }

  /** Records the calling kiosk's heartbeat; a revoked device is refused (401). */
  async heartbeat(deviceId: string, hb: KioskHeartbeat): Promise<KioskHeartbeatResponse> {
    const now = this.now();
    const ok = await this.store.heartbeat(deviceId, {
      at: now.toISOString(),
      hasCamera: hb.hasCamera,
      hasMicrophone: hb.hasMicrophone,
      ...(hb.networkTest === undefined ? {} : { networkTest: hb.networkTest }),
    });
    const d = ok ? await this.store.get(deviceId) : null;
    if (!d) throw AppError.unauthorized('this device is revoked or unknown');
    return { status: kioskStatusOf(d, now), serverTime: now.toISOString() };
  }

  /**
   * Binds the device showing `pairingCode` to a bridge point. A point has one active device: a
   * device already paired there is revoked in the same transaction (and audited, and announced).
   */
  async pair(
    input: {
      pairingCode: string;
      bridgePointId: string;
      label?: string | undefined;
      autoJoin?: boolean | undefined;
    },
    actor: DeviceActor,
  ): Promise<DeviceView> {
    const now = this.now();
    const at = now.toISOString();
    const { device, replaced } = await this.deps.db.transaction().execute(async (trx) => {
      const store = new DeviceStore(trx);
      const pending = await store.findPendingByCode(input.pairingCode, at);
      if (!pending) throw AppError.notFound('pairing code', 'pairingCode');
      const point = await new OrgStore(trx).getBridgePoint(input.bridgePointId);
      if (!point) throw AppError.notFound('bridge point', 'bridgePointId');
      const replaced = (await store.pairedFor(point.id)).filter((d) => d.id !== pending.id);
      for (const old of replaced) await store.revoke(old.id, at);
      const paired = await store.markPaired(pending.id, {
        bridgePointId: point.id,
        at,
        ...(input.label === undefined ? {} : { label: input.label }),
        ...(input.autoJoin === undefined ? {} : { autoJoin: input.autoJoin }),
      });
      if (!paired) throw AppError.notFound('pairing code', 'pairingCode');
      return { device: await store.get(pending.id), replaced };
    });
    if (!device || device.bridgePointId === null) throw AppError.internal();
    // NOTE: disconnect first, then write the audit trail: a slow audit must not delay the cut.
    for (const old of replaced) {
      this.events.emit('revoked', { deviceId: old.id, bridgePointId: old.bridgePointId, reason: 'replaced' });
    }
    this.events.emit('paired', { deviceId: device.id, bridgePointId: device.bridgePointId });
    for (const old of replaced) {
      await this.audit('device.revoked', old.id, actor, {
        reason: 'replaced',
        bridgePointId: old.bridgePointId,
        replacedBy: device.id,
      });
    }
    await this.audit('device.paired', device.id, actor, {
      bridgePointId: device.bridgePointId,
      bridgePointName: device.bridgePointName,
      label: device.label,
    });
    return toDeviceView(device, now);
  }

  /** Revokes a device: its token stops working and its live session is told to end. Idempotent. */
  async revoke(deviceId: string, actor: DeviceActor): Promise<DeviceView> {
    const now = this.now();
    const before = await this.store.get(deviceId);
    if (!before) throw AppError.notFound('device', 'id');
    if (await this.store.revoke(deviceId, now.toISOString())) {
      this.events.emit('revoked', { deviceId, bridgePointId: before.bridgePointId, reason: 'admin' });
      await this.audit('device.revoked', deviceId, actor, {
        reason: 'admin',
        bridgePointId: before.bridgePointId,
      });
    }
    const after = await this.store.get(deviceId);
    if (!after) throw AppError.notFound('device', 'id');
    return toDeviceView(after, now);
  }

  async update(
    deviceId: string,
    changes: { label?: string | undefined; autoJoin?: boolean | undefined },
  ): Promise<DeviceView> {
    const ok = await this.store.update(deviceId, {
      ...(changes.label === undefined ? {} : { label: changes.label }),
      ...(changes.autoJoin === undefined ? {} : { autoJoin: changes.autoJoin }),
    });
    const d = ok ? await this.store.get(deviceId) : null;
    if (!d) throw AppError.notFound('device', 'id');
    return toDeviceView(d, this.now());
  }

  /** The status board: every device but lapsed registrations, in board order. */
  async list(): Promise<DeviceView[]> {
    const now = this.now();
    return (await this.store.list())
      .filter((d) => kioskStatusOf(d, now) !== 'expired')
      .map((d) => toDeviceView(d, now))
      .sort(compareForBoard);
  }

  /**
   * For the auth plugin: the device a bearer token belongs to, or null when unknown or revoked
   * (so a revoked token is refused everywhere). A pending device has no bridge point yet.
   */
  async resolveToken(token: string): Promise<DeviceAuth | null> {
    const d = await this.store.findByTokenHash(hashDeviceToken(token));
    if (!d || d.status === 'revoked') return null;
    return { kind: 'device', deviceId: d.id, bridgePointId: d.status === 'paired' ? d.bridgePointId : null };
  }

  private async audit(
    action: AuditAction,
    deviceId: string,
    actor: DeviceActor,
    detail: object,
  ): Promise<void> {
    await this.deps.audit.record({
      action,
      actorUserId: actor.userId,
      targetType: 'device',
      targetId: deviceId,
      ip: actor.ip,
      detail,
    });
  }
}
