// Pure helpers of the task screens: the board's default range and chart rows, day formatting.
import type { TaskBoardRow, TaskView } from '@diemcau/protocol';
import { addDays, dateKey, vnDateOf } from '../../lib/vntime';

/** "dd/MM/yyyy" of a day YYYY-MM-DD (Vietnam dates are written day first in both languages). */
export const dayText = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The last 90 days and the next 30, in Vietnam: what the ward follows up by default. */
export function defaultBoardRange(now: Date): { from: string; to: string } {
  const today = vnDateOf(now);
  return { from: dateKey(addDays(today, -90)), to: dateKey(addDays(today, 30)) };
}

/** Units with overdue tasks first (most first), then the rest by name. */
export function sortBoardRows(rows: readonly TaskBoardRow[]): TaskBoardRow[] {
  return [...rows].sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'vi'));
}

/** The status words of a task, for its badge: overdue wins over open/in progress. */
export function statusKey(t: Pick<TaskView, 'status' | 'overdue'>): string {
  return t.overdue ? 'notices.overdue' : `notices.taskStatus_${t.status}`;
}
