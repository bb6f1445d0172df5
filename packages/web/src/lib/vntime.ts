// Dates and times in Vietnam time (Asia/Ho_Chi_Minh): civil dates for calendars and forms, and
// the one formatter family every screen uses to show an instant.

export const VN_TZ = 'Asia/Ho_Chi_Minh';
// NOTE: Vietnam has kept UTC+7 without daylight saving since 1975, so converting a civil VN time
// to an instant is a fixed offset. Display still goes through Intl with the time zone.
const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** A calendar day with no time zone: month is 1–12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of a civil date. */
export const dateKey = (d: CivilDate): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** Parses `YYYY-MM-DD`; null when malformed or not a real day. */
export function parseDateKey(s: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = fromUtcDays(toUtcDays(d));
  return dateKey(back) === s ? d : null;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export const toUtcDays = (d: CivilDate): number => Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);

export function fromUtcDays(days: number): CivilDate {
  const t = new Date(days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export const addDays = (d: CivilDate, n: number): CivilDate => fromUtcDays(toUtcDays(d) + n);

/** The same day number n months later, clamped to the month's length. */
export function addMonths(d: CivilDate, n: number): CivilDate {
  const index = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (d: CivilDate): number => ((((toUtcDays(d) + 3) % 7) + 7) % 7) + 1;

export const sameDate = (a: CivilDate, b: CivilDate): boolean =>
  a.year === b.year && a.month === b.month && a.day === b.day;

/** The Vietnamese civil date of an instant. */
export function vnDateOf(instant: Date | string): CivilDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return fromUtcDays(Math.floor((ms + VN_OFFSET_MS) / DAY_MS));
}

/** `HH:MM` in Vietnam of an instant. */
export function vnTimeOf(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const minutes = Math.floor(((((ms + VN_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The instant (UTC ISO) of a civil date and `HH:MM` in Vietnam; null when malformed. */
export function vnToInstant(date: string, time: string): string | null {
  const d = parseDateKey(date);
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !m) return null;
  const ms = Date.UTC(d.year, d.month - 1, d.day, Number(m[1]), Number(m[2])) - VN_OFFSET_MS;
  return new Date(ms).toISOString();
}

/** Start of a VN civil day as a UTC instant. */
export const vnDayStart = (d: CivilDate): Date => new Date(toUtcDays(d) * DAY_MS - VN_OFFSET_MS);

const locale = (lang: string): string => (lang === 'en' ? 'en-GB' : 'vi-VN');
const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(opts)}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), { timeZone: VN_TZ, ...opts });
    fmtCache.set(key, f);
  }
  return f;
}

const asDate = (v: Date | string): Date => (typeof v === 'string' ? new Date(v) : v);

/** "14:00" */
export const formatTime = (v: Date | string, lang: string): string =>
  fmt(lang, { hour: '2-digit', minute: '2-digit', hour12: false }).format(asDate(v));

/** "Thứ Ba, 01/12/2026" */
export const formatDate = (v: Date | string, lang: string): string =>
  fmt(lang, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(asDate(v));

/** "01/12/2026" */
export const formatShortDate = (v: Date | string, lang: string): string =>
  fmt(lang, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(asDate(v));

/** "14:00, Thứ Ba, 01/12/2026" */
export const formatDateTime = (v: Date | string, lang: string): string =>
  `${formatTime(v, lang)}, ${formatDate(v, lang)}`;

/** "tháng 12 năm 2026" / "December 2026" for a civil month. */
export const formatMonth = (year: number, month: number, lang: string): string =>
  fmt(lang, { month: 'long', year: 'numeric' }).format(vnDayStart({ year, month, day: 15 }));

/** Weekday name of a civil date: "Thứ Ba" / "Tuesday"; short: "T3" / "Tue". */
export const formatWeekday = (d: CivilDate, lang: string, short = false): string =>
  fmt(lang, { weekday: short ? 'short' : 'long' }).format(vnDayStart(d));

/** The clock shown on kiosks and headers: "14:05". */
export const formatClock = (now: Date, lang: string): string => formatTime(now, lang);

/** Minutes (rounded down) between two instants, never negative. */
export const minutesBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
