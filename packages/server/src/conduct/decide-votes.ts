// Votes (biểu quyết), polls and quizzes: open, cast, count (show of hands per bridge point),
// close, publish. Pure; see decide.ts. A secret ballot's event names the voter but not the option:
// the option only travels in a `secret_ballot` effect that the store turns into a counter increment.
import {
  AppError,
  MOTION_OPTION_IDS,
  VOTING_ROLES,
  computeVoteResult,
  countVisibleBallots,
  eligibleVoters,
} from '@diemcau/protocol';
import type { LiveAction, LiveEvent, LiveState, Vote, VoteOption } from '@diemcau/protocol';
import type { DecideContext, Decision, NewId } from './decision.js';
import { requireModerator, wrongState } from './decision.js';

/** Labels of a motion's standard options: tán thành / không tán thành / không biểu quyết. */
export const MOTION_LABELS: Record<(typeof MOTION_OPTION_IDS)[number], string> = {
  yes: 'Tán thành',
  no: 'Không tán thành',
  abstain: 'Không biểu quyết',
};

type VoteAction = Extract<
  LiveAction,
  { type: 'vote.open' | 'vote.cast' | 'vote.count' | 'vote.close' | 'vote.publish' }
>;

export function decideVote(
  state: LiveState,
  action: VoteAction,
  ctx: DecideContext,
  at: string,
  newId: NewId,
): Decision {
  switch (action.type) {
    case 'vote.open':
      requireModerator(ctx, 'open a vote');
      return { events: [{ type: 'vote.opened', vote: openVote(state, action, at, newId) }], effects: [] };
    case 'vote.cast':
      return cast(state, action, ctx, at);
    case 'vote.count':
      return count(state, action, ctx, at);
    case 'vote.close': {
      requireModerator(ctx, 'close a vote');
      const vote = voteOf(state, action.voteId);
      if (vote.status !== 'open') throw wrongState('the vote is not open');
      return { events: [{ type: 'vote.closed', voteId: vote.id, at }], effects: [] };
    }
    case 'vote.publish':
      requireModerator(ctx, 'publish a result');
      return publish(state, voteOf(state, action.voteId), ctx, at);
  }
}

function voteOf(state: LiveState, voteId: string): Vote {
  const v = state.votes.find((x) => x.id === voteId);
  if (!v) throw AppError.notFound('vote', 'voteId');
  return v;
}

function optionsOf(action: Extract<LiveAction, { type: 'vote.open' }>): VoteOption[] {
  if (action.kind === 'motion') {
    // A motion keeps the ids yes/no/abstain (the majority rules count "yes" and "no"); custom
    // labels may rename them, in that order.
    const labels = action.options;
    if (labels && labels.length > MOTION_OPTION_IDS.length)
      throw AppError.validation('a motion has at most three options', 'options');
    return MOTION_OPTION_IDS.slice(0, labels?.length ?? 3).map((id, i) => ({
      id,
      label: labels?.[i] ?? MOTION_LABELS[id],
    }));
  }
  if (!action.options) throw AppError.validation('a poll or a quiz needs its options', 'options');
  return action.options.map((label, i) => ({ id: `o${i + 1}`, label }));
}

function openVote(
  state: LiveState,
  action: Extract<LiveAction, { type: 'vote.open' }>,
  at: string,
  newId: NewId,
): Vote {
  // NOTE: one open vote at a time, so that nobody casts a ballot on the wrong motion.
  if (state.votes.some((v) => v.status === 'open')) throw wrongState('close the open vote first');
  if (action.secret && action.scope === 'point')
    throw AppError.validation('a show of hands per bridge point cannot be secret', 'secret');
  const options = optionsOf(action);
  let correctOptionId: string | null = null;
  if (action.kind === 'quiz') {
    const i = action.correctOption;
    if (i === null || i === undefined || i >= options.length)
      throw AppError.validation('a quiz needs its right answer', 'correctOption');
    correctOptionId = options[i]?.id ?? null;
  } else if (action.correctOption !== undefined && action.correctOption !== null) {
    throw AppError.validation('only a quiz has a right answer', 'correctOption');
  }
  const named = !action.secret && action.scope === 'person';
  return {
    id: newId('v'),
    itemId: state.currentItemId,
    title: action.title,
    kind: action.kind,
    options,
    correctOptionId,
    secret: action.secret,
    scope: action.scope,
    majority: action.majority ?? 'simple',
    quorum: action.quorum ?? state.quorum,
    status: 'open',
    openedAt: at,
    closedAt: null,
    publishedAt: null,
    voters: [],
    ballots: named ? {} : null,
    pointCounts: action.scope === 'point' ? {} : null,
    result: null,
  };
}

/**
 * Who may cast a ballot: a person (own device) or an account, never a bridge-point device (its
 * room votes by show of hands) nor a guest. With an invited list, a motion is for the invited
 * voting members; polls and quizzes are for every invitee (trainees answer quizzes).
 */
function mayCast(state: LiveState, vote: Vote, ctx: DecideContext): boolean {
  const key = ctx.actor.key;
  if (!key.startsWith('person:') && !key.startsWith('user:')) return false;
  if (state.context.invited.length === 0) return true;
  const invitee = state.context.invited.find((p) => `person:${p.personId}` === key);
  if (!invitee) return false;
  return vote.kind !== 'motion' || VOTING_ROLES.has(invitee.role);
}

function cast(
  state: LiveState,
  action: Extract<LiveAction, { type: 'vote.cast' }>,
  ctx: DecideContext,
  at: string,
): Decision {
  const vote = voteOf(state, action.voteId);
  if (vote.status !== 'open') throw wrongState('the vote is not open');
  if (vote.scope !== 'person') throw wrongState('this vote is counted per bridge point');
  if (!mayCast(state, vote, ctx)) throw AppError.forbidden('you may not vote on this');
  if (vote.voters.includes(ctx.actor.key)) throw wrongState('you have already voted');
  if (!vote.options.some((o) => o.id === action.optionId))
    throw AppError.validation('no such option', 'optionId');
  const base = { type: 'ballot.cast', voteId: vote.id, voterKey: ctx.actor.key, at } as const;
  if (vote.secret)
    return {
      events: [base],
      effects: [{ kind: 'secret_ballot', voteId: vote.id, optionId: action.optionId }],
    };
  return { events: [{ ...base, optionId: action.optionId }], effects: [] };
}

/** A bridge point's operator types the show-of-hands counts of the room (again to correct them). */
function count(
  state: LiveState,
  action: Extract<LiveAction, { type: 'vote.count' }>,
  ctx: DecideContext,
  at: string,
): Decision {
  const vote = voteOf(state, action.voteId);
  if (!ctx.moderator && ctx.actor.key !== `point:${action.bridgePointId}`)
    throw AppError.forbidden('only that bridge point, the chair or the secretary may send its counts');
  if (vote.status !== 'open') throw wrongState('the vote is not open');
  if (vote.scope !== 'point') throw wrongState('this vote is cast per person');
  if (!state.context.points.some((p) => p.bridgePointId === action.bridgePointId))
    throw AppError.notFound('bridge point', 'bridgePointId');
  const counts: Record<string, number> = {};
  for (const [optionId, n] of Object.entries(action.counts)) {
    if (!vote.options.some((o) => o.id === optionId))
      throw AppError.validation('no such option', `counts.${optionId}`);
    counts[optionId] = n;
  }
  const event: LiveEvent = {
    type: 'vote.counted',
    voteId: vote.id,
    bridgePointId: action.bridgePointId,
    counts,
    at,
  };
  return { events: [event], effects: [] };
}

/** Publishing closes the vote if it is still open; a published result never changes. */
function publish(state: LiveState, vote: Vote, ctx: DecideContext, at: string): Decision {
  if (vote.status === 'published') throw wrongState('the result is already published');
  let counts: Record<string, number>;
  if (vote.secret) {
    if (!ctx.secretTallies) throw AppError.internal(new Error('secret tallies were not loaded'));
    counts = { ...ctx.secretTallies };
    // The counters and the list of voters are written in the same transactions: they must agree.
    const sum = Object.values(counts).reduce((a, b) => a + b, 0);
    if (sum !== vote.voters.length)
      throw AppError.internal(new Error(`secret tally ${sum} ≠ ${vote.voters.length} voters`));
  } else {
    counts = countVisibleBallots(vote);
  }
  const result = computeVoteResult(vote, counts, eligibleVoters(state, vote));
  const events: LiveEvent[] = [];
  if (vote.status === 'open') events.push({ type: 'vote.closed', voteId: vote.id, at });
  events.push({ type: 'vote.published', voteId: vote.id, result, at });
  return { events, effects: [] };
}
