// The archive's month filter as two labelled selects, month then year. NOTE: it replaces an
// <input type="month">, which Chromium in Vietnamese shows as "--------- ----" and which Safari
// and older Firefox render as a bare text box; selects look and read the same everywhere.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { vnDateOf } from '../../lib/vntime';

/** Years offered: this one (Vietnam time) and the ones before it, newest first. */
export const ARCHIVE_YEARS = 10;

/** The years of the year select, newest first; a selected older year stays in the list. */
export function archiveYears(now: Date, selected: number | null): number[] {
  const current = vnDateOf(now).year;
  const years = Array.from({ length: ARCHIVE_YEARS }, (_, i) => current - i);
  if (selected !== null && !years.includes(selected)) years.push(selected);
  return years.sort((a, b) => b - a);
}

/** The `month` query value ("YYYY-MM") of a year and month 1–12; '' (every month) without a month. */
export const monthValue = (year: number, month: number | null): string =>
  month === null ? '' : `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** A `month` query value back into year and month, or null for '' and anything malformed. */
export function parseMonthValue(value: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

/** "Tháng 3" / "March": the month's name, capitalised as a list item. */
export function monthName(month: number, lang: string): string {
  const name = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2000, month - 1, 15)));
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}

interface MonthFilterProps {
  /** '' for the server's default (the last twelve months) or "YYYY-MM". */
  value: string;
  onChange: (value: string) => void;
  /** Today, for the year list (tests pass a fixed date). */
  now?: Date;
}

/** Month ("12 tháng gần nhất" or Tháng 1…12) and year; the year waits until a month is chosen. */
export function MonthFilter({ value, onChange, now }: MonthFilterProps): ReactElement {
  const { t, i18n } = useTranslation();
  const chosen = parseMonthValue(value);
  const today = now ?? new Date();
  // NOTE: the year is kept while "every month" is chosen, so going back to a month keeps it.
  const [year, setYear] = useState(() => chosen?.year ?? vnDateOf(today).year);
  const shownYear = chosen?.year ?? year;
  return (
    <>
      <div className="field">
        <label htmlFor="archive-month">{t('archive.month')}</label>
        <select
          id="archive-month"
          value={chosen ? String(chosen.month) : ''}
          onChange={(e) => onChange(monthValue(shownYear, e.target.value ? Number(e.target.value) : null))}
          data-testid="archive-month"
        >
          <option value="">{t('archive.monthAll')}</option>
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <option key={m} value={m}>
              {monthName(m, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="archive-year">{t('archive.year')}</label>
        <select
          id="archive-year"
          value={String(shownYear)}
          disabled={!chosen}
          aria-describedby={chosen ? undefined : 'archive-year-hint'}
          onChange={(e) => {
            const y = Number(e.target.value);
            setYear(y);
            if (chosen) onChange(monthValue(y, chosen.month));
          }}
          data-testid="archive-year"
        >
          {archiveYears(today, shownYear).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        {!chosen && (
          <span id="archive-year-hint" className="muted">
            {t('archive.yearHint')}
          </span>
        )}
      </div>
    </>
  );
}
