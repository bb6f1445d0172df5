// Hand-built meeting logs for the report tests (aggregate, routes, exports): two ended meetings of
// the demo ward in February and March 2026 and one that ended a minute before February began in
// Vietnam. Frozen; each test derives what it needs.
import type { Actor, LiveContext, LiveEvent, Vote } from '@diemcau/protocol';

/** 2026-02-01 00:30 in Vietnam is 2026-01-31 17:30 UTC. */
export const FEB_START = '2026-01-31T17:30:00.000Z';
export const FEB_END = '2026-01-31T18:30:00.000Z';
/** 23:59 on 31 January in Vietnam: belongs to January. */
export const JAN_END = '2026-01-31T16:59:00.000Z';
export const MAR_START = '2026-03-10T01:00:00.000Z';
export const MAR_END = '2026-03-10T03:00:00.000Z';

const kp1: Actor = {
  key: 'point:bp_kp1',
  name: 'Văn phòng khu phố 1',
  bridgePointId: 'bp_kp1',
  bridgePoint: 'Văn phòng khu phố 1',
};
const chair: Actor = {
  key: 'person:p_chair',
  name: 'Nguyễn Thị Hồng Nhung',
  bridgePointId: null,
  bridgePoint: null,
};

/** Persons and their usual bridge points in the February meeting. */
export const FEB_INVITED: {
  personId: string;
  name: string;
  role: 'chair' | 'delegate';
  point: string | null;
}[] = [
  { personId: 'p_chair', name: 'Nguyễn Thị Hồng Nhung', role: 'chair', point: null },
  { personId: 'p_a', name: 'Phạm Văn Ơn', role: 'delegate', point: 'bp_kp1' },
  { personId: 'p_b', name: 'Đỗ Thị Ánh Tuyết', role: 'delegate', point: 'bp_kp1' },
  { personId: 'p_cell', name: 'Lê Văn Hai', role: 'delegate', point: 'bp_kp4' },
];

export function febContext(meetingId = 'm_feb'): LiveContext {
  return {
    meetingId,
    title: 'Họp giao ban tháng 2',
    meetingType: 'giao_ban',
    training: false,
    invited: FEB_INVITED.map((p) => ({
      personId: p.personId,
      name: p.name,
      role: p.role,
      rsvp: 'accepted',
      reason: null,
      bridgePointId: p.point,
    })),
    points: [
      { bridgePointId: 'bp_hoi_truong', name: 'Hội trường UBND phường', isHost: true },
      { bridgePointId: 'bp_kp1', name: 'Văn phòng khu phố 1', isHost: false },
      { bridgePointId: 'bp_kp4', name: 'Văn phòng khu phố 4', isHost: false },
    ],
    agenda: [],
  };
}

const motion = (id: string, scope: 'person' | 'point', secret: boolean, at: string): Vote => ({
  id,
  itemId: null,
  title: 'Thông qua kế hoạch',
  kind: 'motion',
  options: [
    { id: 'yes', label: 'Tán thành' },
    { id: 'no', label: 'Không tán thành' },
    { id: 'abstain', label: 'Không biểu quyết' },
  ],
  correctOptionId: null,
  secret,
  scope,
  majority: 'simple',
  quorum: { kind: 'none' },
  status: 'open',
  openedAt: at,
  closedAt: null,
  publishedAt: null,
  voters: [],
  ballots: secret || scope === 'point' ? null : {},
  pointCounts: scope === 'point' ? {} : null,
  result: null,
});

const t = (minutes: number): string => new Date(Date.parse(FEB_START) + minutes * 60_000).toISOString();

/**
 * February: the chair on her own device, Khu phố 1 reports 10 people (ticking p_a), Khu phố 4
 * connects without a roll call; Khu phố 1 and the chair speak; a show-of-hands vote (8/1/1 at
 * Khu phố 1) and a secret vote (the chair and p_a).
 */
export const FEB_EVENTS: LiveEvent[] = [
  { type: 'meeting.started', at: t(0) },
  { type: 'person.arrived', personId: 'p_chair', at: t(1) },
  { type: 'point.connected', bridgePointId: 'bp_kp1', at: t(2) },
  { type: 'point.connected', bridgePointId: 'bp_kp4', at: t(2) },
  {
    type: 'attendance.reported',
    bridgePointId: 'bp_kp1',
    headCount: 10,
    presentPersonIds: ['p_a'],
    by: kp1,
    at: t(3),
  },
  {
    type: 'speak.requested',
    request: { id: 'r1', by: kp1, onBehalfOf: null, topic: 'An ninh', itemId: null, requestedAt: t(5) },
  },
  {
    type: 'speak.granted',
    speech: {
      requestId: 'r1',
      speakerKey: 'point:bp_kp1',
      label: 'Văn phòng khu phố 1',
      topic: 'An ninh',
      itemId: null,
      startedAt: t(6),
      endedAt: null,
    },
  },
  { type: 'speak.ended', at: t(9) },
  {
    type: 'speak.requested',
    request: { id: 'r2', by: chair, onBehalfOf: null, topic: 'Kết luận', itemId: null, requestedAt: t(10) },
  },
  {
    type: 'speak.granted',
    speech: {
      requestId: 'r2',
      speakerKey: 'person:p_chair',
      label: 'Nguyễn Thị Hồng Nhung',
      topic: 'Kết luận',
      itemId: null,
      startedAt: t(11),
      endedAt: null,
    },
  },
  { type: 'vote.opened', vote: motion('v1', 'point', false, t(20)) },
  {
    type: 'vote.counted',
    voteId: 'v1',
    bridgePointId: 'bp_kp1',
    counts: { yes: 8, no: 1, abstain: 1 },
    at: t(21),
  },
  { type: 'vote.closed', voteId: 'v1', at: t(22) },
  { type: 'vote.opened', vote: motion('v2', 'person', true, t(30)) },
  { type: 'ballot.cast', voteId: 'v2', voterKey: 'person:p_chair', at: t(31) },
  { type: 'ballot.cast', voteId: 'v2', voterKey: 'person:p_a', at: t(31) },
  { type: 'person.left', personId: 'p_chair', at: FEB_END },
  { type: 'meeting.ended', at: FEB_END },
];

export function marContext(meetingId = 'm_mar'): LiveContext {
  return {
    meetingId,
    title: 'Tập huấn chuyển đổi số',
    meetingType: 'tap_huan',
    training: true,
    invited: [],
    points: [
      { bridgePointId: 'bp_hoi_truong', name: 'Hội trường UBND phường', isHost: true },
      { bridgePointId: 'bp_kp4', name: 'Văn phòng khu phố 4', isHost: false },
    ],
    agenda: [],
  };
}

const kp4: Actor = {
  ...kp1,
  key: 'point:bp_kp4',
  name: 'Văn phòng khu phố 4',
  bridgePointId: 'bp_kp4',
  bridgePoint: 'Văn phòng khu phố 4',
};

/** March: a training; Khu phố 4 reports 5 people. */
export const MAR_EVENTS: LiveEvent[] = [
  { type: 'meeting.started', at: MAR_START },
  { type: 'point.connected', bridgePointId: 'bp_kp4', at: MAR_START },
  {
    type: 'attendance.reported',
    bridgePointId: 'bp_kp4',
    headCount: 5,
    presentPersonIds: [],
    by: kp4,
    at: MAR_START,
  },
  { type: 'meeting.ended', at: MAR_END },
];

/** A meeting that ended at 23:59 on 31 January, Vietnam time. */
export const JAN_EVENTS: LiveEvent[] = [
  { type: 'meeting.started', at: '2026-01-31T15:00:00.000Z' },
  { type: 'point.connected', bridgePointId: 'bp_kp4', at: '2026-01-31T15:00:00.000Z' },
  { type: 'meeting.ended', at: JAN_END },
];

/** Distances used by the tests (km). */
export const DISTANCES: Record<string, number> = { bp_hoi_truong: 0, bp_kp1: 1.5, bp_kp4: 3 };
