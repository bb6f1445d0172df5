// Recurrence expansion in Vietnam time (weekly, monthly incl. the 31st, until, count) and the
// Vietnamese date format used in subjects.
import { describe, expect, it } from 'vitest';
import { expandOccurrences, formatVnDateTime, fromVnWall, lastEnd, vnStartOfDay } from './recurrence.js';
import type { Schedule } from './recurrence.js';

const iso = (d: Date): string => d.toISOString();
const sched = (startsAt: string, recurrence: Schedule['recurrence'], durationMinutes = 60): Schedule => ({
  startsAt,
  durationMinutes,
  recurrence,
});
const ALL = [new Date('2000-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')] as const;

describe('expandOccurrences', () => {
  it('a single meeting: one occurrence, only when it overlaps the range', () => {
    const s = sched('2026-12-01T01:00:00.000Z', { kind: 'none', until: null, count: null }, 90);
    expect(expandOccurrences(s, ...ALL).map((o) => [iso(o.start), iso(o.end)])).toEqual([
      ['2026-12-01T01:00:00.000Z', '2026-12-01T02:30:00.000Z'],
    ]);
    // In progress at `from` counts; ended before does not; starting at `to` does not.
    expect(
      expandOccurrences(s, new Date('2026-12-01T02:00:00Z'), new Date('2026-12-02T00:00:00Z')),
    ).toHaveLength(1);
    expect(
      expandOccurrences(s, new Date('2026-12-01T02:30:00Z'), new Date('2026-12-02T00:00:00Z')),
    ).toHaveLength(0);
    expect(
      expandOccurrences(s, new Date('2026-11-30T00:00:00Z'), new Date('2026-12-01T01:00:00Z')),
    ).toHaveLength(0);
  });

  it('weekly with count', () => {
    const s = sched('2026-12-01T01:00:00.000Z', { kind: 'weekly', until: null, count: 3 });
    expect(expandOccurrences(s, ...ALL).map((o) => iso(o.start))).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-08T01:00:00.000Z',
      '2026-12-15T01:00:00.000Z',
    ]);
  });

  it('weekly until (inclusive) and only within the range', () => {
    const s = sched('2026-12-01T01:00:00.000Z', {
      kind: 'weekly',
      until: '2026-12-29T01:00:00.000Z',
      count: null,
    });
    expect(expandOccurrences(s, ...ALL)).toHaveLength(5);
    const inRange = expandOccurrences(s, new Date('2026-12-10T00:00:00Z'), new Date('2026-12-23T00:00:00Z'));
    expect(inRange.map((o) => iso(o.start))).toEqual([
      '2026-12-15T01:00:00.000Z',
      '2026-12-22T01:00:00.000Z',
    ]);
  });

  it('monthly on the 31st skips months without one (RFC 5545), and count counts real ones', () => {
    // 31 Jan 2027 08:00 in Hà Nội/TP.HCM = 01:00Z.
    const s = sched(iso(fromVnWall(2027, 1, 31, 8)), { kind: 'monthly', until: null, count: 4 });
    expect(expandOccurrences(s, ...ALL).map((o) => iso(o.start))).toEqual([
      '2027-01-31T01:00:00.000Z',
      '2027-03-31T01:00:00.000Z',
      '2027-05-31T01:00:00.000Z',
      '2027-07-31T01:00:00.000Z',
    ]);
  });

  it('monthly follows the Vietnam calendar day, not the UTC one', () => {
    // 06:00 on the 1st in Vietnam is 23:00Z the day before.
    const s = sched(iso(fromVnWall(2027, 3, 1, 6)), { kind: 'monthly', until: null, count: 2 });
    expect(expandOccurrences(s, ...ALL).map((o) => iso(o.start))).toEqual([
      '2027-02-28T23:00:00.000Z',
      '2027-03-31T23:00:00.000Z',
    ]);
  });

  it('an open-ended rule stops at the range end', () => {
    const s = sched('2026-01-05T01:00:00.000Z', { kind: 'weekly', until: null, count: null });
    const occ = expandOccurrences(s, new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
    expect(occ).toHaveLength(5);
    expect(lastEnd(s)).toBeNull();
  });

  it('lastEnd of a bounded rule is the end of its last occurrence', () => {
    const s = sched('2026-12-01T01:00:00.000Z', { kind: 'weekly', until: null, count: 2 }, 30);
    expect(lastEnd(s)?.toISOString()).toBe('2026-12-08T01:30:00.000Z');
  });
});

describe('Vietnam time helpers', () => {
  it('formats in Vietnam time with the Vietnamese weekday', () => {
    expect(formatVnDateTime(new Date('2026-12-01T01:00:00Z'))).toBe('08:00 Thứ Ba, 01/12/2026');
    expect(formatVnDateTime(new Date('2026-12-05T17:30:00Z'))).toBe('00:30 Chủ nhật, 06/12/2026');
  });

  it('start of the Vietnam day', () => {
    expect(vnStartOfDay(new Date('2026-12-01T18:00:00Z')).toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(vnStartOfDay(new Date('2026-12-01T16:59:00Z')).toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });
});
