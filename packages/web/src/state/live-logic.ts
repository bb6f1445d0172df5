// Pure rules the live panels and the chair console show: who "I" am in the meeting's terms, whom
// the spotlight puts on the main view, agenda timing, queue moves, names of actors, the roll call
// of each bridge point, and which error text an action's refusal gets.
import {
  speakerLabel,
  summarizeAttendance,
  type LiveActionType,
  type LiveState,
  type Participant,
  type SpeakRequest,
} from '@diemcau/protocol';

/** The bridge point id of a `point:<id>` actor key, else null. */
export function pointIdOf(actorKey: string | null | undefined): string | null {
  return actorKey?.startsWith('point:') ? actorKey.slice('point:'.length) : null;
}

/** The person id of a `person:<id>` actor key, else null. */
export function personIdOf(actorKey: string | null | undefined): string | null {
  return actorKey?.startsWith('person:') ? actorKey.slice('person:'.length) : null;
}

/** Moderators run the meeting; the presenter may also answer questions in a training. */
export const canAnswerQuestions = (self: Pick<Participant, 'moderator' | 'role'> | undefined): boolean =>
  self !== undefined && (self.moderator || self.role === 'presenter');

/**
 * The participant the spotlight puts on everyone's main view: a remote participant of that actor
 * (a bridge point may have reconnected: the newest one publishing video wins). Null when nobody is
 * spotlighted, when it is this client itself, or when that actor is not in the room.
 */
export function spotlightParticipant(
  participants: readonly Participant[],
  spotlight: string | null,
  selfId: string | null,
): Participant | null {
  if (spotlight === null) return null;
  const matches = participants.filter((p) => p.actorKey === spotlight && p.id !== selfId);
  if (matches.length === 0) return null;
  const withVideo = matches.filter((p) => p.publishing.camera?.video === true || p.publishing.screen);
  return (withVideo.length > 0 ? withVideo : matches).at(-1) ?? null;
}

/** The label a speaking request is shown with: "<bridge point> – <person>" or the one there is. */
export function requestLabel(r: Pick<SpeakRequest, 'by' | 'onBehalfOf'>): string {
  const point = r.by.bridgePoint ?? (pointIdOf(r.by.key) ? r.by.name : null);
  return speakerLabel(point, r.onBehalfOf?.name ?? r.by.name);
}

/** "05:07" under an hour, "1:02:03" above; negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

export interface ItemTiming {
  spentMs: number;
  plannedMs: number;
  /** Over the planned time (only when one was planned). */
  over: boolean;
  current: boolean;
}

/** Time spent on an agenda item so far (closed periods plus the running one) against its plan. */
export function itemTiming(s: LiveState, itemId: string, nowMs: number): ItemTiming {
  const item = s.context.agenda.find((a) => a.id === itemId);
  const current = s.currentItemId === itemId;
  const running = current && s.itemStartedAt !== null ? nowMs - Date.parse(s.itemStartedAt) : 0;
  const spentMs = (s.itemSpentMs[itemId] ?? 0) + Math.max(0, running);
  const plannedMs = (item?.plannedMinutes ?? 0) * 60_000;
  return { spentMs, plannedMs, over: plannedMs > 0 && spentMs > plannedMs, current };
}

/** The agenda items before and after the current one (start: the first item). */
export function agendaNeighbours(s: LiveState): { previous: string | null; next: string | null } {
  const ids = s.context.agenda.map((a) => a.id);
  if (s.currentItemId === null) return { previous: null, next: ids[0] ?? null };
  const i = ids.indexOf(s.currentItemId);
  return { previous: i > 0 ? (ids[i - 1] ?? null) : null, next: ids[i + 1] ?? null };
}

/** Where a request moves by `delta` places (−1 up, +1 down), or null at either end. */
export function queueMoveTarget(
  queue: readonly SpeakRequest[],
  requestId: string,
  delta: number,
): number | null {
  const i = queue.findIndex((r) => r.id === requestId);
  if (i === -1) return null;
  const to = i + delta;
  return to < 0 || to >= queue.length ? null : to;
}

/** A display name for an actor key: invited person or point, someone in the room, else the key. */
export function actorName(s: LiveState, participants: readonly Participant[], key: string): string {
  const personId = personIdOf(key);
  if (personId !== null) {
    const invited = s.context.invited.find((p) => p.personId === personId);
    if (invited) return invited.name;
  }
  const pointId = pointIdOf(key);
  if (pointId !== null) {
    const point = s.context.points.find((p) => p.bridgePointId === pointId);
    if (point) return point.name;
  }
  const p = participants.find((x) => x.actorKey === key);
  if (p) return p.bridgePoint && p.bridgePoint !== p.name ? `${p.bridgePoint} – ${p.name}` : p.name;
  return key.slice(key.indexOf(':') + 1);
}

/** Invitees for the "on behalf of" picker of a point: those who sit there first, then by name. */
export function inviteesForPoint(s: LiveState, pointId: string | null): { personId: string; name: string }[] {
  const collator = new Intl.Collator('vi');
  return [...s.context.invited]
    .sort((a, b) => {
      const here = Number(b.bridgePointId === pointId) - Number(a.bridgePointId === pointId);
      return here !== 0 ? here : collator.compare(a.name, b.name);
    })
    .map((p) => ({ personId: p.personId, name: p.name }));
}

export interface PointRow {
  bridgePointId: string;
  name: string;
  isHost: boolean;
  connected: boolean;
  headCount: number;
  ticked: number;
  reportedAt: string | null;
  connectedAt: string | null;
  disconnectedAt: string | null;
}

/** The roll call per invited bridge point (plus any point that reported without an invitation). */
export function pointRows(s: LiveState): PointRow[] {
  const rows: PointRow[] = s.context.points.map((p) => {
    const a = s.points[p.bridgePointId];
    return {
      bridgePointId: p.bridgePointId,
      name: p.name,
      isHost: p.isHost,
      connected: a !== undefined && a.connectedAt !== null && a.disconnectedAt === null,
      headCount: a?.headCount ?? 0,
      ticked: a?.presentPersonIds.length ?? 0,
      reportedAt: a?.reportedAt ?? null,
      connectedAt: a?.connectedAt ?? null,
      disconnectedAt: a?.disconnectedAt ?? null,
    };
  });
  for (const a of Object.values(s.points))
    if (!rows.some((r) => r.bridgePointId === a.bridgePointId))
      rows.push({
        bridgePointId: a.bridgePointId,
        name: a.bridgePointId,
        isHost: false,
        connected: a.connectedAt !== null && a.disconnectedAt === null,
        headCount: a.headCount,
        ticked: a.presentPersonIds.length,
        reportedAt: a.reportedAt,
        connectedAt: a.connectedAt,
        disconnectedAt: a.disconnectedAt,
      });
  return rows;
}

/** The attendance summary with counts per status, for the console's board. */
export function attendanceBoard(s: LiveState): ReturnType<typeof summarizeAttendance> & {
  byStatus: Record<'present' | 'left' | 'absent_with_reason' | 'absent', number>;
} {
  const summary = summarizeAttendance(s);
  const byStatus = { present: 0, left: 0, absent_with_reason: 0, absent: 0 };
  for (const p of summary.persons) byStatus[p.status] += 1;
  return { ...summary, byStatus };
}

/**
 * The i18n key for a refused action: a specific text where the code alone would puzzle (a vote
 * that closed meanwhile, a request the chair already handled, chat too fast), else the code's.
 */
export function actionErrorKey(action: LiveActionType, code: string): string {
  if (code === 'wrong_state') {
    if (action === 'vote.cast') return 'liveErr.castRefused';
    if (action === 'vote.open') return 'liveErr.voteAlreadyOpen';
    if (action === 'speak.request') return 'liveErr.alreadyQueued';
    if (action.startsWith('vote.')) return 'liveErr.voteNotOpen';
    if (action === 'speak.end') return 'liveErr.nobodySpeaking';
    if (action.startsWith('speak.')) return 'liveErr.requestGone';
    if (action.startsWith('meeting.') || action === 'agenda.goto') return 'liveErr.meetingState';
    return 'liveErr.wrongState';
  }
  if (code === 'rate_limited') {
    if (action === 'chat.send') return 'liveErr.chatTooFast';
    if (action === 'reaction.send') return 'liveErr.reactionTooFast';
  }
  if (code === 'forbidden') {
    if (action === 'vote.cast') return 'liveErr.cannotVote';
    if (action === 'vote.count' || action === 'attendance.report') return 'liveErr.notThisPoint';
    return 'liveErr.forbidden';
  }
  if (code === 'conflict' && action === 'vote.cast') return 'liveErr.alreadyVoted';
  return `errors.${code}`;
}
