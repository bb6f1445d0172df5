// The context of a live meeting, loaded from the schedule (not from events): invitees with their
// RSVP, invited bridge points (the host first), the agenda and whether it is a training.
import type { LiveContext } from '@diemcau/protocol';
import type { MeetingStore } from '../meetings/store.js';
import type { LiveStore } from './store.js';

const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);
const label = (s: string, fallback: string): string => clip(s.trim(), 160) || fallback;

/** The meeting's context, or null when there is no such meeting. */
export async function loadLiveContext(
  meetings: Pick<MeetingStore, 'load'>,
  live: Pick<LiveStore, 'homePoints'>,
  meetingId: string,
): Promise<LiveContext | null> {
  const m = await meetings.load(meetingId);
  if (!m) return null;
  const points: LiveContext['points'] = [];
  if (m.hostBridgePointId)
    points.push({
      bridgePointId: m.hostBridgePointId,
      name: label(m.hostBridgePointName ?? '', m.hostBridgePointId),
      isHost: true,
    });
  for (const bp of m.bridgePoints)
    if (bp.id !== m.hostBridgePointId)
      points.push({ bridgePointId: bp.id, name: label(bp.name, bp.id), isHost: false });
  const home = await live.homePoints(
    m.invitees.map((i) => i.personId),
    points.map((p) => p.bridgePointId),
  );
  return {
    meetingId: m.id,
    title: clip(m.title, 300),
    meetingType: m.type,
    training: m.type === 'tap_huan',
    invited: m.invitees.map((i) => ({
      personId: i.personId,
      name: label(i.fullName, i.personId),
      role: i.role,
      rsvp: i.rsvp,
      reason: i.rsvpReason === null ? null : clip(i.rsvpReason, 500),
      bridgePointId: home.get(i.personId) ?? null,
    })),
    points,
    agenda: m.agenda.map((a) => ({
      id: a.id,
      title: clip(a.title, 300),
      presenter: clip(a.presenterName ?? a.presenterLabel, 160),
      plannedMinutes: Math.min(1440, Math.max(0, a.plannedMinutes)),
    })),
  };
}
