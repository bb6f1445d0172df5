// Who may see, edit and join a meeting: pure rules over a meeting's access facts and the caller,
// shared by the HTTP routes and the signalling server's admission (join enforcement).
import type { InviteeRole } from '@diemcau/protocol';
import type { ParticipantRole } from '@diemcau/protocol';
import type { AccountRole } from '../auth/context.js';

/** The facts about a meeting the rules need (loaded by MeetingStore.access). */
export interface MeetingAccess {
  id: string;
  status: 'scheduled' | 'open' | 'ended' | 'cancelled';
  confidential: boolean;
  organizationId: string | null;
  hostBridgePointId: string | null;
  /** Invited bridge points (the host is counted separately). */
  bridgePointIds: readonly string[];
  invitees: readonly { personId: string; role: InviteeRole }[];
  createdBy: string | null;
  guestAccess: boolean;
}

/** A signed-in account with the organizations its person belongs to (for confidential meetings). */
export interface UserViewer {
  kind: 'user';
  userId: string;
  personId: string | null;
  roles: readonly AccountRole[];
  /** For an operator: the bridge point they run. */
  bridgePointId: string | null;
  organizationIds: readonly string[];
}

export type Viewer =
  UserViewer | { kind: 'device'; deviceId: string; bridgePointId: string | null } | { kind: 'anonymous' };

/** Who asks to join: a viewer, a resolved join token, or a guest with (or without) a good passcode. */
export type Joiner =
  | Viewer
  | { kind: 'token'; meetingId: string; personId: string | null; bridgePointId: string | null }
  | { kind: 'guest'; passcodeOk: boolean };

export type JoinDecision =
  | { kind: 'admit'; role: ParticipantRole; moderator: boolean }
  | { kind: 'lobby'; role: 'guest'; moderator: false }
  /** not_found: the caller may not even know the meeting exists (confidential, or no such id). */
  | { kind: 'refuse'; reason: 'not_found' | 'forbidden' | 'closed' | 'bad_passcode' };

const isAdmin = (v: Viewer): boolean => v.kind === 'user' && v.roles.includes('admin');

const inviteeOf = (m: MeetingAccess, personId: string | null) =>
  personId === null ? undefined : m.invitees.find((i) => i.personId === personId);

/** The host or an invited bridge point. */
export const bridgePointInvited = (m: MeetingAccess, bridgePointId: string | null): boolean =>
  bridgePointId !== null &&
  (m.hostBridgePointId === bridgePointId || m.bridgePointIds.includes(bridgePointId));

/**
 * Invited in person, or through a bridge point: the device of an invited bridge point, or the
 * operator who runs it. NOTE: a bridge point's invitation counts for confidential meetings too,
 * since the chair invites a room on purpose (a party cell meets in its own office).
 */
export function isInvited(m: MeetingAccess, v: Viewer): boolean {
  if (v.kind === 'anonymous') return false;
  if (v.kind === 'device') return bridgePointInvited(m, v.bridgePointId);
  if (inviteeOf(m, v.personId)) return true;
  return v.roles.includes('operator') && bridgePointInvited(m, v.bridgePointId);
}

const isOrgMember = (m: MeetingAccess, v: Viewer): boolean =>
  v.kind === 'user' && m.organizationId !== null && v.organizationIds.includes(m.organizationId);

/**
 * May `v` see the meeting's details? A confidential meeting: admins, members of the owning
 * organization and the invited only. Otherwise: every signed-in account (the ward's calendar is
 * internal, not secret) and the devices of its bridge points. Anonymous callers get only the
 * public view (see `canSeePublic`).
 */
export function canSee(m: MeetingAccess, v: Viewer): boolean {
  if (v.kind === 'anonymous') return false;
  if (isAdmin(v) || isInvited(m, v)) return true;
  if (m.confidential) return isOrgMember(m, v);
  return v.kind === 'user';
}

/** May the join page show the minimal view (title, host) to someone not signed in? */
export const canSeePublic = (m: MeetingAccess): boolean =>
  !m.confidential && m.status !== 'cancelled' && m.status !== 'ended';

/** Admins, the meeting's chair or secretary, and the account that created it. */
export function canEdit(m: MeetingAccess, v: Viewer): boolean {
  if (v.kind !== 'user') return false;
  if (v.roles.includes('admin')) return true;
  if (m.createdBy !== null && m.createdBy === v.userId) return true;
  const role = inviteeOf(m, v.personId)?.role;
  return role === 'chair' || role === 'secretary';
}

/** Account roles that may create meetings. */
export const canCreate = (v: Viewer): boolean =>
  v.kind === 'user' && v.roles.some((r) => r === 'admin' || r === 'chair' || r === 'secretary');

const moderatorRole = (role: InviteeRole | undefined): boolean => role === 'chair' || role === 'secretary';

function decideUser(m: MeetingAccess, v: UserViewer): JoinDecision {
  const invitee = inviteeOf(m, v.personId);
  const admin = v.roles.includes('admin');
  if (invitee) return { kind: 'admit', role: invitee.role, moderator: admin || moderatorRole(invitee.role) };
  if (admin) return { kind: 'admit', role: 'delegate', moderator: true };
  if (v.roles.includes('operator') && bridgePointInvited(m, v.bridgePointId)) {
    return { kind: 'admit', role: 'bridge_point', moderator: false };
  }
  if (m.confidential && isOrgMember(m, v)) return { kind: 'admit', role: 'delegate', moderator: false };
  // NOTE: seeing a (non-confidential) meeting is not being invited to it; the uninvited are refused.
  return { kind: 'refuse', reason: canSee(m, v) ? 'forbidden' : 'not_found' };
}

/**
 * May `who` enter the live meeting, and as what? Cancelled or ended meetings admit nobody. A
 * join token admits its person (with their invitee role) or its bridge point; a guest with the
 * right passcode waits in the lobby until a moderator admits them.
 */
export function canJoin(m: MeetingAccess, who: Joiner): JoinDecision {
  const decision = decideJoiner(m, who);
  // NOTE: "closed" only for those who would have been let in: it tells others nothing.
  if (decision.kind !== 'refuse' && (m.status === 'cancelled' || m.status === 'ended')) {
    return { kind: 'refuse', reason: 'closed' };
  }
  return decision;
}

function decideJoiner(m: MeetingAccess, who: Joiner): JoinDecision {
  switch (who.kind) {
    case 'anonymous':
      return { kind: 'refuse', reason: m.confidential ? 'not_found' : 'forbidden' };
    case 'user':
      return decideUser(m, who);
    case 'device':
      return bridgePointInvited(m, who.bridgePointId)
        ? { kind: 'admit', role: 'bridge_point', moderator: false }
        : { kind: 'refuse', reason: m.confidential ? 'not_found' : 'forbidden' };
    case 'token': {
      if (who.meetingId !== m.id) return { kind: 'refuse', reason: 'forbidden' };
      const invitee = inviteeOf(m, who.personId);
      if (invitee) return { kind: 'admit', role: invitee.role, moderator: moderatorRole(invitee.role) };
      if (who.personId === null && bridgePointInvited(m, who.bridgePointId)) {
        return { kind: 'admit', role: 'bridge_point', moderator: false };
      }
      // A label-only token (demo link, a named visitor) was issued on purpose by an editor or a tool.
      if (who.personId === null && who.bridgePointId === null) {
        return { kind: 'admit', role: 'delegate', moderator: false };
      }
      // A token whose invitation was withdrawn since it was issued admits nobody.
      return { kind: 'refuse', reason: 'forbidden' };
    }
    case 'guest':
      if (!m.guestAccess || m.confidential)
        return { kind: 'refuse', reason: m.confidential ? 'not_found' : 'forbidden' };
      return who.passcodeOk
        ? { kind: 'lobby', role: 'guest', moderator: false }
        : { kind: 'refuse', reason: 'bad_passcode' };
  }
}
