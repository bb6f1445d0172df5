// Unit tests of decide (no I/O): every chair action refused to non-moderators, the speaking queue,
// votes (named, secret, per point), tally and quorum rules, roll call, chat rate limit.
import { AppError } from '@diemcau/protocol';
import type { ErrorCode, LiveAction } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { CHAT_LIMIT, decide } from './decide.js';
import { MOTION_LABELS } from './decide-votes.js';
import { ACTORS, CONTEXT, Driver, T0, ctxOf } from './testing.js';
import type { ActorName } from './testing.js';

function codeOf(f: () => unknown): ErrorCode | 'none' {
  try {
    f();
    return 'none';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

const motion = (extra: Partial<Extract<LiveAction, { type: 'vote.open' }>> = {}): LiveAction => ({
  type: 'vote.open',
  title: 'Thông qua nghị quyết tháng 11',
  kind: 'motion',
  secret: false,
  scope: 'person',
  ...extra,
});

/** A driver with one speak request from kp1 on behalf of Ơn. */
function withRequest(): { d: Driver; requestId: string } {
  const d = new Driver();
  d.act('chair', { type: 'agenda.goto', itemId: 'a1' });
  d.act('kp1', {
    type: 'speak.request',
    onBehalfOf: { personId: 'p_on', name: 'Phạm Văn Ơn' },
    topic: 'Ý kiến về an ninh',
  });
  const r = d.state.queue[0];
  if (!r) throw new Error('no request');
  return { d, requestId: r.id };
}

function openVote(extra: Partial<Extract<LiveAction, { type: 'vote.open' }>> = {}): {
  d: Driver;
  voteId: string;
} {
  const d = new Driver();
  d.act('chair', motion(extra));
  const v = d.state.votes[0];
  if (!v) throw new Error('no vote');
  return { d, voteId: v.id };
}

describe('chair actions', () => {
  const chairActions: LiveAction[] = [
    { type: 'meeting.start' },
    { type: 'meeting.end' },
    { type: 'meeting.lock', locked: true },
    { type: 'agenda.goto', itemId: 'a1' },
    { type: 'spotlight.set', actorKey: 'point:bp_kp1' },
    { type: 'quorum.set', rule: { kind: 'two_thirds' } },
    { type: 'mute.all' },
    { type: 'unmute.ask', participantId: 'pp_kp1' },
    { type: 'participant.remove', participantId: 'pp_guest' },
    { type: 'speak.grant', requestId: 'r1' },
    { type: 'speak.reject', requestId: 'r1', reason: '' },
    { type: 'speak.reorder', requestId: 'r1', toIndex: 0 },
    { type: 'vote.open', title: 'Biểu quyết', kind: 'motion', secret: false, scope: 'person' },
    { type: 'vote.close', voteId: 'v1' },
    { type: 'vote.publish', voteId: 'v1' },
    { type: 'hand.lower', actorKey: 'person:p_on' },
    { type: 'qa.answer', questionId: 'q1', answer: 'Trả lời' },
  ];
  const others: ActorName[] = ['on', 'tuyet', 'kp1', 'guest', 'yen'];
  it.each(chairActions.map((a) => [a.type, a] as const))('%s is forbidden to non-moderators', (_t, a) => {
    const d = new Driver();
    for (const who of others)
      expect(
        codeOf(() => decide(d.state, a, ctxOf(who), T0, d.newId)),
        who,
      ).toBe('forbidden');
  });

  it('speak.end is forbidden to someone who neither chairs nor speaks', () => {
    const { d, requestId } = withRequest();
    d.act('chair', { type: 'speak.grant', requestId });
    expect(codeOf(() => d.act('tuyet', { type: 'speak.end' }))).toBe('forbidden');
    expect(d.act('kp1', { type: 'speak.end' }).events.map((e) => e.type)).toEqual(['speak.ended']);
  });

  it('start, goto (auto-start), lock, spotlight, quorum; nothing is allowed after the end', () => {
    const d = new Driver();
    d.act('chair', { type: 'agenda.goto', itemId: 'a1' });
    expect(d.state.status).toBe('in_progress');
    expect(d.state.currentItemId).toBe('a1');
    expect(codeOf(() => d.act('chair', { type: 'meeting.start' }))).toBe('wrong_state');
    expect(codeOf(() => d.act('chair', { type: 'agenda.goto', itemId: 'nope' }))).toBe('not_found');
    d.advance(60_000);
    d.act('secretary', { type: 'agenda.goto', itemId: 'a2' });
    // 60 s plus one second per action since the item started (the driver's clock, refused ones too).
    expect(d.state.itemSpentMs.a1).toBe(63_000);
    d.act('chair', { type: 'meeting.lock', locked: true });
    expect(d.state.locked).toBe(true);
    d.act('chair', { type: 'spotlight.set', actorKey: 'point:bp_kp2' });
    expect(d.state.spotlight).toBe('point:bp_kp2');
    d.act('chair', { type: 'quorum.set', rule: { kind: 'at_least', count: 3 } });
    expect(d.state.quorum).toEqual({ kind: 'at_least', count: 3 });
    const end = d.act('chair', { type: 'meeting.end' });
    expect(end.effects).toEqual([{ kind: 'end_meeting' }]);
    expect(d.state.status).toBe('ended');
    expect(codeOf(() => d.act('on', { type: 'hand.raise', raised: true }))).toBe('wrong_state');
    expect(codeOf(() => d.act('chair', { type: 'meeting.end' }))).toBe('wrong_state');
  });

  it('mute all spares the chair and the current speaker; unmute.ask and remove target one participant', () => {
    const { d, requestId } = withRequest();
    d.act('chair', { type: 'speak.grant', requestId });
    expect(d.act('secretary', { type: 'mute.all' }).effects).toEqual([
      {
        kind: 'moderation',
        to: {
          kind: 'everyone_but',
          participantIds: ['pp_secretary'],
          actorKeys: ['point:bp_kp1'],
          roles: ['chair'],
        },
        moderation: { kind: 'mute', by: ACTORS.secretary.name },
      },
    ]);
    expect(d.act('chair', { type: 'unmute.ask', participantId: 'pp_kp2' }).effects).toEqual([
      {
        kind: 'moderation',
        to: { kind: 'participant', participantId: 'pp_kp2' },
        moderation: { kind: 'unmute_request', by: ACTORS.chair.name },
      },
    ]);
    expect(codeOf(() => d.act('chair', { type: 'unmute.ask', participantId: 'pp_gone' }))).toBe('not_found');
    expect(d.act('chair', { type: 'participant.remove', participantId: 'pp_guest' }).effects).toEqual([
      { kind: 'remove', participantId: 'pp_guest' },
    ]);
    expect(codeOf(() => d.act('chair', { type: 'participant.remove', participantId: 'pp_chair' }))).toBe(
      'validation_failed',
    );
  });
});

describe('speaking queue', () => {
  it('a bridge point asks on behalf of a named person; the chair grants the floor', () => {
    const { d, requestId } = withRequest();
    expect(d.state.queue[0]).toMatchObject({ by: ACTORS.kp1, itemId: 'a1', topic: 'Ý kiến về an ninh' });
    const grant = d.act('chair', { type: 'speak.grant', requestId });
    expect(d.state.queue).toEqual([]);
    expect(d.state.current).toMatchObject({
      requestId,
      speakerKey: 'point:bp_kp1',
      label: 'Văn phòng khu phố 1 – Phạm Văn Ơn',
      itemId: 'a1',
      startedAt: d.now.toISOString(),
      endedAt: null,
    });
    expect(d.state.spotlight).toBe('point:bp_kp1');
    expect(grant.effects).toEqual([
      {
        kind: 'moderation',
        to: { kind: 'actor', actorKey: 'point:bp_kp1' },
        moderation: { kind: 'floor_granted', by: ACTORS.chair.name },
      },
    ]);
    expect(codeOf(() => d.act('chair', { type: 'speak.grant', requestId }))).toBe('not_found');
  });

  it('granting the next speaker mutes the previous one and logs the speech', () => {
    const { d, requestId } = withRequest();
    d.act('tuyet', { type: 'speak.request', onBehalfOf: null, topic: '' });
    const second = d.state.queue[1]?.id ?? '';
    d.act('chair', { type: 'speak.grant', requestId });
    d.advance(90_000);
    const next = d.act('chair', { type: 'speak.grant', requestId: second });
    expect(next.effects[0]).toEqual({
      kind: 'moderation',
      to: { kind: 'actor', actorKey: 'point:bp_kp1' },
      moderation: { kind: 'mute', by: ACTORS.chair.name },
    });
    expect(d.state.current?.label).toBe('Đỗ Thị Ánh Tuyết');
    expect(d.state.speeches).toHaveLength(1);
    const logged = d.state.speeches[0];
    expect(Date.parse(logged?.endedAt ?? '') - Date.parse(logged?.startedAt ?? '')).toBe(91_000);
    d.act('chair', { type: 'speak.end' });
    expect(d.state.current).toBeNull();
    expect(d.state.spotlight).toBeNull();
    expect(codeOf(() => d.act('chair', { type: 'speak.end' }))).toBe('wrong_state');
  });

  it('reorder, reject, withdraw (by the requester only), no duplicates', () => {
    const { d, requestId } = withRequest();
    d.act('tuyet', { type: 'speak.request', onBehalfOf: null, topic: 'Đường sá' });
    d.act('guest', { type: 'speak.request', onBehalfOf: null, topic: '' });
    expect(codeOf(() => d.act('tuyet', { type: 'speak.request', onBehalfOf: null, topic: 'lại' }))).toBe(
      'wrong_state',
    );
    const [a, b, c] = d.state.queue.map((r) => r.id);
    d.act('chair', { type: 'speak.reorder', requestId: c ?? '', toIndex: 0 });
    expect(d.state.queue.map((r) => r.id)).toEqual([c, a, b]);
    d.act('chair', { type: 'speak.reorder', requestId: c ?? '', toIndex: 99 });
    expect(d.state.queue.map((r) => r.id)).toEqual([a, b, c]);
    expect(codeOf(() => d.act('tuyet', { type: 'speak.withdraw', requestId }))).toBe('forbidden');
    expect(codeOf(() => d.act('chair', { type: 'speak.withdraw', requestId }))).toBe('forbidden');
    d.act('kp1', { type: 'speak.withdraw', requestId });
    d.act('secretary', { type: 'speak.reject', requestId: c ?? '', reason: 'Hết giờ' });
    expect(d.state.queue.map((r) => r.id)).toEqual([b]);
    expect(codeOf(() => d.act('kp1', { type: 'speak.withdraw', requestId }))).toBe('not_found');
    expect(codeOf(() => d.act('chair', { type: 'speak.reject', requestId: 'nope', reason: '' }))).toBe(
      'not_found',
    );
  });

  it('hands: raise, lower by the chair, lowering a hand that is down is wrong_state', () => {
    const d = new Driver();
    d.act('on', { type: 'hand.raise', raised: true });
    expect(Object.keys(d.state.hands)).toEqual(['person:p_on']);
    expect(d.act('on', { type: 'hand.raise', raised: true }).events).toEqual([]);
    d.act('chair', { type: 'hand.lower', actorKey: 'person:p_on' });
    expect(d.state.hands).toEqual({});
    expect(codeOf(() => d.act('chair', { type: 'hand.lower', actorKey: 'person:p_on' }))).toBe('wrong_state');
  });
});

describe('votes', () => {
  it('open a motion with the standard options, cast once, close, publish', () => {
    const { d, voteId } = openVote({ majority: 'simple' });
    const vote = d.state.votes[0];
    expect(vote?.options).toEqual([
      { id: 'yes', label: MOTION_LABELS.yes },
      { id: 'no', label: 'Không tán thành' },
      { id: 'abstain', label: 'Không biểu quyết' },
    ]);
    expect(vote?.ballots).toEqual({});
    d.act('on', { type: 'vote.cast', voteId, optionId: 'yes' });
    expect(codeOf(() => d.act('on', { type: 'vote.cast', voteId, optionId: 'no' }))).toBe('wrong_state');
    d.act('chair', { type: 'vote.cast', voteId, optionId: 'yes' });
    d.act('tuyet', { type: 'vote.cast', voteId, optionId: 'no' });
    expect(codeOf(() => d.act('secretary', { type: 'vote.cast', voteId, optionId: 'maybe' }))).toBe(
      'validation_failed',
    );
    expect(d.state.votes[0]?.ballots).toEqual({
      'person:p_on': 'yes',
      'person:p_chair': 'yes',
      'person:p_tuyet': 'no',
    });
    d.act('chair', { type: 'vote.close', voteId });
    expect(codeOf(() => d.act('secretary', { type: 'vote.cast', voteId, optionId: 'yes' }))).toBe(
      'wrong_state',
    );
    expect(codeOf(() => d.act('chair', { type: 'vote.close', voteId }))).toBe('wrong_state');
    d.act('chair', { type: 'vote.publish', voteId });
    // 5 voting members invited (the trainee is not one); quorum: more than half of 5 = 3 cast.
    expect(d.state.votes[0]?.result).toEqual({
      counts: { yes: 2, no: 1, abstain: 0 },
      cast: 3,
      eligible: 5,
      quorumMet: true,
      passed: true,
    });
    const published = d.state.votes[0]?.result;
    expect(codeOf(() => d.act('chair', { type: 'vote.publish', voteId }))).toBe('wrong_state');
    expect(d.state.votes[0]?.result).toBe(published);
  });

  it('who may cast: persons invited as voting members; not points, guests, trainees (on a motion)', () => {
    const { d, voteId } = openVote();
    for (const who of ['kp1', 'guest', 'yen'] as const)
      expect(
        codeOf(() => d.act(who, { type: 'vote.cast', voteId, optionId: 'yes' })),
        who,
      ).toBe('forbidden');
    const outsider = { key: 'person:p_x', name: 'Người ngoài', bridgePointId: null, bridgePoint: null };
    expect(
      codeOf(() => d.act('on', { type: 'vote.cast', voteId, optionId: 'yes' }, { actor: outsider })),
    ).toBe('forbidden');
    expect(codeOf(() => d.act('on', { type: 'vote.cast', voteId: 'v404', optionId: 'yes' }))).toBe(
      'not_found',
    );
  });

  it('one open vote at a time; a quiz needs its answer; a point-scope vote cannot be secret', () => {
    const { d } = openVote();
    expect(codeOf(() => d.act('chair', motion()))).toBe('wrong_state');
    const e = new Driver();
    expect(codeOf(() => e.act('chair', motion({ scope: 'point', secret: true })))).toBe('validation_failed');
    expect(codeOf(() => e.act('chair', motion({ kind: 'poll' })))).toBe('validation_failed');
    expect(codeOf(() => e.act('chair', motion({ kind: 'quiz', options: ['A', 'B'] })))).toBe(
      'validation_failed',
    );
    e.act('chair', motion({ kind: 'quiz', options: ['Hà Nội', 'Huế'], correctOption: 0 }));
    expect(e.state.votes[0]).toMatchObject({ correctOptionId: 'o1', options: [{ id: 'o1' }, { id: 'o2' }] });
  });

  it('a quiz is open to trainees', () => {
    const d = new Driver();
    d.act('chair', motion({ kind: 'quiz', options: ['Đúng', 'Sai'], correctOption: 1 }));
    const voteId = d.state.votes[0]?.id ?? '';
    d.act('yen', { type: 'vote.cast', voteId, optionId: 'o2' });
    expect(d.state.votes[0]?.voters).toEqual(['person:p_yen']);
  });

  it('a secret ballot: the event names the voter but not the option; the option goes to the counter', () => {
    const { d, voteId } = openVote({ secret: true });
    expect(d.state.votes[0]?.ballots).toBeNull();
    const cast = d.act('on', { type: 'vote.cast', voteId, optionId: 'no' });
    expect(cast.events).toEqual([
      { type: 'ballot.cast', voteId, voterKey: 'person:p_on', at: d.now.toISOString() },
    ]);
    expect(JSON.stringify(cast.events)).not.toContain('"no"');
    expect(cast.effects).toEqual([{ kind: 'secret_ballot', voteId, optionId: 'no' }]);
    expect(d.state.votes[0]?.voters).toEqual(['person:p_on']);
    expect(codeOf(() => d.act('on', { type: 'vote.cast', voteId, optionId: 'yes' }))).toBe('wrong_state');
    d.act('chair', { type: 'vote.close', voteId });
    // The session loads the counters for publication; they must agree with the voters.
    expect(codeOf(() => d.act('chair', { type: 'vote.publish', voteId }))).toBe('internal');
    expect(
      codeOf(() => d.act('chair', { type: 'vote.publish', voteId }, { secretTallies: { yes: 1, no: 1 } })),
    ).toBe('internal');
    d.act('chair', { type: 'vote.publish', voteId }, { secretTallies: { yes: 0, no: 1, abstain: 0 } });
    expect(d.state.votes[0]?.result).toMatchObject({
      counts: { yes: 0, no: 1, abstain: 0 },
      cast: 1,
      passed: false,
    });
  });

  it('point scope: counts only by that point or a moderator, summed at publication', () => {
    const { d, voteId } = openVote({
      scope: 'point',
      majority: 'more_than_half_eligible',
      quorum: { kind: 'none' },
    });
    d.act('kp1', { type: 'attendance.report', bridgePointId: 'bp_kp1', headCount: 12, presentPersonIds: [] });
    d.act('kp2', { type: 'attendance.report', bridgePointId: 'bp_kp2', headCount: 8, presentPersonIds: [] });
    const count = (who: ActorName, bp: string, counts: Record<string, number>): LiveAction => ({
      type: 'vote.count',
      voteId,
      bridgePointId: bp,
      counts,
    });
    expect(codeOf(() => d.act('kp2', count('kp2', 'bp_kp1', { yes: 1 })))).toBe('forbidden');
    expect(codeOf(() => d.act('on', count('on', 'bp_kp1', { yes: 1 })))).toBe('forbidden');
    expect(codeOf(() => d.act('on', { type: 'vote.cast', voteId, optionId: 'yes' }))).toBe('wrong_state');
    expect(codeOf(() => d.act('kp1', count('kp1', 'bp_kp1', { maybe: 1 })))).toBe('validation_failed');
    d.act('kp1', count('kp1', 'bp_kp1', { yes: 5, no: 7 }));
    d.act('kp1', count('kp1', 'bp_kp1', { yes: 9, no: 3 })); // corrected
    d.act('secretary', count('secretary', 'bp_kp2', { yes: 2, no: 5, abstain: 1 }));
    d.act('chair', { type: 'vote.publish', voteId });
    expect(d.state.votes[0]?.voters).toEqual(['point:bp_kp1', 'point:bp_kp2']);
    // 20 heads counted in the rooms; 11 "yes" is more than half of 20.
    expect(d.state.votes[0]?.result).toEqual({
      counts: { yes: 11, no: 8, abstain: 1 },
      cast: 20,
      eligible: 20,
      quorumMet: true,
      passed: true,
    });
    expect(codeOf(() => d.act('kp1', count('kp1', 'bp_kp1', { yes: 1 })))).toBe('wrong_state');
  });
});

describe('tally and quorum rules (as decide applies them)', () => {
  /** Publishes a secret motion with these counts among the 5 voting members. */
  function result(
    majority: 'simple' | 'more_than_half_eligible' | 'two_thirds_eligible',
    counts: { yes: number; no: number; abstain: number },
    quorum: Extract<LiveAction, { type: 'quorum.set' }>['rule'] = { kind: 'more_than_half' },
  ) {
    const { d, voteId } = openVote({ secret: true, majority, quorum });
    const voters: ActorName[] = ['chair', 'on', 'tuyet', 'secretary'];
    const n = counts.yes + counts.no + counts.abstain;
    for (const who of voters.slice(0, n)) d.act(who, { type: 'vote.cast', voteId, optionId: 'yes' });
    d.act('chair', { type: 'vote.publish', voteId }, { secretTallies: counts });
    return d.state.votes[0]?.result;
  }
  it('simple: more yes than no among those who voted', () => {
    expect(result('simple', { yes: 2, no: 1, abstain: 0 })?.passed).toBe(true);
    expect(result('simple', { yes: 1, no: 1, abstain: 1 })?.passed).toBe(false);
  });
  it('more than half of the eligible (5): 3 yes pass, 2 yes do not even with no "no"', () => {
    expect(result('more_than_half_eligible', { yes: 3, no: 0, abstain: 0 })?.passed).toBe(true);
    expect(result('more_than_half_eligible', { yes: 2, no: 0, abstain: 1 })?.passed).toBe(false);
  });
  it('two thirds of the eligible (5): 4 yes pass, 3 do not', () => {
    expect(result('two_thirds_eligible', { yes: 4, no: 0, abstain: 0 })?.passed).toBe(true);
    expect(result('two_thirds_eligible', { yes: 3, no: 1, abstain: 0 })?.passed).toBe(false);
  });
  it('quorum: too few ballots fail the motion whatever the majority', () => {
    const r = result('simple', { yes: 2, no: 0, abstain: 0 });
    expect(r).toMatchObject({ cast: 2, eligible: 5, quorumMet: false, passed: false });
    expect(result('simple', { yes: 2, no: 0, abstain: 0 }, { kind: 'at_least', count: 2 })?.passed).toBe(
      true,
    );
    expect(result('simple', { yes: 3, no: 1, abstain: 0 }, { kind: 'two_thirds' })?.quorumMet).toBe(true);
    expect(result('simple', { yes: 2, no: 1, abstain: 0 }, { kind: 'two_thirds' })?.quorumMet).toBe(false);
  });
});

describe('roll call', () => {
  it('a point reports its head count and ticks invitees; others may not report for it', () => {
    const d = new Driver();
    const report = (bp: string, headCount: number, ids: string[]): LiveAction => ({
      type: 'attendance.report',
      bridgePointId: bp,
      headCount,
      presentPersonIds: ids,
    });
    expect(codeOf(() => d.act('kp2', report('bp_kp1', 3, [])))).toBe('forbidden');
    expect(codeOf(() => d.act('on', report('bp_kp1', 3, [])))).toBe('forbidden');
    expect(codeOf(() => d.act('kp1', report('bp_kp1', 3, ['p_nobody'])))).toBe('validation_failed');
    expect(codeOf(() => d.act('kp1', report('bp_kp1', 0, ['p_on'])))).toBe('validation_failed');
    expect(codeOf(() => d.act('chair', report('bp_nope', 1, [])))).toBe('not_found');
    d.act('kp1', report('bp_kp1', 14, ['p_on', 'p_on']));
    expect(d.state.points.bp_kp1).toMatchObject({ headCount: 14, presentPersonIds: ['p_on'] });
    d.act('secretary', report('bp_kp2', 6, ['p_tuyet']));
    expect(d.state.points.bp_kp2?.headCount).toBe(6);
  });
});

describe('chat, reactions, Q&A', () => {
  it(`chat: ${CHAT_LIMIT.messages} messages per ${CHAT_LIMIT.windowMs / 1000} s per actor, then rate_limited`, () => {
    const d = new Driver();
    for (let i = 0; i < CHAT_LIMIT.messages; i++)
      d.act('on', { type: 'chat.send', to: 'all', text: `Ý kiến ${i}` });
    expect(codeOf(() => d.act('on', { type: 'chat.send', to: 'all', text: 'thêm' }))).toBe('rate_limited');
    d.act('tuyet', { type: 'chat.send', to: 'chair', text: '<b>chào</b>' });
    expect(d.state.chat.at(-1)?.text).toBe('<b>chào</b>');
    d.advance(CHAT_LIMIT.windowMs);
    d.act('on', { type: 'chat.send', to: 'all', text: 'lại được' });
    expect(d.state.chat).toHaveLength(CHAT_LIMIT.messages + 2);
  });

  it('reactions are effects only; Q&A answered by the presenter or a moderator', () => {
    const d = new Driver();
    expect(d.act('guest', { type: 'reaction.send', reaction: 'clap' })).toEqual({
      events: [],
      effects: [{ kind: 'reaction', from: ACTORS.guest, reaction: 'clap' }],
    });
    d.act('yen', { type: 'qa.ask', text: 'Khi nào nộp bài?' });
    const q = d.state.questions[0]?.id ?? '';
    expect(codeOf(() => d.act('on', { type: 'qa.answer', questionId: q, answer: 'Mai' }))).toBe('forbidden');
    d.act('on', { type: 'qa.answer', questionId: q, answer: 'Thứ sáu' }, { role: 'presenter' });
    expect(d.state.questions[0]).toMatchObject({ answer: 'Thứ sáu', answeredAt: d.now.toISOString() });
    expect(codeOf(() => d.act('chair', { type: 'qa.answer', questionId: 'q404', answer: '' }))).toBe(
      'not_found',
    );
  });

  it('the context is not changed by decide', () => {
    const d = new Driver();
    d.act('chair', { type: 'meeting.start' });
    expect(d.state.context).toBe(CONTEXT);
  });
});
