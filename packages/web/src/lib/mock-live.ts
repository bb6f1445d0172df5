// The meeting conduct of the mock call (design and QA only, `?mock=1`): a demo ward meeting in
// progress — agenda, a speaking queue, a vote, chat — and a tiny stand-in for the server that turns
// the common actions into events, so every panel can be looked at without a server.
import {
  applyLiveEvent,
  computeVoteResult,
  countVisibleBallots,
  eligibleVoters,
  initialLiveState,
  speakerLabel,
  type Actor,
  type LiveAction,
  type LiveContext,
  type LiveEvent,
  type LiveState,
} from '@diemcau/protocol';

const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

const CONTEXT: LiveContext = {
  meetingId: 'mock',
  title: 'Họp giao ban tháng 11',
  meetingType: 'giao_ban',
  training: false,
  invited: [
    {
      personId: 'p_nhung',
      name: 'Nguyễn Thị Hồng Nhung',
      role: 'chair',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_hoi_truong',
    },
    {
      personId: 'p_ha',
      name: 'Lê Thị Thu Hà',
      role: 'secretary',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_hoi_truong',
    },
    {
      personId: 'p_on',
      name: 'Phạm Văn Ơn',
      role: 'delegate',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_kp1',
    },
    {
      personId: 'p_tuyet',
      name: 'Đỗ Thị Ánh Tuyết',
      role: 'delegate',
      rsvp: 'pending',
      reason: null,
      bridgePointId: 'bp_kp2',
    },
    {
      personId: 'p_dung',
      name: 'Huỳnh Văn Dũng',
      role: 'delegate',
      rsvp: 'absent_with_reason',
      reason: 'Đi công tác tại quận',
      bridgePointId: 'bp_kp3',
    },
    {
      personId: 'p_hai',
      name: 'Lê Văn Hai',
      role: 'delegate',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_kp4',
    },
  ],
  points: [
    { bridgePointId: 'bp_hoi_truong', name: 'Hội trường UBND phường', isHost: true },
    { bridgePointId: 'bp_lien_kp1', name: 'Văn phòng liên khu phố 1', isHost: false },
    { bridgePointId: 'bp_kp1', name: 'Văn phòng khu phố 1', isHost: false },
    { bridgePointId: 'bp_kp2', name: 'Văn phòng khu phố 2', isHost: false },
    { bridgePointId: 'bp_kp3', name: 'Văn phòng khu phố 3', isHost: false },
    { bridgePointId: 'bp_kp4', name: 'Văn phòng khu phố 4', isHost: false },
  ],
  agenda: [
    {
      id: 'a1',
      title: 'Báo cáo tình hình kinh tế – xã hội tháng 11',
      presenter: 'UBND phường',
      plannedMinutes: 20,
    },
    {
      id: 'a2',
      title: 'Công tác an ninh trật tự tại các khu phố',
      presenter: 'Các khu phố',
      plannedMinutes: 30,
    },
    { id: 'a3', title: 'Kết luận của chủ trì', presenter: 'Nguyễn Thị Hồng Nhung', plannedMinutes: 10 },
  ],
};

const MOTION = [
  { id: 'yes', label: 'Tán thành' },
  { id: 'no', label: 'Không tán thành' },
  { id: 'abstain', label: 'Không biểu quyết' },
];

const point = (id: string, name: string): Actor => ({
  key: `point:${id}`,
  name,
  bridgePointId: id,
  bridgePoint: name,
});

/** The demo meeting's events so far. */
function demoEvents(): LiveEvent[] {
  const kp1 = point('bp_kp1', 'Văn phòng khu phố 1');
  const kp2 = point('bp_kp2', 'Văn phòng khu phố 2');
  return [
    { type: 'meeting.started', at: ago(34) },
    { type: 'agenda.current', itemId: 'a1', at: ago(34) },
    { type: 'agenda.current', itemId: 'a2', at: ago(12) },
    ...['bp_hoi_truong', 'bp_kp1', 'bp_kp2', 'bp_kp4'].map((id): LiveEvent => ({
      type: 'point.connected',
      bridgePointId: id,
      at: ago(36),
    })),
    {
      type: 'attendance.reported',
      bridgePointId: 'bp_kp1',
      headCount: 14,
      presentPersonIds: ['p_on'],
      by: kp1,
      at: ago(30),
    },
    {
      type: 'attendance.reported',
      bridgePointId: 'bp_kp2',
      headCount: 9,
      presentPersonIds: [],
      by: kp2,
      at: ago(29),
    },
    {
      type: 'attendance.reported',
      bridgePointId: 'bp_hoi_truong',
      headCount: 22,
      presentPersonIds: ['p_nhung', 'p_ha'],
      by: point('bp_hoi_truong', 'Hội trường UBND phường'),
      at: ago(31),
    },
    {
      type: 'speak.requested',
      request: {
        id: 'r1',
        by: kp1,
        onBehalfOf: { personId: 'p_on', name: 'Phạm Văn Ơn' },
        topic: 'Chiếu sáng hẻm 12',
        itemId: 'a2',
        requestedAt: ago(6),
      },
    },
    {
      type: 'speak.requested',
      request: {
        id: 'r2',
        by: kp2,
        onBehalfOf: null,
        topic: 'Tuần tra ban đêm',
        itemId: 'a2',
        requestedAt: ago(4),
      },
    },
    {
      type: 'vote.opened',
      vote: {
        id: 'v1',
        itemId: 'a1',
        title: 'Thông qua báo cáo kinh tế – xã hội tháng 11',
        kind: 'motion',
        options: MOTION,
        correctOptionId: null,
        secret: false,
        scope: 'point',
        majority: 'simple',
        quorum: { kind: 'none' },
        status: 'open',
        openedAt: ago(15),
        closedAt: null,
        publishedAt: null,
        voters: [],
        ballots: null,
        pointCounts: {},
        result: null,
      },
    },
    {
      type: 'vote.counted',
      voteId: 'v1',
      bridgePointId: 'bp_kp1',
      counts: { yes: 12, no: 1, abstain: 1 },
      at: ago(14),
    },
    {
      type: 'vote.counted',
      voteId: 'v1',
      bridgePointId: 'bp_kp2',
      counts: { yes: 8, no: 0, abstain: 1 },
      at: ago(14),
    },
    {
      type: 'vote.counted',
      voteId: 'v1',
      bridgePointId: 'bp_hoi_truong',
      counts: { yes: 20, no: 2, abstain: 0 },
      at: ago(14),
    },
    { type: 'vote.closed', voteId: 'v1', at: ago(13) },
    {
      type: 'vote.published',
      voteId: 'v1',
      result: {
        counts: { yes: 40, no: 3, abstain: 2 },
        cast: 45,
        eligible: 45,
        quorumMet: true,
        passed: true,
      },
      at: ago(13),
    },
    {
      type: 'vote.opened',
      vote: {
        id: 'v2',
        itemId: 'a2',
        title: 'Thống nhất lịch tuần tra ban đêm tại các khu phố',
        kind: 'motion',
        options: MOTION,
        correctOptionId: null,
        secret: false,
        scope: 'point',
        majority: 'simple',
        quorum: { kind: 'none' },
        status: 'open',
        openedAt: ago(2),
        closedAt: null,
        publishedAt: null,
        voters: [],
        ballots: null,
        pointCounts: {},
        result: null,
      },
    },
    {
      type: 'vote.counted',
      voteId: 'v2',
      bridgePointId: 'bp_kp2',
      counts: { yes: 7, no: 1, abstain: 1 },
      at: ago(1),
    },
    {
      type: 'chat.posted',
      message: {
        id: 'c1',
        from: kp2,
        to: 'all',
        text: 'Điểm cầu khu phố 2 nghe rõ, hình ảnh tốt.',
        at: ago(20),
      },
    },
    {
      type: 'chat.posted',
      message: {
        id: 'c2',
        from: kp1,
        to: 'chair',
        text: 'Xin phép chủ trì cho khu phố 1 phát biểu sau phần báo cáo <b>an ninh</b>.',
        at: ago(8),
      },
    },
  ];
}

/** The mock meeting's state now. */
export function mockLiveState(): LiveState {
  let s = initialLiveState(CONTEXT);
  let seq = 0;
  for (const e of demoEvents()) s = applyMock(s, e, ++seq);
  return s;
}

const applyMock = (s: LiveState, event: LiveEvent, seq: number): LiveState =>
  applyLiveEvent(s, { seq, event });

let ids = 0;
const newId = (): string => `m${Date.now().toString(36)}${++ids}`;

/** What the stand-in server answers to an action: the events, or an error code. */
export function mockDecide(s: LiveState, a: LiveAction, by: Actor): LiveEvent[] | { error: string } {
  const at = new Date().toISOString();
  switch (a.type) {
    case 'meeting.start':
      return [{ type: 'meeting.started', at }];
    case 'meeting.end':
      return [{ type: 'meeting.ended', at }];
    case 'meeting.lock':
      return [{ type: 'meeting.locked', locked: a.locked, at }];
    case 'agenda.goto':
      return [{ type: 'agenda.current', itemId: a.itemId, at }];
    case 'spotlight.set':
      return [{ type: 'spotlight.changed', actorKey: a.actorKey, at }];
    case 'quorum.set':
      return [{ type: 'quorum.changed', rule: a.rule, at }];
    case 'attendance.report':
      return [
        {
          type: 'attendance.reported',
          bridgePointId: a.bridgePointId,
          headCount: a.headCount,
          presentPersonIds: a.presentPersonIds,
          by,
          at,
        },
      ];
    case 'speak.request':
      return [
        {
          type: 'speak.requested',
          request: {
            id: newId(),
            by,
            onBehalfOf: a.onBehalfOf,
            topic: a.topic,
            itemId: s.currentItemId,
            requestedAt: at,
          },
        },
      ];
    case 'speak.withdraw':
      return [{ type: 'speak.withdrawn', requestId: a.requestId, at }];
    case 'speak.reject':
      return [{ type: 'speak.rejected', requestId: a.requestId, reason: a.reason, at }];
    case 'speak.reorder': {
      const order = s.queue.map((r) => r.id).filter((id) => id !== a.requestId);
      order.splice(a.toIndex, 0, a.requestId);
      return [{ type: 'speak.reordered', order, at }];
    }
    case 'speak.grant': {
      const r = s.queue.find((x) => x.id === a.requestId);
      if (!r) return { error: 'wrong_state' };
      const label = speakerLabel(r.by.bridgePoint, r.onBehalfOf?.name ?? r.by.name);
      return [
        {
          type: 'speak.granted',
          speech: {
            requestId: r.id,
            speakerKey: r.by.key,
            label,
            topic: r.topic,
            itemId: r.itemId,
            startedAt: at,
            endedAt: null,
          },
        },
      ];
    }
    case 'speak.end':
      return s.current ? [{ type: 'speak.ended', at }] : { error: 'wrong_state' };
    case 'vote.open': {
      const options = a.options ? a.options.map((label, i) => ({ id: `o${i + 1}`, label })) : MOTION;
      const correct = a.correctOption ?? null;
      return [
        {
          type: 'vote.opened',
          vote: {
            id: newId(),
            itemId: s.currentItemId,
            title: a.title,
            kind: a.kind,
            options,
            correctOptionId: correct === null ? null : (options[correct]?.id ?? null),
            secret: a.secret,
            scope: a.scope,
            majority: a.majority ?? 'more_than_half_eligible',
            quorum: a.quorum ?? s.quorum,
            status: 'open',
            openedAt: at,
            closedAt: null,
            publishedAt: null,
            voters: [],
            ballots: a.secret || a.scope === 'point' ? null : {},
            pointCounts: a.scope === 'point' ? {} : null,
            result: null,
          },
        },
      ];
    }
    case 'vote.cast':
      return [{ type: 'ballot.cast', voteId: a.voteId, voterKey: by.key, optionId: a.optionId, at }];
    case 'vote.count':
      return [
        { type: 'vote.counted', voteId: a.voteId, bridgePointId: a.bridgePointId, counts: a.counts, at },
      ];
    case 'vote.close':
      return [{ type: 'vote.closed', voteId: a.voteId, at }];
    case 'vote.publish': {
      const v = s.votes.find((x) => x.id === a.voteId);
      if (!v || v.status !== 'closed') return { error: 'wrong_state' };
      return [
        {
          type: 'vote.published',
          voteId: v.id,
          result: computeVoteResult(v, countVisibleBallots(v), eligibleVoters(s, v)),
          at,
        },
      ];
    }
    case 'chat.send':
      return [{ type: 'chat.posted', message: { id: newId(), from: by, to: a.to, text: a.text, at } }];
    case 'hand.raise':
      return [{ type: 'hand.changed', actorKey: by.key, raised: a.raised, at }];
    case 'hand.lower':
      return [{ type: 'hand.changed', actorKey: a.actorKey, raised: false, at }];
    case 'qa.ask':
      return [
        { type: 'qa.asked', question: { id: newId(), by, text: a.text, at, answeredAt: null, answer: null } },
      ];
    case 'qa.answer':
      return [{ type: 'qa.answered', questionId: a.questionId, answer: a.answer, at }];
    case 'mute.all':
    case 'unmute.ask':
    case 'participant.remove':
    case 'reaction.send':
      return [];
    // The labelled mock has no documents to show.
    case 'present.open':
    case 'present.page':
    case 'present.close':
    case 'present.handover':
      return { error: 'not_presentable' };
  }
}
