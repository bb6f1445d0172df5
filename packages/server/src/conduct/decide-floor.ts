// The speaking queue (đăng ký phát biểu) and raised hands: request, withdraw, grant, reject,
// reorder, end. Pure; see decide.ts.
import { AppError, speakerLabel } from '@diemcau/protocol';
import type { LiveAction, LiveEvent, LiveState, SpeakRequest } from '@diemcau/protocol';
import type { DecideContext, Decision, Effect, NewId } from './decision.js';
import { isPointKey, requireModerator, wrongState } from './decision.js';

/** Longest speaking queue (a flood of requests must not grow the state without bound). */
export const MAX_QUEUE = 200;

type FloorAction = Extract<
  LiveAction,
  {
    type:
      | 'speak.request'
      | 'speak.withdraw'
      | 'speak.grant'
      | 'speak.reject'
      | 'speak.reorder'
      | 'speak.end'
      | 'hand.raise'
      | 'hand.lower';
  }
>;

export function decideFloor(
  state: LiveState,
  action: FloorAction,
  ctx: DecideContext,
  at: string,
  newId: NewId,
): Decision {
  switch (action.type) {
    case 'speak.request':
      return request(state, action, ctx, at, newId);
    case 'speak.withdraw': {
      const r = queued(state, action.requestId);
      if (r.by.key !== ctx.actor.key) throw AppError.forbidden('only who asked may withdraw a request');
      return { events: [{ type: 'speak.withdrawn', requestId: r.id, at }], effects: [] };
    }
    case 'speak.grant':
      requireModerator(ctx, 'grant the floor');
      return grant(state, queued(state, action.requestId), ctx, at);
    case 'speak.reject':
      requireModerator(ctx, 'reject a request to speak');
      queued(state, action.requestId);
      return {
        events: [{ type: 'speak.rejected', requestId: action.requestId, reason: action.reason, at }],
        effects: [],
      };
    case 'speak.reorder': {
      requireModerator(ctx, 'reorder the speaking queue');
      const r = queued(state, action.requestId);
      const order = state.queue.filter((q) => q.id !== r.id).map((q) => q.id);
      order.splice(Math.min(action.toIndex, order.length), 0, r.id);
      return { events: [{ type: 'speak.reordered', order, at }], effects: [] };
    }
    case 'speak.end': {
      const current = state.current;
      if (!current) throw wrongState('nobody has the floor');
      // NOTE: a speaker may hand the floor back themselves ("xin hết"); anyone else needs the chair.
      if (!ctx.moderator && ctx.actor.key !== current.speakerKey)
        throw AppError.forbidden('only the chair, the secretary or the speaker may end a speech');
      return {
        events: [{ type: 'speak.ended', at }],
        effects: [muteSpeaker(current.speakerKey, ctx.actor.name)],
      };
    }
    case 'hand.raise': {
      const raised = state.hands[ctx.actor.key] !== undefined;
      if (raised === action.raised) return { events: [], effects: [] };
      return {
        events: [{ type: 'hand.changed', actorKey: ctx.actor.key, raised: action.raised, at }],
        effects: [],
      };
    }
    case 'hand.lower':
      requireModerator(ctx, 'lower a hand');
      if (state.hands[action.actorKey] === undefined) throw wrongState('that hand is not raised');
      return {
        events: [{ type: 'hand.changed', actorKey: action.actorKey, raised: false, at }],
        effects: [],
      };
  }
}

function queued(state: LiveState, requestId: string): SpeakRequest {
  const r = state.queue.find((q) => q.id === requestId);
  if (!r) throw AppError.notFound('request to speak', 'requestId');
  return r;
}

/**
 * Anyone admitted may ask to speak (guests too: the chair let them in and still decides whether
 * they get the floor). A bridge point asks on behalf of a named person sitting in its room.
 */
function request(
  state: LiveState,
  action: Extract<LiveAction, { type: 'speak.request' }>,
  ctx: DecideContext,
  at: string,
  newId: NewId,
): Decision {
  if (state.queue.length >= MAX_QUEUE) throw wrongState('the speaking queue is full');
  const onBehalfOf = action.onBehalfOf;
  if (onBehalfOf?.personId != null && !state.context.invited.some((p) => p.personId === onBehalfOf.personId))
    throw AppError.validation('not an invitee', 'onBehalfOf.personId');
  const who = onBehalfOf?.name ?? null;
  if (state.queue.some((r) => r.by.key === ctx.actor.key && (r.onBehalfOf?.name ?? null) === who))
    throw wrongState('this request to speak is already in the queue');
  const r: SpeakRequest = {
    id: newId('r'),
    by: ctx.actor,
    onBehalfOf,
    topic: action.topic,
    itemId: state.currentItemId,
    requestedAt: at,
  };
  return { events: [{ type: 'speak.requested', request: r }], effects: [] };
}

/**
 * The floor goes to the requester: their microphone opens (floor_granted to their devices), they
 * are spotlighted for everyone (the reducer does it) and the previous speaker, if any, is muted.
 */
function grant(state: LiveState, r: SpeakRequest, ctx: DecideContext, at: string): Decision {
  const point = r.by.bridgePoint ?? (isPointKey(r.by.key) ? r.by.name : null);
  const person = r.onBehalfOf?.name ?? (isPointKey(r.by.key) ? null : r.by.name);
  const event: LiveEvent = {
    type: 'speak.granted',
    speech: {
      requestId: r.id,
      speakerKey: r.by.key,
      label: speakerLabel(point, person) || r.by.name,
      topic: r.topic,
      itemId: state.currentItemId ?? r.itemId,
      startedAt: at,
      endedAt: null,
    },
  };
  const effects: Effect[] = [];
  const previous = state.current?.speakerKey;
  if (previous && previous !== r.by.key) effects.push(muteSpeaker(previous, ctx.actor.name));
  effects.push({
    kind: 'moderation',
    to: { kind: 'actor', actorKey: r.by.key },
    moderation: { kind: 'floor_granted', by: ctx.actor.name },
  });
  return { events: [event], effects };
}

function muteSpeaker(actorKey: string, by: string): Effect {
  return { kind: 'moderation', to: { kind: 'actor', actorKey }, moderation: { kind: 'mute', by } };
}
