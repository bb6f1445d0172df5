// The presented PDF by ticket over HTTP, without any session: a valid ticket gets the PDF's bytes
// (PDF type, nosniff, no-store, length) and an audit entry; a forged, expired or moved ticket, a
// missing one, or a version no longer presentable (chair-only document) all get the same bare 404.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DocumentView } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { DiskBlobStore } from '../documents/blobs.js';
import { registerDocumentRoutes } from '../documents/routes.js';
import type { Documents } from '../documents/routes.js';
import { pdf } from '../documents/samples.js';
import { DocumentStore } from '../documents/store.js';
import { FakeConverter } from '../documents/testing.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asUser, installFakeAuth } from '../testing/fake-auth.js';
import { registerPresentationTicketRoutes } from './ticket-routes.js';
import { PresentationTickets, TICKET_TTL_MS } from './ticket.js';

const NOW = new Date('2030-11-28T03:00:00.000Z');
const chair = asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id });

let app: FastifyInstance;
let db: Db;
let docs: Documents;
let dataDir: string;
let meetingId: string;
let now = NOW;
let tickets: PresentationTickets;
const audit = new MemoryAudit();
const d: Record<'invited' | 'chair', DocumentView> = {} as never;

beforeAll(async () => {
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'diemcau-ticket-'));
  app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
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
  tickets = new PresentationTickets(db, () => now);
  registerPresentationTicketRoutes(app, {
    tickets,
    store: new DocumentStore(db),
    blobs: new DiskBlobStore(dataDir),
    audit,
  });
  await app.ready();
  const res = await app.inject({
    method: 'POST',
    url: '/api/meetings',
    headers: chair,
    payload: {
      title: 'Họp giao ban tháng 12',
      type: 'giao_ban',
      startsAt: '2030-12-01T01:00:00.000Z',
      hostBridgePointId: 'bp_hoi_truong',
      bridgePointIds: ['bp_kp4'],
      invitees: [
        { personId: PEOPLE.chair.id, role: 'chair' },
        { personId: PEOPLE.delegate.id, role: 'delegate' },
      ],
    },
  });
  meetingId = res.json<{ meeting: { id: string } }>().meeting.id;
  const upload = async (name: string, q: Record<string, string> = {}): Promise<DocumentView> => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/meetings/${meetingId}/documents?${new URLSearchParams({ fileName: name, ...q }).toString()}`,
      headers: { ...chair, 'content-type': 'application/octet-stream' },
      payload: pdf(3),
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<DocumentView>();
  };
  d.invited = await upload('Báo cáo tháng 11.pdf');
  d.chair = await upload('Kịch bản chủ trì.pdf', { visibility: 'chair' });
  await docs.queue.idle();
});
afterAll(async () => {
  await app.close();
  await db.destroy();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

const subjectOf = (doc: DocumentView) => ({ meetingId, documentId: doc.id, versionId: doc.current.id });
const fetchUrl = (url: string) => app.inject({ method: 'GET', url });

describe('the presented PDF by ticket', () => {
  it('a valid ticket gets the PDF bytes with safe headers, audited; no session needed', async () => {
    now = NOW;
    const { url } = await tickets.mint(subjectOf(d.invited), 'p_khach_1');
    const before = audit.entries.length;
    const res = await fetchUrl(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.equals(pdf(3))).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Number(res.headers['content-length'])).toBe(pdf(3).length);
    const entry = audit.entries.slice(before).find((e) => e.action === 'document.access');
    expect(entry).toMatchObject({
      targetId: d.invited.id,
      actorLabel: 'participant:p_khach_1',
      detail: { versionId: d.invited.current.id, via: 'presentation_ticket', meetingId },
    });
  });

  it('refuses with the same bare 404: forged, expired, moved, missing, or not presentable', async () => {
    now = NOW;
    const good = await tickets.mint(subjectOf(d.invited), 'p_khach_1');
    const ticket = new URL(good.url, 'https://x.invalid').searchParams.get('ticket') ?? '';
    const base = `/api/presentations/${meetingId}/${d.invited.id}/${d.invited.current.id}.pdf`;
    const refused = [
      `${base}`,
      `${base}?ticket=`,
      `${base}?ticket=${ticket.slice(0, -2)}AA`,
      `/api/presentations/m_other_meeting/${d.invited.id}/${d.invited.current.id}.pdf?ticket=${ticket}`,
      `/api/presentations/${meetingId}/${d.invited.id}/dv_other_version.pdf?ticket=${ticket}`,
      `/api/presentations/${meetingId}/${d.invited.id}/${d.invited.current.id}?ticket=${ticket}`,
      // A chair-only document is never presentable, even with a (here: forged-by-the-server) ticket.
      (await tickets.mint(subjectOf(d.chair), 'p_khach_1')).url,
    ];
    for (const url of refused) {
      const res = await fetchUrl(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ code: 'not_found', message: 'not found' });
    }
    now = new Date(NOW.getTime() + TICKET_TTL_MS);
    expect((await fetchUrl(good.url)).statusCode).toBe(404);
    now = NOW;
    expect((await fetchUrl(good.url)).statusCode).toBe(200);
  });
});
