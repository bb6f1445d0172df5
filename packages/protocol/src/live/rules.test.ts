// Attendance, quorum and tally rules shared by the server and the web app.
import { describe, expect, it } from 'vitest';
import type { LiveContext, LiveEvent, Vote } from './schema.js';
import {
  computeVoteResult,
  countVisibleBallots,
  eligibleVoters,
  quorumRequired,
  speakerLabel,
  summarizeAttendance,
} from './rules.js';
import { foldLiveEvents, initialLiveState } from './state.js';

const person = (
  personId: string,
  role: LiveContext['invited'][number]['role'],
  rsvp: LiveContext['invited'][number]['rsvp'] = 'accepted',
) => ({
  personId,
  name: `Người ${personId}`,
  role,
  rsvp,
  reason: rsvp === 'absent_with_reason' ? 'Bận việc gia đình' : null,
  bridgePointId: null,
});

const CONTEXT: LiveContext = {
  meetingId: 'm1',
  title: 'Họp giao ban',
  meetingType: 'giao_ban',
  training: false,
  invited: [
    person('p1', 'chair'),
    person('p2', 'secretary'),
    person('p3', 'delegate'),
    person('p4', 'delegate', 'absent_with_reason'),
    person('p5', 'delegate', 'declined'),
    person('p6', 'trainee'),
  ],
  points: [
    { bridgePointId: 'bp1', name: 'Văn phòng khu phố 1', isHost: false },
    { bridgePointId: 'bp2', name: 'Văn phòng khu phố 2', isHost: false },
  ],
  agenda: [],
};
const at = (m: number): string => new Date(Date.UTC(2026, 10, 26, 1, m)).toISOString();
const by = {
  key: 'point:bp1',
  name: 'Văn phòng khu phố 1',
  bridgePointId: 'bp1',
  bridgePoint: 'Văn phòng khu phố 1',
};
const fold = (context: LiveContext, events: LiveEvent[]) =>
  foldLiveEvents(
    initialLiveState(context),
    events.map((event, i) => ({ seq: i + 1, event })),
  );

describe('quorumRequired', () => {
  it.each([
    [{ kind: 'none' } as const, 10, 0],
    [{ kind: 'more_than_half' } as const, 10, 6],
    [{ kind: 'more_than_half' } as const, 9, 5],
    [{ kind: 'two_thirds' } as const, 9, 6],
    [{ kind: 'two_thirds' } as const, 10, 7],
    [{ kind: 'at_least', count: 4 } as const, 10, 4],
  ])('%o of %i needs %i', (rule, n, needed) => expect(quorumRequired(rule, n)).toBe(needed));
});

describe('summarizeAttendance', () => {
  it('present on own device, ticked by a point, left, absent with reason (RSVP), absent; totals and quorum', () => {
    const s = fold(CONTEXT, [
      { type: 'person.arrived', personId: 'p1', at: at(0) },
      { type: 'person.arrived', personId: 'p3', at: at(1) },
      { type: 'person.left', personId: 'p3', at: at(20) },
      { type: 'point.connected', bridgePointId: 'bp1', at: at(2) },
      {
        type: 'attendance.reported',
        bridgePointId: 'bp1',
        headCount: 9,
        presentPersonIds: ['p2', 'p6'],
        by,
        at: at(3),
      },
      { type: 'person.arrived', personId: 'p_stranger', at: at(4) },
    ]);
    const sum = summarizeAttendance(s);
    expect(sum.persons.map((p) => [p.personId, p.status, p.via])).toEqual([
      ['p1', 'present', 'device'],
      ['p2', 'present', 'point'],
      ['p3', 'left', 'device'],
      ['p4', 'absent_with_reason', null],
      ['p5', 'absent_with_reason', null],
      ['p6', 'present', 'point'],
    ]);
    expect(sum.persons[2]).toMatchObject({ arrivedAt: at(1), leftAt: at(20) });
    expect(sum.persons[1]).toMatchObject({ bridgePointId: 'bp1', arrivedAt: at(3) });
    // Voting members: p1..p5 (the trainee is not one); present: p1, p2.
    expect(sum).toMatchObject({ membersPresent: 2, membersInvited: 5 });
    // Heads: 9 in bp1, plus p1 and the uninvited person on their own devices.
    expect(sum.totalPresent).toBe(11);
    expect(sum.quorum).toEqual({ required: 3, met: false, rule: { kind: 'more_than_half' } });
  });

  it('a person on their own device who is also ticked by a point is counted once', () => {
    const s = fold(CONTEXT, [
      { type: 'person.arrived', personId: 'p1', at: at(0) },
      {
        type: 'attendance.reported',
        bridgePointId: 'bp1',
        headCount: 3,
        presentPersonIds: ['p1', 'p2', 'p3'],
        by,
        at: at(1),
      },
    ]);
    const sum = summarizeAttendance(s);
    expect(sum.totalPresent).toBe(3);
    expect(sum.membersPresent).toBe(3);
    expect(sum.quorum.met).toBe(true);
  });

  it('without invitees the quorum counts everyone present', () => {
    const open = { ...CONTEXT, invited: [] };
    const s = fold(open, [
      { type: 'quorum.changed', rule: { kind: 'at_least', count: 4 }, at: at(0) },
      {
        type: 'attendance.reported',
        bridgePointId: 'bp2',
        headCount: 4,
        presentPersonIds: [],
        by,
        at: at(1),
      },
    ]);
    expect(summarizeAttendance(s).quorum).toMatchObject({ required: 4, met: true });
  });
});

describe('eligibleVoters', () => {
  it('person scope: invited voting members; point scope: heads counted in the rooms', () => {
    const s = fold(CONTEXT, [
      {
        type: 'attendance.reported',
        bridgePointId: 'bp1',
        headCount: 7,
        presentPersonIds: [],
        by,
        at: at(0),
      },
      {
        type: 'attendance.reported',
        bridgePointId: 'bp2',
        headCount: 5,
        presentPersonIds: [],
        by,
        at: at(0),
      },
    ]);
    expect(eligibleVoters(s, { scope: 'person' })).toBe(5);
    expect(eligibleVoters(s, { scope: 'point' })).toBe(12);
  });
});

describe('computeVoteResult', () => {
  const motion = (majority: Vote['majority'], quorum: Vote['quorum'] = { kind: 'none' }) => ({
    kind: 'motion' as const,
    majority,
    quorum,
    options: [
      { id: 'yes', label: 'Tán thành' },
      { id: 'no', label: 'Không tán thành' },
      { id: 'abstain', label: 'Không biểu quyết' },
    ],
  });
  it('simple majority: ties fail; abstentions count toward quorum only', () => {
    expect(computeVoteResult(motion('simple'), { yes: 3, no: 3, abstain: 4 }, 10).passed).toBe(false);
    expect(
      computeVoteResult(motion('simple', { kind: 'more_than_half' }), { yes: 2, no: 1, abstain: 3 }, 10),
    ).toEqual({
      counts: { yes: 2, no: 1, abstain: 3 },
      cast: 6,
      eligible: 10,
      quorumMet: true,
      passed: true,
    });
  });
  it('more than half / two thirds of the eligible', () => {
    expect(computeVoteResult(motion('more_than_half_eligible'), { yes: 5, no: 0 }, 10).passed).toBe(false);
    expect(computeVoteResult(motion('more_than_half_eligible'), { yes: 6, no: 4 }, 10).passed).toBe(true);
    expect(computeVoteResult(motion('two_thirds_eligible'), { yes: 6 }, 9).passed).toBe(true);
    expect(computeVoteResult(motion('two_thirds_eligible'), { yes: 6 }, 10).passed).toBe(false);
    expect(computeVoteResult(motion('two_thirds_eligible'), {}, 0).passed).toBe(false);
  });
  it('unknown options are dropped; eligible is at least the ballots cast; polls have no verdict', () => {
    const r = computeVoteResult(motion('simple'), { yes: 4, bogus: 9 }, 2);
    expect(r).toMatchObject({ counts: { yes: 4, no: 0, abstain: 0 }, cast: 4, eligible: 4 });
    const poll = { ...motion('simple'), kind: 'poll' as const };
    expect(computeVoteResult(poll, { yes: 1 }, 3).passed).toBeNull();
  });
});

describe('countVisibleBallots and speakerLabel', () => {
  it('sums named ballots and point counts', () => {
    const v = {
      options: [
        { id: 'yes', label: 'Có' },
        { id: 'no', label: 'Không' },
      ],
      ballots: { 'person:p1': 'yes', 'person:p2': 'no', 'person:p3': 'yes' },
      pointCounts: { bp1: { yes: 4, no: 1 } },
    } as unknown as Vote;
    expect(countVisibleBallots(v)).toEqual({ yes: 6, no: 2 });
  });
  it('"<point> – <person>"', () => {
    expect(speakerLabel('Văn phòng khu phố 1', 'Phạm Văn Ơn')).toBe('Văn phòng khu phố 1 – Phạm Văn Ơn');
    expect(speakerLabel('Văn phòng khu phố 1', null)).toBe('Văn phòng khu phố 1');
    expect(speakerLabel(null, 'Phạm Văn Ơn')).toBe('Phạm Văn Ơn');
    expect(speakerLabel('X', 'X')).toBe('X');
  });
});
