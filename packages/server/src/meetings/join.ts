// Entering a meeting without the web calendar: the join decision for the signalling server (user,
// device, join token or guest passcode), the kiosk's list of its bridge point's meetings, and RSVP
// through the personal link in a giấy mời.
import { AppError } from '@diemcau/protocol';
import type { KioskMeeting, MeetingPublicView, RsvpInput, RsvpStatus } from '@diemcau/protocol';
import type { AuthContext } from '../auth/context.js';
import type { Db } from '../db/database.js';
import { canJoin } from './authz.js';
import type { JoinDecision, Joiner } from './authz.js';
import { expandOccurrences, vnStartOfDay } from './recurrence.js';
import type { MeetingService } from './service.js';
import { accessOf, MeetingStore } from './store.js';
import { resolveJoinToken, verifyPasscode } from './tokens.js';
import { occurrenceView } from './views.js';

export interface JoinRequest {
  meetingId: string;
  /** The WebSocket's session (user), the kiosk (device), or anonymous. */
  auth: AuthContext;
  /** `t=` of the join link. */
  token?: string | undefined;
  /** A guest's passcode. */
  passcode?: string | undefined;
}

export interface JoinOutcome {
  decision: JoinDecision;
  /** Who was admitted, as far as we know it. */
  personId: string | null;
  bridgePointId: string | null;
  /** Name to show: the person's full name, the bridge point's name or the token's label; null for guests. */
  name: string | null;
  bridgePointName: string | null;
}

const refused = (reason: Extract<JoinDecision, { kind: 'refuse' }>['reason']): JoinOutcome => ({
  decision: { kind: 'refuse', reason },
  personId: null,
  bridgePointId: null,
  name: null,
  bridgePointName: null,
});

/** Refusals from most to least telling: a caller who may not know the meeting learns nothing. */
const RANK = { not_found: 0, closed: 1, bad_passcode: 2, forbidden: 3 } as const;

/**
 * Decides whether a `join` may enter: tries the signed-in user or paired device, then the join
 * token, then the guest passcode, and takes the first that admits (or puts in the lobby).
 */
export async function decideJoin(
  service: MeetingService,
  db: Db,
  req: JoinRequest,
  now = new Date(),
): Promise<JoinOutcome> {
  const store = new MeetingStore(db);
  const m = await store.load(req.meetingId);
  if (!m) return refused('not_found');
  const access = accessOf(
    m,
    m.bridgePoints.map((b) => b.id),
    m.invitees,
  );
  const bpName = (id: string | null): string | null =>
    id === null
      ? null
      : id === m.hostBridgePointId
        ? m.hostBridgePointName
        : (m.bridgePoints.find((b) => b.id === id)?.name ?? null);
  const personName = (id: string | null): string | null =>
    m.invitees.find((i) => i.personId === id)?.fullName ?? null;

  const attempts: {
    who: Joiner;
    personId: string | null;
    bridgePointId: string | null;
    name: () => Promise<string | null>;
  }[] = [];
  const auth = req.auth;
  if (auth.kind !== 'anonymous') {
    const viewer = await service.viewer(auth);
    const personId = auth.kind === 'user' ? auth.personId : null;
    const bp = auth.bridgePointId;
    attempts.push({
      who: viewer,
      personId,
      bridgePointId: bp,
      name: async () =>
        auth.kind === 'device'
          ? bpName(bp)
          : (personName(personId) ??
            (personId ? await service.directory.personName(personId) : null) ??
            auth.username),
    });
  }
  if (req.token) {
    const t = await resolveJoinToken(db, req.token, now);
    if (t) {
      attempts.push({
        who: { kind: 'token', ...t },
        personId: t.personId,
        bridgePointId: t.bridgePointId,
        name: () => Promise.resolve(personName(t.personId) ?? bpName(t.bridgePointId) ?? t.label),
      });
    }
  }
  if (req.passcode !== undefined) {
    const ok = await verifyPasscode(req.passcode, m.guestPasscodeHash);
    attempts.push({
      who: { kind: 'guest', passcodeOk: ok },
      personId: null,
      bridgePointId: null,
      name: () => Promise.resolve(null),
    });
  }
  if (attempts.length === 0)
    attempts.push({
      who: { kind: 'anonymous' },
      personId: null,
      bridgePointId: null,
      name: () => Promise.resolve(null),
    });

  let worst: JoinOutcome | null = null;
  for (const a of attempts) {
    const decision = canJoin(access, a.who);
    if (decision.kind !== 'refuse') {
      const bridgePointId = decision.role === 'bridge_point' ? a.bridgePointId : null;
      return {
        decision,
        personId: a.personId,
        bridgePointId,
        name: await a.name(),
        bridgePointName: bpName(bridgePointId),
      };
    }
    if (
      worst === null ||
      worst.decision.kind !== 'refuse' ||
      RANK[decision.reason] > RANK[worst.decision.reason]
    ) {
      worst = refused(decision.reason);
    }
  }
  return worst ?? refused('not_found');
}

/** How long before the start a kiosk shows the meeting as live (join button). */
export const KIOSK_LIVE_LEAD_MS = 15 * 60_000;
const KIOSK_DAYS = 7;

/** The device's bridge point's meetings: today (Vietnam) and the next 7 days, `live` flagged. */
export async function kioskMeetings(
  db: Db,
  bridgePointId: string | null,
  now = new Date(),
): Promise<KioskMeeting[]> {
  if (bridgePointId === null) return [];
  const from = vnStartOfDay(now);
  const to = new Date(now.getTime() + KIOSK_DAYS * 24 * 60 * 60_000);
  const entries = await new MeetingStore(db).listCandidates({ from, to, bridgePointId });
  const out: KioskMeeting[] = [];
  for (const { row } of entries) {
    for (const o of expandOccurrences(row, from, to)) {
      const live =
        now.getTime() >= o.start.getTime() - KIOSK_LIVE_LEAD_MS && now.getTime() <= o.end.getTime();
      out.push({ ...occurrenceView(row, o), live });
    }
  }
  return out.sort((a, b) => a.occurrenceStart.localeCompare(b.occurrenceStart));
}

export interface RsvpTokenView {
  meeting: MeetingPublicView & { startsAt: string; durationMinutes: number; status: string };
  person: { id: string; fullName: string };
  rsvp: { status: RsvpStatus; reason: string | null };
}

async function personalInvitation(service: MeetingService, db: Db, token: string) {
  const t = await resolveJoinToken(db, token);
  const m = t?.personId ? await service.store.load(t.meetingId) : null;
  const invitee = m?.invitees.find((i) => i.personId === t?.personId);
  // NOTE: one answer for unknown, expired and withdrawn links: the link itself is the secret.
  if (!m || !invitee) throw AppError.notFound('invitation', 'token');
  return { m, invitee };
}

/** GET /api/rsvp/:token — what the personal link from the e-mail is about (reads only). */
export async function rsvpTokenView(service: MeetingService, db: Db, token: string): Promise<RsvpTokenView> {
  const { m, invitee } = await personalInvitation(service, db, token);
  return {
    meeting: {
      id: m.id,
      title: m.title,
      hostBridgePoint: m.hostBridgePointName,
      confidential: m.confidential,
      startsAt: m.startsAt,
      durationMinutes: m.durationMinutes,
      status: m.status,
    },
    person: { id: invitee.personId, fullName: invitee.fullName },
    rsvp: { status: invitee.rsvp, reason: invitee.rsvpReason },
  };
}

/** POST /api/rsvp/:token — answers for the person the link was made for. */
export async function rsvpByToken(
  service: MeetingService,
  db: Db,
  token: string,
  input: RsvpInput,
): Promise<{ status: string; reason: string | null }> {
  const { m, invitee } = await personalInvitation(service, db, token);
  return service.rsvpAs(m, invitee.personId, input);
}
