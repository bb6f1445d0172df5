// Search and archive routes through inject(): results with highlights, 400 with code and field,
// refusals per role, and above all that a caller never sees, counts or gets a snippet of a
// meeting or document they may not see (confidential "MẬT" meetings, chair-only documents).
import type { ArchiveMeetingRecord, HighlightedText, SearchResponse } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pdf } from '../documents/samples.js';
import { PEOPLE } from '../meetings/testing.js';
import { asDevice, asUser } from '../testing/fake-auth.js';
import { LiveStore } from '../conduct/store.js';
import { FakeExtractor, buildSearchTestApp, publishedVoteEvents } from './testing.js';
import type { SearchTestApp } from './testing.js';

const NOW = new Date('2026-11-26T03:00:00.000Z');

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  cell: asUser(['delegate'], { userId: 'u_cell', personId: PEOPLE.cell.id }),
  outsider: asUser(['chair', 'secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
  device: asDevice('d_kp4', 'bp_kp4'),
  anonymous: {},
} as const;
type Who = keyof typeof H;

const giaoBan = {
  title: 'Họp giao ban tháng 11 – UBND phường',
  type: 'giao_ban',
  startsAt: '2026-11-10T01:00:00.000Z',
  hostBridgePointId: 'bp_hoi_truong',
  organizationId: 'org_ubnd',
  bridgePointIds: ['bp_kp1'],
  invitees: [
    { personId: PEOPLE.chair.id, role: 'chair' },
    { personId: PEOPLE.delegate.id, role: 'delegate' },
  ],
  agenda: [{ title: 'Thông qua biên bản kỳ trước', plannedMinutes: 10 }],
};

const chiBo = {
  title: 'Sinh hoạt chi bộ khu phố 4 – kiểm điểm đảng viên',
  type: 'chi_bo',
  startsAt: '2026-11-12T12:00:00.000Z',
  hostBridgePointId: 'bp_kp4',
  organizationId: 'org_cb_kp4',
  confidential: true,
  invitees: [{ personId: PEOPLE.chair.id, role: 'chair' }],
  agenda: [{ title: 'Biên bản kiểm điểm bí mật', plannedMinutes: 30 }],
};

const BUDGET = pdf(1, 'Du thao');
const PLAN = pdf(2, 'Ke hoach');

let t: SearchTestApp;
let openId: string;
let secretId: string;

const text = (h: HighlightedText): string => h.map((p) => p.text).join('');
const hits = (h: HighlightedText): string[] => h.filter((p) => p.hit).map((p) => p.text);

async function get(who: Who, url: string) {
  return t.app.inject({ method: 'GET', url, headers: H[who] });
}

async function search(who: Who, q: string, extra = ''): Promise<SearchResponse> {
  const res = await get(who, `/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SearchResponse>();
}

async function createMeeting(body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/meetings', headers: H.admin, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ meeting: { id: string } }>().meeting.id;
}

async function upload(meetingId: string, file: Buffer, query: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/meetings/${meetingId}/documents?${query}`,
    headers: { ...H.admin, 'content-type': 'application/octet-stream' },
    payload: file,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

beforeEach(async () => {
  const extractor = new FakeExtractor();
  extractor.set(BUDGET, 'Dự thảo ngân sách phường năm 2027: chi thường xuyên, đầu tư công.');
  extractor.set(PLAN, 'Kế hoạch phòng cháy chữa cháy mùa khô tại các khu phố.');
  t = await buildSearchTestApp({ now: () => NOW, extractor });
  openId = await createMeeting(giaoBan);
  secretId = await createMeeting(chiBo);
  await upload(
    openId,
    BUDGET,
    'fileName=du-thao.pdf&title=D%E1%BB%B1%20th%E1%BA%A3o%20ng%C3%A2n%20s%C3%A1ch&visibility=chair',
  );
  await upload(openId, PLAN, 'fileName=ke-hoach.pdf&title=K%E1%BA%BF%20ho%E1%BA%A1ch');
  await upload(secretId, PLAN, 'fileName=ke-hoach.pdf&title=T%C3%A0i%20li%E1%BB%87u%20m%E1%BA%ADt');
  await t.settle();
});
afterEach(async () => t.close());

describe('GET /api/search', () => {
  it('finds a meeting by its agenda without diacritics and highlights the original words', async () => {
    const r = await search('delegate', 'bien ban ky truoc');
    expect(r.total).toBe(1);
    const [group] = r.groups;
    expect(group?.meeting).toMatchObject({ id: openId, title: giaoBan.title, confidential: false });
    const hit = group!.hits[0]!;
    expect(hit.kind).toBe('meeting');
    // "ban" of the type ("Họp giao ban") matches too: the words need not be next to each other.
    expect(hits(hit.snippet)).toEqual(['ban', 'biên', 'bản', 'kỳ', 'trước']);
    expect(text(hit.snippet)).toContain('Thông qua biên bản kỳ trước');
  });

  it('finds a word from a document’s text, grouped under its meeting', async () => {
    const r = await search('delegate', 'phong chay');
    expect(r.groups.map((g) => g.meeting.id)).toEqual([openId]);
    const hit = r.groups[0]!.hits[0]!;
    expect(hit.kind).toBe('document');
    expect(hit.documentVersionId).toMatch(/^dv_/);
    expect(hits(hit.snippet)).toEqual(['phòng', 'cháy', 'cháy']);
  });

  it('never returns, counts or snippets a confidential meeting to an outsider', async () => {
    for (const q of ['kiem diem', 'chi bo khu pho 4', 'bi mat', 'tai lieu mat', 'phong chay']) {
      const r = await search('outsider', q);
      expect(r.groups.flatMap((g) => [g.meeting.id, ...g.hits.map((h) => text(h.snippet))])).not.toContain(
        secretId,
      );
      expect(JSON.stringify(r)).not.toMatch(/kiểm điểm|bí mật|Tài liệu mật/);
    }
    expect((await search('outsider', 'kiem diem')).total).toBe(0);
    // The same document text is in both meetings: an invited delegate counts only the open one,
    // and the outsider (who sees the open meeting, but is not invited) neither document.
    expect((await search('delegate', 'phong chay')).total).toBe(1);
    expect((await search('outsider', 'phong chay')).total).toBe(0);
    const seen = (await search('outsider', 'giao ban')).groups.map((g) => g.meeting.id);
    expect(seen).toContain(openId);
    expect(seen).not.toContain(secretId);
  });

  it('shows the confidential meeting to its invited chair, the cell’s members and admins', async () => {
    for (const who of ['chair', 'cell', 'admin'] as const) {
      const r = await search(who, 'kiểm điểm');
      expect(r.groups.map((g) => g.meeting.id)).toEqual([secretId]);
      expect(r.groups[0]?.meeting.confidential).toBe(true);
    }
    // The uninvited member sees the meeting but not its documents (invited only).
    expect((await search('cell', 'tai lieu mat')).total).toBe(0);
    expect((await search('chair', 'tai lieu mat')).total).toBe(1);
  });

  it('hides a chair-only document from invited delegates but not from the chair', async () => {
    expect((await search('delegate', 'ngan sach')).total).toBe(0);
    const r = await search('chair', 'ngan sach');
    expect(r.total).toBe(1);
    expect(hits(r.groups[0]!.hits[0]!.title)).toEqual(['ngân', 'sách']);
  });

  it('filters by kind and limits the hits', async () => {
    const r = await search('admin', 'khu pho', '&kind=document');
    expect(r.groups.flatMap((g) => g.hits.map((h) => h.kind))).toEqual(['document', 'document']);
    const one = await search('admin', 'khu pho', '&limit=1');
    expect(one.groups.flatMap((g) => g.hits)).toHaveLength(1);
    expect(one.total).toBeGreaterThan(1);
  });

  it('reindexes a meeting after it is edited', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/meetings/${openId}`,
      headers: H.admin,
      payload: { title: 'Hội nghị sơ kết phong trào toàn dân bảo vệ an ninh Tổ quốc' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.search.indexer.idle();
    await t.settle();
    expect((await search('delegate', 'so ket phong trao')).groups[0]?.meeting.id).toBe(openId);
    expect((await search('delegate', 'tháng 11 ')).total).toBe(0);
  });

  it('answers 400 with the field for bad input', async () => {
    for (const [url, field] of [
      ['/api/search', 'q'],
      ['/api/search?q=', 'q'],
      ['/api/search?q=%22%2A%28%29', 'q'],
      [`/api/search?q=${'a'.repeat(201)}`, 'q'],
      ['/api/search?q=bien&limit=0', 'limit'],
      ['/api/search?q=bien&kind=recording', 'kind'],
    ] as const) {
      const res = await get('admin', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
    }
  });

  it('refuses anonymous callers and kiosks', async () => {
    expect((await get('anonymous', '/api/search?q=bien')).statusCode).toBe(401);
    const dev = await get('device', '/api/search?q=bien');
    expect(dev.statusCode).toBe(403);
    expect(dev.json()).toMatchObject({ code: 'forbidden' });
  });

  it('is never cached', async () => {
    const res = await get('admin', '/api/search?q=bien');
    expect(res.headers['cache-control']).toBe('private, no-store');
  });
});

describe('GET /api/archive', () => {
  type Archive = {
    meetings: { id: string; documentCount: number; mayExport: boolean }[];
    organizations: { id: string }[];
  };
  const archive = async (who: Who, query = ''): Promise<Archive> => {
    const res = await get(who, `/api/archive${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Archive>();
  };

  it('lists past meetings the caller may see, with visible document counts', async () => {
    const admin = await archive('admin', '?month=2026-11');
    expect(admin.meetings.map((m) => m.id)).toEqual([secretId, openId]);
    expect(admin.meetings.find((m) => m.id === openId)).toMatchObject({ documentCount: 2, mayExport: true });
    const out = await archive('outsider', '?month=2026-11');
    expect(out.meetings.map((m) => m.id)).toEqual([openId]);
    expect(out.meetings[0]).toMatchObject({ documentCount: 0, mayExport: false });
    const del = await archive('delegate');
    expect(del.meetings).toEqual([
      expect.objectContaining({ id: openId, documentCount: 1, mayExport: false }),
    ]);
    expect(admin.organizations.length).toBeGreaterThan(3);
  });

  it('filters by month, type and organization', async () => {
    expect((await archive('admin', '?month=2026-10')).meetings).toEqual([]);
    expect((await archive('admin', '?type=chi_bo')).meetings.map((m) => m.id)).toEqual([secretId]);
    expect((await archive('admin', '?organizationId=org_ubnd')).meetings.map((m) => m.id)).toEqual([openId]);
    // A future month has no past meetings.
    expect((await archive('admin', '?month=2027-01')).meetings).toEqual([]);
  });

  it('answers 400 for a bad month and 401/403 for the anonymous and kiosks', async () => {
    const bad = await get('admin', '/api/archive?month=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'month' });
    expect((await get('anonymous', '/api/archive')).statusCode).toBe(401);
    expect((await get('device', '/api/archive')).statusCode).toBe(403);
  });

  it('gives the published votes of a meeting without who voted or how', async () => {
    await new LiveStore(t.db).append(openId, 0, publishedVoteEvents('2026-11-10T02:00:00.000Z'));
    const res = await get('outsider', `/api/archive/meetings/${openId}`);
    expect(res.statusCode, res.body).toBe(200);
    const { votes } = res.json<ArchiveMeetingRecord>();
    expect(votes.map((v) => v.id)).toEqual(['v_motion']);
    expect(votes[0]).toMatchObject({
      title: 'Thông qua nghị quyết',
      status: 'published',
      voters: [],
      ballots: null,
      pointCounts: null,
      result: { counts: { yes: 1, no: 1, abstain: 0 }, passed: false },
    });
    expect(res.body).not.toContain('p_delegate');
  });

  it('gives a meeting’s published votes, 404 for a meeting the caller may not see', async () => {
    const own = await get('chair', `/api/archive/meetings/${secretId}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ votes: [] });
    const out = await get('outsider', `/api/archive/meetings/${secretId}`);
    expect(out.statusCode).toBe(404);
    expect(out.json()).toMatchObject({ code: 'meeting_not_found' });
    expect((await get('outsider', '/api/archive/meetings/m_nonexistent0000')).statusCode).toBe(404);
    const bad = await get('admin', `/api/archive/meetings/${'x'.repeat(129)}`);
    expect(bad.statusCode).toBe(400);
  });
});
