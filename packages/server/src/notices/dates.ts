// Days in Asia/Ho_Chi_Minh for due dates and overdue checks. Vietnam is UTC+7 all year (no
// daylight saving), so the day is computed by hand and is the same on every Node/ICU version.
import { dateWords } from '../docs-layout/page.js';

const VN_OFFSET_MS = 7 * 3600_000;

/** The day (YYYY-MM-DD) it is in Vietnam at `at`. */
export const vnDay = (at: Date): string => new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

/** Is a task due on `dueDate` overdue at `now`? From the next Vietnam day on, unless done or cancelled. */
export const isOverdue = (dueDate: string, status: string, now: Date): boolean =>
  (status === 'open' || status === 'in_progress') && dueDate < vnDay(now);

/** "dd/MM/yyyy" of a day YYYY-MM-DD. */
export const dayText = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** "ngày 05 tháng 02 năm 2031": the NĐ30 date line (docs-layout/page.ts) of the Vietnam day of `at`. */
export const longVnDate = (at: Date): string => dateWords(vnDay(at));
