// Wall-clock formatting in Vietnam time (Asia/Ho_Chi_Minh), whatever the device's own time zone.

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

export interface ClockText {
  time: string;
  date: string;
  /** ISO-like local time for <time datetime>. */
  iso: string;
}

/** Formats a moment as Vietnam time: "14:05" and a long date in the UI language. */
export function formatClock(at: Date, lang: 'vi' | 'en'): ClockText {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: VIETNAM_TZ,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: VIETNAM_TZ,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: VIETNAM_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  const iso = `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}+07:00`;
  return { time, date: date.charAt(0).toUpperCase() + date.slice(1), iso };
}
