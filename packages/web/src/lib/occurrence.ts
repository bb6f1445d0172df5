// Facts about one meeting occurrence the screens need: its start and end, whether it is live
// (joinable now), and the join link of the room for a person or a bridge point.
import { buildJoinLink } from '@diemcau/protocol';
import type { MeetingOccurrence } from './api/contract';

/** Joinable from 15 minutes before the start until the end (the kiosk rule). */
export const EARLY_JOIN_MS = 15 * 60_000;

export const startOf = (m: Pick<MeetingOccurrence, 'startsAt'> & { occurrenceStart?: string }): string =>
  m.occurrenceStart ?? m.startsAt;

export function endOf(
  m: Pick<MeetingOccurrence, 'startsAt' | 'durationMinutes'> & {
    occurrenceStart?: string;
    occurrenceEnd?: string;
  },
): string {
  return m.occurrenceEnd ?? new Date(Date.parse(startOf(m)) + m.durationMinutes * 60_000).toISOString();
}

/** The server's `live` flag when it sends one; otherwise now ∈ [start − 15 min, end]. */
export function isLive(
  m: Pick<MeetingOccurrence, 'startsAt' | 'durationMinutes' | 'status'> & {
    occurrenceStart?: string;
    occurrenceEnd?: string;
    live?: boolean;
  },
  now: Date,
): boolean {
  if (m.status === 'cancelled' || m.status === 'ended') return false;
  if (typeof m.live === 'boolean') return m.live;
  const t = now.getTime();
  return t >= Date.parse(startOf(m)) - EARLY_JOIN_MS && t <= Date.parse(endOf(m));
}

/** The room's address for this meeting, joining as `name` (a person or a bridge point). */
export function joinUrl(meetingId: string, name: string, extra: Record<string, string> = {}): string {
  const url = new URL(buildJoinLink({ origin: window.location.origin, meetingId, name }));
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.pathname + url.search;
}
