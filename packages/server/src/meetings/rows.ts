// Meeting rows and the domain objects they become: the types the meeting store returns, the joined
// query every reader of meetings shares (meetingRows), and the row → object mappers. Pure: the
// store (store.ts) is the only writer of these tables.
import type { InviteeRole, MeetingType, NamedRef, RsvpStatus } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import type { MeetingAccess } from './authz.js';
import type { RecurrenceRule } from './recurrence.js';

export type { MeetingType };
export type MeetingStatus = 'scheduled' | 'open' | 'ended' | 'cancelled';

/** The minimal meeting of the media core (join page, live hub, demo seed). */
export interface Meeting {
  id: string;
  title: string;
  type: MeetingType;
  hostBridgePointId: string | null;
  startsAt: string;
  status: MeetingStatus;
}

export interface MeetingWithHost extends Meeting {
  hostBridgePointName: string | null;
  confidential?: boolean;
}

export interface InviteeRecord {
  personId: string;
  fullName: string;
  email: string | null;
  role: InviteeRole;
  rsvp: RsvpStatus;
  rsvpReason: string | null;
  rsvpAt: string | null;
  invitedAt: string | null;
}

export interface AgendaRecord {
  id: string;
  position: number;
  title: string;
  presenterPersonId: string | null;
  presenterName: string | null;
  presenterLabel: string;
  plannedMinutes: number;
}

export interface AgendaItemData {
  title: string;
  presenterPersonId: string | null;
  presenterLabel: string;
  plannedMinutes: number;
}

/** The columns of a scheduled meeting that an editor sets. */
export interface MeetingFields {
  title: string;
  type: MeetingType;
  description: string;
  startsAt: string;
  durationMinutes: number;
  recurrence: RecurrenceRule;
  hostBridgePointId: string;
  organizationId: string | null;
  confidential: boolean;
}

/** A meeting row with its host and organization names: what lists and calendars need. */
export interface MeetingRow extends Omit<MeetingFields, 'hostBridgePointId'> {
  id: string;
  status: MeetingStatus;
  hostBridgePointId: string | null;
  hostBridgePointName: string | null;
  hostLocation: string | null;
  organizationName: string | null;
  guestPasscodeHash: string | null;
  icsSequence: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string | null;
}

/** Everything about one meeting. */
export interface MeetingRecord extends MeetingRow {
  bridgePoints: NamedRef[];
  invitees: InviteeRecord[];
  agenda: AgendaRecord[];
}

/** A row plus the facts the access rules need, for lists. */
export interface MeetingListEntry {
  row: MeetingRow;
  access: MeetingAccess;
}

export interface ListFilter {
  /** Occurrences may overlap [from, to). */
  from: Date;
  to: Date;
  type?: MeetingType | undefined;
  /** Only meetings this bridge point hosts or is invited to. */
  bridgePointId?: string | undefined;
  includeCancelled?: boolean;
}

type Row = {
  id: string;
  title: string;
  type: string;
  status: string;
  description: string;
  starts_at: string;
  duration_minutes: number;
  recurrence: string;
  recurrence_until: string | null;
  recurrence_count: number | null;
  host_bridge_point_id: string | null;
  organization_id: string | null;
  confidential: number;
  guest_passcode_hash: string | null;
  ics_sequence: number;
  created_by: string | null;
  created_at: string;
  updated_at: string | null;
  host_name: string | null;
  host_location: string | null;
  org_name: string | null;
};

/** Meetings joined with their host point and organization: what `toRow` reads. */
export function meetingRows(db: Db) {
  return db
    .selectFrom('meetings')
    .leftJoin('bridge_points', 'bridge_points.id', 'meetings.host_bridge_point_id')
    .leftJoin('organizations', 'organizations.id', 'meetings.organization_id')
    .selectAll('meetings')
    .select([
      'bridge_points.name as host_name',
      'bridge_points.location as host_location',
      'organizations.name as org_name',
    ]);
}

/** A joined meetings row (see `meetingRows`) as a MeetingRow; reports load many at once with it. */
export function toRow(r: Row): MeetingRow {
  return {
    id: r.id,
    title: r.title,
    type: r.type as MeetingType,
    status: r.status as MeetingStatus,
    description: r.description,
    startsAt: r.starts_at,
    durationMinutes: Number(r.duration_minutes),
    recurrence: {
      kind: r.recurrence as RecurrenceRule['kind'],
      until: r.recurrence_until,
      count: r.recurrence_count === null ? null : Number(r.recurrence_count),
    },
    hostBridgePointId: r.host_bridge_point_id,
    hostBridgePointName: r.host_name,
    hostLocation: r.host_location,
    organizationId: r.organization_id,
    organizationName: r.org_name,
    confidential: Number(r.confidential) === 1,
    guestPasscodeHash: r.guest_passcode_hash,
    icsSequence: Number(r.ics_sequence),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A meeting_invitees row joined with its person. */
export const toInvitee = (r: {
  person_id: string;
  full_name: string;
  email: string | null;
  role: string;
  rsvp: string;
  rsvp_reason: string | null;
  rsvp_at: string | null;
  invited_at: string | null;
}): InviteeRecord => ({
  personId: r.person_id,
  fullName: r.full_name,
  email: r.email,
  role: r.role as InviteeRole,
  rsvp: r.rsvp as RsvpStatus,
  rsvpReason: r.rsvp_reason,
  rsvpAt: r.rsvp_at,
  invitedAt: r.invited_at,
});

/** An agenda_items row with its presenter's name. */
export const toAgendaItem = (r: {
  id: string;
  position: number;
  title: string;
  presenter_person_id: string | null;
  presenter_name: string | null;
  presenter_label: string;
  planned_minutes: number;
}): AgendaRecord => ({
  id: r.id,
  position: Number(r.position),
  title: r.title,
  presenterPersonId: r.presenter_person_id,
  presenterName: r.presenter_name,
  presenterLabel: r.presenter_label,
  plannedMinutes: Number(r.planned_minutes),
});

/** The access facts of a loaded meeting. */
export function accessOf(
  row: MeetingRow,
  bridgePointIds: readonly string[],
  invitees: readonly { personId: string; role: InviteeRole }[],
): MeetingAccess {
  return {
    id: row.id,
    status: row.status,
    confidential: row.confidential,
    organizationId: row.organizationId,
    hostBridgePointId: row.hostBridgePointId,
    bridgePointIds,
    invitees,
    createdBy: row.createdBy,
    guestAccess: row.guestPasscodeHash !== null,
  };
}

export const fieldColumns = (f: Partial<MeetingFields>) => ({
  ...(f.title === undefined ? {} : { title: f.title }),
  ...(f.type === undefined ? {} : { type: f.type }),
  ...(f.description === undefined ? {} : { description: f.description }),
  ...(f.startsAt === undefined ? {} : { starts_at: f.startsAt }),
  ...(f.durationMinutes === undefined ? {} : { duration_minutes: f.durationMinutes }),
  ...(f.recurrence === undefined
    ? {}
    : {
        recurrence: f.recurrence.kind,
        recurrence_until: f.recurrence.until,
        recurrence_count: f.recurrence.count,
      }),
  ...(f.hostBridgePointId === undefined ? {} : { host_bridge_point_id: f.hostBridgePointId }),
  ...(f.organizationId === undefined ? {} : { organization_id: f.organizationId }),
  ...(f.confidential === undefined ? {} : { confidential: f.confidential ? 1 : 0 }),
});
