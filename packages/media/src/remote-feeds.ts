// The VideoRoom's remote publishers (Janus ≥ 1.1), as pure request builders and reply readers:
// `add_remote_publisher` on the node that receives a feed, `publish_remotely` on the node that
// has it. Janus JSON stays in this package; the cascade logic lives in cascade.ts.
import { randomBytes } from 'node:crypto';

/** One published stream as `add_remote_publisher` wants it (copied from the publisher's reply). */
export interface RemoteStreamSpec {
  type: 'audio' | 'video';
  mindex: number;
  mid: string;
  codec?: string;
  fec?: boolean;
  stereo?: boolean;
  dtx?: boolean;
  simulcast?: boolean;
}

/** Where the receiving node listens for a forwarded feed. */
export interface RemoteEndpoint {
  port: number;
  rtcpPort: number | undefined;
}

/** Shared SRTP parameters of one forwarding (both nodes get the same key). */
export interface ForwardSrtp {
  suite: 32 | 80;
  /** Base64 of 30 bytes (AES-128 key and salt, as in SDES). */
  crypto: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Reads the streams of a publisher's `joined`/`configured` reply into what a remote node needs.
 * Disabled streams and data channels are left out.
 */
export function remoteStreamSpecs(streams: unknown): RemoteStreamSpec[] {
  if (!Array.isArray(streams)) return [];
  const out: RemoteStreamSpec[] = [];
  for (const s of streams) {
    if (!isRecord(s) || s.disabled === true) continue;
    if ((s.type !== 'audio' && s.type !== 'video') || typeof s.mid !== 'string') continue;
    if (typeof s.mindex !== 'number') continue;
    const spec: RemoteStreamSpec = { type: s.type, mindex: s.mindex, mid: s.mid };
    if (typeof s.codec === 'string') spec.codec = s.codec;
    for (const flag of ['fec', 'stereo', 'dtx', 'simulcast'] as const) {
      if (s[flag] === true) spec[flag] = true;
    }
    out.push(spec);
  }
  return out;
}

/** A fresh random SRTP key for one forwarding. */
export function newForwardSrtp(): ForwardSrtp {
  return { suite: 80, crypto: randomBytes(30).toString('base64') };
}

/** The `add_remote_publisher` body: the feed keeps its FeedKey as id on the receiving node. */
export function addRemotePublisherBody(
  room: string,
  feed: string,
  opts: { display: string; iface: string; streams: RemoteStreamSpec[]; srtp: ForwardSrtp },
): object {
  return {
    request: 'add_remote_publisher',
    room,
    id: feed,
    display: opts.display,
    // NOTE: bind to the node's forwarding address only; without `iface` Janus listens on every
    // interface and anyone could inject media into the room (SRTP also guards against that).
    iface: opts.iface,
    srtp_suite: opts.srtp.suite,
    srtp_crypto: opts.srtp.crypto,
    streams: opts.streams,
  };
}

/** Reads the port (and RTCP port) from an `add_remote_publisher` reply. */
export function parseRemoteEndpoint(data: Record<string, unknown>): RemoteEndpoint {
  const port = data.port;
  if (typeof port !== 'number' || port <= 0) throw new Error('add_remote_publisher: no port in the reply');
  const rtcp = data.rtcp_port;
  return { port, rtcpPort: typeof rtcp === 'number' && rtcp > 0 ? rtcp : undefined };
}

/** The `publish_remotely` body on the node that has the feed. */
export function publishRemotelyBody(
  room: string,
  feed: string,
  opts: { remoteId: string; host: string; endpoint: RemoteEndpoint; srtp: ForwardSrtp },
): object {
  return {
    request: 'publish_remotely',
    room,
    publisher_id: feed,
    remote_id: opts.remoteId,
    host: opts.host,
    port: opts.endpoint.port,
    // NOTE: with the RTCP port, a viewer's keyframe request on the far node reaches the publisher.
    ...(opts.endpoint.rtcpPort === undefined ? {} : { rtcp_port: opts.endpoint.rtcpPort }),
    srtp_suite: opts.srtp.suite,
    srtp_crypto: opts.srtp.crypto,
  };
}
