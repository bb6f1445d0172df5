// When the kiosk tests its line by itself: 30 minutes before an invited meeting, at most hourly.
import { describe, expect, it } from 'vitest';
import type { KioskMeeting } from '../lib/api/contract';
import { networkTestDue } from './nettest-schedule';

const NOW = new Date('2026-11-26T01:00:00.000Z');

const meeting = (id: string, start: string, over: Partial<KioskMeeting> = {}): KioskMeeting => ({
  id,
  title: `Họp ${id}`,
  hostBridgePoint: 'Hội trường UBND phường',
  confidential: false,
  type: 'giao_ban',
  status: 'scheduled',
  startsAt: start,
  durationMinutes: 60,
  recurrence: { kind: 'none' } as KioskMeeting['recurrence'],
  hostBridgePointId: 'bp_hoi_truong',
  organizationId: null,
  occurrenceStart: start,
  occurrenceEnd: new Date(Date.parse(start) + 3_600_000).toISOString(),
  live: false,
  ...over,
});

describe('networkTestDue', () => {
  it('the earliest meeting starting within 30 minutes', () => {
    const list = [
      meeting('late', '2026-11-26T01:29:00.000Z'),
      meeting('soon', '2026-11-26T01:10:00.000Z'),
      meeting('far', '2026-11-26T01:31:00.000Z'),
    ];
    expect(networkTestDue(list, NOW, null)?.id).toBe('soon');
    expect(networkTestDue([meeting('edge', '2026-11-26T01:30:00.000Z')], NOW, null)?.id).toBe('edge');
  });

  it('nothing for a meeting already started, far away, or cancelled', () => {
    expect(
      networkTestDue([meeting('started', '2026-11-26T00:59:00.000Z', { live: true })], NOW, null),
    ).toBeNull();
    expect(networkTestDue([meeting('far', '2026-11-26T01:31:00.000Z')], NOW, null)).toBeNull();
    expect(
      networkTestDue([meeting('x', '2026-11-26T01:10:00.000Z', { status: 'cancelled' })], NOW, null),
    ).toBeNull();
  });

  it('at most once an hour, counting tests on demand', () => {
    const list = [meeting('soon', '2026-11-26T01:10:00.000Z')];
    expect(networkTestDue(list, NOW, '2026-11-26T00:20:00.000Z')).toBeNull();
    expect(networkTestDue(list, NOW, '2026-11-26T00:00:00.000Z')?.id).toBe('soon');
  });
});
