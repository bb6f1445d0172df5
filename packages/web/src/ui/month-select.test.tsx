// The month selects shared by the archive filter and the reports' range: the value they build and
// read back, the year list, the month names in both languages, and their markup (two labelled
// selects; with "every month" the year waits for a month, without it both are required).
import i18next from 'i18next';
import type { ComponentProps } from 'react';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { resources } from '../i18n';
import {
  MONTH_SELECT_YEARS,
  MonthSelect,
  monthName,
  monthSelectYears,
  monthValue,
  parseMonthValue,
} from './MonthSelect';

/** 00:30 on 1 January 2027 in Vietnam: still 2026 in UTC. */
const NOW = new Date('2026-12-31T17:30:00.000Z');

type Props = Omit<ComponentProps<typeof MonthSelect>, 'onChange' | 'now'>;

async function render(props: Props, lang: 'vi' | 'en' = 'vi'): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: lang, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <MonthSelect {...props} onChange={() => undefined} now={NOW} />
    </I18nextProvider>,
  );
}

const archive = (value: string): Props => ({
  idPrefix: 'archive',
  monthLabel: 'Tháng',
  yearLabel: 'Năm',
  noMonth: { label: '12 tháng gần nhất', yearHint: 'Chọn tháng trước, rồi chọn năm.' },
  value,
});

describe('month values', () => {
  it('builds "YYYY-MM" from a year and a month, and "" for no month', () => {
    expect(monthValue(2026, 3)).toBe('2026-03');
    expect(monthValue(2026, 12)).toBe('2026-12');
    expect(monthValue(2026, null)).toBe('');
  });

  it('reads back only well-formed months', () => {
    expect(parseMonthValue('2026-03')).toEqual({ year: 2026, month: 3 });
    expect(parseMonthValue('')).toBeNull();
    expect(parseMonthValue('2026-13')).toBeNull();
    expect(parseMonthValue('2026-3')).toBeNull();
  });

  it('offers this year in Vietnam and the years before it, keeping an older chosen year', () => {
    const years = monthSelectYears(NOW, null);
    expect(years).toHaveLength(MONTH_SELECT_YEARS);
    expect(years[0]).toBe(2027);
    expect(years.at(-1)).toBe(2027 - MONTH_SELECT_YEARS + 1);
    expect(monthSelectYears(NOW, 2001).at(-1)).toBe(2001);
    expect(monthSelectYears(NOW, 2020)).toEqual(years);
  });

  it('names the months in Vietnamese and English', () => {
    expect(monthName(1, 'vi')).toBe('Tháng 1');
    expect(monthName(12, 'vi')).toBe('Tháng 12');
    expect(monthName(3, 'en')).toBe('March');
  });
});

describe('MonthSelect markup', () => {
  it('every month: a labelled month select on "12 tháng gần nhất" and a disabled, explained year', async () => {
    const html = await render(archive(''));
    expect(html).toContain('<label for="archive-month">Tháng</label>');
    expect(html).toContain('<label for="archive-year">Năm</label>');
    expect(html).not.toContain('type="month"');
    expect(html).not.toContain('required');
    expect(html).toMatch(/<option value="" selected="">12 tháng gần nhất<\/option>/);
    expect(html).toMatch(/<select id="archive-year" disabled="" aria-describedby="archive-year-hint"/);
    expect(html).toContain('id="archive-year-hint" class="muted">Chọn tháng trước, rồi chọn năm.</span>');
    expect(html).toMatch(/<option value="2027" selected="">2027<\/option>/);
  });

  it('a chosen month: both selects show it and the year is enabled', async () => {
    const html = await render(archive('2024-03'), 'en');
    expect(html).toMatch(/<option value="3" selected="">March<\/option>/);
    expect(html).toMatch(/<option value="2024" selected="">2024<\/option>/);
    expect(html).not.toContain('disabled');
  });

  it('a required month: no empty option, both selects required, pointing at the form’s error', async () => {
    const props = { idPrefix: 'report-from', monthLabel: 'Tháng', yearLabel: 'Năm', value: '2026-07' };
    const html = await render(props);
    expect(html).not.toContain('<option value=""');
    expect(html).not.toContain('disabled');
    expect(html).toMatch(/<select id="report-from-month" required="" data-testid="report-from-month">/);
    expect(html).toMatch(/<option value="7" selected="">Tháng 7<\/option>/);
    expect(html).toMatch(/<select id="report-from-year" required="" data-testid="report-from-year">/);
    const invalid = await render({ ...props, errorId: 'report-range-error' });
    expect(invalid).toContain(
      '<select id="report-from-month" required="" aria-invalid="true" aria-describedby="report-range-error"',
    );
    expect(invalid).toContain(
      '<select id="report-from-year" required="" aria-invalid="true" aria-describedby="report-range-error"',
    );
  });
});
