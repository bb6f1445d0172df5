// GET /metrics through the whole app (fastify.inject and injectWS over in-memory SQLite and fake
// media): the output parses as Prometheus text, values follow rooms, participants, feeds, quality
// reports, signalling frames, HTTP requests and database queries, and the endpoint is protected.
import type { ClientMessage, ServerMessage } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { buildApp } from '../app.js';
import type { App } from '../app.js';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { openAdmission } from '../live/admission.js';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { parseExposition } from './exposition.test-helper.js';
import type { Exposition } from './exposition.test-helper.js';
import { ServerMetrics } from './registry.js';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';
const SAMPLE = { sendKbps: 820, recvKbps: 1450, lossPct: 0.4, rttMs: 30, availableOutgoingKbps: 2500 };
const TOKEN = 'a-long-metrics-token-for-tests';

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

async function start(metricsToken?: string): Promise<{ app: App; meetingId: string }> {
  const metrics = new ServerMetrics();
  db = await openDatabase({ url: ':memory:', onQuery: metrics.observeQuery });
  const { meetingId } = await seedDemoWard(db);
  app = await buildApp({
    config: {
      iceServers: [],
      webDist: null,
      logLevel: 'silent',
      publicOrigin: 'http://localhost:8080',
      mailFrom: 'Điểm Cầu <no-reply@diemcau.local>',
      secureCookies: false,
      metricsToken,
    },
    db,
    media: new FakeMediaEngine(),
    admission: openAdmission,
    emptyRoomGraceMs: 60_000,
    metrics,
  });
  return { app, meetingId };
}

async function scrape(a: App): Promise<Exposition> {
  const res = await a.fastify.inject('/metrics');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return parseExposition(res.body);
}

/** A signalling client over fastify.injectWS. */
async function client(a: App) {
  await a.fastify.ready();
  const ws = await a.fastify.injectWS('/ws');
  sockets.push(ws);
  const received: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data: Buffer) => {
    received.push(JSON.parse(data.toString('utf8')) as ServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  const until = async <T extends ServerMessage['type']>(type: T, count = 1) => {
    for (;;) {
      const found = received.filter((m) => m.type === type);
      if (found.length >= count) return found[count - 1] as Extract<ServerMessage, { type: T }>;
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no ${type}; got ${received.map((m) => m.type).join()}`)),
          2000,
        );
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  const send = (m: ClientMessage | object): void => ws.send(JSON.stringify(m));
  return { ws, received, until, send };
}

async function joined(a: App, meetingId: string, name: string) {
  const c = await client(a);
  c.send({ type: 'join', rid: 'j', meetingId, name });
  await c.until('joined');
  return c;
}

const waitFor = async (check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
};

describe('GET /metrics', () => {
  it('is valid Prometheus text with every metric family the dashboard uses', async () => {
    const { app } = await start();
    const m = await scrape(app);
    for (const family of [
      'diemcau_live_rooms',
      'diemcau_live_participants',
      'diemcau_published_streams',
      'diemcau_signalling_connections',
      'diemcau_signalling_message_duration_seconds',
      'diemcau_db_query_duration_seconds',
      'diemcau_http_request_duration_seconds',
      'diemcau_janus_up',
      'diemcau_janus_restarts_total',
      'diemcau_janus_cpu_seconds_total',
      'diemcau_client_bitrate_kbps',
      'diemcau_client_loss_percent',
      'diemcau_quality_participants',
    ])
      expect(m.types.has(family), family).toBe(true);
    expect(m.types.get('diemcau_signalling_message_duration_seconds')).toBe('histogram');
    expect(m.value('diemcau_janus_up', { node: 'local' })).toBe(1);
    expect(m.value('diemcau_janus_state', { state: 'up' })).toBe(1);
    expect(m.value('diemcau_janus_state', { state: 'down' })).toBe(0);
  });

  it('follows rooms, participants, published feeds and signalling connections', async () => {
    const { app, meetingId } = await start();
    let m = await scrape(app);
    expect(m.value('diemcau_live_rooms')).toBe(0);
    expect(m.value('diemcau_signalling_connections')).toBe(0);

    const a = await joined(app, meetingId, 'Hội trường UBND phường');
    const b = await joined(app, meetingId, 'Văn phòng khu phố 4');
    a.send({ type: 'publish', rid: 'p', source: 'camera', sdp: OFFER, audio: true, video: true });
    await a.until('publish.answer');
    m = await scrape(app);
    expect(m.value('diemcau_live_rooms')).toBe(1);
    expect(m.value('diemcau_live_participants')).toBe(2);
    expect(m.value('diemcau_signalling_connections')).toBe(2);
    expect(m.value('diemcau_published_streams', { source: 'camera' })).toBe(1);
    expect(m.value('diemcau_published_streams', { source: 'screen' })).toBe(0);
    expect(m.value('diemcau_signalling_message_duration_seconds_count', { type: 'join' })).toBe(2);
    expect(m.value('diemcau_signalling_message_duration_seconds_count', { type: 'publish' })).toBe(1);

    b.send('not json' as unknown as object);
    b.ws.send('{');
    await b.until('error');
    b.ws.terminate();
    await waitFor(async () => (await scrape(app)).value('diemcau_signalling_connections') === 1);
    m = await scrape(app);
    expect(m.value('diemcau_live_participants')).toBe(1);
    expect(m.value('diemcau_signalling_message_duration_seconds_count', { type: 'invalid' })).toBeGreaterThan(
      0,
    );
  });

  it('takes quality reports, one per 2 s per client, refuses bad values, and aggregates them', async () => {
    const { app, meetingId } = await start();
    const a = await joined(app, meetingId, 'Hội trường UBND phường');
    const b = await joined(app, meetingId, 'Văn phòng khu phố 4');
    a.send({ type: 'quality.report', sample: SAMPLE });
    b.send({ type: 'quality.report', sample: { ...SAMPLE, lossPct: 8, sendKbps: 150 } });
    // Too soon after the last one: refused, and not counted.
    a.send({ type: 'quality.report', sample: { ...SAMPLE, lossPct: 50 } });
    expect(await a.until('error')).toMatchObject({ code: 'rate_limited' });
    b.send({ type: 'quality.report', sample: { ...SAMPLE, lossPct: 140 } });
    expect(await b.until('error')).toMatchObject({ code: 'bad_message', field: 'sample.lossPct' });

    const m = await scrape(app);
    expect(m.value('diemcau_quality_reports_total')).toBe(2);
    expect(m.value('diemcau_client_bitrate_kbps_count', { direction: 'send' })).toBe(2);
    expect(m.value('diemcau_client_bitrate_kbps_bucket', { direction: 'send', le: '150' })).toBe(1);
    expect(m.value('diemcau_client_loss_percent_bucket', { le: '5' })).toBe(1);
    expect(m.value('diemcau_client_rtt_seconds_sum')).toBeCloseTo(0.06);
    expect(m.value('diemcau_quality_participants', { level: 'good' })).toBe(1);
    expect(m.value('diemcau_quality_participants', { level: 'poor' })).toBe(1);
    expect(m.value('diemcau_quality_reported_kbps', { direction: 'send' })).toBe(970);
    expect(m.value('diemcau_quality_worst_loss_percent')).toBe(8);
  });

  it('refuses a quality report before join', async () => {
    const { app } = await start();
    const c = await client(app);
    c.send({ type: 'quality.report', sample: SAMPLE });
    expect(await c.until('error')).toMatchObject({ code: 'not_joined' });
  });

  it('times HTTP requests by route pattern and database queries by kind', async () => {
    const { app } = await start();
    await app.fastify.inject('/api/health');
    await app.fastify.inject('/api/health');
    await app.fastify.inject('/api/meetings/nope/public');
    await app.fastify.inject('/no/such/path');
    const m = await scrape(app);
    expect(
      m.value('diemcau_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/health',
        status_code: '200',
      }),
    ).toBe(2);
    expect(m.samples.some((s) => s.labels.route === '/no/such/path')).toBe(false);
    expect(m.samples.some((s) => s.labels.route?.includes('nope'))).toBe(false);
    expect(
      m.value('diemcau_db_query_duration_seconds_count', { operation: 'select', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(
      m.value('diemcau_db_query_duration_seconds_count', { operation: 'insert', outcome: 'ok' }),
    ).toBeGreaterThan(0);
  });
});

describe('who may scrape', () => {
  const remote = { remoteAddress: '192.0.2.7' };

  it('serves loopback without a token, and nobody else when no token is set', async () => {
    const { app } = await start();
    expect((await app.fastify.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    const res = await app.fastify.inject({ url: '/metrics', ...remote });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect(res.body).not.toContain('diemcau_');
  });

  it('asks for the bearer token from elsewhere, and from loopback behind the reverse proxy', async () => {
    const { app } = await start(TOKEN);
    const missing = await app.fastify.inject({ url: '/metrics', ...remote });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    const wrong = await app.fastify.inject({
      url: '/metrics',
      ...remote,
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    const proxied = await app.fastify.inject({
      url: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.statusCode).toBe(401);
    const right = await app.fastify.inject({
      url: '/metrics',
      ...remote,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).toBe(200);
    expect(parseExposition(right.body).types.has('diemcau_live_rooms')).toBe(true);
  });
});
