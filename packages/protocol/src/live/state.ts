// The fold of a meeting's events: one pure reducer used by the server (to rebuild the state after
// a restart and to decide actions) and by the web app (to follow the meeting from a snapshot and
// the events after it), plus the projection that hides what a viewer may not see.
import type { LiveContext, LiveEvent, LiveState, SequencedEvent, Vote } from './schema.js';

/** The state of a meeting that has no events yet. */
export function initialLiveState(context: LiveContext): LiveState {
  return {
    context,
    seq: 0,
    status: 'waiting',
    startedAt: null,
    endedAt: null,
    locked: false,
    currentItemId: null,
    itemStartedAt: null,
    itemSpentMs: {},
    spotlight: null,
    quorum: { kind: context.invited.length > 0 ? 'more_than_half' : 'none' },
    persons: {},
    points: {},
    queue: [],
    current: null,
    speeches: [],
    votes: [],
    chat: [],
    hands: {},
    questions: [],
    presentation: null,
  };
}

/** How many chat messages and speeches a state keeps (older ones stay in the database). */
export const CHAT_KEPT = 500;

/** Applies one event. Never throws: an event that no longer fits the state changes nothing. */
export function applyLiveEvent(state: LiveState, { seq, event }: SequencedEvent): LiveState {
  if (seq <= state.seq) return state;
  return { ...reduce(state, event), seq };
}

/** Folds events in order over a state. */
export function foldLiveEvents(state: LiveState, events: Iterable<SequencedEvent>): LiveState {
  let s = state;
  for (const e of events) s = applyLiveEvent(s, e);
  return s;
}

function reduce(s: LiveState, e: LiveEvent): LiveState {
  switch (e.type) {
    case 'meeting.started':
      return { ...s, status: 'in_progress', startedAt: s.startedAt ?? e.at };
    case 'meeting.ended': {
      const closed = closeItem(s, e.at);
      return {
        ...closed,
        status: 'ended',
        endedAt: e.at,
        current: null,
        speeches: s.current ? [...s.speeches, { ...s.current, endedAt: e.at }] : s.speeches,
        queue: [],
        votes: s.votes.map((v) => (v.status === 'open' ? { ...v, status: 'closed', closedAt: e.at } : v)),
        presentation: null,
      };
    }
    case 'meeting.locked':
      return { ...s, locked: e.locked };
    case 'agenda.current': {
      const closed = closeItem(s, e.at);
      return { ...closed, currentItemId: e.itemId, itemStartedAt: e.itemId === null ? null : e.at };
    }
    case 'spotlight.changed':
      return { ...s, spotlight: e.actorKey };
    case 'quorum.changed':
      return { ...s, quorum: e.rule };
    case 'person.arrived': {
      const prev = s.persons[e.personId];
      return {
        ...s,
        persons: {
          ...s.persons,
          [e.personId]: { personId: e.personId, arrivedAt: prev?.arrivedAt ?? e.at, leftAt: null },
        },
      };
    }
    case 'person.left': {
      const prev = s.persons[e.personId];
      if (!prev) return s;
      return { ...s, persons: { ...s.persons, [e.personId]: { ...prev, leftAt: e.at } } };
    }
    case 'point.connected':
    case 'point.disconnected':
    case 'attendance.reported':
      return { ...s, points: { ...s.points, [e.bridgePointId]: reducePoint(s, e) } };
    case 'speak.requested':
      return { ...s, queue: [...s.queue, e.request] };
    case 'speak.withdrawn':
    case 'speak.rejected':
      return { ...s, queue: s.queue.filter((r) => r.id !== e.requestId) };
    case 'speak.reordered': {
      const byId = new Map(s.queue.map((r) => [r.id, r]));
      const ordered = e.order.flatMap((id) => {
        const r = byId.get(id);
        byId.delete(id);
        return r ? [r] : [];
      });
      return { ...s, queue: [...ordered, ...byId.values()] };
    }
    case 'speak.granted': {
      const speeches = s.current
        ? [...s.speeches, { ...s.current, endedAt: e.speech.startedAt }]
        : s.speeches;
      return {
        ...s,
        speeches,
        current: e.speech,
        queue: s.queue.filter((r) => r.id !== e.speech.requestId),
        spotlight: e.speech.speakerKey,
      };
    }
    case 'speak.ended':
      if (!s.current) return s;
      return {
        ...s,
        speeches: [...s.speeches, { ...s.current, endedAt: e.at }],
        current: null,
        spotlight: s.spotlight === s.current.speakerKey ? null : s.spotlight,
      };
    case 'vote.opened':
      return { ...s, votes: [...s.votes, e.vote] };
    case 'ballot.cast':
      return updateVote(s, e.voteId, (v) => {
        if (v.status !== 'open' || v.voters.includes(e.voterKey)) return v;
        const ballots =
          v.ballots && e.optionId !== undefined ? { ...v.ballots, [e.voterKey]: e.optionId } : v.ballots;
        return { ...v, voters: [...v.voters, e.voterKey], ballots };
      });
    case 'vote.counted':
      return updateVote(s, e.voteId, (v) => {
        if (v.status !== 'open') return v;
        const key = `point:${e.bridgePointId}`;
        const voters = v.voters.includes(key) ? v.voters : [...v.voters, key];
        const pointCounts =
          e.counts !== undefined ? { ...(v.pointCounts ?? {}), [e.bridgePointId]: e.counts } : v.pointCounts;
        return { ...v, voters, pointCounts };
      });
    case 'vote.closed':
      return updateVote(s, e.voteId, (v) =>
        v.status === 'open' ? { ...v, status: 'closed', closedAt: e.at } : v,
      );
    case 'vote.published':
      return updateVote(s, e.voteId, (v) =>
        v.status === 'published'
          ? v
          : { ...v, status: 'published', closedAt: v.closedAt ?? e.at, publishedAt: e.at, result: e.result },
      );
    case 'chat.posted':
      return { ...s, chat: [...s.chat, e.message].slice(-CHAT_KEPT) };
    case 'hand.changed': {
      const hands = { ...s.hands };
      if (e.raised) hands[e.actorKey] = e.at;
      else delete hands[e.actorKey];
      return { ...s, hands };
    }
    case 'qa.asked':
      return { ...s, questions: [...s.questions, e.question] };
    case 'qa.answered':
      return {
        ...s,
        questions: s.questions.map((q) =>
          q.id === e.questionId ? { ...q, answer: e.answer, answeredAt: e.at } : q,
        ),
      };
    case 'present.opened':
      return { ...s, presentation: e.presentation };
    case 'present.paged':
      return s.presentation ? { ...s, presentation: { ...s.presentation, page: e.page } } : s;
    case 'present.handed':
      return s.presentation
        ? {
            ...s,
            presentation: { ...s.presentation, presenterKey: e.presenterKey, presenterName: e.presenterName },
          }
        : s;
    case 'present.closed':
      return { ...s, presentation: null };
  }
}

function closeItem(s: LiveState, at: string): LiveState {
  if (s.currentItemId === null || s.itemStartedAt === null) return s;
  const spent = Math.max(0, Date.parse(at) - Date.parse(s.itemStartedAt));
  return {
    ...s,
    itemSpentMs: { ...s.itemSpentMs, [s.currentItemId]: (s.itemSpentMs[s.currentItemId] ?? 0) + spent },
    itemStartedAt: null,
  };
}

function reducePoint(
  s: LiveState,
  e: Extract<LiveEvent, { type: 'point.connected' | 'point.disconnected' | 'attendance.reported' }>,
): LiveState['points'][string] {
  const prev = s.points[e.bridgePointId] ?? {
    bridgePointId: e.bridgePointId,
    headCount: 0,
    presentPersonIds: [],
    connectedAt: null,
    disconnectedAt: null,
    reportedAt: null,
  };
  switch (e.type) {
    case 'point.connected':
      return { ...prev, connectedAt: prev.connectedAt ?? e.at, disconnectedAt: null };
    case 'point.disconnected':
      return { ...prev, disconnectedAt: e.at };
    case 'attendance.reported':
      return { ...prev, headCount: e.headCount, presentPersonIds: e.presentPersonIds, reportedAt: e.at };
  }
}

function updateVote(s: LiveState, voteId: string, f: (v: Vote) => Vote): LiveState {
  return { ...s, votes: s.votes.map((v) => (v.id === voteId ? f(v) : v)) };
}

// ---------------------------------------------------------------------------------------------
// What each viewer may see
// ---------------------------------------------------------------------------------------------

export interface LiveViewer {
  key: string;
  /** Chair, secretary or admin: sees private chat to the chair, named ballots live, RSVP reasons. */
  moderator: boolean;
}

/** The state as one viewer may see it (sent as the snapshot on join and reconnect). */
export function viewLiveState(s: LiveState, viewer: LiveViewer): LiveState {
  return {
    ...s,
    context: viewer.moderator
      ? s.context
      : { ...s.context, invited: s.context.invited.map((p) => ({ ...p, reason: null })) },
    votes: s.votes.map((v) => viewVote(v, viewer)),
    chat: s.chat.filter((m) => m.to === 'all' || viewer.moderator || m.from.key === viewer.key),
  };
}

function viewVote(v: Vote, viewer: LiveViewer): Vote {
  if (v.status === 'published') return v.secret ? { ...v, ballots: null } : v;
  if (viewer.moderator && !v.secret) return v;
  return {
    ...v,
    ballots: v.ballots === null ? null : {},
    pointCounts: v.pointCounts === null || viewer.moderator ? v.pointCounts : {},
    correctOptionId: viewer.moderator ? v.correctOptionId : null,
  };
}

/** One event as a viewer may see it, or null when they may not see it at all. */
export function viewLiveEvent(e: SequencedEvent, s: LiveState, viewer: LiveViewer): SequencedEvent | null {
  const event = e.event;
  switch (event.type) {
    case 'chat.posted':
      return event.message.to === 'all' || viewer.moderator || event.message.from.key === viewer.key
        ? e
        : null;
    case 'ballot.cast': {
      const vote = s.votes.find((v) => v.id === event.voteId);
      if (event.optionId === undefined || (viewer.moderator && vote && !vote.secret)) return e;
      const { optionId: _hidden, ...rest } = event;
      return { seq: e.seq, event: rest };
    }
    case 'vote.counted': {
      if (viewer.moderator || event.counts === undefined) return e;
      const { counts: _hidden, ...rest } = event;
      return { seq: e.seq, event: rest };
    }
    case 'vote.opened':
      return viewer.moderator ? e : { seq: e.seq, event: { ...event, vote: viewVote(event.vote, viewer) } };
    // NOTE: a presentation is shown to everyone: only documents every invitee may see are presented
    // (the server checks at present.open), so nothing of it is hidden from anyone in the room.
    case 'present.opened':
    case 'present.paged':
    case 'present.handed':
    case 'present.closed':
      return e;
    default:
      return e;
  }
}
