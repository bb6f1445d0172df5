// A month as two labelled selects, month then year (the archive's filter, the reports' range).
// NOTE: it replaces <input type="month">, which Chromium in Vietnamese shows as "--------- ----"
// and which Safari and older Firefox render as a bare text box; selects look and read the same
// everywhere.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { vnDateOf } from '../lib/vntime';

/** Years offered: this one (Vietnam time) and the ones before it, newest first. */
export const MONTH_SELECT_YEARS = 10;

/** The years of the year select, newest first; a selected older year stays in the list. */
export function monthSelectYears(now: Date, selected: number | null): number[] {
  const current = vnDateOf(now).year;
  const years = Array.from({ length: MONTH_SELECT_YEARS }, (_, i) => current - i);
  if (selected !== null && !years.includes(selected)) years.push(selected);
  return years.sort((a, b) => b - a);
}

/** The month value ("YYYY-MM") of a year and month 1–12; '' (no month) without a month. */
export const monthValue = (year: number, month: number | null): string =>
  month === null ? '' : `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** A month value back into year and month, or null for '' and anything malformed. */
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

/** A month select that may also be left empty ("every month"): its label and the year's hint. */
export interface NoMonthOption {
  label: string;
  yearHint: string;
}

interface MonthSelectProps {
  /** Prefix of the ids and test ids: `<idPrefix>-month`, `<idPrefix>-year`. */
  idPrefix: string;
  monthLabel: string;
  yearLabel: string;
  /** "YYYY-MM", or '' for no month when `noMonth` is given. */
  value: string;
  onChange: (value: string) => void;
  /** Offer no month as the first option; without it a month is required. */
  noMonth?: NoMonthOption;
  /** The id of a form-level error about this value (set while it is invalid). */
  errorId?: string;
  /** Today, for the year list (tests pass a fixed date). */
  now?: Date;
}

/** Month (Tháng 1…12, or `noMonth`) and year; with no month chosen the year waits for one. */
export function MonthSelect(props: MonthSelectProps): ReactElement {
  const { idPrefix, value, onChange, noMonth, errorId } = props;
  const { i18n } = useTranslation();
  const chosen = parseMonthValue(value);
  const today = props.now ?? new Date();
  // NOTE: the year is kept while no month is chosen, so going back to a month keeps it.
  const [year, setYear] = useState(() => chosen?.year ?? vnDateOf(today).year);
  const shownYear = chosen?.year ?? year;
  const hintId = `${idPrefix}-year-hint`;
  const waiting = chosen === null && noMonth !== undefined;
  const invalid = errorId === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': errorId };
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-month`}>{props.monthLabel}</label>
        <select
          id={`${idPrefix}-month`}
          value={chosen ? String(chosen.month) : ''}
          required={!noMonth}
          {...invalid}
          onChange={(e) => onChange(monthValue(shownYear, e.target.value ? Number(e.target.value) : null))}
          data-testid={`${idPrefix}-month`}
        >
          {noMonth && <option value="">{noMonth.label}</option>}
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <option key={m} value={m}>
              {monthName(m, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-year`}>{props.yearLabel}</label>
        <select
          id={`${idPrefix}-year`}
          value={String(shownYear)}
          required={!noMonth}
          disabled={waiting}
          {...(waiting ? { 'aria-describedby': hintId } : invalid)}
          onChange={(e) => {
            const y = Number(e.target.value);
            setYear(y);
            if (chosen) onChange(monthValue(y, chosen.month));
          }}
          data-testid={`${idPrefix}-year`}
        >
          {monthSelectYears(today, shownYear).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        {waiting && (
          <span id={hintId} className="muted">
            {noMonth.yearHint}
          </span>
        )}
      </div>
    </>
  );
}
