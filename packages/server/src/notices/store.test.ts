// The notice store on SQLite and PostgreSQL: drafts, numbering per organization and year (also
// under concurrent issuing), the lock on issued notices, task transitions with their reports in
// one transaction, evidence rows, and the look-ups for "my tasks" and overdue tasks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { PEOPLE, seedPeople } from '../meetings/testing.js';
import { NoticeStore } from './store.js';
import type { ReportRecord } from './store.js';
import { HEADER, T0, insertMeeting, insertNotice } from './testing.js';

const report = (id: string, kind: ReportRecord['kind'], percent: number, at = T0): ReportRecord => ({
  id,
  taskId: '',
  kind,
  percent,
  text: `Đã triển khai ${percent}% — Khu phố 4`,
  byUserId: 'u_kp4',
  byLabel: 'Lê Văn Hai',
  at: at.toISOString(),
});

describe.each(DB_KINDS)('NoticeStore on %s', (kind) => {
  let t: TestDatabase;
  let store: NoticeStore;

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    for (const id of ['m1', 'm2', 'm3', 'm4']) await insertMeeting(t.db, { id });
    store = new NoticeStore(t.db);
  });
  afterEach(async () => t.dispose());

  const task = (
    id: string,
    noticeId: string,
    assignee: { kind: 'org' | 'person'; id: string },
    dueDate: string,
  ) =>
    store.createTask(
      {
        id,
        noticeId,
        meetingId: 'm1',
        itemIndex: 0,
        title: 'Ra quân tổng vệ sinh',
        assignee,
        dueDate,
        notes: '',
        createdBy: 'u_chair',
      },
      T0,
    );

  it('keeps a draft with its header and items, and edits it until it is issued', async () => {
    await insertNotice(store, 'ntc_one111', 'm1');
    const draft = await store.noticeOfMeeting('m1');
    expect(draft).toMatchObject({ status: 'draft', number: null, ...HEADER });
    expect(draft?.items[0]?.title).toBe('Công tác vệ sinh môi trường, phòng chống sốt xuất huyết');
    expect(await store.updateDraft('ntc_one111', { place: 'Thành phố Hồ Chí Minh' }, T0)).toBe(true);
    const issued = await store.issue('ntc_one111', { userId: 'u_chair', year: 2030, tasks: [] }, T0);
    expect(issued).toMatchObject({ status: 'issued', number: 1, year: 2030, place: 'Thành phố Hồ Chí Minh' });
    expect(await store.updateDraft('ntc_one111', { place: 'X' }, T0)).toBe(false);
    expect(
      await store.refreshDraft('ntc_one111', { id: 'x', version: 2, sha256: 'b'.repeat(64) }, [], T0),
    ).toBe(false);
    expect(await store.issue('ntc_one111', { userId: 'u_chair', year: 2030, tasks: [] }, T0)).toBeNull();
    expect((await store.notice('ntc_one111'))?.number).toBe(1);
  });

  it('numbers notices per organization and per year', async () => {
    await insertNotice(store, 'ntc_a11111', 'm1', 'org_ubnd');
    await insertNotice(store, 'ntc_b11111', 'm2', 'org_ubnd');
    await insertNotice(store, 'ntc_c11111', 'm3', 'org_dang_uy');
    await insertNotice(store, 'ntc_d11111', 'm4', 'org_ubnd');
    const issue = (id: string, year: number) => store.issue(id, { userId: null, year, tasks: [] }, T0);
    expect((await issue('ntc_a11111', 2030))?.number).toBe(1);
    expect((await issue('ntc_b11111', 2030))?.number).toBe(2);
    expect((await issue('ntc_c11111', 2030))?.number).toBe(1);
    expect((await issue('ntc_d11111', 2031))?.number).toBe(1);
  });

  it('never gives two notices issued at the same time the same number', async () => {
    for (const id of ['m1', 'm2', 'm3', 'm4']) await insertNotice(store, `ntc_x_${id}xxxx`, id);
    const issued = await Promise.all(
      ['m1', 'm2', 'm3', 'm4'].map((id) =>
        store.issue(`ntc_x_${id}xxxx`, { userId: null, year: 2030, tasks: [] }, T0),
      ),
    );
    expect(issued.map((n) => n?.number).sort()).toEqual([1, 2, 3, 4]);
  });

  it('moves a task through its states with a report each time, and refuses a stale move', async () => {
    await insertNotice(store, 'ntc_one111', 'm1');
    await task('tsk_one111', 'ntc_one111', { kind: 'org', id: 'org_kp4' }, '2030-12-15');
    const first = await store.task('tsk_one111');
    expect(first).toMatchObject({ status: 'open', progress: 0, assigneeName: 'Khu phố 4' });
    expect(
      await store.transition('tsk_one111', ['open', 'in_progress'], {
        status: 'in_progress',
        progress: 40,
        report: report('trp_1', 'progress', 40),
      }),
    ).toBe(true);
    const later = new Date(T0.getTime() + 60_000);
    expect(
      await store.transition('tsk_one111', ['open', 'in_progress'], {
        status: 'done',
        progress: 100,
        closedBy: 'u_chair',
        closedAt: later.toISOString(),
        report: report('trp_2', 'accepted', 100, later),
      }),
    ).toBe(true);
    // Done: a report that arrives after acceptance changes nothing and leaves no row.
    expect(
      await store.transition('tsk_one111', ['open', 'in_progress'], {
        status: 'in_progress',
        progress: 50,
        report: report('trp_3', 'progress', 50),
      }),
    ).toBe(false);
    expect(await store.task('tsk_one111')).toMatchObject({
      status: 'done',
      progress: 100,
      closedBy: 'u_chair',
    });
    const reports = await store.reports('tsk_one111');
    expect(reports.map((r) => [r.id, r.kind, r.percent])).toEqual([
      ['trp_1', 'progress', 40],
      ['trp_2', 'accepted', 100],
    ]);
    expect(reports[0]?.text).toBe('Đã triển khai 40% — Khu phố 4');
    expect(await store.updateTask('tsk_one111', { title: 'x' }, T0)).toBe(false);
  });

  it('finds tasks for an assignee only once the notice is issued, and lists overdue ones', async () => {
    await insertNotice(store, 'ntc_one111', 'm1');
    await task('tsk_org111', 'ntc_one111', { kind: 'org', id: 'org_kp4' }, '2030-12-10');
    await task('tsk_per111', 'ntc_one111', { kind: 'person', id: PEOPLE.cell.id }, '2030-12-20');
    await task('tsk_oth111', 'ntc_one111', { kind: 'org', id: 'org_kp5' }, '2030-12-05');
    expect(await store.tasksAssignedTo(PEOPLE.cell.id, ['org_kp4'])).toEqual([]);
    await store.issue('ntc_one111', { userId: null, year: 2030, tasks: [] }, T0);
    const mine = await store.tasksAssignedTo(PEOPLE.cell.id, ['org_kp4']);
    expect(mine.map((x) => x.id)).toEqual(['tsk_org111', 'tsk_per111']);
    expect(mine[1]?.assigneeName).toBe('Lê Văn Hai');
    expect((await store.tasksAssignedTo(null, [])).length).toBe(0);
    const overdue = await store.overdue('2030-12-11', { from: '2030-12-01', to: '2030-12-31' });
    expect(overdue.map((x) => x.id)).toEqual(['tsk_oth111', 'tsk_org111']);
    expect(
      (await store.overdue('2030-12-11', { from: '2030-12-06', to: '2030-12-31' })).map((x) => x.id),
    ).toEqual(['tsk_org111']);
  });

  it('stores evidence rows with Vietnamese file names', async () => {
    await insertNotice(store, 'ntc_one111', 'm1');
    await task('tsk_one111', 'ntc_one111', { kind: 'org', id: 'org_kp4' }, '2030-12-15');
    await store.addEvidence({
      id: 'evd_one111',
      taskId: 'tsk_one111',
      fileName: 'Ảnh ra quân khu phố 4.jpg',
      kind: 'jpeg',
      mime: 'image/jpeg',
      sizeBytes: 2048,
      sha256: 'c'.repeat(64),
      uploadedBy: 'u_kp4',
      uploadedLabel: 'Lê Văn Hai',
      uploadedAt: T0.toISOString(),
    });
    expect(await store.evidence('tsk_one111')).toEqual([
      expect.objectContaining({ id: 'evd_one111', fileName: 'Ảnh ra quân khu phố 4.jpg', sizeBytes: 2048 }),
    ]);
  });
});
