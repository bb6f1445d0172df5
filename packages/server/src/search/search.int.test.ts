// The real path of a document into search: a Vietnamese DOCX uploaded through the routes is
// converted by LibreOffice in the sandbox, its PDF's text extracted by pdftotext (sandboxed too),
// and a word of its body is found typed without diacritics, with the snippet in the original.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '@diemcau/protocol';
import { SandboxConverter } from '../documents/convert.js';
import { docx } from '../documents/samples.js';
import { PEOPLE } from '../meetings/testing.js';
import { asUser } from '../testing/fake-auth.js';
import { buildSearchTestApp } from './testing.js';
import type { SearchTestApp } from './testing.js';

const chair = asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id });
const outsider = asUser(['chair'], { userId: 'u_out', personId: PEOPLE.outsider.id });

let t: SearchTestApp;

beforeAll(async () => {
  t = await buildSearchTestApp({ converter: new SandboxConverter() });
});
afterAll(async () => t.close());

const search = async (headers: Record<string, string>, q: string): Promise<SearchResponse> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SearchResponse>();
};

describe('document text in search', () => {
  it('finds a word of an uploaded DOCX typed without diacritics', { timeout: 240_000 }, async () => {
    const m = await t.app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: chair,
      payload: {
        title: 'Sinh hoạt chi bộ khu phố 4',
        type: 'chi_bo',
        startsAt: '2026-11-20T12:00:00.000Z',
        hostBridgePointId: 'bp_kp4',
        organizationId: 'org_cb_kp4',
        confidential: true,
        bridgePointIds: [],
        invitees: [{ personId: PEOPLE.chair.id, role: 'chair' }],
      },
    });
    expect(m.statusCode, m.body).toBe(201);
    const meetingId = m.json<{ meeting: { id: string } }>().meeting.id;
    const file = docx({
      paragraphs: [
        'Nghị quyết chuyên đề của chi bộ',
        'Tăng cường công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ trên địa bàn khu phố.',
        'Đồng chí Lê Văn Hai phụ trách tổ dân phố số 12.',
      ],
    });
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/meetings/${meetingId}/documents?fileName=nghi-quyet.docx&title=Ngh%E1%BB%8B%20quy%E1%BA%BFt`,
      headers: { ...chair, 'content-type': 'application/octet-stream' },
      payload: file,
    });
    expect(up.statusCode, up.body).toBe(201);
    const documentId = up.json<{ id: string }>().id;
    await t.settle();
    const state = await t.app.inject({ method: 'GET', url: `/api/documents/${documentId}`, headers: chair });
    expect(
      state.json<{ versions: { conversion: { state: string; error: string | null } }[] }>().versions[0]
        ?.conversion,
    ).toMatchObject({ state: 'ready' });

    const r = await search(chair, 'cuu nan cuu ho');
    expect(r.total).toBe(1);
    const hit = r.groups[0]?.hits[0];
    expect(hit).toMatchObject({ kind: 'document', refId: documentId });
    const snippet = hit?.snippet.map((p) => p.text).join('') ?? '';
    expect(snippet).toContain('phòng cháy, chữa cháy và cứu nạn, cứu hộ');
    expect(hit?.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['cứu', 'nạn', 'cứu', 'hộ']);
    // With diacritics, đ/d, and as a prefix while typing.
    expect((await search(chair, 'Đồng chí Lê Văn Hai')).total).toBe(1);
    expect((await search(chair, 'dong chi le van hai')).total).toBe(1);
    expect((await search(chair, 'phu trach to dan ph')).total).toBe(1);
    // The meeting is confidential: someone outside the cell finds nothing.
    expect((await search(outsider, 'cuu nan cuu ho')).total).toBe(0);
  });
});
