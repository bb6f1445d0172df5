// What changed in the meeting that a person must notice even without looking (screen readers hear
// it in an aria-live region; the room also opens the votes panel): a pure diff of two states.
import type { LiveState } from '@diemcau/protocol';

export type LiveAnnouncement =
  | { kind: 'meetingStarted' }
  | { kind: 'meetingEnded' }
  | { kind: 'itemChanged'; title: string }
  | { kind: 'floorGranted'; label: string; self: boolean }
  | { kind: 'voteOpened'; voteId: string; title: string }
  | { kind: 'votePublished'; voteId: string; title: string }
  | { kind: 'locked'; locked: boolean };

/** The announcements between two states of the same meeting (none from the first snapshot). */
export function liveAnnouncements(
  prev: LiveState | null,
  next: LiveState | null,
  selfKey: string | null,
): LiveAnnouncement[] {
  if (!prev || !next || prev === next) return [];
  const out: LiveAnnouncement[] = [];
  if (prev.status !== 'in_progress' && next.status === 'in_progress') out.push({ kind: 'meetingStarted' });
  if (prev.status !== 'ended' && next.status === 'ended') out.push({ kind: 'meetingEnded' });
  if (prev.locked !== next.locked) out.push({ kind: 'locked', locked: next.locked });
  if (next.currentItemId !== null && next.currentItemId !== prev.currentItemId) {
    const item = next.context.agenda.find((a) => a.id === next.currentItemId);
    if (item) out.push({ kind: 'itemChanged', title: item.title });
  }
  if (next.current && next.current.requestId !== prev.current?.requestId)
    out.push({ kind: 'floorGranted', label: next.current.label, self: next.current.speakerKey === selfKey });
  const before = new Map(prev.votes.map((v) => [v.id, v.status]));
  for (const v of next.votes) {
    const was = before.get(v.id);
    if (was === undefined && v.status === 'open')
      out.push({ kind: 'voteOpened', voteId: v.id, title: v.title });
    if (was !== undefined && was !== 'published' && v.status === 'published')
      out.push({ kind: 'votePublished', voteId: v.id, title: v.title });
  }
  return out;
}
