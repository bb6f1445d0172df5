// HTTP routes through fastify.inject() over a real in-memory SQLite: health, meeting lookup,
// error bodies, and the single-page fallback of the web app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import type { App } from './app.js';
import { openDatabase } from './db/database.js';
import type { Db } from './db/database.js';
import { seedDemoWard } from './demo/seed.js';
import { DEMO_MEETING_TITLE } from './demo/ward.js';
import { FakeMediaEngine } from './testing/fake-media.js';

let app: App | null = null;
let db: Db | null = null;

afterEach(async () => {
  await app?.close();
  await db?.destroy();
  app = null;
  db = null;
});

async function start(webDist: string | null = null, media: FakeMediaEngine | null = new FakeMediaEngine()) {
  db = await openDatabase({ url: ':memory:' });
  const { meetingId } = await seedDemoWard(db);
  app = await buildApp({
    config: {
      iceServers: [],
      webDist,
      logLevel: 'silent',
      publicOrigin: 'http://localhost:8080',
      mailFrom: 'Điểm Cầu <no-reply@diemcau.local>',
      secureCookies: false,
    },
    db,
    media,
  });
  return { app, meetingId, media };
}

describe('GET /api/health', () => {
  it('is 200 when Janus and the database are up', async () => {
    const { app } = await start();
    const res = await app.fastify.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', janus: { up: true }, database: { up: true } });
  });

  it('is 503 and says which part is down when Janus is down', async () => {
    const media = new FakeMediaEngine();
    media.up = false;
    const { app } = await start(null, media);
    const res = await app.fastify.inject('/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      janus: { up: false, state: 'down' },
      database: { up: true },
    });
  });

  it('is 503 when the database is gone', async () => {
    const { app } = await start();
    await db?.destroy();
    db = null;
    const res = await app.fastify.inject('/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ database: { up: false } });
  });
});

describe('GET /api/meetings/:id', () => {
  it('returns the demo meeting with its host bridge point, diacritics intact', async () => {
    const { app, meetingId } = await start();
    const res = await app.fastify.inject(`/api/meetings/${meetingId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: meetingId,
      title: DEMO_MEETING_TITLE,
      hostBridgePoint: 'Hội trường UBND phường',
      confidential: false,
    });
    expect(meetingId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('answers 404 with a code for an unknown meeting', async () => {
    const { app } = await start();
    const res = await app.fastify.inject('/api/meetings/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'meeting_not_found', message: 'no meeting nope', field: 'meetingId' });
  });

  it('validates the id', async () => {
    const { app } = await start();
    const res = await app.fastify.inject(`/api/meetings/${'x'.repeat(150)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'id' });
  });
});

describe('web app', () => {
  it('serves index.html for client routes and 404 JSON for unknown API routes', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-web-'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><html lang="vi"><title>Điểm Cầu</title></html>',
    );
    const { app } = await start(dist);
    const page = await app.fastify.inject('/m/abc?name=L%C3%AA');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Điểm Cầu');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    const asset = await app.fastify.inject('/assets/app-1234.js');
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    const escape = await app.fastify.inject('/assets/..%2F..%2F..%2Fetc%2Fpasswd');
    expect(escape.body).not.toContain('root:');
    const missing = await app.fastify.inject('/assets/nope.js');
    expect(missing.statusCode).toBe(404);
    const api = await app.fastify.inject('/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'not_found' });
  });
});
