// HTTP tests (inject) of network-test reports and readiness tables over the demo ward on SQLite:
// a device reports for itself only, the server judges, and the tables are for those who may
// edit the meeting (readiness of a meeting) or for admins (every bridge point).
import type { NetworkLeg, NetworkTestReport, NetworkTestView, ReadinessResponse } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { DeviceStore } from '../devices/store.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asDevice, asUser } from '../testing/fake-auth.js';
import { installFakeAuth } from '../testing/fake-auth.js';
import { registerNetworkTestRoutes } from './routes.js';

let now = new Date('2026-11-26T03:00:00.000Z');
const clock = (): Date => now;

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  outsider: asUser(['chair', 'secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
  kp4: asDevice('dev_kp4', 'bp_kp4'),
  kp6: asDevice('dev_kp6', 'bp_kp6'),
  anonymous: {},
} as const;
type Who = keyof typeof H;

let db: Db;
let app: FastifyInstance;

async function pairedDevice(id: string, bridgePointId: string): Promise<void> {
  const store = new DeviceStore(db);
  await store.insertPending({
    id,
    tokenHash: `hash-${id}`,
    pairingCode: id.slice(-6).toUpperCase(),
    pairingExpiresAt: '2026-11-26T04:00:00.000Z',
    userAgent: 'kiosk',
    createdAt: '2026-11-26T02:00:00.000Z',
  });
  expect(
    await store.markPaired(id, { bridgePointId, at: '2026-11-26T02:01:00.000Z', label: `Máy ${id}` }),
  ).toBe(true);
}

beforeEach(async () => {
  now = new Date('2026-11-26T03:00:00.000Z');
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  await pairedDevice('dev_kp4', 'bp_kp4');
  await pairedDevice('dev_kp6', 'bp_kp6');
  await new DeviceStore(db).heartbeat('dev_kp4', {
    at: now.toISOString(),
    hasCamera: true,
    hasMicrophone: true,
  });
  app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const meetings = registerMeetingRoutes(app, { db, audit: new MemoryAudit(), invitations: null, clock });
  registerNetworkTestRoutes(app, { db, meetings, now: clock });
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await db.destroy();
});

const req = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: H[who], ...(payload === undefined ? {} : { payload }) });

async function createMeeting(body: object): Promise<string> {
  const res = await req('admin', 'POST', '/api/meetings', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ meeting: { id: string } }>().meeting.id;
}

const giaoBan = {
  title: 'Họp giao ban tháng 12',
  type: 'giao_ban',
  startsAt: '2026-11-26T03:20:00.000Z',
  durationMinutes: 60,
  hostBridgePointId: 'bp_hoi_truong',
  bridgePointIds: ['bp_kp1', 'bp_kp4'],
  invitees: [
    { personId: PEOPLE.chair.id, role: 'chair' },
    { personId: PEOPLE.delegate.id, role: 'delegate' },
  ],
};

const LEG: NetworkLeg = {
  status: 'ok',
  rttMs: 35,
  lossPct: 0.2,
  upKbps: 1400,
  downKbps: 820,
  connectMs: 900,
  route: 'host',
  transport: 'udp',
};
const report = (over: Partial<NetworkTestReport> = {}): NetworkTestReport => ({
  deviceId: 'dev_kp4',
  meetingId: null,
  trigger: 'manual',
  startedAt: '2026-11-26T02:59:40.000Z',
  hasCamera: true,
  hasMicrophone: true,
  direct: LEG,
  relay: { ...LEG, route: 'relay', transport: 'tcp', rttMs: 48 },
  ...over,
});

describe('POST /api/kiosk/network-tests', () => {
  it('stores the test with the server’s verdict and the server’s time; the board gets the summary', async () => {
    const res = await req('kp4', 'POST', '/api/kiosk/network-tests', {
      ...report({ direct: { ...LEG, downKbps: 120 } }),
      // A device cannot decide its own verdict: unknown fields are dropped.
      verdict: 'ready',
    });
    expect(res.statusCode, res.body).toBe(201);
    const test = res.json<NetworkTestView>();
    expect(test).toMatchObject({
      deviceId: 'dev_kp4',
      bridgePointId: 'bp_kp4',
      at: '2026-11-26T03:00:00.000Z',
      verdict: 'ready',
      reasons: [{ code: 'down_low', leg: 'direct', value: 120 }],
    });
    expect((await new DeviceStore(db).get('dev_kp4'))?.lastNetworkTest).toEqual({
      at: '2026-11-26T03:00:00.000Z',
      rttMs: 48,
      lossPercent: 0.2,
      downKbps: 820,
      upKbps: 1400,
    });
  });

  it('a device reports for itself only', async () => {
    const res = await req('kp6', 'POST', '/api/kiosk/network-tests', report({ deviceId: 'dev_kp4' }));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', field: 'deviceId' });
  });

  it('only devices post; users and anonymous callers get 401', async () => {
    expect((await req('admin', 'POST', '/api/kiosk/network-tests', report())).statusCode).toBe(401);
    expect((await req('anonymous', 'POST', '/api/kiosk/network-tests', report())).statusCode).toBe(401);
  });

  it('a revoked device is refused', async () => {
    await new DeviceStore(db).revoke('dev_kp4', now.toISOString());
    expect((await req('kp4', 'POST', '/api/kiosk/network-tests', report())).statusCode).toBe(403);
  });

  it('bad values are refused with the field and a clear message', async () => {
    const res = await req(
      'kp4',
      'POST',
      '/api/kiosk/network-tests',
      report({ direct: { ...LEG, lossPct: 250 } }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'direct.lossPct' });
    expect(res.json<{ message: string }>().message).toContain('≤ 100 %');
  });

  it('for a meeting: only if the device’s point is invited (404 otherwise, as for a hidden meeting)', async () => {
    const id = await createMeeting(giaoBan);
    expect(
      (await req('kp6', 'POST', '/api/kiosk/network-tests', report({ deviceId: 'dev_kp6', meetingId: id })))
        .statusCode,
    ).toBe(404);
    const ok = await req(
      'kp4',
      'POST',
      '/api/kiosk/network-tests',
      report({ meetingId: id, trigger: 'auto' }),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ meetingId: id, trigger: 'auto' });
    expect(
      (await req('kp4', 'POST', '/api/kiosk/network-tests', report({ meetingId: 'no-such' }))).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/meetings/:id/readiness', () => {
  it('one row per point (host first), device online, the latest test', async () => {
    const id = await createMeeting(giaoBan);
    await req(
      'kp4',
      'POST',
      '/api/kiosk/network-tests',
      report({
        direct: { ...LEG, status: 'failed', rttMs: null, lossPct: null, upKbps: null, downKbps: null },
      }),
    );
    now = new Date('2026-11-26T03:05:00.000Z');
    await new DeviceStore(db).heartbeat('dev_kp4', {
      at: now.toISOString(),
      hasCamera: true,
      hasMicrophone: true,
    });
    await req('kp4', 'POST', '/api/kiosk/network-tests', report({ meetingId: id, trigger: 'auto' }));
    const res = await req('chair', 'GET', `/api/meetings/${id}/readiness`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json<ReadinessResponse>().rows;
    expect(rows.map((r) => [r.bridgePoint.id, r.host])).toEqual([
      ['bp_hoi_truong', true],
      ['bp_kp1', false],
      ['bp_kp4', false],
    ]);
    const kp4 = rows[2];
    expect(kp4?.device).toMatchObject({ id: 'dev_kp4', online: true, label: 'Máy dev_kp4' });
    expect(kp4?.test).toMatchObject({ at: '2026-11-26T03:05:00.000Z', verdict: 'ready', trigger: 'auto' });
    expect(kp4?.stale).toBe(false);
    expect(rows[0]).toMatchObject({ device: null, test: null });

    now = new Date('2026-11-26T06:00:00.000Z');
    const later = (await req('admin', 'GET', `/api/meetings/${id}/readiness`)).json<ReadinessResponse>()
      .rows[2];
    expect(later).toMatchObject({ stale: true, device: { online: false } });
  });

  it('authorized like the meeting detail, for its editors only', async () => {
    const id = await createMeeting(giaoBan);
    const confidential = await createMeeting({
      ...giaoBan,
      type: 'chi_bo',
      organizationId: 'org_cb_kp4',
      confidential: true,
      invitees: [{ personId: PEOPLE.delegate.id, role: 'delegate' }],
    });
    const status = async (who: Who, m: string) =>
      (await req(who, 'GET', `/api/meetings/${m}/readiness`)).statusCode;
    expect(await status('admin', id)).toBe(200);
    expect(await status('chair', id)).toBe(200);
    expect(await status('delegate', id)).toBe(403);
    expect(await status('kp4', id)).toBe(403);
    expect(await status('anonymous', id)).toBe(401);
    expect(await status('outsider', confidential)).toBe(404);
    expect(await status('admin', 'no-such-meeting')).toBe(404);
  });
});

describe('GET /api/devices/readiness', () => {
  it('every bridge point for admins, nobody else', async () => {
    await req('kp4', 'POST', '/api/kiosk/network-tests', report());
    const res = await req('admin', 'GET', '/api/devices/readiness');
    expect(res.statusCode).toBe(200);
    const rows = res.json<ReadinessResponse>().rows;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.find((r) => r.bridgePoint.id === 'bp_kp4')?.test?.verdict).toBe('ready');
    expect(rows.find((r) => r.bridgePoint.id === 'bp_kp6')).toMatchObject({
      device: { id: 'dev_kp6' },
      test: null,
    });
    expect((await req('chair', 'GET', '/api/devices/readiness')).statusCode).toBe(403);
    expect((await req('kp4', 'GET', '/api/devices/readiness')).statusCode).toBe(401);
  });
});
