// The meeting's conduct as this client follows it: the live state (snapshot, then events folded
// with the shared reducer), plus the transient things that are not stored — reactions flying by
// and the last moderation request (mute, please unmute, the floor is yours).
import { applyLiveEvent, type LiveState, type Moderation, type ServerMessage } from '@diemcau/protocol';

export type ReactionKind = Extract<ServerMessage, { type: 'reaction' }>['reaction'];

export interface FlyingReaction {
  id: number;
  name: string;
  reaction: ReactionKind;
}

export interface LiveSlice {
  state: LiveState | null;
  /** Recent reactions, newest last (the UI drops them after a few seconds). */
  reactions: FlyingReaction[];
  /** The last moderation request; `seq` tells a repeat of the same request apart. */
  moderation: { seq: number; moderation: Moderation } | null;
  /** Increases with every reaction and moderation message. */
  counter: number;
}

/** How many reactions stay on screen at once (a burst from a hall does not flood the room). */
export const MAX_REACTIONS = 12;

export const initialLiveSlice = (): LiveSlice => ({
  state: null,
  reactions: [],
  moderation: null,
  counter: 0,
});

/** Folds one server message into the slice; returns the same object when nothing changed. */
export function reduceLive(slice: LiveSlice, msg: ServerMessage): LiveSlice {
  switch (msg.type) {
    case 'live.snapshot':
      return { ...slice, state: msg.state };
    case 'live.event': {
      if (!slice.state) return slice;
      const next = applyLiveEvent(slice.state, { seq: msg.seq, event: msg.event });
      return next === slice.state ? slice : { ...slice, state: next };
    }
    case 'reaction': {
      const id = slice.counter + 1;
      const reactions = [...slice.reactions, { id, name: msg.from.name, reaction: msg.reaction }];
      return { ...slice, counter: id, reactions: reactions.slice(-MAX_REACTIONS) };
    }
    case 'moderation': {
      const seq = slice.counter + 1;
      return { ...slice, counter: seq, moderation: { seq, moderation: msg.moderation } };
    }
    default:
      return slice;
  }
}

/** Drops a reaction that finished flying. */
export function dropReaction(slice: LiveSlice, id: number): LiveSlice {
  if (!slice.reactions.some((r) => r.id === id)) return slice;
  return { ...slice, reactions: slice.reactions.filter((r) => r.id !== id) };
}

/** Clears the moderation prompt (answered or dismissed). */
export function clearModeration(slice: LiveSlice, seq: number): LiveSlice {
  return slice.moderation?.seq === seq ? { ...slice, moderation: null } : slice;
}
