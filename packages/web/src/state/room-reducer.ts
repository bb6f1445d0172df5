// The room as the UI sees it: a pure reducer over server messages and call events (participants
// in join order, active speaker, remote and local media, connection and lifecycle phase, the lobby).
import type {
  LeaveReason,
  MediaSource,
  MeetingInfo,
  MessageOf,
  Participant,
  ServerMessage,
} from '@diemcau/protocol';
import type { LocalMedia, PublisherState } from '../lib/call';
import type { RemoteMedia } from '../lib/remote-media';
import type { ConnectionState } from '../lib/signalling-client';
import { clearModeration, dropReaction, initialLiveSlice, reduceLive, type LiveSlice } from './live';

/** `lobby`: a guest waits for a moderator to let them in (no timeout applies there). */
export type Phase = 'joining' | 'lobby' | 'joined' | 'left' | 'error';

/** A guest waiting in the lobby, as moderators see them. */
export type LobbyGuest = MessageOf<ServerMessage, 'lobby.updated'>['waiting'][number];

/** Why the call failed, and in which phase (a refusal in the lobby means the chair said no). */
export interface RoomError {
  code: string;
  message: string;
  phase: Phase;
}

export interface Notice {
  code: string;
  message: string;
  /** Increases with every notice, so the same text twice still shows again. */
  seq: number;
}

export interface RoomState {
  phase: Phase;
  meeting: MeetingInfo | null;
  selfId: string | null;
  /** Everyone in the meeting, self included, in join order. */
  participants: Participant[];
  activeSpeakerId: string | null;
  /** The last remote participant who spoke: keeps the stage steady through silences. */
  stageSpeakerId: string | null;
  connection: ConnectionState;
  remote: Record<string, RemoteMedia>;
  local: LocalMedia | null;
  publishers: Record<MediaSource, PublisherState | 'idle'>;
  leaveReason: LeaveReason | null;
  error: RoomError | null;
  /** Guests waiting for admission (only moderators are told; empty for everyone else). */
  lobby: LobbyGuest[];
  notice: Notice | null;
  /** The meeting's conduct (agenda, queue, votes, chat…) and transient reactions and prompts. */
  live: LiveSlice;
  /** Whether the meeting is being recorded (shown in the top bar), and since when. */
  recording: { on: boolean; since: string | null };
  /** The consent notice shows once, the first time this person sees the meeting recorded. */
  recordingConsent: 'none' | 'show' | 'dismissed';
}

export type RoomAction =
  | { type: 'server'; msg: ServerMessage }
  | { type: 'connection'; state: ConnectionState }
  | { type: 'remote'; media: RemoteMedia[] }
  | { type: 'local'; local: LocalMedia }
  | { type: 'publisher'; source: MediaSource; state: PublisherState }
  | { type: 'ended'; reason: LeaveReason }
  | { type: 'failure'; code: string; message: string }
  | { type: 'notice'; code: string; message: string }
  | { type: 'dismissNotice' }
  | { type: 'dismissRecordingConsent' }
  | { type: 'dropReaction'; id: number }
  | { type: 'clearModeration'; seq: number };

export const initialRoomState = (local: LocalMedia | null = null): RoomState => ({
  phase: 'joining',
  meeting: null,
  selfId: null,
  participants: [],
  activeSpeakerId: null,
  stageSpeakerId: null,
  connection: 'idle',
  remote: {},
  local,
  publishers: { camera: 'idle', screen: 'idle' },
  leaveReason: null,
  error: null,
  lobby: [],
  notice: null,
  live: initialLiveSlice(),
  recording: { on: false, since: null },
  recordingConsent: 'none',
});

function upsert(list: Participant[], p: Participant): Participant[] {
  const i = list.findIndex((x) => x.id === p.id);
  if (i === -1) return [...list, p];
  const next = list.slice();
  next[i] = p;
  return next;
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}

function onServer(state: RoomState, msg: ServerMessage): RoomState {
  switch (msg.type) {
    case 'joined': {
      let participants = [msg.self];
      for (const p of msg.participants) participants = upsert(participants, p);
      const speaker = msg.activeSpeakerId;
      return {
        ...state,
        phase: 'joined',
        meeting: msg.meeting,
        selfId: msg.self.id,
        participants,
        activeSpeakerId: speaker,
        stageSpeakerId: speaker !== null && speaker !== msg.self.id ? speaker : null,
        remote: {},
        error: null,
      };
    }
    case 'lobby.waiting':
      return state.phase === 'joining' ? { ...state, phase: 'lobby' } : state;
    case 'lobby.updated':
      return { ...state, lobby: msg.waiting };
    case 'participant.joined':
    case 'participant.updated':
      return { ...state, participants: upsert(state.participants, msg.participant) };
    case 'participant.left': {
      const id = msg.participantId;
      if (id === state.selfId) return { ...state, phase: 'left', leaveReason: msg.reason };
      return {
        ...state,
        participants: state.participants.filter((p) => p.id !== id),
        activeSpeakerId: state.activeSpeakerId === id ? null : state.activeSpeakerId,
        stageSpeakerId: state.stageSpeakerId === id ? null : state.stageSpeakerId,
        remote: without(state.remote, id),
      };
    }
    case 'speaker.active': {
      const id = msg.participantId;
      const isRemote = id !== null && id !== state.selfId && state.participants.some((p) => p.id === id);
      return { ...state, activeSpeakerId: id, stageSpeakerId: isRemote ? id : state.stageSpeakerId };
    }
    case 'media.reset':
      return { ...state, remote: {} };
    case 'recording.state':
      return {
        ...state,
        recording: { on: msg.recording, since: msg.since },
        recordingConsent:
          msg.recording && state.recordingConsent === 'none' ? 'show' : state.recordingConsent,
      };
    case 'live.snapshot':
    case 'live.event':
    case 'reaction':
    case 'moderation': {
      const live = reduceLive(state.live, msg);
      return live === state.live ? state : { ...state, live };
    }
    default:
      return state;
  }
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'server':
      return onServer(state, action.msg);
    case 'connection':
      return { ...state, connection: action.state };
    case 'remote':
      return { ...state, remote: Object.fromEntries(action.media.map((m) => [m.participantId, m])) };
    case 'local':
      return { ...state, local: action.local };
    case 'publisher':
      return { ...state, publishers: { ...state.publishers, [action.source]: action.state } };
    case 'ended':
      return { ...state, phase: 'left', leaveReason: action.reason, remote: {}, activeSpeakerId: null };
    case 'failure':
      return {
        ...state,
        phase: 'error',
        error: { code: action.code, message: action.message, phase: state.phase },
      };
    case 'notice':
      return {
        ...state,
        notice: { code: action.code, message: action.message, seq: (state.notice?.seq ?? 0) + 1 },
      };
    case 'dismissNotice':
      return { ...state, notice: null };
    case 'dismissRecordingConsent':
      return { ...state, recordingConsent: 'dismissed' };
    case 'dropReaction':
    case 'clearModeration': {
      const live =
        action.type === 'dropReaction'
          ? dropReaction(state.live, action.id)
          : clearModeration(state.live, action.seq);
      return live === state.live ? state : { ...state, live };
    }
  }
}
