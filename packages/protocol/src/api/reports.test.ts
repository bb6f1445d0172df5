// Report query rules and Vietnamese number formatting, shared by the server's exports and the web.
import { describe, expect, it } from 'vitest';
import {
  DistanceKmSchema,
  ReportQuerySchema,
  formatNumberVi,
  formatPercentVi,
  formatVnd,
  monthsBetween,
  percent,
} from './reports.js';

describe('report query', () => {
  it('lists months across a year boundary, both ends included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
  });

  it('accepts up to 24 months and names the field of a bad range', () => {
    expect(ReportQuerySchema.safeParse({ from: '2025-01', to: '2026-12' }).success).toBe(true);
    const long = ReportQuerySchema.safeParse({ from: '2024-12', to: '2026-12' });
    expect(long.error?.issues[0]?.path).toEqual(['to']);
    expect(ReportQuerySchema.safeParse({ from: '2026-00', to: '2026-01' }).error?.issues[0]?.path).toEqual([
      'from',
    ]);
  });

  it('distances: km with at most one decimal', () => {
    expect(DistanceKmSchema.safeParse(2.5).success).toBe(true);
    expect(DistanceKmSchema.safeParse(0.3).success).toBe(true);
    expect(DistanceKmSchema.safeParse(2.55).success).toBe(false);
    expect(DistanceKmSchema.safeParse(-0.1).success).toBe(false);
  });
});

describe('Vietnamese numbers', () => {
  it('groups with dots, decimals with a comma, money with ₫', () => {
    expect(formatVnd(1_234_000)).toBe('1.234.000 ₫');
    expect(formatVnd(97_500.4)).toBe('97.500 ₫');
    expect(formatVnd(0)).toBe('0 ₫');
    expect(formatNumberVi(30, 1)).toBe('30,0');
    expect(formatNumberVi(1234.56, 1)).toBe('1.234,6');
    expect(formatNumberVi(-1500)).toBe('-1.500');
    expect(formatNumberVi(-0.01, 1)).toBe('0,0');
  });

  it('percent with one decimal, or a dash when nothing to divide', () => {
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 0)).toBeNull();
    expect(formatPercentVi(6, 7)).toBe('85,7 %');
    expect(formatPercentVi(0, 0)).toBe('—');
  });
});
