// What decide works with: the acting context, the effects it returns, and the small helpers the
// decide-*.ts files share. Types only and pure helpers (no imports of decide.ts: no cycles).
import { AppError } from '@diemcau/protocol';
import type { Actor, LiveAction, LiveEvent, Moderation, ParticipantRole } from '@diemcau/protocol';

/** Someone else in the room, as decide needs to know them (targets of chair actions). */
export interface PresentParticipant {
  participantId: string;
  actorKey: string;
  role: ParticipantRole;
  moderator: boolean;
  /** Display name and bridge point (labels of whom the chair hands a presentation to). */
  name?: string;
  bridgePoint?: string | null;
}

/** Who acts, and what decide needs to know of the room. */
export interface DecideContext {
  actor: Actor;
  participantId: string;
  role: ParticipantRole;
  /** Chair, secretary or admin of this meeting. */
  moderator: boolean;
  /** Everyone in the room now (targets of unmute.ask and participant.remove). */
  participants: readonly PresentParticipant[];
  /**
   * The counters of a secret vote, loaded by the session before a `vote.publish` of a secret vote
   * (they live in their own table, never in the state).
   */
  secretTallies?: Readonly<Record<string, number>>;
  /**
   * The document of a `present.open`, loaded and checked by the session before deciding (whether
   * every invitee may see it lives in the documents tables, never in the state).
   */
  presentDocument?: PresentableDocument;
}

/** A document version that may be shown to the whole room. */
export interface PresentableDocument {
  documentId: string;
  versionId: string;
  title: string;
  pageCount: number | null;
}

/** Whom a moderation message goes to. */
export type ModerationTarget =
  | { kind: 'participant'; participantId: string }
  | { kind: 'actor'; actorKey: string }
  /** Everyone but these participants, actors and roles. */
  | { kind: 'everyone_but'; participantIds: string[]; actorKeys: string[]; roles: ParticipantRole[] };

/** A consequence of an action that is not a stored event. */
export type Effect =
  | { kind: 'moderation'; to: ModerationTarget; moderation: Moderation }
  | { kind: 'reaction'; from: Actor; reaction: Extract<LiveAction, { type: 'reaction.send' }>['reaction'] }
  | { kind: 'remove'; participantId: string }
  /** The meeting ended: mark it ended in the schedule and disconnect everyone. */
  | { kind: 'end_meeting' }
  /**
   * A secret ballot: the store adds one to the option's counter in the same transaction as the
   * events. Durable, but never part of the log.
   */
  | { kind: 'secret_ballot'; voteId: string; optionId: string };

export interface Decision {
  events: LiveEvent[];
  effects: Effect[];
}

/** Makes ids for requests, votes, messages and questions. */
export type NewId = (prefix: string) => string;

/** Chat: at most this many messages per actor in the window (derived from the state: survives restarts). */
export const CHAT_LIMIT = { messages: 5, windowMs: 10_000 } as const;

export const isPointKey = (key: string): boolean => key.startsWith('point:');

/** Throws forbidden unless the actor moderates the meeting. */
export function requireModerator(ctx: DecideContext, what: string): void {
  if (!ctx.moderator) throw AppError.forbidden(`only the chair or the secretary may ${what}`);
}

export const wrongState = (message: string): AppError => new AppError('wrong_state', message);
