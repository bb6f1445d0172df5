// The server's admission over the whole app (real SQLite, fake media, signalling through
// injectWS): invitation tokens admit, strangers are refused, and a withdrawn invitation or a
// cancelled meeting disconnects those already inside at once.
import { parseServerMessage } from '@diemcau/protocol';
import type { ServerMessage } from '@diemcau/protocol';
import type WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { App } from '../app.js';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { demoJoinLink } from '../demo/links.js';
import { seedDemo } from '../demo/seed.js';
import { parseJoinLink } from '@diemcau/protocol';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { ANONYMOUS } from '../auth/context.js';
import { MeetingAdmission } from './meeting-admission.js';

const ORIGIN = 'http://localhost:8080';
let app: App | null = null;
let db: Db | null = null;

afterEach(async () => {
  await app?.close();
  await db?.destroy();
  app = null;
  db = null;
});

interface Client {
  ws: WebSocket;
  received: ServerMessage[];
  closed: Promise<number>;
}

async function start(): Promise<{ app: App; db: Db; meetingId: string }> {
  db = await openDatabase({ url: ':memory:' });
  const { meetingId } = await seedDemo(db, { adminPassword: 'quan-tri-thu-nghiem-2026' });
  app = await buildApp({
    config: {
      iceServers: [],
      webDist: null,
      logLevel: 'silent',
      publicOrigin: ORIGIN,
      mailFrom: 'Điểm Cầu <a@b.vn>',
      secureCookies: false,
    },
    db,
    media: new FakeMediaEngine(),
  });
  await app.fastify.ready();
  return { app, db, meetingId };
}

async function connect(a: App, link: string | null, meetingId: string, name: string): Promise<Client> {
  const ws = await a.fastify.injectWS('/ws');
  const received: ServerMessage[] = [];
  ws.on('message', (data: Buffer) => {
    const parsed = parseServerMessage(data.toString());
    if (parsed.ok) received.push(parsed.value);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const token = link ? parseJoinLink(link)?.token : undefined;
  ws.send(JSON.stringify({ type: 'join', rid: 'j', meetingId, name, ...(token ? { token } : {}) }));
  await expect.poll(() => received.some((m) => m.type === 'joined' || m.type === 'error')).toBe(true);
  return { ws, received, closed };
}

async function signInAdmin(a: App): Promise<{ cookie: string; csrf: string }> {
  const res = await a.fastify.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { origin: ORIGIN },
    payload: { username: 'admin', password: 'quan-tri-thu-nghiem-2026' },
  });
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  return { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken };
}

describe('admission through the whole app', () => {
  it('admits invitation tokens with the registered names and refuses a stranger', async () => {
    const { app, db, meetingId } = await start();
    const point = await connect(
      app,
      (await demoJoinLink(db, ORIGIN, meetingId, 'Văn phòng khu phố 4')).link,
      meetingId,
      'tên gõ tay',
    );
    expect(point.received.find((m) => m.type === 'joined')).toMatchObject({
      self: { name: 'Văn phòng khu phố 4', role: 'bridge_point' },
    });
    const stranger = await connect(app, null, meetingId, 'Người lạ');
    expect(stranger.received.find((m) => m.type === 'error')).toMatchObject({ rid: 'j', code: 'forbidden' });
    point.ws.terminate();
    stranger.ws.terminate();
  });

  it('disconnects a bridge point and a person whose invitations are withdrawn, and keeps the others', async () => {
    const { app, db, meetingId } = await start();
    const kp4 = await connect(
      app,
      (await demoJoinLink(db, ORIGIN, meetingId, 'Văn phòng khu phố 4')).link,
      meetingId,
      'x',
    );
    const yen = await connect(
      app,
      (await demoJoinLink(db, ORIGIN, meetingId, 'Ngô Thị Yến')).link,
      meetingId,
      'x',
    );
    const kp5 = await connect(
      app,
      (await demoJoinLink(db, ORIGIN, meetingId, 'Văn phòng khu phố 5')).link,
      meetingId,
      'x',
    );
    expect(yen.received.find((m) => m.type === 'joined')).toMatchObject({
      self: { name: 'Ngô Thị Yến', role: 'delegate' },
    });

    const { cookie, csrf } = await signInAdmin(app);
    const detail = (
      await app.fastify.inject({ url: `/api/meetings/${meetingId}`, headers: { cookie } })
    ).json<{ invitees: { personId: string; role: string; fullName: string }[] }>();
    const invitees = detail.invitees
      .filter((i) => i.fullName !== 'Ngô Thị Yến')
      .map((i) => ({ personId: i.personId, role: i.role }));
    const res = await app.fastify.inject({
      method: 'PATCH',
      url: `/api/meetings/${meetingId}`,
      headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN },
      payload: { bridgePointIds: ['bp_kp5', 'bp_vp_dang_uy'], invitees, notify: false },
    });
    expect(res.statusCode).toBe(200);
    expect(await kp4.closed).toBe(4003);
    expect(await yen.closed).toBe(4003);
    await expect.poll(() => kp5.received.filter((m) => m.type === 'participant.left').length).toBe(2);
    expect(kp5.ws.readyState).toBe(kp5.ws.OPEN);

    await app.fastify.inject({
      method: 'POST',
      url: `/api/meetings/${meetingId}/cancel`,
      headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN },
      payload: { notify: false },
    });
    expect(await kp5.closed).toBe(4003);
  });

  it("fills a bridge point's receive cap, set by the admin, into the identity of its participants", async () => {
    const { app, db, meetingId } = await start();
    const { cookie, csrf } = await signInAdmin(app);
    const res = await app.fastify.inject({
      method: 'PATCH',
      url: '/api/org/bridge-points/bp_kp4',
      headers: { cookie, 'x-csrf-token': csrf, origin: ORIGIN },
      payload: { receiveCapKbps: 384 },
    });
    expect(res.statusCode).toBe(200);
    const admission = new MeetingAdmission({ db, meetings: app.meetings, devices: app.devices });
    const admit = async (who: string) => {
      const token = parseJoinLink((await demoJoinLink(db, ORIGIN, meetingId, who)).link)?.token;
      return admission.admit({ meetingId, auth: ANONYMOUS, token, name: 'x', bridgePoint: null });
    };
    expect(await admit('Văn phòng khu phố 4')).toMatchObject({
      kind: 'admit',
      identity: { bridgePointId: 'bp_kp4', receiveCapKbps: 384 },
    });
    expect(await admit('Văn phòng khu phố 5')).toMatchObject({
      kind: 'admit',
      identity: { bridgePointId: 'bp_kp5', receiveCapKbps: null },
    });
    expect(await admit('Ngô Thị Yến')).toMatchObject({
      kind: 'admit',
      identity: { bridgePointId: null, receiveCapKbps: null },
    });
  });
});
