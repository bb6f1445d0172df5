// What a bot is told (BotOptions) and what it tells its listeners (BotEvents).
import type { Participant, ServerMessage, SubscribedStream } from '@diemcau/protocol';
import type { BotErrorRecord } from './report.js';
import type { TurnTransport, TurnVia } from './sdp.js';
import type { Wrtc } from './wrtc.js';

export interface BotOptions {
  /** Join link: `<origin>/m/<meetingId>?name=…&bp=…&t=…`. */
  link: string;
  /** Overrides the name in the link. */
  name?: string;
  /** How long to stay after joining. */
  seconds: number;
  /** Publish camera audio and video (default true). */
  publish?: boolean;
  /** Seconds after joining to send `media.state` with audioMuted and start sending silence. */
  muteAfterSeconds?: number;
  /** Video bitrate cap in kbit/s, applied with `b=AS` (default 500). */
  videoKbps?: number;
  /** Send and receive through TURN relays only (iceTransportPolicy 'relay'). */
  relayOnly?: boolean;
  /** Use only the server's TURN URLs over these transports (a firewall that allows only TCP). */
  turnTransports?: TurnTransport[];
  /** Send TURN-over-UDP traffic to this address instead (a relay that delays it, in tests). */
  turnVia?: TurnVia;
  /** Publish the camera as simulcast h/m/l (as browsers do), so subscribers can get a lower layer. */
  simulcast?: boolean;
  /** Seconds after joining from which audio gaps, freezes and concealment are measured (default 0). */
  measureAfterSeconds?: number;
  /** Rejoin after a signalling drop (not after the server closed us on purpose). Default true. */
  rejoin?: boolean;
  /** Send `quality.report` every 5 s (default true). */
  qualityReports?: boolean;
  /** Ask for "Âm thanh gộp" (mixed audio: one stream for everyone, as a very weak point). */
  mixedAudio?: boolean;
  joinTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The wrtc module; loaded on demand when absent. */
  wrtc?: Wrtc;
}

export type BotEvents = {
  joined: [self: Participant, atMs: number];
  published: [atMs: number];
  subscribed: [version: number, streams: SubscribedStream[]];
  firstRemoteFrame: [from: string, atMs: number];
  error: [record: BotErrorRecord];
  mediaReset: [];
  /** The signalling socket dropped; the bot is rejoining. */
  signallingDrop: [code: number];
  /** Back in the meeting after a drop (a new participant id). */
  rejoined: [self: Participant, atMs: number];
  /** Every valid server message, after the bot handled it. */
  message: [message: ServerMessage];
};
