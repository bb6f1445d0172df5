// The notice and task routes through HTTP: refusal before the minutes are approved, drafting and
// editing by the meeting's editors, issuing by the chair only (numbered, locked, audited, indexed),
// tasks per conclusion, reports and evidence by the assignee only, 404 for everyone else (no IDOR),
// validation errors with their field, and the follow-up board.
import type {
  NoticeResponse,
  NoticeView,
  TaskBoardResponse,
  TaskDetail,
  MyTasksResponse,
} from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE } from '../meetings/testing.js';
import { docx, pdf, png } from '../documents/samples.js';
import { asUser } from '../testing/fake-auth.js';
import { buildNoticeTestApp, T0 } from './testing.js';
import type { NoticeTestApp } from './testing.js';

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  secretary: asUser(['secretary'], { userId: 'u_sec', personId: PEOPLE.secretary.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  cell: asUser(['delegate'], { userId: 'u_cell', personId: PEOPLE.cell.id }),
  kp4: asUser(['operator'], { userId: 'u_kp4', bridgePointId: 'bp_kp4' }),
  kp5: asUser(['operator'], { userId: 'u_kp5', bridgePointId: 'bp_kp5' }),
  outsider: asUser(['chair', 'secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
  anonymous: {},
} as const;
type Who = keyof typeof H;

let t: NoticeTestApp;
let giaoBan = '';
let secret = '';

const req = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: H[who], ...(payload ? { payload } : {}) });

async function meeting(body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/meetings', headers: H.admin, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ meeting: { id: string } }>().meeting.id;
}

const invitees = [
  { personId: PEOPLE.chair.id, role: 'chair' },
  { personId: PEOPLE.secretary.id, role: 'secretary' },
  { personId: PEOPLE.delegate.id, role: 'delegate' },
];

beforeAll(async () => {
  t = await buildNoticeTestApp({ maxEvidenceBytes: 64 * 1024 });
  giaoBan = await meeting({
    title: 'Họp giao ban tháng 12',
    type: 'giao_ban',
    startsAt: '2030-12-01T01:00:00.000Z',
    hostBridgePointId: 'bp_hoi_truong',
    organizationId: 'org_ubnd',
    bridgePointIds: ['bp_kp4'],
    invitees,
  });
  secret = await meeting({
    title: 'Sinh hoạt chi bộ khu phố 4',
    type: 'chi_bo',
    startsAt: '2030-12-02T12:00:00.000Z',
    hostBridgePointId: 'bp_kp4',
    organizationId: 'org_cb_kp4',
    confidential: true,
    invitees,
  });
});
afterAll(async () => t.close());

describe('the notice', () => {
  let notice: NoticeView;

  it('is refused before the minutes are approved, with a clear code', async () => {
    const res = await req('chair', 'POST', `/api/meetings/${giaoBan}/notice`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conclusions_not_approved', field: 'minutes' });
  });

  it('is drafted from the approved conclusions by an editor only', async () => {
    t.conclusions.approve(giaoBan, 1);
    expect((await req('delegate', 'POST', `/api/meetings/${giaoBan}/notice`)).statusCode).toBe(403);
    expect((await req('anonymous', 'POST', `/api/meetings/${giaoBan}/notice`)).statusCode).toBe(401);
    const res = await req('secretary', 'POST', `/api/meetings/${giaoBan}/notice`);
    expect(res.statusCode, res.body).toBe(201);
    notice = res.json<NoticeView>();
    expect(notice).toMatchObject({
      status: 'draft',
      numberText: null,
      symbol: 'TB-UBND',
      issuingBody: 'UBND PHƯỜNG AN PHÚ ĐÔNG',
      place: 'An Phú Đông',
      signerName: 'Nguyễn Thị Hồng Nhung',
      minutes: { version: 1, sha256: '1'.repeat(64) },
    });
    expect(notice.items).toHaveLength(2);
    expect(notice.title).toContain(
      'Kết luận của đồng chí Nguyễn Thị Hồng Nhung tại cuộc họp Họp giao ban tháng 12',
    );
    expect((await req('chair', 'POST', `/api/meetings/${giaoBan}/notice`)).json()).toMatchObject({
      code: 'conflict',
    });
    expect(t.audit.entries.some((e) => e.action === 'notice.drafted' && e.targetId === notice.id)).toBe(true);
  });

  it('is not shown as a draft to those who only see the meeting', async () => {
    const res = await req('delegate', 'GET', `/api/meetings/${giaoBan}/notice`);
    expect(res.json<NoticeResponse>()).toMatchObject({
      notice: null,
      approved: null,
      canManage: false,
      canIssue: false,
    });
    expect((await req('delegate', 'GET', `/api/notices/${notice.id}/pdf`)).statusCode).toBe(404);
    const chair = (await req('chair', 'GET', `/api/meetings/${giaoBan}/notice`)).json<NoticeResponse>();
    expect(chair).toMatchObject({ canManage: true, canIssue: true, approved: { version: 1 } });
  });

  it('validates edits with the field named', async () => {
    const bad = await req('secretary', 'PATCH', `/api/notices/${notice.id}`, { symbol: 'TB/UBND x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'symbol' });
    const unknown = await req('secretary', 'PATCH', `/api/notices/${notice.id}`, { number: 7 });
    expect(unknown.statusCode).toBe(400);
    const ok = await req('secretary', 'PATCH', `/api/notices/${notice.id}`, {
      parentBody: 'UBND Thành phố Hồ Chí Minh',
      signerTitle: 'Chủ tịch',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<NoticeView>()).toMatchObject({
      parentBody: 'UBND Thành phố Hồ Chí Minh',
      signerTitle: 'Chủ tịch',
    });
    expect((await req('delegate', 'PATCH', `/api/notices/${notice.id}`, { place: 'X' })).statusCode).toBe(
      404,
    );
  });

  it('takes tasks per conclusion item, validated', async () => {
    const url = `/api/notices/${notice.id}/tasks`;
    const base = {
      itemIndex: 0,
      title: 'Ra quân tổng vệ sinh',
      assignee: { kind: 'org', organizationId: 'org_kp4' },
      dueDate: '2030-12-10',
    };
    expect((await req('secretary', 'POST', url, { ...base, itemIndex: 2 })).json()).toMatchObject({
      field: 'itemIndex',
    });
    expect((await req('secretary', 'POST', url, { ...base, dueDate: '2030-02-30' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'dueDate',
    });
    expect(
      (
        await req('secretary', 'POST', url, {
          ...base,
          assignee: { kind: 'org', organizationId: 'org_nope' },
        })
      ).json(),
    ).toMatchObject({ field: 'assignee.organizationId' });
    expect((await req('delegate', 'POST', url, base)).statusCode).toBe(404);
    const a = await req('secretary', 'POST', url, base);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json<TaskDetail>()).toMatchObject({
      status: 'open',
      assignee: { kind: 'org', name: 'Khu phố 4' },
      overdue: false,
    });
    const b = await req('chair', 'POST', url, {
      ...base,
      itemIndex: 1,
      title: 'Rà soát điểm lấn chiếm vỉa hè',
      assignee: { kind: 'person', personId: PEOPLE.cell.id },
      dueDate: '2030-12-15',
    });
    expect(b.statusCode, b.body).toBe(201);
    // Not issued yet: the assignees do not see their tasks.
    expect((await req('kp4', 'GET', '/api/tasks/mine')).json<MyTasksResponse>().tasks).toEqual([]);
    expect((await req('kp4', 'GET', `/api/tasks/${a.json<TaskDetail>().id}`)).statusCode).toBe(404);
  });

  it('is issued by the chair only: numbered, locked, audited and indexed', async () => {
    expect((await req('secretary', 'POST', `/api/notices/${notice.id}/issue`)).statusCode).toBe(403);
    const res = await req('chair', 'POST', `/api/notices/${notice.id}/issue`);
    expect(res.statusCode, res.body).toBe(200);
    const issued = res.json<NoticeView>();
    expect(issued).toMatchObject({ status: 'issued', numberText: '1/TB-UBND', issuedAt: T0.toISOString() });
    const entry = t.audit.entries.find((e) => e.action === 'notice.issued');
    expect(entry?.detail).toMatchObject({
      number: '1/TB-UBND',
      minutesVersion: 1,
      minutesSha256: '1'.repeat(64),
      tasks: 2,
    });
    expect(t.indexed).toEqual([
      expect.objectContaining({ kind: 'notice', refId: notice.id, meetingId: giaoBan }),
    ]);
    expect(t.indexed[0]?.body).toContain('Khu phố 4 rà soát các điểm lấn chiếm');
    expect((await req('chair', 'POST', `/api/notices/${notice.id}/issue`)).json()).toMatchObject({
      code: 'wrong_state',
    });
    expect((await req('chair', 'PATCH', `/api/notices/${notice.id}`, { place: 'X' })).json()).toMatchObject({
      code: 'wrong_state',
    });
    const delegate = (await req('delegate', 'GET', `/api/meetings/${giaoBan}/notice`)).json<NoticeResponse>();
    expect(delegate.notice?.numberText).toBe('1/TB-UBND');
  });

  it('exports DOCX and PDF in the NĐ30 layout with every diacritic', async () => {
    const d = await req('delegate', 'GET', `/api/notices/${notice.id}/docx`);
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-disposition']).toContain('Thong-bao-1-2030.docx');
    const xml = await docxText(d.rawPayload);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 1/TB-UBND',
      'THÔNG BÁO',
      'An Phú Đông, ngày 01 tháng 12 năm 2030',
      'Times New Roman',
      'Giao Khu phố 4: Ra quân tổng vệ sinh. Thời hạn: 10/12/2030.',
      'Ủy ban MTTQ phối hợp tuyên truyền',
    ])
      expect(xml).toContain(s);
    const p = await req('chair', 'GET', `/api/notices/${notice.id}/pdf`);
    expect(p.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(p.rawPayload);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Số: 1/TB-UBND',
      'Giao Lê Văn Hai: Rà soát điểm lấn chiếm vỉa hè',
      'CHỦ TỊCH',
      'Nguyễn Thị Hồng Nhung',
      'Ủy ban MTTQ phối hợp tuyên truyền',
    ])
      expect(text).toContain(s);
    expect((await req('outsider', 'GET', `/api/notices/${notice.id}/pdf`)).statusCode).toBe(200);
    expect((await req('anonymous', 'GET', `/api/notices/${notice.id}/pdf`)).statusCode).toBe(401);
  });

  it('numbers the next notice of the organization 2', async () => {
    const other = await meeting({
      title: 'Họp chuyên đề',
      type: 'chuyen_de',
      startsAt: '2030-12-03T01:00:00.000Z',
      hostBridgePointId: 'bp_hoi_truong',
      organizationId: 'org_ubnd',
      invitees,
    });
    t.conclusions.approve(other, 1);
    const draft = (await req('chair', 'POST', `/api/meetings/${other}/notice`)).json<NoticeView>();
    // Newer minutes approved after drafting: issuing waits until the draft takes them.
    t.conclusions.approve(other, 2);
    expect((await req('chair', 'POST', `/api/notices/${draft.id}/issue`)).json()).toMatchObject({
      code: 'wrong_state',
      field: 'minutes',
    });
    expect(
      (await req('chair', 'POST', `/api/notices/${draft.id}/refresh`)).json<NoticeView>().minutes.version,
    ).toBe(2);
    expect((await req('chair', 'POST', `/api/notices/${draft.id}/issue`)).json<NoticeView>().numberText).toBe(
      '2/TB-UBND',
    );
  });

  it('without an organization is issued in the name of its host point’s unit, numbered apart', async () => {
    const kp = await meeting({
      title: 'Họp dân khu phố 4',
      type: 'hoi_nghi',
      startsAt: '2030-12-04T12:00:00.000Z',
      hostBridgePointId: 'bp_kp4',
      invitees,
    });
    t.conclusions.approve(kp, 1);
    const draft = (await req('chair', 'POST', `/api/meetings/${kp}/notice`)).json<NoticeView>();
    expect(draft).toMatchObject({ issuingBody: 'KHU PHỐ 4', symbol: 'TB-KP', place: 'Khu phố 4' });
    expect((await req('chair', 'POST', `/api/notices/${draft.id}/issue`)).json<NoticeView>().numberText).toBe(
      '1/TB-KP',
    );
  });

  it('of a confidential meeting is 404 to outsiders', async () => {
    t.conclusions.approve(secret, 1);
    const n = (await req('chair', 'POST', `/api/meetings/${secret}/notice`)).json<NoticeView>();
    await req('chair', 'POST', `/api/notices/${n.id}/issue`);
    expect((await req('outsider', 'GET', `/api/meetings/${secret}/notice`)).statusCode).toBe(404);
    expect((await req('outsider', 'GET', `/api/notices/${n.id}/docx`)).statusCode).toBe(404);
    expect(
      (
        await req('outsider', 'POST', `/api/notices/${n.id}/tasks`, {
          itemIndex: 0,
          title: 'x',
          assignee: { kind: 'org', organizationId: 'org_kp4' },
          dueDate: '2030-12-10',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('tasks', () => {
  let orgTask: TaskDetail;
  let personTask: TaskDetail;

  beforeAll(async () => {
    const mine = (await req('kp4', 'GET', '/api/tasks/mine')).json<MyTasksResponse>().tasks;
    expect(mine.map((x) => x.title)).toEqual(['Ra quân tổng vệ sinh']);
    orgTask = (await req('kp4', 'GET', `/api/tasks/${mine[0]?.id ?? ''}`)).json<TaskDetail>();
    const cell = (await req('cell', 'GET', '/api/tasks/mine')).json<MyTasksResponse>().tasks;
    expect(cell.map((x) => x.title)).toEqual(['Rà soát điểm lấn chiếm vỉa hè']);
    personTask = (await req('cell', 'GET', `/api/tasks/${cell[0]?.id ?? ''}`)).json<TaskDetail>();
  });

  it('are shown to their assignees only (others get 404, audited)', async () => {
    const denied = () =>
      t.audit.entries.filter((e) => e.action === 'task.access_denied' && e.targetId === orgTask.id).length;
    const before = denied();
    expect(orgTask).toMatchObject({
      mayReport: true,
      mayManage: false,
      noticeNumber: '1/TB-UBND',
      itemTitle: 'Công tác vệ sinh môi trường, phòng chống sốt xuất huyết',
    });
    expect((await req('kp5', 'GET', '/api/tasks/mine')).json<MyTasksResponse>().tasks).toEqual([]);
    for (const who of ['kp5', 'delegate', 'cell'] as const) {
      expect((await req(who, 'GET', `/api/tasks/${orgTask.id}`)).statusCode).toBe(404);
    }
    expect((await req('kp4', 'GET', `/api/tasks/${personTask.id}`)).statusCode).toBe(404);
    expect((await req('kp4', 'GET', '/api/tasks/tsk_doesnotexist')).statusCode).toBe(404);
    expect(denied() - before).toBe(3);
  });

  it('take progress reports from the assignee only', async () => {
    const url = `/api/tasks/${orgTask.id}/reports`;
    expect((await req('kp4', 'POST', url, { percent: 150, text: 'x' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'percent',
    });
    expect((await req('kp4', 'POST', url, { percent: 50, text: '' })).json()).toMatchObject({
      field: 'text',
    });
    expect((await req('chair', 'POST', url, { percent: 50, text: 'Tôi báo cáo thay' })).statusCode).toBe(403);
    expect((await req('kp5', 'POST', url, { percent: 50, text: 'x' })).statusCode).toBe(404);
    const res = await req('kp4', 'POST', url, { percent: 60, text: 'Đã ra quân 3/5 tổ dân phố' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TaskDetail>()).toMatchObject({
      status: 'in_progress',
      progress: 60,
      reports: [{ kind: 'progress', percent: 60, by: 'u_kp4', text: 'Đã ra quân 3/5 tổ dân phố' }],
    });
    const cell = await req('cell', 'POST', `/api/tasks/${personTask.id}/reports`, {
      percent: 20,
      text: 'Đang rà soát',
    });
    expect(cell.json<TaskDetail>().reports[0]?.by).toBe('Lê Văn Hai');
  });

  it('take evidence files (images and PDFs, size-limited) and serve them to the ward and the assignee', async () => {
    const url = (name: string) => `/api/tasks/${orgTask.id}/evidence?fileName=${encodeURIComponent(name)}`;
    const up = (who: Who, name: string, bytes: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: url(name),
        headers: { ...H[who], 'content-type': 'application/octet-stream' },
        payload: bytes,
      });
    const image = png(12, 9);
    const res = await up('kp4', 'Ảnh ra quân', image);
    expect(res.statusCode, res.body).toBe(201);
    const ev = res.json<TaskDetail>().evidence[0];
    expect(ev).toMatchObject({ fileName: 'Ảnh ra quân.png', kind: 'png', sizeBytes: image.length });
    expect((await up('kp4', 'Báo cáo.docx', docx())).json()).toMatchObject({ code: 'file_type_refused' });
    expect((await up('kp4', 'Ảnh.png', pdf(1))).json()).toMatchObject({ code: 'file_type_refused' });
    expect((await up('kp4', 'Lớn.pdf', Buffer.concat([pdf(1), Buffer.alloc(70 * 1024)]))).statusCode).toBe(
      413,
    );
    expect((await up('chair', 'x.png', image)).statusCode).toBe(403);
    expect((await up('kp5', 'x.png', image)).statusCode).toBe(404);
    const got = await req('chair', 'GET', ev?.url ?? '');
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-security-policy']).toContain('sandbox');
    expect(Buffer.compare(got.rawPayload, image)).toBe(0);
    expect((await req('kp4', 'GET', ev?.url ?? '')).statusCode).toBe(200);
    expect((await req('kp5', 'GET', ev?.url ?? '')).statusCode).toBe(404);
    // Another task's id with this evidence id: not found (no cross-task access).
    expect(
      (await req('cell', 'GET', `/api/tasks/${personTask.id}/evidence/${ev?.id ?? ''}`)).statusCode,
    ).toBe(404);
    expect(t.audit.entries.filter((e) => e.action === 'task.evidence_access')).toHaveLength(2);
  });

  it('are accepted or cancelled by the ward, after which nothing more is reported', async () => {
    expect((await req('kp4', 'POST', `/api/tasks/${orgTask.id}/accept`, {})).statusCode).toBe(403);
    const done = await req('chair', 'POST', `/api/tasks/${orgTask.id}/accept`, { text: 'Đạt yêu cầu' });
    expect(done.json<TaskDetail>()).toMatchObject({ status: 'done', progress: 100, overdue: false });
    expect(
      (await req('kp4', 'POST', `/api/tasks/${orgTask.id}/reports`, { percent: 90, text: 'x' })).json(),
    ).toMatchObject({ code: 'wrong_state' });
    expect((await req('chair', 'POST', `/api/tasks/${personTask.id}/cancel`, {})).json()).toMatchObject({
      field: 'reason',
    });
    const cancelled = await req('secretary', 'POST', `/api/tasks/${personTask.id}/cancel`, {
      reason: 'Đã giao cho UBND phường',
    });
    expect(cancelled.json<TaskDetail>()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Đã giao cho UBND phường',
    });
    expect(
      (await req('secretary', 'PATCH', `/api/tasks/${personTask.id}`, { title: 'x' })).json(),
    ).toMatchObject({ code: 'wrong_state' });
  });

  it('show overdue on the board per neighborhood, for the ward only', async () => {
    const n = (await req('chair', 'GET', `/api/meetings/${giaoBan}/notice`)).json<NoticeResponse>().notice;
    const late = await req('chair', 'POST', `/api/notices/${n?.id ?? ''}/tasks`, {
      itemIndex: 1,
      title: 'Báo cáo kết quả chỉnh trang',
      assignee: { kind: 'org', organizationId: 'org_kp4' },
      dueDate: '2030-12-05',
    });
    const lateTask = late.json<TaskDetail>();
    const edited = await req('chair', 'PATCH', `/api/tasks/${lateTask.id}`, {
      dueDate: '2030-12-04',
      notes: 'Gửi bản scan có dấu',
    });
    expect(edited.json<TaskDetail>()).toMatchObject({ dueDate: '2030-12-04', notes: 'Gửi bản scan có dấu' });
    const secretNotice = (await req('chair', 'GET', `/api/meetings/${secret}/notice`)).json<NoticeResponse>()
      .notice;
    const secretTask = await req('chair', 'POST', `/api/notices/${secretNotice?.id ?? ''}/tasks`, {
      itemIndex: 0,
      title: 'Nhiệm vụ của chi bộ',
      assignee: { kind: 'org', organizationId: 'org_kp4' },
      dueDate: '2030-12-03',
    });
    expect(secretTask.statusCode).toBe(201);
    t.setNow(new Date('2030-12-04T17:00:00.000Z'));
    const q = '/api/tasks/board?from=2030-12-01&to=2030-12-31';
    expect((await req('delegate', 'GET', q)).statusCode).toBe(403);
    expect(
      (await req('secretary', 'GET', '/api/tasks/board?from=2030-12-31&to=2030-12-01')).json(),
    ).toMatchObject({ field: 'to' });
    const board = (await req('secretary', 'GET', q)).json<TaskBoardResponse>();
    expect(board.today).toBe('2030-12-05');
    expect(board.rows).toEqual([
      { orgUnitId: 'org_kp4', name: 'Khu phố 4', total: 3, done: 1, overdue: 2, open: 2 },
    ]);
    expect(board.overdue.map((x) => x.id)).toEqual([secretTask.json<TaskDetail>().id, lateTask.id]);
    expect(board.overdue[0]?.overdue).toBe(true);
    // An account chair who was not invited sees the counts, and no task of the confidential meeting.
    const outsider = (await req('outsider', 'GET', q)).json<TaskBoardResponse>();
    expect(outsider.rows[0]?.overdue).toBe(2);
    expect(outsider.overdue.map((x) => x.id)).toEqual([lateTask.id]);
    t.setNow(T0);
  });
});

async function docxText(buf: Buffer): Promise<string> {
  const { bufferSource, listEntries, readEntry } = await import('../documents/zip.js');
  const src = bufferSource(buf);
  const entries = await listEntries(src);
  const parts = await Promise.all(
    entries
      .filter((e) => e.name === 'word/document.xml' || e.name === 'word/styles.xml')
      .map((e) => readEntry(src, e, 5_000_000)),
  );
  // Word splits nothing here (one run per line), so the plain text is the text runs joined.
  return parts.map((p) => p.toString('utf8')).join('\n');
}

async function pdfText(buf: Buffer): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', ['-layout', '-', '-'], { encoding: 'utf8' }, (err, out) =>
      err ? reject(new Error('pdftotext failed', { cause: err })) : resolve(out.normalize('NFC')),
    );
    child.stdin?.end(buf);
  });
}
