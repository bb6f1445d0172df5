// Days in Asia/Ho_Chi_Minh for due dates and overdue checks. Vietnam is UTC+7 all year (no
// daylight saving), so the day is computed by hand and is the same on every Node/ICU version.

const VN_OFFSET_MS = 7 * 3600_000;

/** The day (YYYY-MM-DD) it is in Vietnam at `at`. */
export const vnDay = (at: Date): string => new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

/** Is a task due on `dueDate` overdue at `now`? From the next Vietnam day on, unless done or cancelled. */
export const isOverdue = (dueDate: string, status: string, now: Date): boolean =>
  (status === 'open' || status === 'in_progress') && dueDate < vnDay(now);

/** "dd/MM/yyyy" of a day YYYY-MM-DD. */
export const dayText = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * "ngày 05 tháng 02 năm 2031" / "ngày 15 tháng 12 năm 2030": the NĐ30 date line of the Vietnam
 * day of `at`. NOTE: NĐ30 pads days below 10 and only months 1 and 2 with a zero.
 */
export function longVnDate(at: Date): string {
  const d = vnDay(at);
  const month = Number(d.slice(5, 7));
  return `ngày ${d.slice(8, 10)} tháng ${month < 3 ? `0${month}` : String(month)} năm ${d.slice(0, 4)}`;
}
