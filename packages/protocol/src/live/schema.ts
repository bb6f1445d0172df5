// The conduct of a live meeting (họp thông minh): what the chair, the secretary, bridge points and
// delegates do during a meeting — agenda, roll call, speaking queue, votes, chat, Q&A — as zod
// schemas shared by the server and the web app.
//
// The model is event-sourced: a client sends an `act` with one LiveAction; the server decides
// (checks role and state), writes the resulting LiveEvents to the database, and only then
// acknowledges and broadcasts them. The state of a meeting is the fold of its events over the
// context loaded from the schedule (invitees, bridge points, agenda). A client that joins or
// reconnects gets a snapshot, then events.
import { z } from 'zod';
import { DocumentIdSchema, DocumentVersionIdSchema } from '../api/documents.js';

const id = z.string().min(1).max(128);
const at = z.iso.datetime();
const label = z.string().trim().min(1).max(160);

// ---------------------------------------------------------------------------------------------
// Who acts
// ---------------------------------------------------------------------------------------------

/**
 * A durable key for whoever acts, that survives reconnection: `person:<id>` for a known person,
 * `point:<id>` for a bridge-point device, `user:<id>` for an account without a person, and
 * `guest:<participantId>` for a guest (which does not survive reconnection).
 */
export const ActorKey = z.string().regex(/^(person|point|user|guest):[A-Za-z0-9_-]{1,100}$/);
export type ActorKey = z.infer<typeof ActorKey>;

export const Actor = z.object({
  key: ActorKey,
  /** Person's or bridge point's display name. */
  name: label,
  bridgePointId: id.nullable(),
  /** The bridge point's name when the actor sits at one. */
  bridgePoint: label.nullable(),
});
export type Actor = z.infer<typeof Actor>;

// ---------------------------------------------------------------------------------------------
// Context (from the schedule; not events)
// ---------------------------------------------------------------------------------------------

/** Meeting role of an invitee (matches meeting_invitees.role). */
export const InviteeRoleLive = z.enum(['chair', 'secretary', 'delegate', 'presenter', 'trainee']);

export const InvitedPerson = z.object({
  personId: id,
  name: label,
  role: InviteeRoleLive,
  /** pending | accepted | declined | absent_with_reason */
  rsvp: z.enum(['pending', 'accepted', 'declined', 'absent_with_reason']),
  /** Reason given with a "vắng có lý do" RSVP (moderators only; null for others). */
  reason: z.string().max(500).nullable(),
  /** The bridge point where this person usually sits (organization's point), if known. */
  bridgePointId: id.nullable(),
});
export type InvitedPerson = z.infer<typeof InvitedPerson>;

export const InvitedPoint = z.object({ bridgePointId: id, name: label, isHost: z.boolean() });
export type InvitedPoint = z.infer<typeof InvitedPoint>;

export const LiveAgendaItem = z.object({
  id,
  title: z.string().max(300),
  presenter: z.string().max(160),
  plannedMinutes: z.number().int().min(0).max(1440),
});
export type LiveAgendaItem = z.infer<typeof LiveAgendaItem>;

/** Quorum rule for attendance (and the default for votes). */
export const QuorumRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** More than half of the invited voting members present (the usual rule). */
  z.object({ kind: z.literal('more_than_half') }),
  z.object({ kind: z.literal('two_thirds') }),
  z.object({ kind: z.literal('at_least'), count: z.number().int().min(1).max(100_000) }),
]);
export type QuorumRule = z.infer<typeof QuorumRule>;

export const LiveContext = z.object({
  meetingId: id,
  title: z.string().max(300),
  /** giao_ban | chi_bo | tap_huan | chuyen_de | hoi_nghi */
  meetingType: z.string().max(32),
  /** Training mode (tập huấn): presenter and trainees, cameras off by default, quizzes and Q&A. */
  training: z.boolean(),
  invited: z.array(InvitedPerson).max(5000),
  points: z.array(InvitedPoint).max(5000),
  agenda: z.array(LiveAgendaItem).max(100),
});
export type LiveContext = z.infer<typeof LiveContext>;

// ---------------------------------------------------------------------------------------------
// Parts of the state
// ---------------------------------------------------------------------------------------------

export const SpeakRequest = z.object({
  id,
  by: Actor,
  /** The named person sitting at the requesting bridge point, shown "<point> – <person>". */
  onBehalfOf: z.object({ personId: id.nullable(), name: label }).nullable(),
  topic: z.string().max(300),
  itemId: id.nullable(),
  requestedAt: at,
});
export type SpeakRequest = z.infer<typeof SpeakRequest>;

export const Speech = z.object({
  requestId: id,
  /** Whose microphone opens and who is spotlighted. */
  speakerKey: ActorKey,
  label,
  topic: z.string().max(300),
  itemId: id.nullable(),
  startedAt: at,
  endedAt: at.nullable(),
});
export type Speech = z.infer<typeof Speech>;

export const VoteKind = z.enum(['motion', 'poll', 'quiz']);
export type VoteKind = z.infer<typeof VoteKind>;

/** How a motion passes. Polls and quizzes have no majority. */
export const MajorityRule = z.enum([
  /** More "yes" than "no" among those who voted. */
  'simple',
  /** "Yes" from more than half of the eligible voters (the usual rule for party cells). */
  'more_than_half_eligible',
  /** "Yes" from at least two thirds of the eligible voters. */
  'two_thirds_eligible',
]);
export type MajorityRule = z.infer<typeof MajorityRule>;

/** Voting scope: each person votes, or each bridge point types its show-of-hands counts. */
export const VoteScope = z.enum(['person', 'point']);
export type VoteScope = z.infer<typeof VoteScope>;

export const VoteOption = z.object({ id: z.string().regex(/^[a-z0-9_]{1,32}$/), label });
export type VoteOption = z.infer<typeof VoteOption>;

/** The standard options of a motion: tán thành / không tán thành / không biểu quyết. */
export const MOTION_OPTION_IDS = ['yes', 'no', 'abstain'] as const;

export const VoteResult = z.object({
  counts: z.record(z.string(), z.number().int().min(0)),
  /** Ballots (or hands) cast. */
  cast: z.number().int().min(0),
  /** Voters entitled to vote when the vote closed. */
  eligible: z.number().int().min(0),
  quorumMet: z.boolean(),
  /** Motions: passed or not; polls and quizzes: null. */
  passed: z.boolean().nullable(),
});
export type VoteResult = z.infer<typeof VoteResult>;

export const Vote = z.object({
  id,
  itemId: id.nullable(),
  title: z.string().trim().min(1).max(300),
  kind: VoteKind,
  options: z.array(VoteOption).min(2).max(10),
  /** Quizzes: the right answer (revealed to participants only with the result). */
  correctOptionId: z.string().max(32).nullable(),
  secret: z.boolean(),
  scope: VoteScope,
  majority: MajorityRule,
  quorum: QuorumRule,
  status: z.enum(['open', 'closed', 'published']),
  openedAt: at,
  closedAt: at.nullable(),
  publishedAt: at.nullable(),
  /** Who has voted (never how, for secret ballots). For point scope: points that sent counts. */
  voters: z.array(ActorKey),
  /**
   * Named ballots (person scope, not secret): voter → option. Hidden from participants until the
   * result is published; never present for secret ballots.
   */
  ballots: z.record(z.string(), z.string()).nullable(),
  /** Point scope: counts typed by each point's operator (hidden until published). */
  pointCounts: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).nullable(),
  /** Set when published; final and immutable. */
  result: VoteResult.nullable(),
});
export type Vote = z.infer<typeof Vote>;

export const ChatMessage = z.object({
  id,
  from: Actor,
  to: z.enum(['all', 'chair']),
  text: z.string().min(1).max(1000),
  at,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Question = z.object({
  id,
  by: Actor,
  text: z.string().min(1).max(1000),
  at,
  answeredAt: at.nullable(),
  answer: z.string().max(2000).nullable(),
});
export type Question = z.infer<typeof Question>;

/** Roll call of one bridge point: head count and the invitees ticked present in its room. */
export const PointAttendance = z.object({
  bridgePointId: id,
  headCount: z.number().int().min(0).max(10_000),
  presentPersonIds: z.array(id).max(1000),
  connectedAt: at.nullable(),
  disconnectedAt: at.nullable(),
  reportedAt: at.nullable(),
});
export type PointAttendance = z.infer<typeof PointAttendance>;

/** A person who joined on their own device (counted automatically). */
export const PersonPresence = z.object({
  personId: id,
  arrivedAt: at,
  leftAt: at.nullable(),
});
export type PersonPresence = z.infer<typeof PersonPresence>;

/** Highest page number a presentation may show (a document's pages are capped far lower). */
export const MAX_PRESENT_PAGE = 10_000;
const presentPage = z.number().int().min(1).max(MAX_PRESENT_PAGE);

/**
 * The document everyone follows page by page (synchronized presentation). Each browser renders the
 * page from its own copy of the PDF; only this and the presenter's pointer travel.
 */
export const Presentation = z.object({
  documentId: DocumentIdSchema,
  versionId: DocumentVersionIdSchema,
  title: z.string().max(300),
  page: presentPage,
  /** Pages of the PDF when the server knows them (rendered); null otherwise. */
  pageCount: z.number().int().min(1).max(MAX_PRESENT_PAGE).nullable(),
  /** Who turns the pages and points now: whoever opened it, or whom the chair handed it to. */
  presenterKey: ActorKey,
  presenterName: label,
  startedAt: at,
});
export type Presentation = z.infer<typeof Presentation>;

export const LiveState = z.object({
  context: LiveContext,
  /** Sequence number of the last event applied (0: none). */
  seq: z.number().int().min(0),
  status: z.enum(['waiting', 'in_progress', 'ended']),
  startedAt: at.nullable(),
  endedAt: at.nullable(),
  locked: z.boolean(),
  currentItemId: id.nullable(),
  /** When the current item started; time spent on each item so far (ms, closed periods only). */
  itemStartedAt: at.nullable(),
  itemSpentMs: z.record(z.string(), z.number().int().min(0)),
  spotlight: ActorKey.nullable(),
  quorum: QuorumRule,
  persons: z.record(z.string(), PersonPresence),
  points: z.record(z.string(), PointAttendance),
  queue: z.array(SpeakRequest),
  current: Speech.nullable(),
  speeches: z.array(Speech),
  votes: z.array(Vote),
  chat: z.array(ChatMessage),
  hands: z.record(z.string(), at),
  questions: z.array(Question),
  /** The document being presented, or null. NOTE: defaults so an older snapshot still parses. */
  presentation: Presentation.nullable().default(null),
});
export type LiveState = z.infer<typeof LiveState>;

// ---------------------------------------------------------------------------------------------
// Actions (client → server, inside `act`)
// ---------------------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1).max(max);

export const LiveAction = z.discriminatedUnion('type', [
  // chair console
  z.object({ type: z.literal('meeting.start') }),
  z.object({ type: z.literal('meeting.end') }),
  z.object({ type: z.literal('meeting.lock'), locked: z.boolean() }),
  z.object({ type: z.literal('agenda.goto'), itemId: id.nullable() }),
  z.object({ type: z.literal('spotlight.set'), actorKey: ActorKey.nullable() }),
  z.object({ type: z.literal('quorum.set'), rule: QuorumRule }),
  /** Everyone but the chair and the current speaker mutes (clients obey; see `moderation`). */
  z.object({ type: z.literal('mute.all') }),
  /** Asks one participant (a bridge point) to unmute. */
  z.object({ type: z.literal('unmute.ask'), participantId: id }),
  z.object({ type: z.literal('participant.remove'), participantId: id }),
  // roll call
  z.object({
    type: z.literal('attendance.report'),
    bridgePointId: id,
    headCount: z.number().int().min(0).max(10_000),
    presentPersonIds: z.array(id).max(1000),
  }),
  // speaking queue
  z.object({
    type: z.literal('speak.request'),
    onBehalfOf: z.object({ personId: id.nullable(), name: label }).nullable(),
    topic: z.string().trim().max(300),
  }),
  z.object({ type: z.literal('speak.withdraw'), requestId: id }),
  z.object({ type: z.literal('speak.grant'), requestId: id }),
  z.object({ type: z.literal('speak.reject'), requestId: id, reason: z.string().trim().max(300) }),
  z.object({ type: z.literal('speak.reorder'), requestId: id, toIndex: z.number().int().min(0).max(1000) }),
  z.object({ type: z.literal('speak.end') }),
  // votes, polls and quizzes
  z.object({
    type: z.literal('vote.open'),
    title: text(300),
    kind: VoteKind,
    /** Omitted for a motion: tán thành / không tán thành / không biểu quyết. */
    options: z.array(label).min(2).max(10).optional(),
    correctOption: z.number().int().min(0).max(9).nullable().optional(),
    secret: z.boolean(),
    scope: VoteScope,
    majority: MajorityRule.optional(),
    /** Defaults to the meeting's quorum rule. */
    quorum: QuorumRule.optional(),
  }),
  z.object({ type: z.literal('vote.cast'), voteId: id, optionId: z.string().max(32) }),
  /** A bridge point's operator types the show-of-hands counts of the room. */
  z.object({
    type: z.literal('vote.count'),
    voteId: id,
    bridgePointId: id,
    counts: z.record(z.string().max(32), z.number().int().min(0).max(10_000)),
  }),
  z.object({ type: z.literal('vote.close'), voteId: id }),
  z.object({ type: z.literal('vote.publish'), voteId: id }),
  // chat, hands, reactions
  z.object({ type: z.literal('chat.send'), to: z.enum(['all', 'chair']), text: text(1000) }),
  z.object({ type: z.literal('hand.raise'), raised: z.boolean() }),
  z.object({ type: z.literal('hand.lower'), actorKey: ActorKey }),
  z.object({ type: z.literal('reaction.send'), reaction: z.enum(['clap', 'thumbs_up', 'heart', 'agree']) }),
  // training: Q&A (quizzes and polls are votes)
  z.object({ type: z.literal('qa.ask'), text: text(1000) }),
  z.object({ type: z.literal('qa.answer'), questionId: id, answer: z.string().trim().max(2000) }),
  // synchronized presentation of a meeting document (chair, secretary, presenter, or whom the
  // chair handed it to; see server/src/presentation/decide-present.ts)
  z.object({
    type: z.literal('present.open'),
    documentId: DocumentIdSchema,
    versionId: DocumentVersionIdSchema,
    page: presentPage,
  }),
  z.object({ type: z.literal('present.page'), page: presentPage }),
  z.object({ type: z.literal('present.close') }),
  /** The chair gives the page controls to someone in the room (null: takes them back). */
  z.object({ type: z.literal('present.handover'), actorKey: ActorKey.nullable() }),
]);
export type LiveAction = z.infer<typeof LiveAction>;
export type LiveActionType = LiveAction['type'];

// ---------------------------------------------------------------------------------------------
// Events (what is stored and broadcast)
// ---------------------------------------------------------------------------------------------

export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('meeting.started'), at }),
  z.object({ type: z.literal('meeting.ended'), at }),
  z.object({ type: z.literal('meeting.locked'), locked: z.boolean(), at }),
  z.object({ type: z.literal('agenda.current'), itemId: id.nullable(), at }),
  z.object({ type: z.literal('spotlight.changed'), actorKey: ActorKey.nullable(), at }),
  z.object({ type: z.literal('quorum.changed'), rule: QuorumRule, at }),
  z.object({ type: z.literal('person.arrived'), personId: id, at }),
  z.object({ type: z.literal('person.left'), personId: id, at }),
  z.object({ type: z.literal('point.connected'), bridgePointId: id, at }),
  z.object({ type: z.literal('point.disconnected'), bridgePointId: id, at }),
  z.object({
    type: z.literal('attendance.reported'),
    bridgePointId: id,
    headCount: z.number().int().min(0),
    presentPersonIds: z.array(id),
    by: Actor,
    at,
  }),
  z.object({ type: z.literal('speak.requested'), request: SpeakRequest }),
  z.object({ type: z.literal('speak.withdrawn'), requestId: id, at }),
  z.object({ type: z.literal('speak.rejected'), requestId: id, reason: z.string().max(300), at }),
  z.object({ type: z.literal('speak.reordered'), order: z.array(id), at }),
  z.object({ type: z.literal('speak.granted'), speech: Speech }),
  z.object({ type: z.literal('speak.ended'), at }),
  z.object({ type: z.literal('vote.opened'), vote: Vote }),
  /**
   * A ballot. `optionId` is present only for named ballots, and only in the stored event and to
   * moderators after publication; for secret ballots it is never present anywhere in the log (the
   * tally is kept in a separate counter table).
   */
  z.object({
    type: z.literal('ballot.cast'),
    voteId: id,
    voterKey: ActorKey,
    optionId: z.string().max(32).optional(),
    at,
  }),
  z.object({
    type: z.literal('vote.counted'),
    voteId: id,
    bridgePointId: id,
    /** Present in the stored event; stripped from broadcasts until published. */
    counts: z.record(z.string(), z.number().int().min(0)).optional(),
    at,
  }),
  z.object({ type: z.literal('vote.closed'), voteId: id, at }),
  z.object({ type: z.literal('vote.published'), voteId: id, result: VoteResult, at }),
  z.object({ type: z.literal('chat.posted'), message: ChatMessage }),
  z.object({ type: z.literal('hand.changed'), actorKey: ActorKey, raised: z.boolean(), at }),
  z.object({ type: z.literal('qa.asked'), question: Question }),
  z.object({ type: z.literal('qa.answered'), questionId: id, answer: z.string().max(2000), at }),
  z.object({ type: z.literal('present.opened'), presentation: Presentation }),
  z.object({ type: z.literal('present.paged'), page: presentPage, at }),
  z.object({ type: z.literal('present.handed'), presenterKey: ActorKey, presenterName: label, at }),
  z.object({ type: z.literal('present.closed'), at }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
export type LiveEventType = LiveEvent['type'];

/** An event with its position in the meeting's log. */
export const SequencedEvent = z.object({ seq: z.number().int().min(1), event: LiveEvent });
export type SequencedEvent = z.infer<typeof SequencedEvent>;

/** Things a moderator asks of one client or of everyone; not stored. */
export const Moderation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mute'), by: label }),
  z.object({ kind: z.literal('unmute_request'), by: label }),
  /** The floor was granted to this client: open the microphone. */
  z.object({ kind: z.literal('floor_granted'), by: label }),
]);
export type Moderation = z.infer<typeof Moderation>;
