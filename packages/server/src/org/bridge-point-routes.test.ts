// HTTP tests (inject) of bridge points over the demo ward on SQLite: the list with device status,
// admin create/update/delete, one main point, unique names, and who may do what.
import type { BridgePointListResponse, BridgePointView, KioskRegisterResponse } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { CALLERS, NON_ADMIN_USERS, buildOrgTestApp } from './testing.js';
import type { OrgTestApp } from './testing.js';

let db: Db | null = null;
let t: OrgTestApp | null = null;
afterEach(async () => {
  await t?.app.close();
  await db?.destroy();
  t = null;
  db = null;
});

async function start() {
  db = await openDatabase({ url: ':memory:' });
  await seedDemoWard(db);
  t = await buildOrgTestApp(db);
  return { t, inject: t.app.inject.bind(t.app), db };
}

const json = (payload: unknown) => ({ payload: payload as object });

async function points(
  inject: OrgTestApp['app']['inject'],
  headers: Record<string, string> = CALLERS.admin,
): Promise<BridgePointView[]> {
  return (await inject({ url: '/api/org/bridge-points', headers })).json<BridgePointListResponse>()
    .bridgePoints;
}

/** Registers a kiosk and pairs it to `bridgePointId`; returns its token. */
async function pairKiosk(
  inject: OrgTestApp['app']['inject'],
  bridgePointId: string,
): Promise<KioskRegisterResponse> {
  const reg = (await inject({ method: 'POST', url: '/api/kiosk/register' })).json<KioskRegisterResponse>();
  const paired = await inject({
    method: 'POST',
    url: '/api/devices/pair',
    headers: CALLERS.admin,
    ...json({ pairingCode: reg.pairingCode, bridgePointId, label: 'Máy khu phố 4' }),
  });
  expect(paired.statusCode).toBe(200);
  return reg;
}

describe('GET /api/org/bridge-points', () => {
  it('lists points with their organization and no device, for every signed-in user', async () => {
    const { inject } = await start();
    for (const role of ['admin', ...NON_ADMIN_USERS] as const) {
      const list = await points(inject, CALLERS[role]);
      expect(list, role).toHaveLength(9);
    }
    const list = await points(inject);
    expect(list[0]).toEqual({
      id: 'bp_hoi_truong',
      name: 'Hội trường UBND phường',
      organizationId: 'org_ubnd',
      organizationName: 'UBND phường An Phú Đông',
      location: 'Trụ sở UBND phường An Phú Đông',
      capacity: 80,
      isMain: true,
      sortOrder: 0,
      receiveCapKbps: null,
      device: null,
    });
    for (const caller of ['anonymous', 'device'] as const) {
      expect((await inject({ url: '/api/org/bridge-points', headers: CALLERS[caller] })).statusCode).toBe(
        401,
      );
    }
  });

  it('shows the paired device online after a heartbeat and offline 60 s later', async () => {
    const { inject, t } = await start();
    const kiosk = await pairKiosk(inject, 'bp_kp4');
    const beat = await inject({
      method: 'POST',
      url: '/api/kiosk/heartbeat',
      headers: { authorization: `Device ${kiosk.token}` },
      ...json({ hasCamera: true, hasMicrophone: true }),
    });
    expect(beat.statusCode).toBe(200);
    const kp4 = (await points(inject)).find((p) => p.id === 'bp_kp4');
    expect(kp4?.device).toEqual({
      id: kiosk.deviceId,
      label: 'Máy khu phố 4',
      online: true,
      lastHeartbeatAt: '2026-03-02T01:00:00.000Z',
      hasCamera: true,
      hasMicrophone: true,
    });
    const forChair = (await points(inject, CALLERS.chair)).find((p) => p.id === 'bp_kp4');
    expect(forChair?.device).toEqual({
      online: true,
      lastHeartbeatAt: '2026-03-02T01:00:00.000Z',
      hasCamera: true,
      hasMicrophone: true,
    });
    t.advance(60_000);
    expect((await points(inject)).find((p) => p.id === 'bp_kp4')?.device?.online).toBe(false);
  });
});

describe('bridge point admin', () => {
  it('creates a point; a new main point unsets the old one', async () => {
    const { inject } = await start();
    const res = await inject({
      method: 'POST',
      url: '/api/org/bridge-points',
      headers: CALLERS.admin,
      ...json({
        name: 'Nhà văn hóa khu phố 6',
        organizationId: 'org_kp6',
        location: 'Đường số 8',
        capacity: 120,
        isMain: true,
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Nhà văn hóa khu phố 6',
      organizationName: 'Khu phố 6',
      capacity: 120,
      isMain: true,
      sortOrder: 9,
      device: null,
    });
    const mains = (await points(inject)).filter((p) => p.isMain).map((p) => p.name);
    expect(mains).toEqual(['Nhà văn hóa khu phố 6']);
  });

  it('validates the body and refuses a duplicate name or unknown organization', async () => {
    const { inject } = await start();
    const post = (body: unknown) =>
      inject({ method: 'POST', url: '/api/org/bridge-points', headers: CALLERS.admin, ...json(body) });
    const cases: [unknown, string][] = [
      [{ organizationId: 'org_kp1' }, 'name'],
      [{ name: 'A', organizationId: 'org_kp1', capacity: -1 }, 'capacity'],
      [{ name: 'A', organizationId: 'org_kp1', capacity: 2.5 }, 'capacity'],
      [{ name: 'A', organizationId: 'org_kp1', isMain: 'yes' }, 'isMain'],
      [{ name: 'A' }, 'organizationId'],
      [{ name: 'A', organizationId: 'org_kp1', location: 'l'.repeat(301) }, 'location'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
    }
    const dup = await post({ name: 'Văn phòng khu phố 4', organizationId: 'org_kp4' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'conflict', field: 'name' });
    expect((await post({ name: 'B', organizationId: 'org_nope' })).json()).toMatchObject({
      code: 'not_found',
      field: 'organizationId',
    });
  });

  it('updates a point, moving the main flag in one step', async () => {
    const { inject } = await start();
    const patch = (id: string, body: unknown) =>
      inject({ method: 'PATCH', url: `/api/org/bridge-points/${id}`, headers: CALLERS.admin, ...json(body) });
    const res = await patch('bp_vp_dang_uy', { isMain: true, capacity: 0, location: 'Tầng 2' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ isMain: true, capacity: 0, location: 'Tầng 2' });
    expect((await points(inject)).filter((p) => p.isMain).map((p) => p.id)).toEqual(['bp_vp_dang_uy']);
    expect((await patch('bp_vp_dang_uy', { isMain: false })).json()).toMatchObject({ isMain: false });
    expect((await points(inject)).filter((p) => p.isMain)).toEqual([]);
    expect((await patch('bp_kp1', { name: 'Văn phòng khu phố 2' })).json()).toMatchObject({
      code: 'conflict',
      field: 'name',
    });
    expect((await patch('bp_kp1', { name: 'Văn phòng khu phố 1' })).statusCode).toBe(200);
    expect((await patch('bp_kp1', { organizationId: 'org_nope' })).json()).toMatchObject({
      field: 'organizationId',
    });
    expect((await patch('bp_kp1', { capacity: -5 })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'capacity',
    });
    expect((await patch('bp_nope', { capacity: 5 })).statusCode).toBe(404);
  });

  it('sets, validates and clears the receive cap (64–100000 kbit/s or none)', async () => {
    const { inject } = await start();
    const patch = (id: string, body: unknown) =>
      inject({ method: 'PATCH', url: `/api/org/bridge-points/${id}`, headers: CALLERS.admin, ...json(body) });
    const created = await inject({
      method: 'POST',
      url: '/api/org/bridge-points',
      headers: CALLERS.admin,
      ...json({ name: 'Tổ dân phố 12', organizationId: 'org_kp6', receiveCapKbps: 64 }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ receiveCapKbps: 64 });
    for (const bad of [63, 100_001, 512.5, '512', 0, -1]) {
      const res = await patch('bp_kp4', { receiveCapKbps: bad });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'receiveCapKbps' });
    }
    expect((await patch('bp_kp4', { receiveCapKbps: 100_000 })).json()).toMatchObject({
      receiveCapKbps: 100_000,
    });
    expect((await points(inject)).find((p) => p.id === 'bp_kp4')?.receiveCapKbps).toBe(100_000);
    // Another change keeps the cap; null removes it.
    expect((await patch('bp_kp4', { capacity: 30 })).json()).toMatchObject({ receiveCapKbps: 100_000 });
    expect((await patch('bp_kp4', { receiveCapKbps: null })).json()).toMatchObject({ receiveCapKbps: null });
  });

  it('deletes a point unless a device is paired to it or meetings use it', async () => {
    const { inject } = await start();
    const del = (id: string) =>
      inject({ method: 'DELETE', url: `/api/org/bridge-points/${id}`, headers: CALLERS.admin });
    const inUse = await del('bp_hoi_truong');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('meetings') as string,
    });
    const kiosk = await pairKiosk(inject, 'bp_kp4');
    expect((await del('bp_kp4')).json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('revoke') as string,
    });
    await inject({ method: 'POST', url: `/api/devices/${kiosk.deviceId}/revoke`, headers: CALLERS.admin });
    expect((await del('bp_kp4')).statusCode).toBe(204);
    expect((await del('bp_kp4')).statusCode).toBe(404);
    expect((await points(inject)).map((p) => p.id)).not.toContain('bp_kp4');
  });

  it('lets only admins change bridge points, whatever the id', async () => {
    const { inject } = await start();
    const requests = [
      {
        method: 'POST' as const,
        url: '/api/org/bridge-points',
        ...json({ name: 'X', organizationId: 'org_kp1' }),
      },
      { method: 'PATCH' as const, url: '/api/org/bridge-points/bp_kp4', ...json({ isMain: true }) },
      { method: 'PATCH' as const, url: '/api/org/bridge-points/bp_guess', ...json({ isMain: true }) },
      { method: 'DELETE' as const, url: '/api/org/bridge-points/bp_kp4' },
    ];
    for (const req of requests) {
      for (const role of NON_ADMIN_USERS) {
        expect(
          (await inject({ ...req, headers: CALLERS[role] })).statusCode,
          `${role} ${req.method} ${req.url}`,
        ).toBe(403);
      }
      for (const caller of ['anonymous', 'device'] as const) {
        expect((await inject({ ...req, headers: CALLERS[caller] })).statusCode, `${caller} ${req.url}`).toBe(
          401,
        );
      }
    }
    const list = await points(inject);
    expect(list.filter((p) => p.isMain).map((p) => p.id)).toEqual(['bp_hoi_truong']);
    expect(list).toHaveLength(9);
  });
});
