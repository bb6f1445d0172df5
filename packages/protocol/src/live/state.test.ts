// The shared reducer and the viewer projection: folding is ordered and idempotent per seq, speeches
// are logged, votes follow open → closed → published, and each viewer sees only what they may.
import { describe, expect, it } from 'vitest';
import type { LiveContext, LiveEvent, LiveState, SequencedEvent, Vote } from './schema.js';
import { LiveState as LiveStateSchema } from './schema.js';
import {
  CHAT_KEPT,
  applyLiveEvent,
  foldLiveEvents,
  initialLiveState,
  viewLiveEvent,
  viewLiveState,
} from './state.js';

const CONTEXT: LiveContext = {
  meetingId: 'm1',
  title: 'Sinh hoạt chi bộ khu phố 4',
  meetingType: 'chi_bo',
  training: false,
  invited: [
    {
      personId: 'p1',
      name: 'Lê Văn Hai',
      role: 'chair',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: null,
    },
    {
      personId: 'p2',
      name: 'Võ Thị Ngọc Ẩn',
      role: 'delegate',
      rsvp: 'absent_with_reason',
      reason: 'Ốm',
      bridgePointId: null,
    },
  ],
  points: [{ bridgePointId: 'bp1', name: 'Văn phòng khu phố 4', isHost: true }],
  agenda: [{ id: 'a1', title: 'Nghị quyết', presenter: 'Bí thư', plannedMinutes: 15 }],
};
const at = (s: number): string => new Date(Date.UTC(2026, 10, 26, 1, 0, s)).toISOString();
const actor = (key: string, name: string) => ({ key, name, bridgePointId: null, bridgePoint: null });

function fold(events: LiveEvent[]): LiveState {
  return foldLiveEvents(
    initialLiveState(CONTEXT),
    events.map((event, i) => ({ seq: i + 1, event })),
  );
}

const vote = (over: Partial<Vote> = {}): Vote => ({
  id: 'v1',
  itemId: null,
  title: 'Thông qua nghị quyết',
  kind: 'motion',
  options: [
    { id: 'yes', label: 'Tán thành' },
    { id: 'no', label: 'Không tán thành' },
    { id: 'abstain', label: 'Không biểu quyết' },
  ],
  correctOptionId: null,
  secret: false,
  scope: 'person',
  majority: 'simple',
  quorum: { kind: 'none' },
  status: 'open',
  openedAt: at(0),
  closedAt: null,
  publishedAt: null,
  voters: [],
  ballots: {},
  pointCounts: null,
  result: null,
  ...over,
});

describe('reducer', () => {
  it('starts empty, with a quorum rule when there are invitees; the state validates', () => {
    const s = initialLiveState(CONTEXT);
    expect(s).toMatchObject({ seq: 0, status: 'waiting', quorum: { kind: 'more_than_half' } });
    expect(initialLiveState({ ...CONTEXT, invited: [] }).quorum).toEqual({ kind: 'none' });
    expect(LiveStateSchema.safeParse(s).success).toBe(true);
  });

  it('ignores an event it already has (same or lower seq): a snapshot then a replayed event', () => {
    const s = fold([
      { type: 'meeting.started', at: at(0) },
      { type: 'meeting.locked', locked: true, at: at(1) },
    ]);
    const replay: SequencedEvent = { seq: 2, event: { type: 'meeting.locked', locked: false, at: at(2) } };
    expect(applyLiveEvent(s, replay)).toBe(s);
    expect(applyLiveEvent(s, { ...replay, seq: 3 }).locked).toBe(false);
  });

  it('times agenda items and logs speeches; ending the meeting closes what is open', () => {
    const request = {
      id: 'r1',
      by: actor('point:bp1', 'Văn phòng khu phố 4'),
      onBehalfOf: null,
      topic: '',
      itemId: 'a1',
      requestedAt: at(1),
    };
    const s = fold([
      { type: 'agenda.current', itemId: 'a1', at: at(0) },
      { type: 'speak.requested', request },
      {
        type: 'speak.granted',
        speech: {
          requestId: 'r1',
          speakerKey: 'point:bp1',
          label: 'Văn phòng khu phố 4',
          topic: '',
          itemId: 'a1',
          startedAt: at(5),
          endedAt: null,
        },
      },
      { type: 'vote.opened', vote: vote() },
      { type: 'meeting.ended', at: at(30) },
    ]);
    expect(s.queue).toEqual([]);
    expect(s.current).toBeNull();
    expect(s.speeches).toEqual([
      expect.objectContaining({ requestId: 'r1', startedAt: at(5), endedAt: at(30) }),
    ]);
    expect(s.itemSpentMs).toEqual({ a1: 30_000 });
    expect(s.votes[0]).toMatchObject({ status: 'closed', closedAt: at(30) });
    expect(s.status).toBe('ended');
  });

  it('a ballot counts once per voter and only while the vote is open; a published result never changes', () => {
    const result = {
      counts: { yes: 1, no: 0, abstain: 0 },
      cast: 1,
      eligible: 2,
      quorumMet: true,
      passed: true,
    };
    const s = fold([
      { type: 'vote.opened', vote: vote() },
      { type: 'ballot.cast', voteId: 'v1', voterKey: 'person:p1', optionId: 'yes', at: at(1) },
      { type: 'ballot.cast', voteId: 'v1', voterKey: 'person:p1', optionId: 'no', at: at(2) },
      { type: 'vote.published', voteId: 'v1', result, at: at(3) },
      { type: 'ballot.cast', voteId: 'v1', voterKey: 'person:p2', optionId: 'no', at: at(4) },
      { type: 'vote.published', voteId: 'v1', result: { ...result, passed: false }, at: at(5) },
    ]);
    expect(s.votes[0]).toMatchObject({
      status: 'published',
      voters: ['person:p1'],
      ballots: { 'person:p1': 'yes' },
      closedAt: at(3),
      publishedAt: at(3),
      result,
    });
  });

  it('keeps the last CHAT_KEPT chat messages', () => {
    const events: LiveEvent[] = Array.from({ length: CHAT_KEPT + 3 }, (_, i) => ({
      type: 'chat.posted',
      message: {
        id: `c${i}`,
        from: actor('person:p1', 'Lê Văn Hai'),
        to: 'all',
        text: `tin ${i}`,
        at: at(0),
      },
    }));
    const s = fold(events);
    expect(s.chat).toHaveLength(CHAT_KEPT);
    expect(s.chat[0]?.id).toBe('c3');
  });
});

describe('viewer projection', () => {
  const chair = { key: 'person:p1', moderator: true };
  const delegate = { key: 'person:p2', moderator: false };

  it('hides RSVP reasons and private chat to the chair from others; the sender sees their own', () => {
    const s = fold([
      {
        type: 'chat.posted',
        message: { id: 'c1', from: actor('person:p2', 'Ẩn'), to: 'chair', text: 'riêng', at: at(0) },
      },
      {
        type: 'chat.posted',
        message: { id: 'c2', from: actor('person:p3', 'Khách'), to: 'chair', text: 'riêng 2', at: at(1) },
      },
    ]);
    expect(viewLiveState(s, chair).chat).toHaveLength(2);
    expect(viewLiveState(s, chair).context.invited[1]?.reason).toBe('Ốm');
    expect(viewLiveState(s, delegate).chat.map((m) => m.id)).toEqual(['c1']);
    expect(viewLiveState(s, delegate).context.invited[1]?.reason).toBeNull();
    const e: SequencedEvent = {
      seq: 3,
      event: {
        type: 'chat.posted',
        message: { id: 'c3', from: actor('person:p3', 'Khách'), to: 'chair', text: 'x', at: at(2) },
      },
    };
    expect(viewLiveEvent(e, s, delegate)).toBeNull();
    expect(viewLiveEvent(e, s, chair)).toBe(e);
  });

  it('named ballots: live to moderators only, to everyone once published', () => {
    const s = fold([
      { type: 'vote.opened', vote: vote() },
      { type: 'ballot.cast', voteId: 'v1', voterKey: 'person:p1', optionId: 'no', at: at(1) },
    ]);
    expect(viewLiveState(s, chair).votes[0]?.ballots).toEqual({ 'person:p1': 'no' });
    expect(viewLiveState(s, delegate).votes[0]).toMatchObject({ voters: ['person:p1'], ballots: {} });
    const cast: SequencedEvent = {
      seq: 3,
      event: { type: 'ballot.cast', voteId: 'v1', voterKey: 'person:p2', optionId: 'yes', at: at(2) },
    };
    expect(viewLiveEvent(cast, s, delegate)?.event).not.toHaveProperty('optionId');
    expect(viewLiveEvent(cast, s, chair)?.event).toHaveProperty('optionId', 'yes');
    const published = applyLiveEvent(s, {
      seq: 3,
      event: {
        type: 'vote.published',
        voteId: 'v1',
        result: { counts: { no: 1 }, cast: 1, eligible: 2, quorumMet: true, passed: false },
        at: at(3),
      },
    });
    expect(viewLiveState(published, delegate).votes[0]?.ballots).toEqual({ 'person:p1': 'no' });
  });

  it('a secret vote never shows ballots, not even to moderators', () => {
    const s = fold([{ type: 'vote.opened', vote: vote({ secret: true, ballots: null }) }]);
    const cast: SequencedEvent = {
      seq: 2,
      event: { type: 'ballot.cast', voteId: 'v1', voterKey: 'person:p2', optionId: 'yes', at: at(2) },
    };
    expect(viewLiveEvent(cast, s, chair)?.event).not.toHaveProperty('optionId');
    expect(viewLiveState(s, chair).votes[0]?.ballots).toBeNull();
  });

  it('point counts to moderators until published; a quiz answer is hidden until then', () => {
    const s = fold([
      { type: 'vote.opened', vote: vote({ scope: 'point', ballots: null, pointCounts: {} }) },
      { type: 'vote.counted', voteId: 'v1', bridgePointId: 'bp1', counts: { yes: 4 }, at: at(1) },
    ]);
    expect(viewLiveState(s, chair).votes[0]?.pointCounts).toEqual({ bp1: { yes: 4 } });
    expect(viewLiveState(s, delegate).votes[0]).toMatchObject({ pointCounts: {}, voters: ['point:bp1'] });
    const counted: SequencedEvent = {
      seq: 3,
      event: { type: 'vote.counted', voteId: 'v1', bridgePointId: 'bp1', counts: { yes: 5 }, at: at(2) },
    };
    expect(viewLiveEvent(counted, s, delegate)?.event).not.toHaveProperty('counts');
    const quiz = fold([{ type: 'vote.opened', vote: vote({ kind: 'quiz', correctOptionId: 'no' }) }]);
    expect(viewLiveState(quiz, delegate).votes[0]?.correctOptionId).toBeNull();
    expect(viewLiveState(quiz, chair).votes[0]?.correctOptionId).toBe('no');
    const opened = viewLiveEvent(
      { seq: 1, event: { type: 'vote.opened', vote: vote({ kind: 'quiz', correctOptionId: 'no' }) } },
      initialLiveState(CONTEXT),
      delegate,
    );
    expect(opened?.event).toMatchObject({ vote: { correctOptionId: null } });
  });
});
