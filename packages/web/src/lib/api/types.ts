// Shapes of the HTTP API as the web app uses them: the protocol's contract under the names the
// screens use, plus the few per-user fields the web reads when the server sends them.
import type { AuthUser, InviteeRole, MeetingOccurrence, RsvpStatus } from './contract';

export type {
  AgendaItemView,
  BridgePointView as BridgePoint,
  DeviceView,
  InviteeRole,
  InviteeView,
  KioskMeeting,
  KioskRegisterResponse,
  KioskStateResponse,
  MeetingCreate,
  MeetingDetail,
  MeetingOccurrence,
  MeetingType,
  MeetingUpdate,
  NamedRef,
  OrganizationMember,
  OrganizationNode,
  PersonMembershipView as Membership,
  PersonView as Person,
  RecurrenceView,
  RsvpStatus,
} from './contract';
export { INVITEE_ROLES, MEETING_TYPES, RSVP_STATUSES } from './contract';

export { ACCOUNT_ROLES, AUDIT_ACTIONS } from './contract';
export type {
  AccountRoleName as AccountRole,
  AuthUser as SessionUser,
  AdminUserView as AdminUser,
  AuditEntryView as AuditEntry,
  AuditListResponse as AuditPage,
  AuditAction,
} from './contract';

/** A signed-in session: the account and the CSRF token of its cookie session. */
export interface SessionInfo {
  user: AuthUser;
  csrfToken: string;
}

/**
 * An occurrence in "my meetings". NOTE: the contract's list has no per-user fields yet; the
 * dashboard reads these when the server adds them and otherwise derives `live` itself.
 */
export type MyOccurrence = MeetingOccurrence & {
  myRsvp?: RsvpStatus | null;
  myRole?: InviteeRole | null;
  live?: boolean;
};

/**
 * GET /api/rsvp/:token: what a personal giấy mời link is about. NOTE: the protocol has no type for
 * it yet; this mirrors `RsvpTokenView` in packages/server/src/meetings/join.ts.
 */
export interface RsvpInvitation {
  meeting: {
    id: string;
    title: string;
    hostBridgePoint: string | null;
    confidential: boolean;
    startsAt: string;
    durationMinutes: number;
    status: MeetingOccurrence['status'];
  };
  person: { id: string; fullName: string };
  rsvp: { status: RsvpStatus; reason: string | null };
}
