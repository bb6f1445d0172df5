// The report's figures from hand-built event logs: attendance with head counts, speeches by point,
// show-of-hands and secret votes, travel saved, Vietnam month boundaries, an operator's scope and
// the tasks source.
import { foldLiveEvents, initialLiveState } from '@diemcau/protocol';
import type { LiveContext, LiveEvent } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { DEMO_BRIDGE_POINTS, DEMO_ORGANIZATIONS } from '../demo/ward.js';
import { aggregateReport, monthDays, vnMonthOf, vnMonthRange } from './aggregate.js';
import type { AggregateInput, ReportMeeting, TaskStat } from './aggregate.js';
import { DISTANCES, FEB_EVENTS, JAN_EVENTS, MAR_EVENTS, febContext, marContext } from './fixtures.js';

function meeting(id: string, type: string, context: LiveContext, events: LiveEvent[]): ReportMeeting {
  const seq = events.map((event, i) => ({ seq: i + 1, event }));
  return { meetingId: id, type, state: foldLiveEvents(initialLiveState(context), seq), events: seq };
}

const MEETINGS = [
  meeting('m_feb', 'giao_ban', febContext(), FEB_EVENTS),
  meeting('m_mar', 'tap_huan', marContext(), MAR_EVENTS),
  meeting('m_jan', 'giao_ban', { ...marContext('m_jan'), meetingType: 'giao_ban' }, JAN_EVENTS),
];

const input = (over: Partial<AggregateInput> = {}): AggregateInput => ({
  from: '2026-02',
  to: '2026-03',
  meetings: MEETINGS,
  points: DEMO_BRIDGE_POINTS.map((p) => ({
    id: p.id,
    name: p.name,
    organizationId: p.organizationId,
    distanceKm: DISTANCES[p.id] ?? 0,
  })),
  orgNames: new Map(DEMO_ORGANIZATIONS.map((o) => [o.id, o.name])),
  rates: { costPerKmVnd: 2000, speedKmh: 20, hourValueVnd: 25000 },
  scopePointId: null,
  tasks: null,
  ...over,
});

describe('Vietnam months', () => {
  it('splits at midnight UTC+7', () => {
    expect(vnMonthOf('2026-01-31T16:59:00.000Z')).toBe('2026-01');
    expect(vnMonthOf('2026-01-31T17:00:00.000Z')).toBe('2026-02');
    expect(vnMonthRange('2026-02')).toEqual({
      from: '2026-01-31T17:00:00.000Z',
      to: '2026-02-28T17:00:00.000Z',
    });
    expect(vnMonthRange('2026-12').to).toBe('2026-12-31T17:00:00.000Z');
    expect(monthDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});

describe('aggregateReport, whole ward', () => {
  const r = aggregateReport(input());

  it('counts February: attendance, head counts, speeches, votes and travel', () => {
    const feb = r.months[0];
    expect(feb).toMatchObject({
      month: '2026-02',
      meetings: 1,
      meetingsByType: { giao_ban: 1 },
      // chair (own device) and p_a (ticked at Khu phố 1) of 4 invited
      invited: 4,
      invitedPresent: 2,
      pointsInvited: 3,
      pointsAttended: 2,
      // 10 at Khu phố 1 + the chair on her own device
      people: 11,
      speeches: 2,
      pointsSpoke: 1,
      votes: 2,
      // hands 8+1+1 of the 10 counted at the points; 2 secret ballots of 4 voting members
      ballotsCast: 12,
      ballotsEligible: 14,
      // 10 people × 2 × 1,5 km
      travelKm: 30,
      travelHours: 1.5,
      travelCostVnd: 60_000,
      timeValueVnd: 37_500,
      savedVnd: 97_500,
      tasks: null,
    });
  });

  it('leaves out the meeting that ended at 23:59 on 31 January (Vietnam time)', () => {
    expect(r.months.map((m) => [m.month, m.meetings])).toEqual([
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
    expect(r.totals.meetings).toBe(2);
    expect(r.totals.meetingsByType).toEqual({ giao_ban: 1, tap_huan: 1 });
  });

  it('sums the totals and prices March: 5 people × 2 × 3 km', () => {
    expect(r.months[1]).toMatchObject({ people: 5, travelKm: 30, invited: 0, votes: 0 });
    expect(r.totals).toMatchObject({ people: 16, travelKm: 60, travelHours: 3, savedVnd: 195_000 });
  });

  it('has one row per neighborhood with bridge points, with its own figures', () => {
    const byOrg = new Map(r.units.map((u) => [u.organizationId, u]));
    expect(byOrg.get('org_kp1')).toMatchObject({
      organizationName: 'Khu phố 1',
      points: ['Văn phòng khu phố 1'],
      meetings: 1,
      invited: 2,
      invitedPresent: 1,
      people: 10,
      speeches: 1,
      pointsSpoke: 1,
      ballotsCast: 11,
      ballotsEligible: 12,
      travelKm: 30,
    });
    expect(byOrg.get('org_kp4')).toMatchObject({
      meetings: 2,
      invited: 1,
      invitedPresent: 0,
      pointsInvited: 2,
      pointsAttended: 2,
      people: 5,
      travelKm: 30,
      savedVnd: 97_500,
    });
    expect(byOrg.get('org_kp6')).toMatchObject({ meetings: 0, people: 0, points: [] });
    expect(r.units.map((u) => u.organizationId)).toEqual([
      'org_ubnd',
      'org_dang_uy',
      'org_kp1',
      'org_kp2',
      'org_kp3',
      'org_kp4',
      'org_kp5',
      'org_kp6',
    ]);
  });
});

describe('aggregateReport, an operator of Khu phố 4', () => {
  const r = aggregateReport(input({ scopePointId: 'bp_kp4' }));

  it('counts only its own point, in the meetings it took part in', () => {
    expect(r.units.map((u) => u.organizationId)).toEqual(['org_kp4']);
    expect(r.months[0]).toMatchObject({ meetings: 1, invited: 1, invitedPresent: 0, people: 0, speeches: 0 });
    expect(r.months[1]).toMatchObject({ meetings: 1, people: 5, travelKm: 30 });
    expect(r.totals).toMatchObject({ meetings: 2, people: 5, ballotsCast: 0, ballotsEligible: 1 });
  });
});

describe('aggregateReport with a tasks source', () => {
  const stat = (orgUnitId: string, total: number, done: number, overdue: number): TaskStat => ({
    orgUnitId,
    total,
    done,
    overdue,
    open: total - done,
  });
  const tasks = {
    byMonth: new Map([
      ['2026-02', [stat('org_kp1', 4, 3, 1), stat('org_cb_kp4', 2, 0, 2)]],
      ['2026-03', [stat('org_kp1', 1, 1, 0)]],
    ]),
    total: [stat('org_kp1', 5, 4, 1), stat('org_cb_kp4', 2, 0, 2)],
  };

  it('puts task counts on months, units (incl. units without points) and totals', () => {
    const r = aggregateReport(input({ tasks }));
    expect(r.months[0]?.tasks).toEqual({ total: 6, done: 3, overdue: 3, open: 3 });
    expect(r.months[1]?.tasks).toEqual({ total: 1, done: 1, overdue: 0, open: 0 });
    expect(r.units.find((u) => u.organizationId === 'org_kp1')?.tasks).toEqual({
      total: 5,
      done: 4,
      overdue: 1,
      open: 1,
    });
    expect(r.units.find((u) => u.organizationId === 'org_kp2')?.tasks).toEqual({
      total: 0,
      done: 0,
      overdue: 0,
      open: 0,
    });
    expect(r.units.at(-1)).toMatchObject({
      organizationId: 'org_cb_kp4',
      organizationName: 'Chi bộ khu phố 4',
    });
    expect(r.totals.tasks).toEqual({ total: 7, done: 4, overdue: 3, open: 3 });
  });

  it('gives an operator only its own unit’s tasks', () => {
    const r = aggregateReport(input({ tasks, scopePointId: 'bp_kp1' }));
    expect(r.totals.tasks).toEqual({ total: 5, done: 4, overdue: 1, open: 1 });
    expect(r.months[0]?.tasks?.total).toBe(4);
  });
});
