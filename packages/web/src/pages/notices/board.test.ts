// The board's pure helpers: its default range in Vietnam time, row order, and status words.
import { describe, expect, it } from 'vitest';
import { dayText, defaultBoardRange, sortBoardRows, statusKey } from './board';

describe('task board helpers', () => {
  it('takes the range around today in Vietnam, not in UTC', () => {
    // 18:00 UTC on 31/12 is already 1/1 in Vietnam.
    expect(defaultBoardRange(new Date('2030-12-31T18:00:00.000Z'))).toEqual({
      from: '2030-10-03',
      to: '2031-01-31',
    });
  });

  it('puts units with the most overdue tasks first, then by Vietnamese name', () => {
    const row = (name: string, overdue: number) => ({
      orgUnitId: name,
      name,
      total: 3,
      done: 0,
      open: 3,
      overdue,
    });
    expect(
      sortBoardRows([row('Khu phố 2', 0), row('Khu phố 10', 0), row('Ấp Đông', 0), row('Khu phố 4', 2)]).map(
        (r) => r.name,
      ),
    ).toEqual(['Khu phố 4', 'Ấp Đông', 'Khu phố 10', 'Khu phố 2']);
  });

  it('names the status of a task, overdue first', () => {
    expect(statusKey({ status: 'in_progress', overdue: true })).toBe('notices.overdue');
    expect(statusKey({ status: 'done', overdue: false })).toBe('notices.taskStatus_done');
    expect(dayText('2030-12-05')).toBe('05/12/2030');
  });
});
