// HTTP contract of scheduled meetings: create/update bodies, agenda, RSVP, list filters and the
// shapes the server answers with. The server validates with these; the web app reuses them.
import { z } from 'zod';

/** Meeting types (see GLOSSARY.md). Wire strings: never rename one. */
export const MEETING_TYPES = ['giao_ban', 'chi_bo', 'tap_huan', 'chuyen_de', 'hoi_nghi'] as const;
export const MeetingTypeSchema = z.enum(MEETING_TYPES);
export type MeetingType = z.infer<typeof MeetingTypeSchema>;

/** A person's role in one meeting (chủ trì, thư ký, đại biểu, báo cáo viên, học viên). */
export const INVITEE_ROLES = ['chair', 'secretary', 'delegate', 'presenter', 'trainee'] as const;
export const InviteeRoleSchema = z.enum(INVITEE_ROLES);
export type InviteeRole = z.infer<typeof InviteeRoleSchema>;

/** An invitee's answer; `absent_with_reason` is "vắng có lý do" and needs a reason. */
export const RSVP_STATUSES = ['pending', 'accepted', 'declined', 'absent_with_reason'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

export const MEETING_STATUSES = ['scheduled', 'open', 'ended', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** An instant, in and out as ISO 8601 UTC (`…Z`); the UI shows it in Asia/Ho_Chi_Minh. */
export const UtcInstantSchema = z.iso.datetime({ offset: false });
const entityId = z.string().trim().min(1).max(64);
/** Meeting ids are 128-bit base64url (22 chars); older ids may be longer, never above 128. */
export const MeetingIdSchema = z.string().min(1).max(128);

export const RecurrenceSchema = z
  .object({
    kind: z.enum(['none', 'weekly', 'monthly']),
    /** Last possible start (inclusive), UTC. */
    until: UtcInstantSchema.nullable().optional(),
    /** Number of occurrences in all. */
    count: z.number().int().min(1).max(500).nullable().optional(),
  })
  .refine((r) => !(r.until && r.count), { message: 'until and count exclude each other', path: ['count'] })
  .refine((r) => r.kind !== 'none' || (!r.until && !r.count), {
    message: 'a single meeting has no until or count',
    path: ['kind'],
  });
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export const AgendaItemInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  presenterPersonId: entityId.nullable().optional(),
  /** Free text when the presenter is not a person in the directory (e.g. "Công an phường"). */
  presenterLabel: z.string().trim().max(200).optional(),
  plannedMinutes: z.number().int().min(1).max(600).default(10),
});
export type AgendaItemInput = z.input<typeof AgendaItemInputSchema>;

export const AgendaSchema = z.object({ items: z.array(AgendaItemInputSchema).max(100) });

export const InviteeInputSchema = z.object({ personId: entityId, role: InviteeRoleSchema });
export type InviteeInput = z.infer<typeof InviteeInputSchema>;

const meetingFields = {
  title: z.string().trim().min(1).max(300),
  type: MeetingTypeSchema,
  description: z.string().max(10_000),
  startsAt: UtcInstantSchema,
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  recurrence: RecurrenceSchema,
  hostBridgePointId: entityId,
  organizationId: entityId.nullable(),
  bridgePointIds: z.array(entityId).max(200),
  invitees: z.array(InviteeInputSchema).max(1000),
  confidential: z.boolean(),
};

export const MeetingCreateSchema = z.object({
  ...meetingFields,
  description: meetingFields.description.default(''),
  durationMinutes: meetingFields.durationMinutes.default(60),
  recurrence: meetingFields.recurrence.default({ kind: 'none' }),
  organizationId: meetingFields.organizationId.default(null),
  bridgePointIds: meetingFields.bridgePointIds.default([]),
  invitees: meetingFields.invitees.default([]),
  agenda: z.array(AgendaItemInputSchema).max(100).default([]),
  confidential: meetingFields.confidential.default(false),
  /** Mail the invitations (giấy mời) now. */
  sendInvitations: z.boolean().default(false),
});
export type MeetingCreate = z.input<typeof MeetingCreateSchema>;

export const MeetingUpdateSchema = z.object({
  ...z.object(meetingFields).partial().shape,
  /** Mail the change to the invitees (default yes). */
  notify: z.boolean().default(true),
});
export type MeetingUpdate = z.input<typeof MeetingUpdateSchema>;

export const MeetingCancelSchema = z.object({ notify: z.boolean().default(true) });

/** Guest passcode: 6–12 digits; null turns guest access off. */
export const GuestPasscodeSchema = z.object({
  passcode: z
    .string()
    .regex(/^\d{6,12}$/, 'the passcode is 6 to 12 digits')
    .nullable(),
});

export const RsvpInputSchema = z
  .object({
    status: z.enum(['accepted', 'declined', 'absent_with_reason']),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((r) => r.status !== 'absent_with_reason' || (r.reason ?? '').length > 0, {
    message: 'a reason is required when absent',
    path: ['reason'],
  });
export type RsvpInput = z.infer<typeof RsvpInputSchema>;

/** GET /api/meetings filters. Query strings, so flags are "1"/"0". */
export const MeetingListQuerySchema = z
  .object({
    from: UtcInstantSchema.optional(),
    to: UtcInstantSchema.optional(),
    mine: z.enum(['0', '1']).optional(),
    type: MeetingTypeSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });

// ── Answers ────────────────────────────────────────────────────────────────────────────────────

export interface NamedRef {
  id: string;
  name: string;
}

/** What the join page may show to someone not signed in (never for a confidential meeting). */
export interface MeetingPublicView {
  id: string;
  title: string;
  hostBridgePoint: string | null;
  confidential: boolean;
}

export interface InviteeView {
  personId: string;
  fullName: string;
  role: InviteeRole;
  rsvp: RsvpStatus;
  /** Only for the meeting's editors and the invitee themself. */
  rsvpReason: string | null;
  rsvpAt: string | null;
  hasEmail: boolean;
}

export interface AgendaItemView {
  id: string;
  position: number;
  title: string;
  presenterPersonId: string | null;
  presenterName: string | null;
  presenterLabel: string;
  plannedMinutes: number;
}

export interface RecurrenceView {
  kind: 'none' | 'weekly' | 'monthly';
  until: string | null;
  count: number | null;
}

/** A meeting in a list: enough for a calendar cell. `confidential` → the UI marks it "MẬT". */
export interface MeetingSummary extends MeetingPublicView {
  type: MeetingType;
  status: MeetingStatus;
  startsAt: string;
  durationMinutes: number;
  recurrence: RecurrenceView;
  hostBridgePointId: string | null;
  organizationId: string | null;
}

/** The full meeting, for those allowed to see it. */
export interface MeetingDetail extends MeetingSummary {
  description: string;
  organization: NamedRef | null;
  bridgePoints: NamedRef[];
  invitees: InviteeView[];
  agenda: AgendaItemView[];
  guestAccess: boolean;
  icsSequence: number;
  /** The caller may edit it (UI hint; the server checks again). */
  canEdit: boolean;
}

/** One occurrence of a (possibly recurring) meeting in a time range. */
export interface MeetingOccurrence extends MeetingSummary {
  occurrenceStart: string;
  occurrenceEnd: string;
}

export interface KioskMeeting extends MeetingOccurrence {
  /** Now is within [start − 15 min, end]: the kiosk shows the big join button. */
  live: boolean;
}

export interface InvitationReport {
  queued: number;
  /** Invitees without an e-mail address in the directory. */
  skippedNoEmail: number;
}
