// Calendar grids and day grouping in Vietnam time, including month and year boundaries.
import { describe, expect, it } from 'vitest';
import { groupByVnDay, gridRange, monthGrid, moveFocus, stepAnchor, weekGrid } from './calendar';
import { dateKey } from './vntime';

const d = (year: number, month: number, day: number) => ({ year, month, day });
const keys = (rows: { key: string }[][]): string[][] => rows.map((r) => r.map((c) => c.key));

describe('weekGrid', () => {
  it('runs Monday to Sunday across a month boundary', () => {
    const [row] = keys(weekGrid(d(2026, 12, 2), d(2026, 12, 2)));
    expect(row).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
  });
  it('puts a Sunday in the week that started the Monday before', () => {
    expect(keys(weekGrid(d(2026, 11, 29), d(2026, 1, 1)))[0]?.[0]).toBe('2026-11-23');
  });
  it('marks today', () => {
    const row = weekGrid(d(2026, 11, 26), d(2026, 11, 26))[0] ?? [];
    expect(row.filter((c) => c.isToday).map((c) => c.key)).toEqual(['2026-11-26']);
  });
});

describe('monthGrid', () => {
  it('covers November 2026 in whole weeks with the overflow days marked', () => {
    const grid = monthGrid(d(2026, 11, 15), d(2026, 11, 26));
    expect(grid).toHaveLength(6);
    expect(grid[0]?.[0]).toMatchObject({ key: '2026-10-26', inMonth: false });
    expect(grid[0]?.[6]).toMatchObject({ key: '2026-11-01', inMonth: true });
    expect(grid[5]?.[6]).toMatchObject({ key: '2026-12-06', inMonth: false });
  });
  it('needs only four rows for February 2027 (starts on a Monday, 28 days)', () => {
    expect(monthGrid(d(2027, 2, 10), d(2027, 2, 1))).toHaveLength(4);
  });
  it('handles leap February and the year boundary', () => {
    const feb = monthGrid(d(2028, 2, 1), d(2028, 1, 1))
      .flat()
      .filter((c) => c.inMonth);
    expect(feb).toHaveLength(29);
    const jan = monthGrid(d(2027, 1, 1), d(2027, 1, 1));
    expect(jan[0]?.[0]?.key).toBe('2026-12-28');
  });
  it('asks the server for the grid in UTC, from VN midnight to VN midnight', () => {
    const range = gridRange(monthGrid(d(2026, 11, 1), d(2026, 11, 1)));
    expect(range).toEqual({ from: '2026-10-25T17:00:00.000Z', to: '2026-12-06T17:00:00.000Z' });
  });
});

describe('moving', () => {
  it('steps by a week or a month, clamping the day', () => {
    expect(dateKey(stepAnchor('week', d(2026, 12, 29), 1))).toBe('2027-01-05');
    expect(dateKey(stepAnchor('month', d(2027, 1, 31), 1))).toBe('2027-02-28');
    expect(dateKey(stepAnchor('month', d(2027, 1, 15), -1))).toBe('2026-12-15');
  });
  it('maps grid keys to days', () => {
    const from = d(2026, 11, 30);
    expect(dateKey(moveFocus(from, 'ArrowLeft') ?? from)).toBe('2026-11-29');
    expect(dateKey(moveFocus(from, 'ArrowDown') ?? from)).toBe('2026-12-07');
    expect(dateKey(moveFocus(from, 'End') ?? from)).toBe('2026-12-06');
    expect(dateKey(moveFocus(from, 'PageDown') ?? from)).toBe('2026-12-30');
    expect(moveFocus(from, 'x')).toBeNull();
  });
});

describe('groupByVnDay', () => {
  it('puts 23:30 UTC on the next Vietnamese day and sorts by time', () => {
    const items = [
      { s: '2026-11-26T23:30:00Z' },
      { s: '2026-11-26T16:59:00Z' },
      { s: '2026-11-26T01:00:00Z' },
    ];
    const g = groupByVnDay(items, (i) => i.s);
    expect([...g.keys()]).toEqual(['2026-11-26', '2026-11-27']);
    expect(g.get('2026-11-26')?.map((i) => i.s)).toEqual(['2026-11-26T01:00:00Z', '2026-11-26T16:59:00Z']);
  });
});
