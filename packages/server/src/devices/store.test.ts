// DeviceStore and DeviceService on both engines: pending registrations, pairing once, one active
// device per bridge point, heartbeats, revocation, and token resolution.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import type { AuditEntry } from '../org/http.js';
import { isUniqueViolation } from '../org/sql-errors.js';
import { DeviceEvents } from './events.js';
import type { DeviceEventMap } from './events.js';
import { DeviceService } from './service.js';
import { DeviceStore } from './store.js';

const T0 = '2026-03-02T01:00:00.000Z';
const LATER = '2026-03-02T01:15:00.000Z';

describe.each(DB_KINDS)('devices on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function setup(): Promise<DeviceStore> {
    t = await createTestDatabase(kind);
    await seedDemoWard(t.db);
    return new DeviceStore(t.db);
  }
  const pending = (id: string, code: string, expires = LATER) => ({
    id,
    tokenHash: `hash_${id}`,
    pairingCode: code,
    pairingExpiresAt: expires,
    userAgent: 'Chromium kiosk',
    createdAt: T0,
  });

  it('pairs a pending device once, by a live code only', async () => {
    const store = await setup();
    await store.insertPending(pending('d1', 'ABC234'));
    await expect(store.insertPending(pending('d2', 'ABC234'))).rejects.toSatisfy(isUniqueViolation);
    expect(await store.pairingCodeTaken('ABC234')).toBe(true);
    expect(await store.countLivePending(T0)).toBe(1);
    expect(await store.findPendingByCode('ABC234', LATER)).toBeNull();
    const found = await store.findPendingByCode('ABC234', T0);
    expect(found).toMatchObject({ id: 'd1', status: 'pending', bridgePointId: null, hasCamera: null });
    expect(
      await store.markPaired('d1', {
        bridgePointId: 'bp_kp4',
        at: T0,
        label: 'Máy khu phố 4',
        autoJoin: true,
      }),
    ).toBe(true);
    expect(await store.markPaired('d1', { bridgePointId: 'bp_kp1', at: T0 })).toBe(false);
    expect(await store.get('d1')).toMatchObject({
      status: 'paired',
      bridgePointId: 'bp_kp4',
      bridgePointName: 'Văn phòng khu phố 4',
      pairingCode: null,
      label: 'Máy khu phố 4',
      autoJoin: true,
      pairedAt: T0,
    });
    expect((await store.pairedFor('bp_kp4')).map((d) => d.id)).toEqual(['d1']);
    expect(await store.pairingCodeTaken('ABC234')).toBe(false);
  });

  it('records heartbeats with the network test, and refuses them once revoked', async () => {
    const store = await setup();
    await store.insertPending(pending('d1', 'ABC234'));
    const networkTest = { at: T0, rttMs: 42, lossPercent: 0.5, downKbps: 8000, upKbps: 2000 };
    expect(await store.heartbeat('d1', { at: T0, hasCamera: true, hasMicrophone: false, networkTest })).toBe(
      true,
    );
    expect(await store.heartbeat('d1', { at: LATER, hasCamera: true, hasMicrophone: true })).toBe(true);
    expect(await store.get('d1')).toMatchObject({
      lastHeartbeatAt: LATER,
      hasCamera: true,
      hasMicrophone: true,
      lastNetworkTest: networkTest,
    });
    expect(await store.revoke('d1', LATER)).toBe(true);
    expect(await store.revoke('d1', LATER)).toBe(false);
    expect(await store.heartbeat('d1', { at: LATER, hasCamera: false, hasMicrophone: false })).toBe(false);
    expect(await store.findByTokenHash('hash_d1')).toMatchObject({ status: 'revoked', revokedAt: LATER });
  });

  it('forgets lapsed registrations and edits label and auto-join', async () => {
    const store = await setup();
    await store.insertPending(pending('old', 'OLD234', T0));
    await store.insertPending(pending('new', 'NEW234'));
    expect(await store.countLivePending(T0)).toBe(1);
    expect(await store.deleteExpiredPending(LATER)).toBe(1);
    expect((await store.list()).map((d) => d.id)).toEqual(['new']);
    expect(await store.update('new', { label: 'Điểm cầu khu phố 6', autoJoin: true })).toBe(true);
    expect(await store.get('new')).toMatchObject({ label: 'Điểm cầu khu phố 6', autoJoin: true });
    expect(await store.update('nope', { label: 'x' })).toBe(false);
  });

  it('the service keeps one active device per bridge point and resolves only live tokens', async () => {
    await setup();
    const audit: AuditEntry[] = [];
    const revoked: DeviceEventMap['revoked'][] = [];
    const events = new DeviceEvents();
    events.on('revoked', (e) => void revoked.push(e));
    const service = new DeviceService({
      db: t!.db,
      events,
      now: () => new Date(T0),
      audit: { record: (e) => Promise.resolve(void audit.push(e)) },
    });
    const actor = { userId: 'u_admin', ip: '127.0.0.1' };
    const first = await service.register('kiosk A');
    const second = await service.register('kiosk B');
    await service.pair({ pairingCode: first.pairingCode, bridgePointId: 'bp_kp4' }, actor);
    expect(await service.resolveToken(first.token)).toEqual({
      kind: 'device',
      deviceId: first.deviceId,
      bridgePointId: 'bp_kp4',
    });
    expect(await service.resolveToken(second.token)).toEqual({
      kind: 'device',
      deviceId: second.deviceId,
      bridgePointId: null,
    });
    await service.pair({ pairingCode: second.pairingCode, bridgePointId: 'bp_kp4', autoJoin: true }, actor);
    expect(revoked).toEqual([{ deviceId: first.deviceId, bridgePointId: 'bp_kp4', reason: 'replaced' }]);
    expect(await service.resolveToken(first.token)).toBeNull();
    expect(audit.map((a) => `${a.action}:${a.targetId}`)).toEqual([
      `device.paired:${first.deviceId}`,
      `device.revoked:${first.deviceId}`,
      `device.paired:${second.deviceId}`,
    ]);
    const board = await service.list();
    expect(board.map((d) => [d.id, d.status])).toEqual([
      [second.deviceId, 'paired'],
      [first.deviceId, 'revoked'],
    ]);
  });
});
