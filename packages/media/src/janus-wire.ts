// The Janus WebSocket API messages we send and receive, as discriminated unions on `janus`, and
// the one function that turns a text frame into one of them. Nothing here leaves the package.

/** An SDP offer/answer as Janus carries it. */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
  /** Janus sets this on subscriber offers that restart ICE. */
  restart?: boolean;
}

/** A trickled candidate; `{ completed: true }` ends gathering. */
export type JanusCandidate =
  { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | { completed: true };

/** Plugin payload of `success` and `event` messages. */
export interface PluginData {
  plugin: string;
  data: Record<string, unknown>;
}

interface Tx {
  transaction: string;
}
interface FromHandle {
  session_id: number;
  sender: number;
}

/** Requests we send (the `transaction` and `apisecret` are added by the connection). */
export type JanusRequest =
  | { janus: 'info' }
  | { janus: 'create' }
  | { janus: 'destroy'; session_id: number }
  | { janus: 'keepalive'; session_id: number }
  | { janus: 'attach'; session_id: number; plugin: string; opaque_id?: string }
  | { janus: 'detach'; session_id: number; handle_id: number }
  | { janus: 'hangup'; session_id: number; handle_id: number }
  | { janus: 'message'; session_id: number; handle_id: number; body: object; jsep?: Jsep }
  | { janus: 'trickle'; session_id: number; handle_id: number; candidate: JanusCandidate };

/** Everything Janus sends us over the WebSocket. */
export type JanusMessage =
  | ({
      janus: 'success';
      data?: { id: number };
      plugindata?: PluginData;
      session_id?: number;
      sender?: number;
    } & Tx)
  | ({ janus: 'ack'; session_id?: number } & Tx)
  | {
      janus: 'error';
      transaction?: string;
      session_id?: number;
      error: { code: number; reason: string };
    }
  | ({ janus: 'server_info'; version: number; version_string: string } & Tx)
  | ({ janus: 'event'; transaction?: string; plugindata: PluginData; jsep?: Jsep } & FromHandle)
  | ({ janus: 'webrtcup' } & FromHandle)
  | ({ janus: 'media'; type: 'audio' | 'video'; mid?: string; receiving: boolean } & FromHandle)
  | ({ janus: 'slowlink'; uplink: boolean; lost?: number; mid?: string; media?: string } & FromHandle)
  | ({ janus: 'hangup'; reason?: string } & FromHandle)
  | ({ janus: 'detached' } & FromHandle)
  | ({ janus: 'trickle'; candidate: JanusCandidate } & FromHandle)
  | { janus: 'timeout'; session_id: number };

export type JanusMessageType = JanusMessage['janus'];

/** The wire strings of every message we understand (pinned in a test). */
export const JANUS_MESSAGE_TYPES: readonly JanusMessageType[] = [
  'success',
  'ack',
  'error',
  'server_info',
  'event',
  'webrtcup',
  'media',
  'slowlink',
  'hangup',
  'detached',
  'trickle',
  'timeout',
];

/** Events Janus sends about one handle without a transaction of ours. */
export type HandleMessage = Extract<
  JanusMessage,
  { janus: 'event' | 'webrtcup' | 'media' | 'slowlink' | 'hangup' | 'detached' | 'trickle' }
>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function isJsep(v: unknown): v is Jsep {
  return isObj(v) && (v.type === 'offer' || v.type === 'answer') && isStr(v.sdp);
}

function fromHandle(m: Record<string, unknown>): boolean {
  return isNum(m.session_id) && isNum(m.sender);
}

/** Checks the fields each message type needs; anything else is passed through unchecked. */
function wellFormed(m: Record<string, unknown>): boolean {
  switch (m.janus) {
    case 'success':
    case 'ack':
    case 'server_info':
      return isStr(m.transaction);
    case 'error':
      return isObj(m.error) && isNum(m.error.code);
    case 'event':
      return (
        fromHandle(m) &&
        isObj(m.plugindata) &&
        isObj(m.plugindata.data) &&
        (m.jsep === undefined || isJsep(m.jsep))
      );
    case 'media':
    case 'slowlink':
    case 'hangup':
    case 'webrtcup':
    case 'detached':
    case 'trickle':
      return fromHandle(m);
    case 'timeout':
      return isNum(m.session_id);
    default:
      return false;
  }
}

/** Parses one frame from Janus; null when it is not JSON or not a message we understand. */
export function parseJanusMessage(text: string): JanusMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(json) || !wellFormed(json)) return null;
  return json as JanusMessage;
}

/** Janus core error codes we act on (janus/apierror.h). */
export const JANUS_ERROR = {
  unauthorized: 403,
  sessionNotFound: 458,
  handleNotFound: 459,
} as const;

/** VideoRoom error codes we act on (janus_videoroom.c). */
export const VIDEOROOM_ERROR = {
  noSuchRoom: 426,
  roomExists: 427,
  noSuchFeed: 428,
  idExists: 436,
} as const;
