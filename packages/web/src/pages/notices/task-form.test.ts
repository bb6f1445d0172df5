// The task form's pure logic: its start values in Vietnam time, its checks, and the edit's body
// carrying only the fields that changed.
import { describe, expect, it } from 'vitest';
import {
  mayEdit,
  newTaskValues,
  taskCreateOf,
  taskErrorOf,
  taskPatchOf,
  taskValuesOf,
  validateTask,
  type TaskFields,
} from './task-form';

const task: TaskFields = {
  title: 'Dọn vệ sinh kênh Bà Cả',
  assignee: { kind: 'org', id: 'org_kp4', name: 'Khu phố 4' },
  dueDate: '2030-12-05',
  notes: 'Phối hợp đoàn thanh niên',
};

describe('task form', () => {
  it('starts a new task due in two weeks, counted from today in Vietnam', () => {
    // 18:00 UTC on 31/12 is already 1/1 in Vietnam.
    expect(newTaskValues(new Date('2030-12-31T18:00:00.000Z')).dueDate).toBe('2031-01-15');
  });

  it('sends nothing when nothing changed, even with spaces or another Unicode form typed', () => {
    const v = taskValuesOf(task);
    expect(taskPatchOf(task, v)).toEqual({});
    const decomposed = `  ${task.title.normalize('NFD')} `;
    expect(taskPatchOf(task, { ...v, title: decomposed })).toEqual({});
  });

  it('sends only the changed fields, cleaned as the server stores them', () => {
    const v = taskValuesOf(task);
    expect(taskPatchOf(task, { ...v, dueDate: '2030-12-04', notes: ' Gửi bản scan có dấu ' })).toEqual({
      dueDate: '2030-12-04',
      notes: 'Gửi bản scan có dấu',
    });
    expect(taskPatchOf(task, { ...v, notes: '' })).toEqual({ notes: '' });
  });

  it('sends the whole assignee when its kind or id changes', () => {
    const v = taskValuesOf(task);
    expect(taskPatchOf(task, { ...v, assigneeId: 'org_kp2' })).toEqual({
      assignee: { kind: 'org', organizationId: 'org_kp2' },
    });
    expect(taskPatchOf(task, { ...v, kind: 'person', assigneeId: 'org_kp4' })).toEqual({
      assignee: { kind: 'person', personId: 'org_kp4' },
    });
  });

  it('names the first invalid field, as the server would', () => {
    const v = taskValuesOf(task);
    expect(validateTask(v)).toBeNull();
    expect(validateTask({ ...v, title: '   ' })).toEqual({ field: 'title', key: 'notices.errTitle' });
    expect(validateTask({ ...v, title: 'x'.repeat(501) })?.field).toBe('title');
    expect(validateTask({ ...v, assigneeId: '' })?.field).toBe('assignee');
    expect(validateTask({ ...v, dueDate: '' })?.field).toBe('dueDate');
    expect(validateTask({ ...v, dueDate: '2030-02-30' })?.field).toBe('dueDate');
    expect(validateTask({ ...v, notes: 'x'.repeat(4001) })?.field).toBe('notes');
  });

  it('builds the create body for a conclusion item', () => {
    expect(taskCreateOf(2, { ...taskValuesOf(task), title: ' Báo cáo ' })).toEqual({
      itemIndex: 2,
      title: 'Báo cáo',
      assignee: { kind: 'org', organizationId: 'org_kp4' },
      dueDate: '2030-12-05',
      notes: 'Phối hợp đoàn thanh niên',
    });
  });

  it('puts a rejected field’s error next to that field, other errors on the form', () => {
    expect(taskErrorOf('validation_failed', 'assignee.organizationId')).toEqual({
      field: 'assignee',
      key: 'notices.errAssignee',
    });
    expect(taskErrorOf('validation_failed', 'dueDate')).toEqual({
      field: 'dueDate',
      key: 'notices.errDueDate',
    });
    expect(taskErrorOf('wrong_state', null)).toEqual({ field: null, key: 'errors.wrong_state' });
    expect(taskErrorOf('validation_failed', 'itemIndex')).toEqual({
      field: null,
      key: 'errors.validation_failed',
    });
  });

  it('offers the edit to the ward on open and in-progress tasks only', () => {
    expect(mayEdit({ mayManage: true, status: 'open' })).toBe(true);
    expect(mayEdit({ mayManage: true, status: 'in_progress' })).toBe(true);
    expect(mayEdit({ mayManage: true, status: 'done' })).toBe(false);
    expect(mayEdit({ mayManage: true, status: 'cancelled' })).toBe(false);
    expect(mayEdit({ mayManage: false, status: 'open' })).toBe(false);
  });
});
