// TURN through the whole app (in-memory SQLite, fake media, a fake relay): `joined` carries the
// configured ICE servers plus credentials issued for this participant, and /api/health counts
// TURN when it is enabled.
import { createHmac } from 'node:crypto';
import type { ServerMessage } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { buildApp } from '../app.js';
import type { App } from '../app.js';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { openAdmission } from '../live/admission.js';
import type { Identity } from '../live/admission.js';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { TurnCredentialIssuer } from './credentials.js';
import type { TurnPort } from './service.js';
import type { TurnState } from './process.js';

const SECRET = 'wiring-test-secret-0123456789';

/** A relay whose state the test sets, issuing real credentials. */
class FakeTurn implements TurnPort {
  state: TurnState = 'up';
  readonly asked: Identity[] = [];
  readonly #issuer = new TurnCredentialIssuer({
    secret: SECRET,
    endpoint: { host: '192.168.1.10', port: 3478, tlsPort: 5349 },
  });
  isUp(): boolean {
    return this.state === 'up';
  }
  iceServers(identity: Identity) {
    this.asked.push(identity);
    return this.#issuer.iceServers(identity);
  }
}

let app: App | null = null;
let db: Db | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await app?.close();
  await db?.destroy();
  app = null;
  db = null;
});

async function start(turn: TurnPort | null): Promise<{ app: App; meetingId: string }> {
  db = await openDatabase({ url: ':memory:' });
  const { meetingId } = await seedDemoWard(db);
  app = await buildApp({
    config: {
      iceServers: [{ urls: 'stun:stun.phuong.vn:3478' }],
      webDist: null,
      logLevel: 'silent',
      publicOrigin: 'http://localhost:8080',
      mailFrom: 'Điểm Cầu <no-reply@diemcau.local>',
      secureCookies: false,
    },
    db,
    media: new FakeMediaEngine(),
    turn,
    admission: openAdmission,
    emptyRoomGraceMs: 60_000,
  });
  return { app, meetingId };
}

async function join(a: App, meetingId: string, name: string) {
  await a.fastify.ready();
  const ws = await a.fastify.injectWS('/ws');
  sockets.push(ws);
  const joined = new Promise<Extract<ServerMessage, { type: 'joined' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no joined')), 2000);
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as ServerMessage;
      if (m.type !== 'joined') return;
      clearTimeout(timer);
      resolve(m);
    });
  });
  ws.send(JSON.stringify({ type: 'join', rid: 'j', meetingId, name }));
  return joined;
}

describe('ICE servers in joined', () => {
  it('are the configured ones plus TURN with a credential of this participant’s own', async () => {
    const turn = new FakeTurn();
    const { app, meetingId } = await start(turn);
    const a = await join(app, meetingId, 'Khu phố 1');
    const b = await join(app, meetingId, 'Khu phố 2');
    expect(turn.asked.map((i) => i.name)).toEqual(['Khu phố 1', 'Khu phố 2']);
    for (const joined of [a, b]) {
      const [stun, relay, ...rest] = joined.iceServers;
      expect(rest).toEqual([]);
      expect(stun).toEqual({ urls: 'stun:stun.phuong.vn:3478' });
      expect(relay?.urls).toEqual([
        'turn:192.168.1.10:3478?transport=udp',
        'turn:192.168.1.10:3478?transport=tcp',
        'turns:192.168.1.10:5349?transport=tcp',
      ]);
      const username = relay?.username ?? '';
      expect(Number(username.split(':')[0])).toBeGreaterThan(Date.now() / 1000 + 11.9 * 3600);
      expect(relay?.credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
    }
    // Two guests: two different TURN users.
    expect(a.iceServers[1]?.username).not.toBe(b.iceServers[1]?.username);
  });

  it('are only the configured ones without TURN', async () => {
    const { app, meetingId } = await start(null);
    expect((await join(app, meetingId, 'Khu phố 1')).iceServers).toEqual([
      { urls: 'stun:stun.phuong.vn:3478' },
    ]);
  });
});

describe('GET /api/health with TURN', () => {
  it('is 200 and says TURN is up', async () => {
    const { app } = await start(new FakeTurn());
    const res = await app.fastify.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', turn: { up: true, state: 'up' } });
  });

  it('is 503 when TURN is enabled but down', async () => {
    const turn = new FakeTurn();
    turn.state = 'down';
    const { app } = await start(turn);
    const res = await app.fastify.inject('/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      janus: { up: true },
      turn: { up: false, state: 'down' },
    });
  });

  it('does not count TURN when it is disabled', async () => {
    const { app } = await start(null);
    const res = await app.fastify.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', turn: { up: false, state: 'disabled' } });
  });
});
