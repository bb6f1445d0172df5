// The rules of conducting a live meeting as one pure function: `decide(state, action, ctx, now,
// newId)` checks who acts and whether the state allows it, and returns the events to store and the
// effects to carry out (or throws an AppError). No I/O: the session persists and broadcasts.
import { AppError } from '@diemcau/protocol';
import type { LiveAction, LiveEvent, LiveState } from '@diemcau/protocol';
import { decideFloor } from './decide-floor.js';
import { decideVote } from './decide-votes.js';
import { decidePresent } from '../presentation/decide-present.js';
import { CHAT_LIMIT, requireModerator, wrongState } from './decision.js';
import type { DecideContext, Decision, Effect, NewId, PresentParticipant } from './decision.js';

export type {
  DecideContext,
  Decision,
  Effect,
  ModerationTarget,
  NewId,
  PresentParticipant,
} from './decision.js';
export { CHAT_LIMIT } from './decision.js';

const ok = (events: LiveEvent[], effects: Effect[] = []): Decision => ({ events, effects });

/**
 * Decides one action. Throws AppError: forbidden (wrong role), wrong_state (not now),
 * validation_failed (bad input), not_found (no such item, request, vote, participant),
 * rate_limited (chat).
 */
export function decide(
  state: LiveState,
  action: LiveAction,
  ctx: DecideContext,
  now: Date,
  newId: NewId,
): Decision {
  if (state.status === 'ended') throw wrongState('the meeting has ended');
  const at = now.toISOString();
  switch (action.type) {
    case 'speak.request':
    case 'speak.withdraw':
    case 'speak.grant':
    case 'speak.reject':
    case 'speak.reorder':
    case 'speak.end':
    case 'hand.raise':
    case 'hand.lower':
      return decideFloor(state, action, ctx, at, newId);
    case 'vote.open':
    case 'vote.cast':
    case 'vote.count':
    case 'vote.close':
    case 'vote.publish':
      return decideVote(state, action, ctx, at, newId);
    case 'present.open':
    case 'present.page':
    case 'present.close':
    case 'present.handover':
      return decidePresent(state, action, ctx, at);
    case 'attendance.report':
      return reportAttendance(state, action, ctx, at);
    case 'chat.send':
      return sendChat(state, action, ctx, now, newId);
    case 'reaction.send':
      return ok([], [{ kind: 'reaction', from: ctx.actor, reaction: action.reaction }]);
    case 'qa.ask':
      return ok([
        {
          type: 'qa.asked',
          question: { id: newId('q'), by: ctx.actor, text: action.text, at, answeredAt: null, answer: null },
        },
      ]);
    case 'qa.answer': {
      if (!ctx.moderator && ctx.role !== 'presenter')
        throw AppError.forbidden('only the presenter, the chair or the secretary may answer');
      if (!state.questions.some((q) => q.id === action.questionId))
        throw AppError.notFound('question', 'questionId');
      return ok([{ type: 'qa.answered', questionId: action.questionId, answer: action.answer, at }]);
    }
    default:
      return decideChair(state, action, ctx, at);
  }
}

type ChairAction = Extract<
  LiveAction,
  {
    type:
      | 'meeting.start'
      | 'meeting.end'
      | 'meeting.lock'
      | 'agenda.goto'
      | 'spotlight.set'
      | 'quorum.set'
      | 'mute.all'
      | 'unmute.ask'
      | 'participant.remove';
  }
>;

/** The chair console's meeting-wide actions: moderators only. */
function decideChair(state: LiveState, action: ChairAction, ctx: DecideContext, at: string): Decision {
  requireModerator(ctx, action.type);
  const by = ctx.actor.name;
  switch (action.type) {
    case 'meeting.start':
      if (state.status !== 'waiting') throw wrongState('the meeting has already started');
      return ok([{ type: 'meeting.started', at }]);
    case 'meeting.end':
      return ok([{ type: 'meeting.ended', at }], [{ kind: 'end_meeting' }]);
    case 'meeting.lock':
      return ok([{ type: 'meeting.locked', locked: action.locked, at }]);
    case 'agenda.goto': {
      if (action.itemId !== null && !state.context.agenda.some((i) => i.id === action.itemId))
        throw AppError.notFound('agenda item', 'itemId');
      // NOTE: starting an item starts the meeting: the chair's first click is usually "item 1".
      const start: LiveEvent[] = state.status === 'waiting' ? [{ type: 'meeting.started', at }] : [];
      return ok([...start, { type: 'agenda.current', itemId: action.itemId, at }]);
    }
    case 'spotlight.set':
      return ok([{ type: 'spotlight.changed', actorKey: action.actorKey, at }]);
    case 'quorum.set':
      return ok([{ type: 'quorum.changed', rule: action.rule, at }]);
    case 'mute.all': {
      const speaker = state.current?.speakerKey;
      return ok(
        [],
        [
          {
            kind: 'moderation',
            to: {
              kind: 'everyone_but',
              participantIds: [ctx.participantId],
              actorKeys: speaker ? [speaker] : [],
              roles: ['chair'],
            },
            moderation: { kind: 'mute', by },
          },
        ],
      );
    }
    case 'unmute.ask':
      present(ctx, action.participantId);
      return ok(
        [],
        [
          {
            kind: 'moderation',
            to: { kind: 'participant', participantId: action.participantId },
            moderation: { kind: 'unmute_request', by },
          },
        ],
      );
    case 'participant.remove':
      if (action.participantId === ctx.participantId)
        throw AppError.validation('you cannot remove yourself', 'participantId');
      present(ctx, action.participantId);
      return ok([], [{ kind: 'remove', participantId: action.participantId }]);
  }
}

function present(ctx: DecideContext, participantId: string): PresentParticipant {
  const p = ctx.participants.find((x) => x.participantId === participantId);
  if (!p) throw AppError.notFound('participant', 'participantId');
  return p;
}

/** Roll call: a bridge point reports its head count and the invitees ticked in its room. */
function reportAttendance(
  state: LiveState,
  action: Extract<LiveAction, { type: 'attendance.report' }>,
  ctx: DecideContext,
  at: string,
): Decision {
  if (!ctx.moderator && ctx.actor.key !== `point:${action.bridgePointId}`)
    throw AppError.forbidden('only that bridge point, the chair or the secretary may report its attendance');
  if (!state.context.points.some((p) => p.bridgePointId === action.bridgePointId))
    throw AppError.notFound('bridge point', 'bridgePointId');
  const invited = new Set(state.context.invited.map((p) => p.personId));
  const ticked = [...new Set(action.presentPersonIds)];
  const stranger = ticked.findIndex((id) => !invited.has(id));
  if (stranger >= 0) throw AppError.validation('not an invitee', `presentPersonIds.${stranger}`);
  if (action.headCount < ticked.length)
    throw AppError.validation('the head count includes the persons ticked present', 'headCount');
  return ok([
    {
      type: 'attendance.reported',
      bridgePointId: action.bridgePointId,
      headCount: action.headCount,
      presentPersonIds: ticked,
      by: ctx.actor,
      at,
    },
  ]);
}

function sendChat(
  state: LiveState,
  action: Extract<LiveAction, { type: 'chat.send' }>,
  ctx: DecideContext,
  now: Date,
  newId: NewId,
): Decision {
  const since = now.getTime() - CHAT_LIMIT.windowMs;
  let recent = 0;
  for (const m of state.chat) if (m.from.key === ctx.actor.key && Date.parse(m.at) > since) recent++;
  if (recent >= CHAT_LIMIT.messages)
    throw new AppError('rate_limited', `at most ${CHAT_LIMIT.messages} messages per 10 s`);
  return ok([
    {
      type: 'chat.posted',
      message: { id: newId('c'), from: ctx.actor, to: action.to, text: action.text, at: now.toISOString() },
    },
  ]);
}
