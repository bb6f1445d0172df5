// Vietnam civil time: conversions, formatting through Intl with Asia/Ho_Chi_Minh, relative time.
import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';
import { formatDate, formatTime, isoWeekday, parseDateKey, vnDateOf, vnTimeOf, vnToInstant } from './vntime';

describe('vntime', () => {
  it('converts a VN date and time to UTC and back', () => {
    expect(vnToInstant('2026-12-01', '07:30')).toBe('2026-12-01T00:30:00.000Z');
    expect(vnToInstant('2026-12-01', '03:00')).toBe('2026-11-30T20:00:00.000Z');
    expect(vnTimeOf('2026-11-30T20:00:00.000Z')).toBe('03:00');
    expect(vnDateOf('2026-11-30T20:00:00.000Z')).toEqual({ year: 2026, month: 12, day: 1 });
  });
  it('refuses malformed input', () => {
    expect(vnToInstant('2026-02-30', '08:00')).toBeNull();
    expect(vnToInstant('2026-02-01', '24:00')).toBeNull();
    expect(parseDateKey('2026-13-01')).toBeNull();
  });
  it('formats in Vietnamese and English in VN time', () => {
    expect(formatTime('2026-12-01T00:30:00Z', 'vi')).toBe('07:30');
    expect(formatDate('2026-11-30T20:00:00Z', 'vi')).toBe('Thứ Ba, 01/12/2026');
    expect(formatDate('2026-11-30T20:00:00Z', 'en')).toContain('Tuesday');
  });
  it('numbers weekdays from Monday', () => {
    expect(isoWeekday({ year: 2026, month: 11, day: 30 })).toBe(1);
    expect(isoWeekday({ year: 2026, month: 12, day: 6 })).toBe(7);
  });
  it('says how long ago a heartbeat was', () => {
    const now = new Date('2026-11-26T07:00:00Z');
    expect(relativeTime('2026-11-26T06:58:00Z', now, 'vi')).toBe('2 phút trước');
    expect(relativeTime('2026-11-26T06:58:00Z', now, 'en')).toBe('2 minutes ago');
    expect(relativeTime('2026-11-26T06:59:55Z', now, 'vi')).toBe('bây giờ');
  });
});
