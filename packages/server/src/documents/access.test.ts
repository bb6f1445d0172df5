// Authorization of documents through the HTTP routes: for each document visibility and each kind
// of caller, who may fetch it by id and by every URL (original, PDF, page images, thumbnails) —
// the others get 404, the same as for an id that does not exist, and the attempt is audited.
// Also: view-only, old versions, hidden documents, kiosk pre-download and the readiness table.
import type {
  DocumentListResponse,
  DocumentReadinessResponse,
  DocumentView,
  KioskDocumentsResponse,
} from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE } from '../meetings/testing.js';
import { asDevice, asUser } from '../testing/fake-auth.js';
import { docx, pdf } from './samples.js';
import { buildDocumentTestApp } from './testing.js';
import type { DocumentTestApp } from './testing.js';

const NOW = new Date('2030-11-28T03:00:00.000Z');

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  cell: asUser(['delegate'], { userId: 'u_cell', personId: PEOPLE.cell.id }),
  outsider: asUser(['chair', 'secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
  operator: asUser(['operator'], { userId: 'u_op', bridgePointId: 'bp_hoi_truong' }),
  kiosk4: asDevice('d_kp4', 'bp_kp4'),
  kiosk6: asDevice('d_kp6', 'bp_kp6'),
  anonymous: {},
} as const;
type Who = keyof typeof H;
const EVERYONE = Object.keys(H) as Who[];

let t: DocumentTestApp;
const docs: Record<'invited' | 'kp4' | 'chair' | 'viewOnly' | 'confidential', DocumentView> = {} as never;

async function meeting(who: Who, body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/meetings', headers: H[who], payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ meeting: { id: string } }>().meeting.id;
}

async function upload(
  who: Who,
  meetingId: string,
  name: string,
  bytes: Buffer,
  q: Record<string, string> = {},
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/meetings/${meetingId}/documents?${new URLSearchParams({ fileName: name, ...q }).toString()}`,
    headers: { ...H[who], 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<DocumentView>();
}

const get = (who: Who, url: string) => t.app.inject({ method: 'GET', url, headers: H[who] });

/** Every URL of a document's current version a client could try. */
function urlsOf(d: DocumentView): string[] {
  const base = `/api/documents/${d.id}/versions/${d.current.id}`;
  return [`/api/documents/${d.id}`, `${base}/file`, `${base}/pdf`, `${base}/pages/1`, `${base}/thumbs/1`];
}

beforeAll(async () => {
  t = await buildDocumentTestApp({ now: () => NOW });
  await t.db
    .insertInto('devices')
    .values({
      id: 'd_kp4',
      bridge_point_id: 'bp_kp4',
      token_hash: 'x',
      status: 'paired',
      created_at: NOW.toISOString(),
    })
    .execute();
  const giaoBan = await meeting('chair', {
    title: 'Họp giao ban tháng 12',
    type: 'giao_ban',
    startsAt: '2030-12-01T01:00:00.000Z',
    hostBridgePointId: 'bp_hoi_truong',
    bridgePointIds: ['bp_kp4'],
    invitees: [
      { personId: PEOPLE.chair.id, role: 'chair' },
      { personId: PEOPLE.delegate.id, role: 'delegate' },
    ],
  });
  const chiBo = await meeting('admin', {
    title: 'Sinh hoạt chi bộ khu phố 4',
    type: 'chi_bo',
    startsAt: '2030-12-02T12:00:00.000Z',
    hostBridgePointId: 'bp_kp4',
    organizationId: 'org_cb_kp4',
    confidential: true,
    invitees: [{ personId: PEOPLE.delegate.id, role: 'delegate' }],
  });
  docs.invited = await upload('chair', giaoBan, 'Báo cáo.pdf', pdf(2));
  docs.kp4 = await upload('chair', giaoBan, 'Riêng KP4.pdf', pdf(2), {
    visibility: 'bridge_point',
    bridgePointId: 'bp_kp4',
  });
  docs.chair = await upload('chair', giaoBan, 'Kịch bản chủ trì.pdf', pdf(2), { visibility: 'chair' });
  docs.viewOnly = await upload('chair', giaoBan, 'Dự thảo.docx', docx(), { downloadable: '0' });
  docs.confidential = await upload('admin', chiBo, 'Nghị quyết chi bộ.pdf', pdf(2));
  await t.docs.queue.idle();
});
afterAll(async () => t.close());

const ALLOWED: Record<keyof typeof docs, Who[]> = {
  invited: ['admin', 'chair', 'delegate', 'operator', 'kiosk4'],
  kp4: ['admin', 'chair', 'kiosk4'],
  chair: ['admin', 'chair'],
  viewOnly: ['admin', 'chair', 'delegate', 'operator', 'kiosk4'],
  confidential: ['admin', 'delegate', 'kiosk4'],
};

describe.each(Object.keys(ALLOWED) as (keyof typeof docs)[])('a document visible to “%s”', (key) => {
  const allowed = ALLOWED[key];
  const denied = EVERYONE.filter((w) => !allowed.includes(w));

  it.each(denied)(
    'cannot be fetched by %s by id or any URL (404), and the attempt is audited',
    async (who) => {
      const d = docs[key];
      const before = t.audit.entries.length;
      for (const url of urlsOf(d)) {
        const res = await get(who, url);
        expect(res.statusCode, `${who} ${url}`).toBe(404);
        expect(res.body).not.toContain(d.title);
      }
      const denials = t.audit.entries.slice(before).filter((e) => e.action === 'document.access_denied');
      expect(denials.length).toBe(who === 'anonymous' ? 0 : urlsOf(d).length);
      expect(denials.every((e) => e.targetId === d.id)).toBe(true);
    },
  );

  it.each(denied.filter((w) => w !== 'anonymous'))('is not listed to %s', async (who) => {
    const res = await get(who, `/api/meetings/${d(key).meetingId}/documents`);
    if (res.statusCode === 200)
      expect(res.json<DocumentListResponse>().documents.map((x) => x.id)).not.toContain(d(key).id);
    else expect(res.statusCode).toBe(404);
  });

  it.each(allowed)('is served to %s: PDF, pages and thumbnails, audited', async (who) => {
    const v = docs[key];
    const view = await get(who, `/api/documents/${v.id}`);
    expect(view.statusCode).toBe(200);
    const current = view.json<DocumentView>().current;
    expect(current.conversion.state).toBe('ready');
    const before = t.audit.entries.length;
    const pdfRes = await get(who, current.pdfUrl ?? '');
    expect(pdfRes.statusCode).toBe(200);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.headers['content-disposition']).toMatch(/^inline; /);
    expect(pdfRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    for (const prefix of [current.pageUrlPrefix, current.thumbUrlPrefix]) {
      const img = await get(who, `${prefix ?? ''}2`);
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/png');
      expect(img.headers['cache-control']).toBe('private, no-cache');
    }
    expect((await get(who, `${current.pageUrlPrefix ?? ''}3`)).statusCode).toBe(404);
    const accesses = t.audit.entries.slice(before).filter((e) => e.action === 'document.access');
    expect(accesses.map((e) => (e.detail as { rendition: string }).rendition)).toEqual(
      expect.arrayContaining(['pdf', 'page', 'thumb']),
    );
  });
});

const d = (key: keyof typeof docs): DocumentView => docs[key];

describe('view-only documents', () => {
  it('are shown inline to invitees without the original file or a download', async () => {
    const v = (await get('delegate', `/api/documents/${docs.viewOnly.id}`)).json<DocumentView>();
    expect(v.downloadable).toBe(false);
    expect(v.current.fileUrl).toBeNull();
    const base = `/api/documents/${v.id}/versions/${v.current.id}`;
    expect((await get('delegate', `${base}/file`)).statusCode).toBe(403);
    expect((await get('delegate', `${base}/pdf?download=1`)).statusCode).toBe(403);
    expect((await get('delegate', `${base}/pdf`)).headers['content-disposition']).toMatch(/^inline; /);
    const original = await get('chair', `${base}/file?download=1`);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-disposition']).toContain(
      'attachment; filename="Du thao.docx"; filename*=UTF-8\'\'D%E1%BB%B1%20th%E1%BA%A3o.docx',
    );
  });
});

describe('versions and hiding', () => {
  it('non-editors reach only the current version; hidden documents vanish for them but are kept', async () => {
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/documents/${docs.invited.id}/versions?fileName=bao-cao-v2.pdf`,
      headers: { ...H.chair, 'content-type': 'application/octet-stream' },
      payload: pdf(1, 'Sua'),
    });
    expect(added.statusCode, added.body).toBe(201);
    await t.docs.queue.idle();
    const oldPdf = `/api/documents/${docs.invited.id}/versions/${docs.invited.current.id}/pdf`;
    expect((await get('delegate', oldPdf)).statusCode).toBe(404);
    expect((await get('chair', oldPdf)).statusCode).toBe(200);
    // A version id of one document under another document's path.
    expect(
      (await get('chair', `/api/documents/${docs.kp4.id}/versions/${docs.invited.current.id}/pdf`))
        .statusCode,
    ).toBe(404);

    const hidden = await t.app.inject({
      method: 'DELETE',
      url: `/api/documents/${docs.chair.id}`,
      headers: H.chair,
    });
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json<DocumentView>().hidden).toBe(true);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/documents/${docs.invited.id}`,
          headers: H.delegate,
        })
      ).statusCode,
    ).toBe(403);
    const editorList = (
      await get('chair', `/api/meetings/${docs.chair.meetingId}/documents`)
    ).json<DocumentListResponse>();
    expect(editorList.documents.find((x) => x.id === docs.chair.id)?.versions).toHaveLength(1);
    expect((await get('admin', `/api/documents/${docs.chair.id}`)).statusCode).toBe(200);
  });
});

describe('kiosk pre-download and the readiness table', () => {
  it('a kiosk lists, fetches and reports its documents; the admin sees which are ready', async () => {
    const list = (await get('kiosk4', '/api/kiosk/documents')).json<KioskDocumentsResponse>().documents;
    const ids = list.map((e) => e.documentId).sort();
    expect(ids).toEqual([docs.confidential.id, docs.invited.id, docs.kp4.id, docs.viewOnly.id].sort());
    for (const entry of list) {
      expect(entry.urls.length).toBeGreaterThan(2);
      for (const url of entry.urls) expect((await get('kiosk4', url)).statusCode, url).toBe(200);
    }
    expect((await get('kiosk6', '/api/kiosk/documents')).json<KioskDocumentsResponse>().documents).toEqual(
      [],
    );

    const held = list.filter((e) => e.documentId !== docs.kp4.id).map((e) => e.versionId);
    const report = await t.app.inject({
      method: 'PUT',
      url: '/api/kiosk/documents/cache',
      headers: H.kiosk4,
      payload: { versionIds: [...held, docs.chair.current.id] },
    });
    expect(report.json()).toEqual({ accepted: held.length });

    expect((await get('operator', '/api/documents/readiness')).statusCode).toBe(403);
    const table = (await get('admin', '/api/documents/readiness')).json<DocumentReadinessResponse>();
    const giaoBan = table.meetings.find((m) => m.meetingId === docs.invited.meetingId);
    const kp4 = giaoBan?.points.find((p) => p.bridgePoint.id === 'bp_kp4');
    expect(kp4?.expected.sort()).toEqual([docs.invited.id, docs.kp4.id, docs.viewOnly.id].sort());
    expect(kp4?.ready.sort()).toEqual([docs.invited.id, docs.viewOnly.id].sort());
    const hall = giaoBan?.points.find((p) => p.bridgePoint.id === 'bp_hoi_truong');
    expect(hall?.device).toBeNull();
    expect(hall?.ready).toEqual([]);
  });
});
