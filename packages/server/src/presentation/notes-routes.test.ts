// Private notes over HTTP, and which documents may be presented: a delegate writes notes on the
// pages of a document version; only that delegate reads them (another user, even the chair, gets
// 404 for the same page and an empty list); a kiosk keeps its point's own notes; whoever cannot
// see the document gets 404; anonymous callers 401; bad input 400 with its field. Then the
// presentation check: invited documents yes, chair-only and one point's documents refused.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '@diemcau/protocol';
import type { DocumentNoteView, DocumentNotesResponse, DocumentView } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { registerDocumentRoutes } from '../documents/routes.js';
import type { Documents } from '../documents/routes.js';
import { pdf } from '../documents/samples.js';
import { FakeConverter } from '../documents/testing.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asDevice, asUser, installFakeAuth } from '../testing/fake-auth.js';
import { presentableDocument } from './documents.js';
import { registerNoteRoutes } from './notes-routes.js';

const NOW = new Date('2030-11-28T03:00:00.000Z');
const H = {
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  cell: asUser(['delegate'], { userId: 'u_cell', personId: PEOPLE.cell.id }),
  outsider: asUser(['delegate'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
  kiosk4: asDevice('d_kp4', 'bp_kp4'),
  anonymous: {},
} as const;
type Who = keyof typeof H;

let app: FastifyInstance;
let db: Db;
let docs: Documents;
let dataDir: string;
let meetingId: string;
const d: Record<'invited' | 'chair' | 'kp4', DocumentView> = {} as never;

beforeAll(async () => {
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  await db
    .insertInto('devices')
    .values({
      id: 'd_kp4',
      bridge_point_id: 'bp_kp4',
      token_hash: 'x',
      status: 'paired',
      created_at: NOW.toISOString(),
    })
    .execute();
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'diemcau-notes-'));
  app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  const meetings = registerMeetingRoutes(app, { db, audit, invitations: null, clock: () => NOW });
  docs = registerDocumentRoutes(app, {
    db,
    audit,
    meetings,
    dataDir,
    log: app.log,
    now: () => NOW,
    converter: new FakeConverter(),
  });
  registerNoteRoutes(app, { db, documents: docs.service, now: () => NOW });
  await app.ready();
  const res = await app.inject({
    method: 'POST',
    url: '/api/meetings',
    headers: H.chair,
    payload: {
      title: 'Họp giao ban tháng 12',
      type: 'giao_ban',
      startsAt: '2030-12-01T01:00:00.000Z',
      hostBridgePointId: 'bp_hoi_truong',
      bridgePointIds: ['bp_kp4'],
      invitees: [
        { personId: PEOPLE.chair.id, role: 'chair' },
        { personId: PEOPLE.delegate.id, role: 'delegate' },
        { personId: PEOPLE.cell.id, role: 'delegate' },
      ],
    },
  });
  meetingId = res.json<{ meeting: { id: string } }>().meeting.id;
  const upload = async (name: string, q: Record<string, string> = {}): Promise<DocumentView> => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/meetings/${meetingId}/documents?${new URLSearchParams({ fileName: name, ...q }).toString()}`,
      headers: { ...H.chair, 'content-type': 'application/octet-stream' },
      payload: pdf(3),
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<DocumentView>();
  };
  d.invited = await upload('Báo cáo tháng 11.pdf');
  d.chair = await upload('Kịch bản chủ trì.pdf', { visibility: 'chair' });
  d.kp4 = await upload('Riêng KP4.pdf', { visibility: 'bridge_point', bridgePointId: 'bp_kp4' });
  await docs.queue.idle();
});
afterAll(async () => {
  await app.close();
  await db.destroy();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

const base = (doc: DocumentView): string => `/api/documents/${doc.id}/versions/${doc.current.id}/notes`;
const put = (who: Who, url: string, text: unknown) =>
  app.inject({ method: 'PUT', url, headers: H[who], payload: { text } });
const get = (who: Who, url: string) => app.inject({ method: 'GET', url, headers: H[who] });

describe('private notes', () => {
  it('the author writes and reads back; nobody else reads them (404 for the page, empty list)', async () => {
    const text = 'Đề nghị bổ sung số liệu hộ nghèo – trang 2';
    const saved = await put('delegate', `${base(d.invited)}/2`, text);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<DocumentNoteView>()).toEqual({ page: 2, text, updatedAt: NOW.toISOString() });
    expect((await get('delegate', `${base(d.invited)}/2`)).json<DocumentNoteView>().text).toBe(text);
    expect((await get('delegate', base(d.invited))).json<DocumentNotesResponse>().notes).toEqual([
      { page: 2, text, updatedAt: NOW.toISOString() },
    ]);
    for (const who of ['cell', 'chair', 'kiosk4'] as const) {
      expect((await get(who, `${base(d.invited)}/2`)).statusCode).toBe(404);
      expect((await get(who, base(d.invited))).json<DocumentNotesResponse>().notes).toEqual([]);
    }
  });

  it('a kiosk keeps its bridge point’s own notes', async () => {
    expect((await put('kiosk4', `${base(d.kp4)}/1`, 'Điểm cầu KP4 ghi')).statusCode).toBe(200);
    expect((await get('kiosk4', `${base(d.kp4)}/1`)).json<DocumentNoteView>().text).toBe('Điểm cầu KP4 ghi');
    expect((await get('chair', `${base(d.kp4)}/1`)).statusCode).toBe(404);
  });

  it('an empty text deletes the note', async () => {
    await put('cell', `${base(d.invited)}/3`, 'Tạm');
    expect((await put('cell', `${base(d.invited)}/3`, '')).statusCode).toBe(200);
    expect((await get('cell', `${base(d.invited)}/3`)).statusCode).toBe(404);
  });

  it('whoever cannot see the document gets 404, with no note written (no IDOR)', async () => {
    expect((await put('delegate', `${base(d.chair)}/1`, 'x')).statusCode).toBe(404);
    expect((await get('delegate', base(d.chair))).statusCode).toBe(404);
    expect((await put('outsider', `${base(d.invited)}/1`, 'x')).statusCode).toBe(404);
    expect((await put('delegate', `${base(d.kp4)}/1`, 'x')).statusCode).toBe(404);
    // A version of another document under this document's id.
    const mixed = `/api/documents/${d.invited.id}/versions/${d.chair.current.id}/notes/1`;
    expect((await put('chair', mixed, 'x')).statusCode).toBe(404);
  });

  it('anonymous callers get 401', async () => {
    expect((await put('anonymous', `${base(d.invited)}/1`, 'x')).statusCode).toBe(401);
    expect((await get('anonymous', base(d.invited))).statusCode).toBe(401);
  });

  it('bad input is 400 with the field', async () => {
    const long = await put('delegate', `${base(d.invited)}/1`, 'a'.repeat(5001));
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'validation_failed', field: 'text' });
    const page = await put('delegate', `${base(d.invited)}/0`, 'x');
    expect(page.statusCode).toBe(400);
    expect(page.json()).toMatchObject({ code: 'validation_failed', field: 'page' });
    const notText = await put('delegate', `${base(d.invited)}/1`, 42);
    expect(notText.json()).toMatchObject({ code: 'validation_failed', field: 'text' });
  });
});

describe('which documents may be presented', () => {
  const codeOf = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'none',
      (e: unknown) => (e instanceof AppError ? `${e.code}:${e.field ?? ''}` : 'thrown'),
    );

  it('a document every invitee may see, with its page count', async () => {
    await expect(
      presentableDocument(docs.service.store, meetingId, d.invited.id, d.invited.current.id),
    ).resolves.toEqual({
      documentId: d.invited.id,
      versionId: d.invited.current.id,
      title: 'Báo cáo tháng 11',
      pageCount: 2,
    });
  });

  it('refuses chair-only and one point’s documents with a clear code, and other meetings’ ids', async () => {
    const store = docs.service.store;
    expect(await codeOf(presentableDocument(store, meetingId, d.chair.id, d.chair.current.id))).toBe(
      'not_presentable:documentId',
    );
    expect(await codeOf(presentableDocument(store, meetingId, d.kp4.id, d.kp4.current.id))).toBe(
      'not_presentable:documentId',
    );
    expect(await codeOf(presentableDocument(store, 'm_other', d.invited.id, d.invited.current.id))).toBe(
      'not_found:documentId',
    );
    expect(await codeOf(presentableDocument(store, meetingId, d.invited.id, d.chair.current.id))).toBe(
      'not_found:versionId',
    );
  });
});
