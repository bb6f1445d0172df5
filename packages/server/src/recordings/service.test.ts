// Tests of the recordings service on SQLite and PostgreSQL: the live recorder's lifecycle, who may
// list and fetch recordings (audited), byte ranges, recovery after a crash, and retention.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '@diemcau/media';
import type { RecordingListResponse } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import type { AuthContext } from '../auth/context.js';
import { installErrorHandler } from '../http/error-handler.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asUser, installFakeAuth } from '../testing/fake-auth.js';
import { registerRecordingRoutes } from './routes.js';
import { RecordingService } from './service.js';

const DAY = 24 * 3600 * 1000;
const by = { name: 'Nguyễn Thị Hồng Nhung', userId: 'u_chair', deviceId: null };

class FakeMedia {
  dirs: (string | null)[] = [];
  setRecording(dir: string | null): Promise<void> {
    this.dirs.push(dir);
    return Promise.resolve();
  }
}

describe.each(DB_KINDS)('recordings on %s', (kind) => {
  let tdb: TestDatabase;
  let dir: string;
  let clock: Date;
  let audit: MemoryAudit;
  let service: RecordingService;
  let app: FastifyInstance;

  beforeEach(async () => {
    tdb = await createTestDatabase(kind);
    await seedPeople(tdb.db);
    for (const [id, confidential] of [
      ['m_open', 0],
      ['m_secret', 1],
    ] as const) {
      await tdb.db
        .insertInto('meetings')
        .values({
          id,
          title: 'Họp giao ban tháng 11',
          type: 'giao_ban',
          host_bridge_point_id: null,
          starts_at: '2026-11-26T01:00:00.000Z',
          status: 'open',
          created_at: '2026-11-01T00:00:00.000Z',
          confidential,
          organization_id: confidential ? 'org_cb_kp4' : null,
        })
        .execute();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-rec-'));
    clock = new Date('2026-11-26T01:00:00.000Z');
    audit = new MemoryAudit();
    service = new RecordingService({
      db: tdb.db,
      audit,
      log: silentLogger,
      config: { dir, retentionDays: 30, segmentSeconds: 30 },
      now: () => clock,
    });
    app = Fastify({ logger: false });
    installFakeAuth(app);
    installErrorHandler(app);
    registerRecordingRoutes(app, { service });
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
    await tdb.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Records a meeting (two spans) and lets it end; returns the recording id. */
  async function recordMeeting(meetingId: string, media = new FakeMedia()): Promise<string> {
    const recorder = service.liveRecorder(meetingId, () => Promise.resolve(media));
    const first = await recorder.start(by);
    expect(first.recording).toBe(true);
    clock = new Date(clock.getTime() + 10_000);
    await recorder.stop(by);
    expect(recorder.state()).toEqual({ recording: false, since: null });
    await recorder.start(by);
    clock = new Date(clock.getTime() + 10_000);
    const queued: string[] = [];
    service.on('queued', (id) => queued.push(id));
    await recorder.finish();
    const [rec] = await service.store.listByMeeting(meetingId);
    if (!rec) throw new Error('no recording row');
    expect(queued).toEqual([rec.id]);
    return rec.id;
  }

  async function makeReady(id: string, bytes = 1000): Promise<void> {
    fs.mkdirSync(path.join(dir, id), { recursive: true });
    fs.writeFileSync(path.join(dir, id, `${id}.mp4`), Buffer.alloc(bytes, 7));
    await service.store.update(id, {
      status: 'ready',
      progress: 100,
      file_path: `${id}/${id}.mp4`,
      size_bytes: bytes,
      duration_ms: 5000,
    });
  }

  it('records one row per live meeting with a span per start/stop, then queues it', async () => {
    const media = new FakeMedia();
    const id = await recordMeeting('m_open', media);
    const rec = await service.store.get(id);
    expect(rec?.status).toBe('queued');
    expect(rec?.spans).toHaveLength(2);
    expect(rec?.spans.every((s) => s.end !== null)).toBe(true);
    expect(rec?.startedBy).toBe(by.name);
    const raw = path.join(dir, id, 'raw');
    expect(media.dirs).toEqual([raw, null, raw, null]);
    expect(fs.existsSync(raw)).toBe(true);
    expect(audit.entries.map((e) => e.action)).toEqual([
      'recording.started',
      'recording.stopped',
      'recording.started',
    ]);
  });

  it('lists recordings to those who may see the meeting, with progress, and 404 to others', async () => {
    const open = await recordMeeting('m_open');
    await service.store.update(open, { status: 'processing', progress: 42 });
    await recordMeeting('m_secret');
    const list = await app.inject({ url: '/api/meetings/m_open/recordings', headers: asUser(['delegate']) });
    expect(list.statusCode).toBe(200);
    const body = list.json<RecordingListResponse>();
    expect(body.recordings.map((r) => [r.id, r.status, r.progress, r.fileUrl])).toEqual([
      [open, 'processing', 42, null],
    ]);
    // Ended 20 s after 2026-11-26T01:00Z; kept 30 days.
    expect(body.recordings[0]?.expiresAt).toBe('2026-12-26T01:00:20.000Z');
    expect((await app.inject({ url: '/api/meetings/m_open/recordings' })).statusCode).toBe(401);
    const outsider = asUser(['delegate'], { personId: PEOPLE.outsider.id });
    expect(
      (await app.inject({ url: '/api/meetings/m_secret/recordings', headers: outsider })).statusCode,
    ).toBe(404);
    const member = asUser(['delegate'], { personId: PEOPLE.cell.id });
    expect((await app.inject({ url: '/api/meetings/m_secret/recordings', headers: member })).statusCode).toBe(
      200,
    );
  });

  it('serves a ready file in ranges, audits the first fetch of a playback, refuses others', async () => {
    const id = await recordMeeting('m_secret');
    const url = `/api/recordings/${id}/file`;
    const member = asUser(['delegate'], { personId: PEOPLE.cell.id, userId: 'u_cell' });
    expect((await app.inject({ url, headers: member })).statusCode).toBe(409);
    await makeReady(id, 1000);
    audit.entries.length = 0;

    const whole = await app.inject({ url, headers: member });
    expect([whole.statusCode, whole.rawPayload.length, whole.headers['content-type']]).toEqual([
      200,
      1000,
      'video/mp4',
    ]);
    const tail = await app.inject({ url, headers: { ...member, range: 'bytes=900-' } });
    expect([tail.statusCode, tail.rawPayload.length, tail.headers['content-range']]).toEqual([
      206,
      100,
      'bytes 900-999/1000',
    ]);
    expect((await app.inject({ url, headers: { ...member, range: 'bytes=5000-' } })).statusCode).toBe(416);
    expect(audit.entries.map((e) => [e.action, e.actorUserId, e.targetId])).toEqual([
      ['recording.access', 'u_cell', id],
    ]);

    const outsider = asUser(['delegate'], { personId: PEOPLE.outsider.id, userId: 'u_out' });
    expect((await app.inject({ url, headers: outsider })).statusCode).toBe(404);
    expect((await app.inject({ url })).statusCode).toBe(401);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'recording.access_denied', actorUserId: 'u_out' });
    expect(
      (await app.inject({ url: '/api/recordings/rec_nosuchrecording00/file', headers: member })).statusCode,
    ).toBe(404);
  });

  it('after a crash: a recording left open is closed at its last write and queued', async () => {
    await service.store.create({
      id: 'rec_crashedduringmeeting',
      meetingId: 'm_open',
      startedAt: '2026-11-26T01:00:00.000Z',
      startedBy: by.name,
    });
    const raw = path.join(dir, 'rec_crashedduringmeeting', 'raw');
    fs.mkdirSync(raw, { recursive: true });
    const file = path.join(raw, 'videoroom-m_open-user-p1:camera-1-audio-0.mjr');
    fs.writeFileSync(file, 'x');
    const lastWrite = new Date('2026-11-26T01:20:00.000Z');
    fs.utimesSync(file, lastWrite, lastWrite);
    await service.store.create({
      id: 'rec_interruptedprocessor',
      meetingId: 'm_open',
      startedAt: '2026-11-26T00:00:00.000Z',
      startedBy: by.name,
    });
    await service.store.update('rec_interruptedprocessor', { status: 'processing' });
    await service.recover();
    const crashed = await service.store.get('rec_crashedduringmeeting');
    expect(crashed?.status).toBe('queued');
    expect(crashed?.spans).toEqual([{ start: '2026-11-26T01:00:00.000Z', end: lastWrite.toISOString() }]);
    expect((await service.store.get('rec_interruptedprocessor'))?.status).toBe('queued');
  });

  it('deletes files after the retention period and marks the rows expired', async () => {
    const id = await recordMeeting('m_open');
    await makeReady(id);
    clock = new Date(clock.getTime() + 29 * DAY);
    expect(await service.sweep()).toBe(0);
    clock = new Date(clock.getTime() + 2 * DAY);
    expect(await service.sweep()).toBe(1);
    expect(fs.existsSync(path.join(dir, id))).toBe(false);
    const rec = await service.store.get(id);
    expect([rec?.status, rec?.filePath, rec?.expiredAt]).toEqual(['expired', null, clock.toISOString()]);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'recording.expired', targetId: id });
    expect(await service.sweep()).toBe(0);
  });

  it('keeps chapter marks for the meeting and shows them on the recording', async () => {
    await service.addChapter('m_open', 'Khai mạc', new Date(clock.getTime() - 60_000), 'item-1');
    const id = await recordMeeting('m_open');
    const [view] = await service.list(asAuth(), 'm_open');
    expect(view?.id).toBe(id);
    expect(view?.chapters).toEqual([{ title: 'Khai mạc', agendaItemId: 'item-1', offsetMs: 0 }]);
  });
});

const asAuth = (): AuthContext => ({
  kind: 'user',
  userId: 'u_admin',
  username: 'admin',
  personId: null,
  roles: ['admin'],
  bridgePointId: null,
  csrfToken: 't',
});
