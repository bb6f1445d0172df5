// Join links: the one URL shape a person, a kiosk and a bot all use to enter a meeting.

/** Path of the meeting room page for a meeting id. */
export const meetingPath = (meetingId: string): string => `/m/${encodeURIComponent(meetingId)}`;

export interface JoinLink {
  /** Origin of our server, e.g. http://localhost:8080. */
  origin: string;
  meetingId: string;
  /** Label to join as: a bridge point's name or a person's name. */
  name: string;
  /** Bridge point the participant sits at, when it is not the name itself. */
  bridgePoint?: string | null;
  token?: string;
}

/** Builds a join URL: `<origin>/m/<meetingId>?name=…[&bp=…][&t=…]`. */
export function buildJoinLink(link: JoinLink): string {
  const url = new URL(meetingPath(link.meetingId), link.origin);
  url.searchParams.set('name', link.name);
  if (link.bridgePoint) url.searchParams.set('bp', link.bridgePoint);
  if (link.token) url.searchParams.set('t', link.token);
  return url.toString();
}

/** Reads a join URL back; returns null when it is not one of ours. */
export function parseJoinLink(href: string): JoinLink | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const match = /^\/m\/([^/]+)\/?$/.exec(url.pathname);
  if (!match?.[1]) return null;
  const link: JoinLink = {
    origin: url.origin,
    meetingId: decodeURIComponent(match[1]),
    name: url.searchParams.get('name') ?? '',
  };
  const bp = url.searchParams.get('bp');
  if (bp) link.bridgePoint = bp;
  const t = url.searchParams.get('t');
  if (t) link.token = t;
  return link;
}

/** WebSocket URL of the signalling endpoint for an http(s) origin. */
export const signallingUrl = (origin: string): string => origin.replace(/^http/, 'ws') + '/ws';
