// How a recurrence reads in a sentence: "Hằng tuần vào Thứ Ba, 4 lần" / "Monthly on day 15, until
// 31/12/2026". The weekday and day come from the first start in Vietnam time.
import type { RecurrenceView } from './api/contract';
import { formatShortDate, formatWeekday, vnDateOf } from './vntime';

type T = (key: string, values?: Record<string, string | number>) => string;

export function recurrenceText(rec: RecurrenceView, startsAt: string, t: T, lang: string): string {
  if (rec.kind === 'none') return t('recurrence.none');
  const d = vnDateOf(startsAt);
  const base =
    rec.kind === 'weekly'
      ? t('recurrence.weekly', { weekday: formatWeekday(d, lang) })
      : t('recurrence.monthly', { day: d.day });
  if (rec.until) return `${base}, ${t('recurrence.until', { date: formatShortDate(rec.until, lang) })}`;
  if (rec.count) return `${base}, ${t('recurrence.count', { count: rec.count })}`;
  return base;
}
