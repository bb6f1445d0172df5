// The reports page's month range as first drawn: each end a labelled group of month and year selects
// (no <input type="month">, which Chromium in Vietnamese shows as "--------- ----"), both required,
// holding the default range of the last six months in Vietnam.
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuthProvider } from '../../auth/AuthContext';
import { resources } from '../../i18n';
import { parseMonthValue } from '../../ui/MonthSelect';
import ReportsPage, { defaultRange } from './ReportsPage';

async function render(lang: 'vi' | 'en'): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: lang, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <AuthProvider>
        <ReportsPage />
      </AuthProvider>
    </I18nextProvider>,
  );
}

/** The `<select id=…>…</select>` element of the markup. */
const select = (html: string, id: string): string =>
  new RegExp(`<select id="${id}"[^>]*>.*?</select>`).exec(html)?.[0] ?? '';

describe('defaultRange', () => {
  it('is the last six months up to this one in Vietnam, across a new year', () => {
    // 00:30 on 1 January 2027 in Vietnam, still 2026 in UTC.
    expect(defaultRange(new Date('2026-12-31T17:30:00.000Z'))).toEqual({ from: '2026-08', to: '2027-01' });
    expect(defaultRange(new Date('2026-11-26T05:00:00.000Z'))).toEqual({ from: '2026-06', to: '2026-11' });
  });
});

describe('the month range', () => {
  it('is two labelled groups of required month and year selects holding the default range', async () => {
    const html = await render('vi');
    expect(html).not.toContain('type="month"');
    expect(html).toContain('<legend>Từ tháng</legend>');
    expect(html).toContain('<legend>Đến tháng</legend>');
    const range = defaultRange(new Date());
    for (const [end, value] of [
      ['report-from', range.from],
      ['report-to', range.to],
    ] as const) {
      const chosen = parseMonthValue(value);
      expect(chosen).not.toBeNull();
      const month = select(html, `${end}-month`);
      const year = select(html, `${end}-year`);
      expect(html).toContain(`<label for="${end}-month">Tháng</label>`);
      expect(html).toContain(`<label for="${end}-year">Năm</label>`);
      expect(month).toMatch(/^<select id="[^"]+" required="" data-testid/);
      expect(month).not.toContain('<option value=""');
      expect(month).toContain(`<option value="${chosen?.month}" selected="">Tháng ${chosen?.month}</option>`);
      expect(year).toMatch(/^<select id="[^"]+" required="" data-testid/);
      expect(year).toContain(`<option value="${chosen?.year}" selected="">${chosen?.year}</option>`);
    }
  });

  it('is labelled in English too', async () => {
    const html = await render('en');
    expect(html).toContain('<legend>From month</legend>');
    expect(html).toContain('<label for="report-to-year">Year</label>');
  });
});
