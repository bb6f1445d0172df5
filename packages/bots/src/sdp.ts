// Pure SDP and ICE helpers for bots that must stay on loopback: keep only 127.0.0.0/8
// candidates, scrub other addresses from SDP, cap the video bitrate with `b=AS`, and pick TURN
// URLs by transport.

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True for an IPv4 address in 127.0.0.0/8. */
export const isLoopbackAddress = (address: string): boolean => LOOPBACK_V4.test(address);

/** True for a URL host we may talk to: 127.0.0.0/8 or `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || isLoopbackAddress(host);
}

/** The connection address of an ICE candidate line (`candidate:… <address> <port> typ …`). */
export function candidateAddress(candidate: string): string | null {
  const parts = candidate.replace(/^a=/, '').trim().split(/\s+/);
  return parts.length >= 8 ? (parts[4] ?? null) : null;
}

/** True when an ICE candidate is a UDP or TCP candidate on a 127.0.0.0/8 address. */
export function isLoopbackCandidate(candidate: string): boolean {
  const address = candidateAddress(candidate);
  return address !== null && isLoopbackAddress(address);
}

/**
 * Removes every non-loopback `a=candidate` line and rewrites `c=` / `a=rtcp:` addresses that are
 * not loopback to 0.0.0.0, so an SDP never advertises the machine's other interfaces.
 */
export function scrubSdp(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith('a=candidate:') && !isLoopbackCandidate(line)) continue;
    const conn = /^c=IN IP[46] (\S+)$/.exec(line);
    if (conn?.[1] && !isLoopbackAddress(conn[1])) {
      out.push('c=IN IP4 0.0.0.0');
      continue;
    }
    const rtcp = /^a=rtcp:(\d+) IN IP[46] (\S+)$/.exec(line);
    if (rtcp?.[1] && rtcp[2] && !isLoopbackAddress(rtcp[2])) {
      out.push(`a=rtcp:${rtcp[1]} IN IP4 0.0.0.0`);
      continue;
    }
    out.push(line);
  }
  return out.join(eol);
}

/**
 * Sets `b=AS:<kbps>` (and `b=TIAS`) in every video media section, replacing existing bandwidth
 * lines. In a remote answer this caps what we send (NOTE: wrtc 0.10's sender.setParameters throws).
 */
export function capVideoBitrate(sdp: string, kbps: number): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const out: string[] = [];
  let inVideo = false;
  for (const line of lines) {
    if (line.startsWith('m=')) inVideo = line.startsWith('m=video');
    if (inVideo && /^b=(AS|TIAS):/.test(line)) continue;
    out.push(line);
    // b= lines follow i= and c= (RFC 8866 order); we insert right after c=.
    if (inVideo && line.startsWith('c=')) {
      out.push(`b=AS:${kbps}`, `b=TIAS:${kbps * 1000}`);
    }
  }
  return out.join(eol);
}

export interface IceServerLike {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Keeps only STUN/TURN URLs whose host is loopback; drops servers left with no URL. */
export function loopbackIceServers<T extends IceServerLike>(servers: readonly T[]): T[] {
  const kept: T[] = [];
  for (const server of servers) {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).filter((url) => {
      const host = /^(?:stuns?|turns?):\[?([^\]?:]+)/i.exec(url)?.[1];
      return host !== undefined && isLoopbackHost(host);
    });
    if (urls.length > 0) kept.push({ ...server, urls });
  }
  return kept;
}

/** How a client reaches a TURN server: `turn:…?transport=udp|tcp` or `turns:` (TLS over TCP). */
export type TurnTransport = 'udp' | 'tcp' | 'tls';

/** The transport of a TURN URL (RFC 7065: UDP when `turn:` has no transport), or null for STUN. */
export function turnTransport(url: string): TurnTransport | null {
  const scheme = /^(turns?):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'turns') return 'tls';
  if (scheme !== 'turn') return null;
  return /[?&]transport=tcp\b/i.test(url) ? 'tcp' : 'udp';
}

/**
 * Keeps only TURN URLs reached over one of `transports` (STUN URLs go too), as a client behind a
 * firewall that lets nothing else through would; drops servers left with no URL.
 */
export function onlyTurnTransports<T extends IceServerLike>(
  servers: readonly T[],
  transports: readonly TurnTransport[],
): T[] {
  const kept: T[] = [];
  for (const server of servers) {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).filter((url) => {
      const transport = turnTransport(url);
      return transport !== null && transports.includes(transport);
    });
    if (urls.length > 0) kept.push({ ...server, urls });
  }
  return kept;
}

/** Where a client sends its TURN-over-UDP traffic instead of the server's address. */
export interface TurnVia {
  host: string;
  port: number;
}

/**
 * Points every TURN-over-UDP URL at `via` (a relay on the way to the TURN server, such as the
 * delaying one of the latency tests); other URLs are left as they are.
 */
export function turnUdpVia<T extends IceServerLike>(servers: readonly T[], via: TurnVia): T[] {
  return servers.map((server) => {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).map((url) =>
      turnTransport(url) === 'udp' ? `turn:${via.host}:${via.port}?transport=udp` : url,
    );
    return { ...server, urls };
  });
}
