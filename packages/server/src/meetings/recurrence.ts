// Recurrence expansion (weekly / monthly) in Vietnam wall time, and Vietnamese date formatting.
// Pure functions: the same rule the .ics RRULE states, so our lists agree with calendar programs.

/** The time zone every ward works in. */
export const VN_TZ = 'Asia/Ho_Chi_Minh';
// NOTE: Vietnam has kept UTC+7 without daylight saving since 1975, so wall time is a fixed shift;
// this keeps expansion exact and independent of the host's TZ and ICU data.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const MINUTE = 60_000;

export interface RecurrenceRule {
  kind: 'none' | 'weekly' | 'monthly';
  /** Last possible start (inclusive), ISO UTC. */
  until: string | null;
  count: number | null;
}

export interface Schedule {
  startsAt: string;
  durationMinutes: number;
  recurrence: RecurrenceRule;
}

export interface Occurrence {
  start: Date;
  end: Date;
}

/** Hard stop for open-ended rules, so that a bad range cannot spin. */
const MAX_STEPS = 5000;

/** Wall-clock parts of an instant in Vietnam. */
export function vnParts(at: Date): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  const w = new Date(at.getTime() + VN_OFFSET_MS);
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
    weekday: w.getUTCDay(),
  };
}

/** The instant of a Vietnam wall-clock time (month 1–12). */
export function fromVnWall(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - VN_OFFSET_MS);
}

/** Midnight (Vietnam) of the day `at` falls on. */
export function vnStartOfDay(at: Date): Date {
  const p = vnParts(at);
  return fromVnWall(p.year, p.month, p.day);
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The n-th candidate start of the rule (n = 0 is the first). Monthly on a day the month lacks
 * (the 31st in April) yields null: RFC 5545 skips such months rather than moving the meeting,
 * and our RRULE says FREQ=MONTHLY, so we must skip them too.
 */
function candidate(first: Date, kind: RecurrenceRule['kind'], n: number): Date | null {
  if (kind === 'weekly') return new Date(first.getTime() + n * 7 * 24 * 60 * MINUTE);
  if (kind === 'monthly') {
    const p = vnParts(first);
    const monthIndex = p.month - 1 + n;
    const year = p.year + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    if (p.day > daysInMonth(year, month)) return null;
    return fromVnWall(year, month, p.day, p.hour, p.minute, p.second);
  }
  return n === 0 ? first : null;
}

/**
 * Occurrences that overlap [from, to) (an occurrence in progress at `from` is included), in order.
 * `count` counts real occurrences, skipped months excluded, as RFC 5545 does.
 */
export function expandOccurrences(schedule: Schedule, from: Date, to: Date): Occurrence[] {
  const first = new Date(schedule.startsAt);
  const durationMs = schedule.durationMinutes * MINUTE;
  const { kind, until, count } = schedule.recurrence;
  const untilMs = until ? new Date(until).getTime() : Infinity;
  const out: Occurrence[] = [];
  let produced = 0;
  for (let n = 0; n < MAX_STEPS; n++) {
    if (kind === 'none' && n > 0) break;
    const start = candidate(first, kind, n);
    if (start === null) continue;
    if (start.getTime() > untilMs || start.getTime() >= to.getTime()) break;
    if (count !== null && produced >= count) break;
    produced++;
    const end = new Date(start.getTime() + durationMs);
    if (end.getTime() > from.getTime()) out.push({ start, end });
  }
  return out;
}

/** End of the last occurrence, or null when the rule never ends. */
export function lastEnd(schedule: Schedule): Date | null {
  const { kind, until, count } = schedule.recurrence;
  if (kind !== 'none' && until === null && count === null) return null;
  const all = expandOccurrences(schedule, new Date(0), new Date(8.64e15));
  return (
    all.at(-1)?.end ?? new Date(new Date(schedule.startsAt).getTime() + schedule.durationMinutes * MINUTE)
  );
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** "08:00 Thứ Ba, 01/12/2026" — how a ward writes a meeting time, in Vietnam time. */
export function formatVnDateTime(at: Date): string {
  const p = vnParts(at);
  return `${pad(p.hour)}:${pad(p.minute)} ${WEEKDAYS[p.weekday] ?? ''}, ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "08:00" in Vietnam time. */
export const formatVnTime = (at: Date): string => {
  const p = vnParts(at);
  return `${pad(p.hour)}:${pad(p.minute)}`;
};
