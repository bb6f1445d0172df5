// Converts store records into the wire shapes of @diemcau/protocol, and zod failures into
// validation errors: the edge between the meetings domain and its HTTP routes.
import { AppError } from '@diemcau/protocol';
import type { MeetingDetail, MeetingOccurrence, MeetingPublicView, MeetingSummary } from '@diemcau/protocol';
import type { z } from 'zod';
import type { Viewer } from './authz.js';
import type { Occurrence } from './recurrence.js';
import type { MeetingRecord, MeetingRow } from './store.js';

export function publicView(row: MeetingRow): MeetingPublicView {
  return {
    id: row.id,
    title: row.title,
    hostBridgePoint: row.hostBridgePointName,
    confidential: row.confidential,
  };
}

export function summaryView(row: MeetingRow): MeetingSummary {
  return {
    ...publicView(row),
    type: row.type,
    status: row.status,
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    recurrence: { ...row.recurrence },
    hostBridgePointId: row.hostBridgePointId,
    organizationId: row.organizationId,
  };
}

export const occurrenceView = (row: MeetingRow, o: Occurrence): MeetingOccurrence => ({
  ...summaryView(row),
  occurrenceStart: o.start.toISOString(),
  occurrenceEnd: o.end.toISOString(),
});

/** The full meeting; RSVP reasons only for editors and for the invitee themself. */
export function detailView(m: MeetingRecord, viewer: Viewer, editable: boolean): MeetingDetail {
  const selfPersonId = viewer.kind === 'user' ? viewer.personId : null;
  return {
    ...summaryView(m),
    description: m.description,
    organization: m.organizationId === null ? null : { id: m.organizationId, name: m.organizationName ?? '' },
    bridgePoints: m.bridgePoints,
    invitees: m.invitees.map((i) => ({
      personId: i.personId,
      fullName: i.fullName,
      role: i.role,
      rsvp: i.rsvp,
      rsvpReason: editable || i.personId === selfPersonId ? i.rsvpReason : null,
      rsvpAt: i.rsvpAt,
      hasEmail: i.email !== null && i.email !== '',
    })),
    agenda: m.agenda.map((a) => ({ ...a })),
    guestAccess: m.guestPasscodeHash !== null,
    icsSequence: m.icsSequence,
    canEdit: editable,
  };
}

/** Parses input with a zod schema; a failure is a 400 `validation_failed` naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  throw AppError.validation(issue?.message ?? 'invalid input', field);
}
