// The signalling protocol between a client (browser, kiosk or bot) and our server: one WebSocket
// per client, JSON text frames, each frame one message of the unions below, validated with zod at
// both ends. Media never passes here; SDP and ICE candidates do.
import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { QualitySample } from './quality.js';
import { MAX_VIEW_TILES, ParticipantQuality, ReceiveMode, ReceiveReason, ViewTile } from './adaptation.js';
import { Actor, ActorKey, LiveAction, LiveState, Moderation, SequencedEvent } from './live/schema.js';

/** Path of the signalling WebSocket on our server. */
export const SIGNALLING_PATH = '/ws';
/** Largest frame we accept (SDP with simulcast is ~6 KB; leave room, refuse abuse). */
export const MAX_FRAME_BYTES = 64 * 1024;

const rid = z.string().min(1).max(64);
const sdp = z.string().min(10).max(60_000);
const displayName = z.string().trim().min(1).max(80);
const id = z.string().min(1).max(128);

/** A media source a participant can publish. Each source is its own Janus publisher. */
export const MediaSource = z.enum(['camera', 'screen']);
export type MediaSource = z.infer<typeof MediaSource>;

/** Which peer connection a trickled ICE candidate belongs to. */
export const PeerTarget = z.enum(['camera', 'screen', 'subscriber']);
export type PeerTarget = z.infer<typeof PeerTarget>;
/** A client's candidates may also be for its mixed-audio connection (`mix.join`). */
export const TrickleTarget = z.enum(['camera', 'screen', 'subscriber', 'mix']);
export type TrickleTarget = z.infer<typeof TrickleTarget>;

export const IceCandidate = z.object({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** What a participant currently publishes. */
export const Publishing = z.object({
  camera: z.object({ audio: z.boolean(), video: z.boolean() }).nullable(),
  screen: z.boolean(),
});
export type Publishing = z.infer<typeof Publishing>;

/** A participant's role in this meeting (decides what the chair console offers, and labels). */
export const ParticipantRole = z.enum([
  'chair',
  'secretary',
  'presenter',
  'delegate',
  'trainee',
  'bridge_point',
  'guest',
]);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

/** A participant as every client sees it. */
export const Participant = z.object({
  id,
  name: displayName,
  role: ParticipantRole.default('delegate'),
  /** May admit from the lobby and (later) run the meeting: chair, secretary, admins. */
  moderator: z.boolean().default(false),
  /** The bridge point (điểm cầu) this participant is, or sits at; null for a person on their own device. */
  bridgePoint: z.string().max(120).nullable(),
  /** Durable key of whoever this is (person, bridge point, account, guest): see live/schema.ts. */
  actorKey: ActorKey,
  audioMuted: z.boolean(),
  videoMuted: z.boolean(),
  publishing: Publishing,
  joinedAt: z.iso.datetime(),
});
export type Participant = z.infer<typeof Participant>;

/** A point on a presented page, normalized: x and y from 0 (left, top) to 1 (right, bottom). */
export const PresentPointer = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) });
export type PresentPointer = z.infer<typeof PresentPointer>;

export const MeetingInfo = z.object({
  id,
  title: z.string().max(300),
  hostBridgePoint: z.string().nullable(),
});
export type MeetingInfo = z.infer<typeof MeetingInfo>;

/** One stream in the subscriber connection: which remote participant and source a `mid` carries. */
export const SubscribedStream = z.object({
  mid: z.string().max(16),
  participantId: id,
  source: MediaSource,
  kind: z.enum(['audio', 'video']),
});
export type SubscribedStream = z.infer<typeof SubscribedStream>;

// ---------------------------------------------------------------------------------------------
// Client → server
// ---------------------------------------------------------------------------------------------

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('join'),
    rid,
    meetingId: id,
    name: displayName,
    bridgePoint: z.string().trim().min(1).max(120).nullable().optional(),
    /** Invitation token from the join link (`t=`). */
    token: z.string().max(512).optional(),
    /** A paired bridge-point device's token (kiosk), instead of a person's credentials. */
    deviceToken: z.string().max(512).optional(),
    /** A guest's meeting passcode; guests then wait in the lobby until admitted. */
    passcode: z.string().max(32).optional(),
  }),
  /** A moderator lets a waiting guest in, or turns them away. */
  z.object({ type: z.literal('lobby.admit'), rid, participantId: id }),
  z.object({ type: z.literal('lobby.reject'), rid, participantId: id }),
  z.object({
    type: z.literal('publish'),
    rid,
    source: MediaSource,
    sdp,
    audio: z.boolean(),
    video: z.boolean(),
    /**
     * An ICE restart of the source's existing connection (the client's network changed): the
     * server answers on the same media handle, so the feed and everyone's view of it stay.
     */
    restart: z.boolean().optional(),
  }),
  z.object({ type: z.literal('unpublish'), rid, source: MediaSource }),
  /** The client's answer to the server's latest `subscribe.offer`. */
  z.object({ type: z.literal('subscribe.answer'), version: z.number().int().nonnegative(), sdp }),
  /**
   * The subscriber connection lost ICE: the server sends a `subscribe.offer` with fresh ICE
   * credentials. `fresh`: the connection is beyond repair (restarts failed); the server drops it
   * and offers a new one, which the client answers on a new connection.
   */
  z.object({ type: z.literal('subscribe.restart'), fresh: z.boolean().optional() }),
  /** Ask for a simulcast layer of a remote camera: 0 = lowest, 2 = highest (tile size decides). */
  z.object({
    type: z.literal('subscribe.quality'),
    participantId: id,
    substream: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  }),
  /** This client's media quality over the last interval (every 5 s; at most one per 2 s counts). */
  z.object({ type: z.literal('quality.report'), sample: QualitySample }),
  /**
   * What this client shows: the remote cameras in tiles with their sizes (the server picks each
   * one's layer from it and the client's line), and whether it chose to receive audio only.
   */
  z.object({
    type: z.literal('view.layout'),
    tiles: z.array(ViewTile).max(MAX_VIEW_TILES),
    audioOnly: z.boolean(),
  }),
  /**
   * The client's choice of "Âm thanh gộp" (mixed audio: one stream for everyone, for weak lines);
   * the server may also decide it on its own from the client's line (see `receive.mode`).
   */
  z.object({ type: z.literal('receive.preference'), mixedAudio: z.boolean() }),
  /**
   * Joins the meeting's mix after `receive.mode {mixedAudio: true}`: an audio offer whose sending
   * side is the microphone (left out of what this client hears) and whose receiving side is the
   * mix. `restart`: an ICE restart of the same connection. Answered by `mix.answer`.
   */
  z.object({ type: z.literal('mix.join'), rid, sdp, restart: z.boolean().optional() }),
  /** Leaves the mix (after `receive.mode {mixedAudio: false}`); acknowledged. */
  z.object({ type: z.literal('mix.leave'), rid }),
  /** A local ICE candidate; `null` means the client finished gathering. */
  z.object({ type: z.literal('trickle'), target: TrickleTarget, candidate: IceCandidate.nullable() }),
  z.object({ type: z.literal('media.state'), audioMuted: z.boolean(), videoMuted: z.boolean() }),
  z.object({ type: z.literal('ping'), rid }),
  /** A moderator starts or stops recording the meeting (everyone sees `recording.state`). */
  z.object({ type: z.literal('recording.start'), rid }),
  z.object({ type: z.literal('recording.stop'), rid }),
  /** A meeting action (chair console, roll call, speaking queue, votes, chat, Q&A). */
  z.object({ type: z.literal('act'), rid, action: LiveAction }),
  /**
   * The presenter's pointer on the presented page (0–1 from the page's top left), or null when it
   * leaves the page. Not stored; relayed to the others at most ~10 times a second.
   */
  z.object({ type: z.literal('present.pointer'), pointer: PresentPointer.nullable() }),
  /**
   * Asks for a short-lived URL of the presented PDF, for viewers without an account session or a
   * kiosk token (invitation links, admitted guests). Answered by `present.ticket`.
   */
  z.object({ type: z.literal('present.ticket'), rid }),
  z.object({ type: z.literal('leave') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage['type'];

// ---------------------------------------------------------------------------------------------
// Server → client
// ---------------------------------------------------------------------------------------------

export const LeaveReason = z.enum(['left', 'disconnected', 'removed', 'meeting_ended']);
export type LeaveReason = z.infer<typeof LeaveReason>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('joined'),
    rid,
    self: Participant,
    meeting: MeetingInfo,
    participants: z.array(Participant),
    activeSpeakerId: id.nullable(),
    iceServers: z.array(IceServer),
  }),
  /** Answer to a guest's join: wait; `joined` (same rid) follows on admission, `error` on refusal. */
  z.object({ type: z.literal('lobby.waiting'), rid }),
  /** To moderators: who is waiting in the lobby now. */
  z.object({
    type: z.literal('lobby.updated'),
    waiting: z.array(
      z.object({
        id,
        name: displayName,
        bridgePoint: z.string().max(120).nullable(),
        since: z.iso.datetime(),
      }),
    ),
  }),
  z.object({ type: z.literal('participant.joined'), participant: Participant }),
  z.object({ type: z.literal('participant.updated'), participant: Participant }),
  z.object({ type: z.literal('participant.left'), participantId: id, reason: LeaveReason }),
  z.object({ type: z.literal('publish.answer'), rid, source: MediaSource, sdp }),
  /**
   * A new offer for the client's single subscriber connection (Janus is always the offerer
   * there). The client answers with `subscribe.answer` carrying the same version.
   */
  z.object({
    type: z.literal('subscribe.offer'),
    version: z.number().int().nonnegative(),
    sdp,
    streams: z.array(SubscribedStream),
  }),
  z.object({ type: z.literal('trickle'), target: PeerTarget, candidate: IceCandidate.nullable() }),
  z.object({ type: z.literal('speaker.active'), participantId: id.nullable() }),
  /** What this client receives now after adaptation, and why (sent when it changes). */
  z.object({
    type: z.literal('receive.mode'),
    mode: ReceiveMode,
    reason: ReceiveReason,
    /** The downlink budget the server works with, kbit/s; null while it has no estimate or cap. */
    budgetKbps: z.number().min(0).max(1_000_000).nullable(),
    /**
     * Whether the client should receive everyone's audio as one mixed stream (`mix.join`) instead
     * of one stream per speaker; absent means false.
     */
    mixedAudio: z.boolean().optional(),
  }),
  /** Janus's answer to `mix.join`. */
  z.object({ type: z.literal('mix.answer'), rid, sdp }),
  /** Connection quality of participants whose level changed (all of them right after joining). */
  z.object({ type: z.literal('quality.levels'), levels: z.array(ParticipantQuality) }),
  /**
   * The media server restarted: every peer connection is gone. The client closes its
   * connections and publishes again; the server sends a fresh `subscribe.offer`.
   */
  z.object({ type: z.literal('media.reset'), reason: z.enum(['media_server_restarted']) }),
  /** The meeting's conduct state as this client may see it: on join, on reconnect, and on resync. */
  z.object({ type: z.literal('live.snapshot'), state: LiveState }),
  /** One durable meeting event, after it was written to the database. */
  z.object({ type: z.literal('live.event'), ...SequencedEvent.shape }),
  /** A moderator asks something of this client (mute, unmute, the floor is yours). */
  z.object({ type: z.literal('moderation'), moderation: Moderation }),
  /** A short-lived reaction (not stored). */
  z.object({
    type: z.literal('reaction'),
    from: Actor,
    reaction: z.enum(['clap', 'thumbs_up', 'heart', 'agree']),
  }),
  /**
   * Whether the meeting is being recorded, since when: to everyone when it changes, and to a
   * newcomer right after `joined` while it records. Clients show an indicator and a consent notice.
   */
  z.object({
    type: z.literal('recording.state'),
    recording: z.boolean(),
    since: z.iso.datetime().nullable(),
  }),
  /** The presenter's pointer (never echoed to the presenter); null hides it. */
  z.object({
    type: z.literal('present.pointer'),
    participantId: id,
    pointer: PresentPointer.nullable(),
  }),
  /** The presented PDF's ticket URL (same origin, path + query) and when it stops working. */
  z.object({
    type: z.literal('present.ticket'),
    rid,
    url: z.string().min(1).max(1024),
    expiresAt: z.iso.datetime(),
  }),
  z.object({ type: z.literal('ack'), rid }),
  z.object({ type: z.literal('pong'), rid }),
  z.object({
    type: z.literal('error'),
    rid: rid.optional(),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    field: z.string().optional(),
  }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageType = ServerMessage['type'];

/** Narrows a union member by its `type`. */
export type MessageOf<U extends { type: string }, T extends U['type']> = Extract<U, { type: T }>;

export type ParseResult<T> =
  { ok: true; value: T } | { ok: false; code: 'bad_message'; message: string; field?: string };

const decoder = new TextDecoder();

function parseFrame<T>(schema: z.ZodType<T>, raw: string | Uint8Array | ArrayBuffer): ParseResult<T> {
  const text = typeof raw === 'string' ? raw : decoder.decode(raw);
  if (text.length > MAX_FRAME_BYTES) return { ok: false, code: 'bad_message', message: 'frame too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad_message', message: 'frame is not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const message = issue ? issue.message : 'invalid message';
  return field === undefined
    ? { ok: false, code: 'bad_message', message }
    : { ok: false, code: 'bad_message', message, field };
}

/** Parses one frame from a client. Never throws. */
export const parseClientMessage = (raw: string | Uint8Array | ArrayBuffer): ParseResult<ClientMessage> =>
  parseFrame(ClientMessage, raw);

/** Parses one frame from the server. Never throws. */
export const parseServerMessage = (raw: string | Uint8Array | ArrayBuffer): ParseResult<ServerMessage> =>
  parseFrame(ServerMessage, raw);
