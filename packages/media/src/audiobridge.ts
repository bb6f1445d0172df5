// The Janus AudioBridge (janus_audiobridge.c, Janus 1.1) as typed request builders and reply
// readers, plus the VideoRoom `rtp_forward` that feeds it. Janus JSON stays in this package: the
// mix logic (mix.ts) only sees the types below.

/** How a meeting's mix is set up in Janus. */
export interface BridgeRoomOptions {
  /** Mixer rate; 24 kHz keeps speech clear at a fraction of 48 kHz's CPU. */
  samplingRate: 8000 | 12000 | 16000 | 24000 | 48000;
  /** Opus bitrate of each listener's mix, bit/s (weak lines: keep it low). */
  bitrate: number;
  /** Loss the encoders plan for, percent (0–20): turns Opus in-band FEC on for the mix. */
  expectedLossPct: number;
}

export const DEFAULT_BRIDGE_OPTIONS: BridgeRoomOptions = {
  samplingRate: 24000,
  bitrate: 24_000,
  expectedLossPct: 10,
};

/** The RTP payload type the VideoRoom rewrites forwarded Opus to, and the bridge expects. */
export const FORWARD_OPUS_PT = 100;

/** Participant ids in the bridge: a FeedKey never starts with `~`, a listener id always does. */
export const sourceId = (feed: string): string => `src:${feed}`;
export const listenerId = (participantId: string): string => `~l:${participantId}`;

/** Replies of the AudioBridge we act on, discriminated on `kind`. */
export type BridgeReply =
  | { kind: 'created'; room: string }
  | { kind: 'destroyed'; room: string }
  | { kind: 'joined'; room: string; id: string; rtp: { ip: string; port: number } | undefined }
  | { kind: 'ok' }
  | { kind: 'left' }
  | { kind: 'success' }
  | { kind: 'other'; event: string };

/** Replies of the VideoRoom's `rtp_forward`. */
export interface ForwardReply {
  /** The forwarder of the audio stream (there is one: we forward the audio mid only). */
  streamId: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Reads one AudioBridge plugin payload (`data` of a success or event). */
export function parseBridgeReply(data: Record<string, unknown>): BridgeReply {
  const event = typeof data.audiobridge === 'string' ? data.audiobridge : '';
  const room = str(data.room) ?? '';
  switch (event) {
    case 'created':
      return { kind: 'created', room };
    case 'destroyed':
      return { kind: 'destroyed', room };
    case 'joined': {
      const rtp = data.rtp;
      const id = str(data.id) ?? '';
      if (isRecord(rtp) && typeof rtp.ip === 'string' && typeof rtp.port === 'number')
        return { kind: 'joined', room, id, rtp: { ip: rtp.ip, port: rtp.port } };
      return { kind: 'joined', room, id, rtp: undefined };
    }
    case 'event':
      return data.result === 'ok' ? { kind: 'ok' } : { kind: 'other', event };
    case 'left':
      return { kind: 'left' };
    case 'success':
      return { kind: 'success' };
    default:
      return { kind: 'other', event };
  }
}

/** `create`: a private, temporary room keyed like the meeting, open to plain-RTP participants. */
export function createBridgeBody(room: string, adminKey: string, opts: BridgeRoomOptions): object {
  return {
    request: 'create',
    room,
    admin_key: adminKey,
    description: room,
    is_private: true,
    permanent: false,
    sampling_rate: opts.samplingRate,
    audiolevel_ext: true,
    audiolevel_event: false,
    allow_rtp_participants: true,
    default_expectedloss: opts.expectedLossPct,
    default_bitrate: opts.bitrate,
    // NOTE: 6 packets (120 ms) of jitter buffer before a source is mixed: forwarded RTP arrives in
    // bursts after the publisher's own line; less cuts syllables, more delays the weak point.
    default_prebuffering: 6,
  };
}

export const destroyBridgeBody = (room: string): object => ({ request: 'destroy', room });

/**
 * `join` of a plain-RTP source: a VideoRoom feed forwarded into the mix. No `ip`/`port` of ours:
 * the bridge then only receives (nobody listens to a source's mix-minus, so none is sent).
 */
export function joinSourceBody(room: string, feed: string): object {
  return {
    request: 'join',
    room,
    id: sourceId(feed),
    display: feed,
    muted: false,
    rtp: { payload_type: FORWARD_OPUS_PT, fec: true },
  };
}

/**
 * `join` of a WebRTC listener with its offer: the weak point hears everyone but itself, and its
 * microphone goes into the mix for the other listeners (its VideoRoom feed is not forwarded).
 */
export function joinListenerBody(room: string, participantId: string, opts: BridgeRoomOptions): object {
  return {
    request: 'join',
    room,
    id: listenerId(participantId),
    display: participantId,
    muted: false,
    bitrate: opts.bitrate,
    expected_loss: opts.expectedLossPct,
  };
}

/** VideoRoom `rtp_forward` of a feed's audio stream (mid) to the bridge's port, Opus rewritten to our PT. */
export function rtpForwardBody(
  room: string,
  feed: string,
  audioMid: string,
  target: { host: string; port: number },
): object {
  return {
    request: 'rtp_forward',
    room,
    publisher_id: feed,
    host: target.host,
    streams: [{ mid: audioMid, host: target.host, port: target.port, pt: FORWARD_OPUS_PT }],
  };
}

export function stopRtpForwardBody(room: string, feed: string, streamId: number): object {
  return { request: 'stop_rtp_forward', room, publisher_id: feed, stream_id: streamId };
}

/** Reads the VideoRoom's `rtp_forward` reply; undefined when it holds no forwarder. */
export function parseForwardReply(data: Record<string, unknown>): ForwardReply | undefined {
  if (data.videoroom !== 'rtp_forward' || !Array.isArray(data.forwarders)) return undefined;
  for (const f of data.forwarders) {
    if (isRecord(f) && typeof f.stream_id === 'number') return { streamId: f.stream_id };
  }
  return undefined;
}

/** AudioBridge error codes we act on (janus_audiobridge.c). */
export const AUDIOBRIDGE_ERROR = {
  noSuchRoom: 485,
  roomExists: 486,
  idExists: 490,
  alreadyJoined: 491,
} as const;
