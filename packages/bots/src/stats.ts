// Reads the ICE route a peer connection settled on from getStats(): the nominated, succeeded
// candidate pair and both of its candidates (address, type, and for relays how we reach TURN).
import type { StatsEntry, WrtcPeerConnection } from './wrtc.js';

/** One end of the selected candidate pair. */
export interface RouteEnd {
  address: string;
  port: number | null;
  /** host, srflx, prflx or relay. */
  type: string;
  /** Transport of the candidate itself (udp or tcp). */
  protocol: string;
  /** For a local relay candidate: how we reach the TURN server (udp, tcp or tls); else null. */
  relayProtocol: string | null;
}

export interface SelectedRoute {
  local: RouteEnd;
  remote: RouteEnd;
}

const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;

function routeEnd(candidate: StatsEntry | undefined): RouteEnd {
  return {
    address: text(candidate?.address ?? candidate?.ip, '?'),
    port: typeof candidate?.port === 'number' ? candidate.port : null,
    type: text(candidate?.candidateType, '?'),
    protocol: text(candidate?.protocol, '?'),
    relayProtocol: typeof candidate?.relayProtocol === 'string' ? candidate.relayProtocol : null,
  };
}

/** The nominated, succeeded pair of a connection with both candidates, or null. */
export async function selectedRoute(pc: WrtcPeerConnection | null): Promise<SelectedRoute | null> {
  if (!pc) return null;
  try {
    const report = await pc.getStats();
    const byId = new Map<string, StatsEntry>();
    report.forEach((entry) => byId.set(entry.id, entry));
    const candidate = (id: unknown): StatsEntry | undefined =>
      typeof id === 'string' ? byId.get(id) : undefined;
    for (const entry of byId.values()) {
      if (entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded') {
        return {
          local: routeEnd(candidate(entry.localCandidateId)),
          remote: routeEnd(candidate(entry.remoteCandidateId)),
        };
      }
    }
  } catch {
    // a closed connection has no stats; that is not worth an error
  }
  return null;
}

/** `local -> remote` addresses of a route. */
export function routeText(route: SelectedRoute | null): string | null {
  if (!route) return null;
  const end = (e: RouteEnd): string => `${e.address}:${e.port ?? '?'}`;
  return `${end(route.local)} -> ${end(route.remote)}`;
}

/** `local -> remote` addresses of the selected pair of a connection. */
export async function selectedPair(pc: WrtcPeerConnection | null): Promise<string | null> {
  return routeText(await selectedRoute(pc));
}
