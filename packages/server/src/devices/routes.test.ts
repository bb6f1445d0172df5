// HTTP tests (inject) of kiosks and the device board over the demo ward on SQLite: the whole
// pairing flow with real device tokens, validation with the field, and who may do what.
import type { DeviceListResponse, DeviceView, KioskRegisterResponse } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { CALLERS, NON_ADMIN_USERS, buildOrgTestApp } from '../org/testing.js';
import type { OrgTestApp } from '../org/testing.js';
import { asDevice, asUser } from '../testing/fake-auth.js';
import { PAIRING_TTL_MS } from './service.js';

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
  const inject = t.app.inject.bind(t.app);
  const register = async (): Promise<KioskRegisterResponse> => {
    const res = await inject({
      method: 'POST',
      url: '/api/kiosk/register',
      headers: { 'user-agent': 'Chromium kiosk' },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const pair = (body: unknown, headers: Record<string, string> = CALLERS.admin) =>
    inject({ method: 'POST', url: '/api/devices/pair', headers, ...json(body) });
  const state = (token: string) => inject({ url: '/api/kiosk/state', headers: bearer(token) });
  const heartbeat = (token: string, body: unknown) =>
    inject({ method: 'POST', url: '/api/kiosk/heartbeat', headers: bearer(token), ...json(body) });
  const board = async (): Promise<DeviceView[]> =>
    (await inject({ url: '/api/devices', headers: CALLERS.admin })).json<DeviceListResponse>().devices;
  return { t, inject, register, pair, state, heartbeat, board };
}

const json = (payload: unknown) => ({ payload: payload as object });
const bearer = (token: string) => ({ authorization: `Device ${token}` });

describe('kiosk pairing flow', () => {
  it('register → pending with code → admin pairs → paired → heartbeat → online → revoke → refused', async () => {
    const { t, inject, register, pair, state, heartbeat, board } = await start();
    const kiosk = await register();
    expect(kiosk.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(kiosk.pairingCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    expect(kiosk.expiresAt).toBe('2026-03-02T01:15:00.000Z');

    expect((await state(kiosk.token)).json()).toEqual({
      deviceId: kiosk.deviceId,
      status: 'pending',
      pairingCode: kiosk.pairingCode,
      pairingExpiresAt: kiosk.expiresAt,
      autoJoin: false,
      label: '',
    });

    // The admin types the code in lower case with a dash, as people do.
    const typed = `${kiosk.pairingCode.slice(0, 3)}-${kiosk.pairingCode.slice(3)}`.toLowerCase();
    const paired = await pair({
      pairingCode: typed,
      bridgePointId: 'bp_kp4',
      label: 'Máy điểm cầu khu phố 4',
      autoJoin: true,
    });
    expect(paired.statusCode).toBe(200);
    expect(paired.json()).toMatchObject({
      id: kiosk.deviceId,
      status: 'paired',
      label: 'Máy điểm cầu khu phố 4',
      autoJoin: true,
      bridgePoint: { id: 'bp_kp4', name: 'Văn phòng khu phố 4' },
      online: false,
    });
    expect(t.audit).toEqual([
      {
        action: 'device.paired',
        actorUserId: 'u_admin',
        targetType: 'device',
        targetId: kiosk.deviceId,
        ip: '127.0.0.1',
        detail: {
          bridgePointId: 'bp_kp4',
          bridgePointName: 'Văn phòng khu phố 4',
          label: 'Máy điểm cầu khu phố 4',
        },
      },
    ]);

    expect((await state(kiosk.token)).json()).toEqual({
      deviceId: kiosk.deviceId,
      status: 'paired',
      bridgePoint: { id: 'bp_kp4', name: 'Văn phòng khu phố 4' },
      autoJoin: true,
      label: 'Máy điểm cầu khu phố 4',
    });
    // The code is spent: it pairs nothing any more.
    expect((await pair({ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_kp1' })).statusCode).toBe(404);

    t.advance(5_000);
    const networkTest = {
      at: '2026-03-02T01:00:04+07:00',
      rttMs: 35,
      lossPercent: 0,
      downKbps: 12000,
      upKbps: 3000,
    };
    const beat = await heartbeat(kiosk.token, { hasCamera: true, hasMicrophone: false, networkTest });
    expect(beat.statusCode).toBe(200);
    expect(beat.json()).toEqual({ status: 'paired', serverTime: '2026-03-02T01:00:05.000Z' });
    expect((await board())[0]).toMatchObject({
      id: kiosk.deviceId,
      online: true,
      lastHeartbeatAt: '2026-03-02T01:00:05.000Z',
      hasCamera: true,
      hasMicrophone: false,
      lastNetworkTest: networkTest,
      userAgent: 'Chromium kiosk',
    });

    const revoked = await inject({
      method: 'POST',
      url: `/api/devices/${kiosk.deviceId}/revoke`,
      headers: CALLERS.admin,
    });
    expect(revoked.json()).toMatchObject({
      status: 'revoked',
      online: false,
      revokedAt: '2026-03-02T01:00:05.000Z',
    });
    expect(t.revoked).toEqual([{ deviceId: kiosk.deviceId, bridgePointId: 'bp_kp4', reason: 'admin' }]);
    expect(t.audit.at(-1)).toMatchObject({
      action: 'device.revoked',
      targetId: kiosk.deviceId,
      detail: { reason: 'admin' },
    });

    // The token is refused everywhere; a state check through a stale context still says revoked.
    expect((await state(kiosk.token)).statusCode).toBe(401);
    expect((await heartbeat(kiosk.token, { hasCamera: true, hasMicrophone: true })).statusCode).toBe(401);
    expect(await t.devices.resolveToken(kiosk.token)).toBeNull();
    const stale = await inject({ url: '/api/kiosk/state', headers: asDevice(kiosk.deviceId, 'bp_kp4') });
    expect(stale.json()).toMatchObject({ status: 'revoked' });
    expect(stale.json()).not.toHaveProperty('bridgePoint');
    const staleBeat = await inject({
      method: 'POST',
      url: '/api/kiosk/heartbeat',
      headers: asDevice(kiosk.deviceId, 'bp_kp4'),
      ...json({ hasCamera: true, hasMicrophone: true }),
    });
    expect(staleBeat.statusCode).toBe(401);
    // Revoking twice changes nothing and records nothing more.
    await inject({ method: 'POST', url: `/api/devices/${kiosk.deviceId}/revoke`, headers: CALLERS.admin });
    expect(t.revoked).toHaveLength(1);
  });

  it('pairing a second device to the same point revokes the first (audited, announced)', async () => {
    const { t, register, pair, state, board } = await start();
    const first = await register();
    const second = await register();
    expect(first.pairingCode).not.toBe(second.pairingCode);
    await pair({ pairingCode: first.pairingCode, bridgePointId: 'bp_kp4' });
    await pair({ pairingCode: second.pairingCode, bridgePointId: 'bp_kp4' });
    expect((await state(first.token)).statusCode).toBe(401);
    expect((await state(second.token)).json()).toMatchObject({ status: 'paired' });
    expect(t.revoked).toEqual([{ deviceId: first.deviceId, bridgePointId: 'bp_kp4', reason: 'replaced' }]);
    expect(t.audit.map((a) => a.action)).toEqual(['device.paired', 'device.revoked', 'device.paired']);
    expect(t.audit[1]).toMatchObject({
      targetId: first.deviceId,
      detail: { reason: 'replaced', replacedBy: second.deviceId },
    });
    expect((await board()).map((d) => [d.id, d.status])).toEqual([
      [second.deviceId, 'paired'],
      [first.deviceId, 'revoked'],
    ]);
  });

  it('tells a kiosk its code expired after 15 minutes, and the code no longer pairs', async () => {
    const { t, register, pair, state, board } = await start();
    const kiosk = await register();
    t.advance(PAIRING_TTL_MS);
    expect((await state(kiosk.token)).json()).toEqual({
      deviceId: kiosk.deviceId,
      status: 'expired',
      autoJoin: false,
      label: '',
    });
    const late = await pair({ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_kp4' });
    expect(late.statusCode).toBe(404);
    expect(late.json()).toMatchObject({ code: 'not_found', field: 'pairingCode' });
    expect(await board()).toEqual([]);
    // An hour later the registration is forgotten when another kiosk registers.
    t.advance(60 * 60_000 + 1);
    const next = await register();
    expect((await state(kiosk.token)).statusCode).toBe(401);
    expect((await state(next.token)).json()).toMatchObject({ status: 'pending' });
  });

  it('bounds how many registrations may wait at once (429)', async () => {
    const { register, inject } = await start();
    for (let i = 0; i < 100; i++) await register();
    const res = await inject({ method: 'POST', url: '/api/kiosk/register' });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'rate_limited' });
  });
});

describe('kiosk routes: validation and callers', () => {
  it('validates register and heartbeat bodies, naming the field', async () => {
    const { inject, register, heartbeat } = await start();
    const reg = await inject({
      method: 'POST',
      url: '/api/kiosk/register',
      ...json({ userAgent: 'u'.repeat(301) }),
    });
    expect(reg.json()).toMatchObject({ code: 'validation_failed', field: 'userAgent' });
    const noStore = await inject({
      method: 'POST',
      url: '/api/kiosk/register',
      ...json({ userAgent: 'Kiosk 1' }),
    });
    expect(noStore.headers['cache-control']).toBe('no-store');
    const kiosk = await register();
    const cases: [unknown, string][] = [
      [{ hasMicrophone: true }, 'hasCamera'],
      [{ hasCamera: 'yes', hasMicrophone: true }, 'hasCamera'],
      [{ hasCamera: true, hasMicrophone: true, networkTest: { at: 'yesterday' } }, 'networkTest.at'],
      [
        {
          hasCamera: true,
          hasMicrophone: true,
          networkTest: { at: '2026-03-02T01:00:00Z', lossPercent: 101 },
        },
        'networkTest.lossPercent',
      ],
      [
        { hasCamera: true, hasMicrophone: true, networkTest: { at: '2026-03-02T01:00:00Z', rttMs: -1 } },
        'networkTest.rttMs',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await heartbeat(kiosk.token, body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
    }
    // A pending kiosk may already report its camera and microphone.
    expect((await heartbeat(kiosk.token, { hasCamera: false, hasMicrophone: true })).json()).toMatchObject({
      status: 'pending',
    });
  });

  it('serves kiosk state and heartbeat to devices only, each about itself (no IDOR)', async () => {
    const { inject, register, heartbeat, board } = await start();
    const a = await register();
    const b = await register();
    for (const role of ['admin', ...NON_ADMIN_USERS, 'anonymous'] as const) {
      expect((await inject({ url: '/api/kiosk/state', headers: CALLERS[role] })).statusCode, role).toBe(401);
      const beat = await inject({
        method: 'POST',
        url: '/api/kiosk/heartbeat',
        headers: CALLERS[role],
        ...json({ hasCamera: true, hasMicrophone: true }),
      });
      expect(beat.statusCode, role).toBe(401);
    }
    expect(
      (
        await inject({
          url: '/api/kiosk/state',
          headers: { authorization: 'Device not-a-real-token-at-all-xxxxxxxx' },
        })
      ).statusCode,
    ).toBe(401);
    await heartbeat(a.token, { hasCamera: true, hasMicrophone: true });
    const rows = await board();
    expect(rows.find((d) => d.id === a.deviceId)?.lastHeartbeatAt).not.toBeNull();
    expect(rows.find((d) => d.id === b.deviceId)?.lastHeartbeatAt).toBeNull();
    const stateA = await inject({ url: '/api/kiosk/state', headers: bearer(a.token) });
    expect(stateA.json()).toMatchObject({ pairingCode: a.pairingCode });
    expect(stateA.body).not.toContain(b.pairingCode);
  });
});

describe('device admin routes', () => {
  it('validates pairing, naming the field', async () => {
    const { register, pair } = await start();
    const kiosk = await register();
    const cases: [unknown, string, number][] = [
      [{ bridgePointId: 'bp_kp4' }, 'pairingCode', 400],
      [{ pairingCode: ' - ', bridgePointId: 'bp_kp4' }, 'pairingCode', 400],
      [{ pairingCode: kiosk.pairingCode }, 'bridgePointId', 400],
      [{ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_kp4', label: 'l'.repeat(201) }, 'label', 400],
      [{ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_kp4', autoJoin: 'true' }, 'autoJoin', 400],
      [{ pairingCode: 'ZZZZZZ', bridgePointId: 'bp_kp4' }, 'pairingCode', 404],
      [{ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_nope' }, 'bridgePointId', 404],
    ];
    for (const [body, field, status] of cases) {
      const res = await pair(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json()).toMatchObject({ field });
    }
  });

  it('edits label and auto-join, and 404s an unknown device', async () => {
    const { inject, register, pair, state } = await start();
    const kiosk = await register();
    await pair({ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_kp2' });
    const patch = (id: string, body: unknown) =>
      inject({ method: 'PATCH', url: `/api/devices/${id}`, headers: CALLERS.admin, ...json(body) });
    expect(
      (await patch(kiosk.deviceId, { label: 'Điểm cầu Đỗ Thị Ánh Tuyết', autoJoin: true })).json(),
    ).toMatchObject({
      label: 'Điểm cầu Đỗ Thị Ánh Tuyết',
      autoJoin: true,
    });
    expect((await state(kiosk.token)).json()).toMatchObject({
      label: 'Điểm cầu Đỗ Thị Ánh Tuyết',
      autoJoin: true,
    });
    expect((await patch(kiosk.deviceId, { autoJoin: 1 })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'autoJoin',
    });
    expect((await patch('dev_nope', { label: 'x' })).statusCode).toBe(404);
    const revoke = await inject({
      method: 'POST',
      url: '/api/devices/dev_nope/revoke',
      headers: CALLERS.admin,
    });
    expect(revoke.json()).toMatchObject({ code: 'not_found', field: 'id' });
  });

  it('lets only admins pair, list, revoke and edit devices, whatever the id', async () => {
    const { inject, register, pair, state } = await start();
    const kiosk = await register();
    await pair({ pairingCode: kiosk.pairingCode, bridgePointId: 'bp_kp4' });
    const victim = await register();
    const requests = [
      {
        method: 'POST' as const,
        url: '/api/devices/pair',
        ...json({ pairingCode: victim.pairingCode, bridgePointId: 'bp_kp1' }),
      },
      { method: 'GET' as const, url: '/api/devices' },
      { method: 'POST' as const, url: `/api/devices/${kiosk.deviceId}/revoke` },
      { method: 'POST' as const, url: '/api/devices/dev_guess/revoke' },
      { method: 'PATCH' as const, url: `/api/devices/${kiosk.deviceId}`, ...json({ autoJoin: true }) },
    ];
    // The operator of this very bridge point, and the device itself, may not manage it either.
    const operatorHere = asUser(['operator'], { bridgePointId: 'bp_kp4' });
    for (const req of requests) {
      for (const role of NON_ADMIN_USERS) {
        expect(
          (await inject({ ...req, headers: CALLERS[role] })).statusCode,
          `${role} ${req.method} ${req.url}`,
        ).toBe(403);
      }
      expect((await inject({ ...req, headers: operatorHere })).statusCode).toBe(403);
      for (const headers of [CALLERS.anonymous, CALLERS.device, bearer(kiosk.token), bearer(victim.token)]) {
        expect((await inject({ ...req, headers })).statusCode, `device ${req.url}`).toBe(401);
      }
    }
    expect((await state(kiosk.token)).json()).toMatchObject({ status: 'paired', autoJoin: false });
    expect((await state(victim.token)).json()).toMatchObject({ status: 'pending' });
  });
});
