// taskStatsByOrg on SQLite and PostgreSQL: tasks of issued notices due in the range, grouped by
// unit (a person's task counts for their neighborhood), done/open/overdue with the Vietnam day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { PEOPLE, seedPeople } from '../meetings/testing.js';
import { taskStatsByOrg } from './stats.js';
import { NoticeStore } from './store.js';
import type { Assignee } from './store.js';
import { T0, insertMeeting, insertNotice } from './testing.js';

const RANGE = { from: '2030-12-01', to: '2030-12-31' };

describe.each(DB_KINDS)('taskStatsByOrg on %s', (kind) => {
  let t: TestDatabase;
  let store: NoticeStore;
  let n = 0;

  const task = async (
    noticeId: string,
    assignee: Assignee,
    dueDate: string,
    status?: 'done' | 'cancelled' | 'in_progress',
  ) => {
    const id = `tsk_${String(++n).padStart(6, '0')}`;
    await store.createTask(
      {
        id,
        noticeId,
        meetingId: 'm1',
        itemIndex: 0,
        title: 'Nhiệm vụ',
        assignee,
        dueDate,
        notes: '',
        createdBy: null,
      },
      T0,
    );
    if (status)
      await store.transition(id, ['open'], {
        status,
        progress: status === 'done' ? 100 : 30,
        report: {
          id: `trp_${n}`,
          taskId: id,
          kind: 'progress',
          percent: 0,
          text: 'x',
          byUserId: null,
          byLabel: '',
          at: T0.toISOString(),
        },
      });
  };

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    // A second membership: the party-cell secretary also lives in (belongs to) Khu phố 4.
    await t.db
      .insertInto('memberships')
      .values({ person_id: PEOPLE.cell.id, organization_id: 'org_kp4', sort_order: 5 })
      .execute();
    await insertMeeting(t.db, { id: 'm1' });
    await insertMeeting(t.db, { id: 'm2' });
    store = new NoticeStore(t.db);
    await insertNotice(store, 'ntc_issued', 'm1');
    await insertNotice(store, 'ntc_draft1', 'm2');
    await task('ntc_issued', { kind: 'org', id: 'org_kp4' }, '2030-12-10');
    await task('ntc_issued', { kind: 'org', id: 'org_kp4' }, '2030-12-15', 'in_progress');
    await task('ntc_issued', { kind: 'org', id: 'org_kp4' }, '2030-12-05', 'done');
    await task('ntc_issued', { kind: 'org', id: 'org_kp4' }, '2030-12-05', 'cancelled');
    await task('ntc_issued', { kind: 'org', id: 'org_kp4' }, '2031-01-05');
    // Person tasks: the cell secretary's neighborhood wins over the cell; p_outsider only has a cell.
    await task('ntc_issued', { kind: 'person', id: PEOPLE.cell.id }, '2030-12-01');
    await task('ntc_issued', { kind: 'person', id: PEOPLE.outsider.id }, '2030-12-31');
    await task('ntc_issued', { kind: 'person', id: PEOPLE.noEmail.id }, '2030-12-20', 'done');
    // A draft's tasks are not assigned yet.
    await task('ntc_draft1', { kind: 'org', id: 'org_kp1' }, '2030-12-02');
    await store.issue('ntc_issued', { userId: null, year: 2030, tasks: [] }, T0);
  });
  afterEach(async () => t.dispose());

  it('groups by unit, skips cancelled tasks, drafts and tasks outside the range', async () => {
    // 23:59 on 14/12 in Vietnam: the task due on the 15th is not overdue yet.
    const stats = await taskStatsByOrg(t.db, RANGE, new Date('2030-12-14T16:59:00.000Z'));
    expect(stats).toEqual([
      { orgUnitId: 'org_cb_kp5', total: 1, done: 0, overdue: 0, open: 1 },
      { orgUnitId: 'org_kp4', total: 4, done: 1, overdue: 2, open: 3 },
      { orgUnitId: 'org_kp6', total: 1, done: 1, overdue: 0, open: 0 },
    ]);
  });

  it('counts a task overdue from the next day in Vietnam, not in UTC', async () => {
    const atMidnightVn = await taskStatsByOrg(t.db, RANGE, new Date('2030-12-15T17:00:00.000Z'));
    expect(atMidnightVn.find((r) => r.orgUnitId === 'org_kp4')?.overdue).toBe(3);
    const sameUtcDayBefore = await taskStatsByOrg(t.db, RANGE, new Date('2030-12-15T16:59:59.000Z'));
    expect(sameUtcDayBefore.find((r) => r.orgUnitId === 'org_kp4')?.overdue).toBe(2);
  });

  it('takes a range of instants as their Vietnam days', async () => {
    const stats = await taskStatsByOrg(
      t.db,
      { from: '2030-11-30T17:00:00.000Z', to: '2030-12-01T16:59:59.000Z' },
      new Date('2030-12-20T00:00:00.000Z'),
    );
    expect(stats).toEqual([{ orgUnitId: 'org_kp4', total: 1, done: 0, overdue: 1, open: 1 }]);
  });
});
