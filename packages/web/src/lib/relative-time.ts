// "2 phút trước" / "2 minutes ago" for heartbeats and audit rows, with Intl.RelativeTimeFormat.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** Relative time of an instant compared with `now` (past → "… trước"). */
export function relativeTime(iso: string, now: Date, lang: string): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang === 'en' ? 'en' : 'vi', { numeric: 'auto' });
  if (Math.abs(seconds) < 10) return rtf.format(0, 'second');
  for (const [unit, size] of UNITS)
    if (Math.abs(seconds) >= size || unit === 'second') return rtf.format(Math.trunc(seconds / size), unit);
  return rtf.format(seconds, 'second');
}
