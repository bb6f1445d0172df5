// Calendar grids in Vietnam time: the seven days of a week and the Monday-first weeks of a month,
// the UTC range to ask the server for, and meetings grouped by their Vietnamese day.
import {
  addDays,
  addMonths,
  dateKey,
  isoWeekday,
  sameDate,
  vnDateOf,
  vnDayStart,
  type CivilDate,
} from './vntime';

export type CalendarView = 'week' | 'month';

export interface GridDay {
  date: CivilDate;
  key: string;
  /** False for the leading/trailing days of a month view that belong to the next/previous month. */
  inMonth: boolean;
  isToday: boolean;
}

/** Monday of the week containing `d`. */
export const startOfWeek = (d: CivilDate): CivilDate => addDays(d, 1 - isoWeekday(d));

const gridDay = (date: CivilDate, today: CivilDate, inMonth: boolean): GridDay => ({
  date,
  key: dateKey(date),
  inMonth,
  isToday: sameDate(date, today),
});

/** The week (Monday…Sunday) containing `anchor`, as a single row. */
export function weekGrid(anchor: CivilDate, today: CivilDate): GridDay[][] {
  const monday = startOfWeek(anchor);
  return [Array.from({ length: 7 }, (_, i) => gridDay(addDays(monday, i), today, true))];
}

/** Whole Monday-first weeks covering the month of `anchor` (4 to 6 rows). */
export function monthGrid(anchor: CivilDate, today: CivilDate): GridDay[][] {
  const first = { year: anchor.year, month: anchor.month, day: 1 };
  const lastDay = addDays(addMonths(first, 1), -1);
  const rows: GridDay[][] = [];
  let cursor = startOfWeek(first);
  while (rows.length === 0 || dateKey(cursor) <= dateKey(lastDay)) {
    rows.push(
      Array.from({ length: 7 }, (_, i) => {
        const d = addDays(cursor, i);
        return gridDay(d, today, d.month === anchor.month && d.year === anchor.year);
      }),
    );
    cursor = addDays(cursor, 7);
  }
  return rows;
}

export const gridFor = (view: CalendarView, anchor: CivilDate, today: CivilDate): GridDay[][] =>
  view === 'week' ? weekGrid(anchor, today) : monthGrid(anchor, today);

/** UTC ISO range [from, to) covering a grid, for `GET /api/meetings?from=&to=`. */
export function gridRange(grid: GridDay[][]): { from: string; to: string } {
  const first = grid[0]?.[0]?.date;
  const lastRow = grid[grid.length - 1];
  const last = lastRow?.[lastRow.length - 1]?.date;
  if (!first || !last) throw new Error('empty grid');
  return { from: vnDayStart(first).toISOString(), to: vnDayStart(addDays(last, 1)).toISOString() };
}

/** Moves the anchor by one step of the view (a week or a month). */
export const stepAnchor = (view: CalendarView, anchor: CivilDate, dir: 1 | -1): CivilDate =>
  view === 'week' ? addDays(anchor, 7 * dir) : addMonths(anchor, dir);

/** Groups items by the Vietnamese day of their start, each day sorted by time. */
export function groupByVnDay<T>(items: readonly T[], startOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = dateKey(vnDateOf(startOf(item)));
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  for (const list of out.values()) list.sort((a, b) => Date.parse(startOf(a)) - Date.parse(startOf(b)));
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Keyboard movement in a grid: arrows by a day or a week, Home/End to the week's ends. */
export function moveFocus(d: CivilDate, key: string): CivilDate | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(d, -1);
    case 'ArrowRight':
      return addDays(d, 1);
    case 'ArrowUp':
      return addDays(d, -7);
    case 'ArrowDown':
      return addDays(d, 7);
    case 'Home':
      return startOfWeek(d);
    case 'End':
      return addDays(startOfWeek(d), 6);
    case 'PageUp':
      return addMonths(d, -1);
    case 'PageDown':
      return addMonths(d, 1);
    default:
      return null;
  }
}
