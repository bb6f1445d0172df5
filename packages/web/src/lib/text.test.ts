// Diacritics-insensitive search, Vietnamese sorting, recurrence sentences, grouped secrets.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../i18n';
import { recurrenceText } from './recurrence-text';
import { fold, groupsOf4, matches, sortVi } from './search';

describe('search', () => {
  it('finds names without diacritics, đ as d, in any order of words', () => {
    expect(fold('  Nguyễn   Văn ĐỨC ')).toBe('nguyen van duc');
    expect(matches('Nguyễn Văn An', 'nguyen an')).toBe(true);
    expect(matches('Đỗ Minh Đức', 'do duc')).toBe(true);
    expect(matches('Lê Văn Hải', 'hai le')).toBe(true);
    expect(matches('Lê Văn Hải', 'hoa')).toBe(false);
    expect(matches('Trần Thị Bích Ngọc', '')).toBe(true);
  });
  it('sorts with the Vietnamese collation', () => {
    const names = ['Đỗ Minh Đức', 'Ân', 'Bình', 'An', 'Dũng', 'Ấn Độ'];
    expect(sortVi(names, (n) => n)).toEqual(['An', 'Ân', 'Ấn Độ', 'Bình', 'Dũng', 'Đỗ Minh Đức']);
  });
  it('groups a TOTP secret in fours', () => {
    expect(groupsOf4('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupsOf4('ABCDEF')).toBe('ABCD EF');
  });
});

describe('recurrenceText', () => {
  beforeAll(async () => {
    await i18next.init({ resources, lng: 'vi', interpolation: { escapeValue: false } });
  });
  const t = (lng: string) => (key: string, v?: Record<string, string | number>) =>
    i18next.t(key, { ...v, lng });
  const start = '2026-12-01T00:30:00Z'; // Thứ Ba 01/12/2026 07:30 VN
  it('reads a weekly series with a count in Vietnamese', () => {
    expect(recurrenceText({ kind: 'weekly', until: null, count: 4 }, start, t('vi'), 'vi')).toBe(
      'Hằng tuần vào Thứ Ba, 4 lần',
    );
  });
  it('reads a monthly series with an end date, and English', () => {
    const rec = { kind: 'monthly' as const, until: '2027-06-30T16:59:00Z', count: null };
    expect(recurrenceText(rec, start, t('vi'), 'vi')).toBe('Hằng tháng vào ngày 1, đến hết ngày 30/06/2027');
    expect(recurrenceText(rec, start, t('en'), 'en')).toBe('Monthly on day 1, until 30/06/2027');
  });
  it('uses the VN weekday even when the UTC day differs', () => {
    expect(
      recurrenceText({ kind: 'weekly', until: null, count: null }, '2026-11-30T20:00:00Z', t('vi'), 'vi'),
    ).toBe('Hằng tuần vào Thứ Ba');
    expect(recurrenceText({ kind: 'none', until: null, count: null }, start, t('vi'), 'vi')).toBe(
      'Không lặp lại',
    );
  });
});
