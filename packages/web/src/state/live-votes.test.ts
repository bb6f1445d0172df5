// Votes as the screens see them: who may cast or count, progress, chart rows, and the chair's form.
import { initialLiveState, type LiveContext, type LiveState, type Vote } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import {
  canCast,
  canCount,
  currentVote,
  emptyVoteForm,
  hasLiveCounts,
  parseCount,
  resultRows,
  voteOpenAction,
  voteProgress,
} from './live-votes';

const at = '2025-11-26T07:00:00.000Z';
const CONTEXT: LiveContext = {
  meetingId: 'm1',
  title: 'Họp chi bộ',
  meetingType: 'chi_bo',
  training: false,
  invited: ['a', 'b', 'c', 'd'].map((id) => ({
    personId: id,
    name: `Đảng viên ${id}`,
    role: 'delegate' as const,
    rsvp: 'accepted' as const,
    reason: null,
    bridgePointId: null,
  })),
  points: [
    { bridgePointId: 'kp1', name: 'Văn phòng khu phố 1', isHost: false },
    { bridgePointId: 'kp2', name: 'Văn phòng khu phố 2', isHost: false },
    { bridgePointId: 'kp3', name: 'Văn phòng khu phố 3', isHost: false },
  ],
  agenda: [],
};

const MOTION = [
  { id: 'yes', label: 'Tán thành' },
  { id: 'no', label: 'Không tán thành' },
  { id: 'abstain', label: 'Không biểu quyết' },
];

const vote = (extra: Partial<Vote> = {}): Vote => ({
  id: 'v1',
  itemId: null,
  title: 'Thông qua nghị quyết',
  kind: 'motion',
  options: MOTION,
  correctOptionId: null,
  secret: false,
  scope: 'person',
  majority: 'more_than_half_eligible',
  quorum: { kind: 'more_than_half' },
  status: 'open',
  openedAt: at,
  closedAt: null,
  publishedAt: null,
  voters: [],
  ballots: {},
  pointCounts: null,
  result: null,
  ...extra,
});

const state = (votes: Vote[] = []): LiveState => ({ ...initialLiveState(CONTEXT), votes });

describe('who may vote or count', () => {
  it('lets a person or an account cast once in an open person-scope vote', () => {
    expect(canCast(vote(), 'person:a')).toBe(true);
    expect(canCast(vote(), 'user:u1')).toBe(true);
    expect(canCast(vote({ voters: ['person:a'] }), 'person:a')).toBe(false);
    expect(canCast(vote({ status: 'closed' }), 'person:a')).toBe(false);
    expect(canCast(vote(), 'point:kp1')).toBe(false);
    expect(canCast(vote(), 'guest:g1')).toBe(false);
    expect(canCast(vote({ scope: 'point' }), 'person:a')).toBe(false);
    expect(canCast(vote(), undefined)).toBe(false);
  });

  it('lets a bridge point type counts in an open point-scope vote (and correct them)', () => {
    const pv = vote({ scope: 'point', ballots: null, pointCounts: {} });
    expect(canCount(pv, 'point:kp1')).toBe(true);
    expect(canCount({ ...pv, voters: ['point:kp1'] }, 'point:kp1')).toBe(true);
    expect(canCount({ ...pv, status: 'closed' }, 'point:kp1')).toBe(false);
    expect(canCount(pv, 'person:a')).toBe(false);
    expect(canCount(vote(), 'point:kp1')).toBe(false);
  });
});

describe('progress and results', () => {
  it('counts ballots against the invited voting members, or points against the invited points', () => {
    expect(voteProgress(state(), vote({ voters: ['person:a', 'person:b'] }))).toEqual({
      voted: 2,
      expected: 4,
    });
    const pv = vote({ scope: 'point', voters: ['point:kp1'] });
    expect(voteProgress(state(), pv)).toEqual({ voted: 1, expected: 3 });
  });

  it('charts the published result with shares, marking a quiz’s right answer', () => {
    const published = vote({
      status: 'published',
      result: { counts: { yes: 6, no: 2, abstain: 0 }, cast: 8, eligible: 9, quorumMet: true, passed: true },
    });
    expect(resultRows(published)).toEqual([
      { optionId: 'yes', label: 'Tán thành', count: 6, percent: 75, correct: false },
      { optionId: 'no', label: 'Không tán thành', count: 2, percent: 25, correct: false },
      { optionId: 'abstain', label: 'Không biểu quyết', count: 0, percent: 0, correct: false },
    ]);
    const quiz = vote({
      kind: 'quiz',
      options: [
        { id: 'o1', label: 'A' },
        { id: 'o2', label: 'B' },
      ],
      correctOptionId: 'o2',
      status: 'published',
      result: { counts: { o1: 0, o2: 0 }, cast: 0, eligible: 0, quorumMet: true, passed: null },
    });
    expect(resultRows(quiz)?.map((r) => [r.correct, r.percent])).toEqual([
      [false, 0],
      [true, 0],
    ]);
  });

  it('sums point counts before publication (moderators), and shows nothing of a secret ballot', () => {
    const pv = vote({
      scope: 'point',
      ballots: null,
      pointCounts: { kp1: { yes: 12, no: 1, abstain: 0 }, kp2: { yes: 7, no: 2, abstain: 1 } },
    });
    expect(resultRows(pv)?.map((r) => r.count)).toEqual([19, 3, 1]);
    expect(hasLiveCounts(pv)).toBe(true);
    expect(hasLiveCounts(vote())).toBe(false);
    const secret = vote({ secret: true, ballots: null, voters: ['person:a'] });
    expect(resultRows(secret)).toBeNull();
    expect(hasLiveCounts(secret)).toBe(false);
  });

  it('picks the open vote, else the latest', () => {
    expect(currentVote(state())).toBeNull();
    const old = vote({ id: 'v0', status: 'published' });
    expect(currentVote(state([vote(), old]))?.id).toBe('v1');
    expect(currentVote(state([vote({ status: 'closed' }), old]))?.id).toBe('v0');
  });
});

describe('the chair’s form', () => {
  it('opens a motion with the standard options and the chosen majority', () => {
    const r = voteOpenAction({ ...emptyVoteForm(), title: '  Thông qua kế hoạch  ', scope: 'point' });
    expect(r).toEqual({
      ok: true,
      action: {
        type: 'vote.open',
        title: 'Thông qua kế hoạch',
        kind: 'motion',
        secret: false,
        scope: 'point',
        majority: 'more_than_half_eligible',
      },
    });
  });

  it('needs a title, two to ten options for a poll, and a right answer for a quiz', () => {
    expect(voteOpenAction(emptyVoteForm())).toEqual({ ok: false, field: 'title' });
    const poll = { ...emptyVoteForm(), title: 'Chọn ngày', kind: 'poll' as const, options: ['Thứ bảy', ' '] };
    expect(voteOpenAction(poll)).toEqual({ ok: false, field: 'options' });
    expect(voteOpenAction({ ...poll, options: ['Thứ bảy', '', 'Chủ nhật'] })).toMatchObject({
      ok: true,
      action: { options: ['Thứ bảy', 'Chủ nhật'] },
    });
    const quiz = { ...poll, kind: 'quiz' as const, options: ['', 'Đúng', 'Sai'], correct: null };
    expect(voteOpenAction(quiz)).toEqual({ ok: false, field: 'correct' });
    // The right answer's index follows the blank lines that were dropped.
    expect(voteOpenAction({ ...quiz, correct: 2 })).toMatchObject({ ok: true, action: { correctOption: 1 } });
  });

  it('reads show-of-hands counts as whole numbers up to 10 000', () => {
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('0')).toBe(0);
    expect(parseCount('')).toBeNull();
    expect(parseCount('-1')).toBeNull();
    expect(parseCount('2.5')).toBeNull();
    expect(parseCount('10001')).toBeNull();
  });
});
