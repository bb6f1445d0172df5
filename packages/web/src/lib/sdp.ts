// Small, pure SDP and ICE helpers: read m-sections, check simulcast, order codecs, convert
// candidates to the wire shape and filter them (tests keep ICE on loopback).
import type { IceCandidate } from '@diemcau/protocol';

export interface MediaSection {
  index: number;
  kind: string;
  port: number;
  mid: string | null;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** rids this section sends with simulcast (`a=simulcast:send h;m;l`), else empty. */
  simulcastSend: string[];
}

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;

/** Splits an SDP into its media sections and reads the attributes we care about. */
export function parseMediaSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  let current: MediaSection | null = null;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      const [kind = '', port = '0'] = line.slice(2).split(' ');
      current = {
        index: sections.length,
        kind,
        port: Number(port),
        mid: null,
        direction: 'sendrecv',
        simulcastSend: [],
      };
      sections.push(current);
    } else if (current) {
      if (line.startsWith('a=mid:')) current.mid = line.slice(6).trim();
      else if (line.startsWith('a=simulcast:send ')) {
        current.simulcastSend = line
          .slice('a=simulcast:send '.length)
          .trim()
          .split(/[;,]/)
          .map((r) => r.replace(/^~/, ''));
      } else {
        const dir = DIRECTIONS.find((d) => line === `a=${d}`);
        if (dir) current.direction = dir;
      }
    }
  }
  return sections;
}

/** True when a video section of the SDP offers rid simulcast. */
export const hasSimulcast = (sdp: string): boolean =>
  parseMediaSections(sdp).some((s) => s.kind === 'video' && s.simulcastSend.length > 1);

/** Returns the codecs with the preferred mime types first (in the given order), the rest after. */
export function orderCodecs<C extends { mimeType: string }>(
  codecs: readonly C[],
  preferred: readonly string[],
): C[] {
  const rank = (c: C): number => {
    const i = preferred.findIndex((p) => p.toLowerCase() === c.mimeType.toLowerCase());
    return i === -1 ? preferred.length : i;
  };
  return [...codecs]
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}

/** The connection address of an ICE candidate line, or null when unreadable. */
export function candidateAddress(candidate: string): string | null {
  const parts = candidate.replace(/^a=/, '').split(' ');
  return parts.length >= 8 ? (parts[4] ?? null) : null;
}

/** True for candidates on a loopback address (127.0.0.0/8 or ::1). */
export function isLoopbackCandidate(candidate: string): boolean {
  const address = candidateAddress(candidate);
  return address !== null && (address.startsWith('127.') || address === '::1');
}

/** Removes `a=candidate` lines the predicate rejects (end-of-candidates stays). */
export function filterSdpCandidates(sdp: string, keep: (candidate: string) => boolean): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .filter((line) => !line.startsWith('a=candidate:') || keep(line.slice(2)))
    .join(eol);
}

/** Converts a browser ICE candidate to the wire shape. */
export function toWireCandidate(c: {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}): IceCandidate {
  return { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null };
}
