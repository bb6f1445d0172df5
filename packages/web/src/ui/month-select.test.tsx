// The archive's month filter: the query value it builds and reads back, the year list, the month
// names in both languages, and its markup (two labelled selects, the year waiting for a month).
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { resources } from '../../i18n';
import {
  ARCHIVE_YEARS,
  MonthFilter,
  archiveYears,
  monthName,
  monthValue,
  parseMonthValue,
} from './MonthFilter';

/** 00:30 on 1 January 2027 in Vietnam: still 2026 in UTC. */
const NOW = new Date('2026-12-31T17:30:00.000Z');

async function render(value: string, lang: 'vi' | 'en' = 'vi'): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: lang, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <MonthFilter value={value} onChange={() => undefined} now={NOW} />
    </I18nextProvider>,
  );
}

describe('month filter values', () => {
  it('builds "YYYY-MM" from a year and a month, and "" for every month', () => {
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
    const years = archiveYears(NOW, null);
    expect(years).toHaveLength(ARCHIVE_YEARS);
    expect(years[0]).toBe(2027);
    expect(years.at(-1)).toBe(2027 - ARCHIVE_YEARS + 1);
    expect(archiveYears(NOW, 2001).at(-1)).toBe(2001);
    expect(archiveYears(NOW, 2020)).toEqual(years);
  });

  it('names the months in Vietnamese and English', () => {
    expect(monthName(1, 'vi')).toBe('Tháng 1');
    expect(monthName(12, 'vi')).toBe('Tháng 12');
    expect(monthName(3, 'en')).toBe('March');
  });
});

describe('MonthFilter markup', () => {
  it('every month: a labelled month select on "12 tháng gần nhất" and a disabled, explained year', async () => {
    const html = await render('');
    expect(html).toContain('<label for="archive-month">Tháng</label>');
    expect(html).toContain('<label for="archive-year">Năm</label>');
    expect(html).not.toContain('type="month"');
    expect(html).toMatch(/<option value="" selected="">12 tháng gần nhất<\/option>/);
    expect(html).toMatch(/<select id="archive-year" disabled="" aria-describedby="archive-year-hint"/);
    expect(html).toContain('id="archive-year-hint" class="muted">Chọn tháng trước, rồi chọn năm.</span>');
    expect(html).toMatch(/<option value="2027" selected="">2027<\/option>/);
  });

  it('a chosen month: both selects show it and the year is enabled', async () => {
    const html = await render('2024-03', 'en');
    expect(html).toMatch(/<option value="3" selected="">March<\/option>/);
    expect(html).toMatch(/<option value="2024" selected="">2024<\/option>/);
    expect(html).not.toContain('disabled');
    expect(html).toContain('<label for="archive-year">Year</label>');
  });
});
