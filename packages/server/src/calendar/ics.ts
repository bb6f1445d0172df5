// iCalendar (RFC 5545/5546) for meetings: invitations (METHOD:REQUEST), cancellations
// (METHOD:CANCEL) and the per-user feed, with times in Asia/Ho_Chi_Minh and its VTIMEZONE.
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import type {
  ICalCalendar,
  ICalTemporalPlainDateTimeStub,
  ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import type { RsvpStatus } from '@diemcau/protocol';
import { lastEnd, VN_TZ, vnParts } from '../meetings/recurrence.js';
import type { AgendaRecord, InviteeRecord, MeetingRow } from '../meetings/store.js';

/** UID of a meeting in every calendar: stable across updates so that programs apply them. */
export const icsUid = (meetingId: string): string => `${meetingId}@diemcau`;

export interface Organizer {
  name: string;
  email: string;
}

export interface IcsMeeting extends MeetingRow {
  invitees: InviteeRecord[];
  agenda: AgendaRecord[];
}

const PARTSTAT: Record<RsvpStatus, ICalAttendeeStatus> = {
  pending: ICalAttendeeStatus.NEEDSACTION,
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED,
  absent_with_reason: ICalAttendeeStatus.DECLINED,
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A Vietnam wall-clock time in the shape ical-generator prints verbatim after `TZID=`.
 * NOTE: given a plain Date and a time zone, ical-generator formats with the host's local time
 * zone; this stub makes the output independent of the server's TZ.
 */
function vnWall(iso: string): ICalTemporalPlainDateTimeStub {
  const p = vnParts(new Date(iso));
  const text = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  const fields = {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
  };
  const plain: ICalTemporalPlainDateTimeStub = {
    ...fields,
    toJSON: () => text,
    toString: () => text,
    toPlainDate: () => ({
      year: p.year,
      month: p.month,
      day: p.day,
      toJSON: () => text.slice(0, 10),
      toString: () => text.slice(0, 10),
    }),
    toZonedDateTime: () => zoned,
  };
  // The wall time is already in VN_TZ, so "converting" it to that zone is the identity.
  const zoned: ICalTemporalZonedDateTimeStub = {
    ...fields,
    timeZoneId: VN_TZ,
    toJSON: () => `${text}[${VN_TZ}]`,
    toString: () => `${text}[${VN_TZ}]`,
    toPlainDateTime: () => plain,
    withTimeZone: () => zoned,
    toInstant: () => {
      throw new Error('vnWall: toInstant is not needed by the generator');
    },
  };
  return plain;
}

const utcBasic = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** RRULE value for a recurring meeting; UNTIL in UTC as RFC 5545 requires with a TZID start. */
export function rrule(row: Pick<MeetingRow, 'recurrence'>): string | null {
  const r = row.recurrence;
  if (r.kind === 'none') return null;
  const freq = r.kind === 'weekly' ? 'WEEKLY' : 'MONTHLY';
  if (r.count !== null) return `FREQ=${freq};COUNT=${r.count}`;
  if (r.until !== null) return `FREQ=${freq};UNTIL=${utcBasic(new Date(r.until).toISOString())}`;
  return `FREQ=${freq}`;
}

/** The invitation text: description, agenda, join link (never for a confidential meeting's body). */
export function describe(m: IcsMeeting, joinLink: string | null): string {
  const parts: string[] = [];
  if (m.confidential) {
    parts.push('MẬT — nội dung chỉ xem được sau khi đăng nhập Điểm Cầu.');
  } else {
    if (m.description.trim()) parts.push(m.description.trim());
    if (m.agenda.length > 0) {
      const lines = m.agenda.map((a) => {
        const who = a.presenterName ?? (a.presenterLabel || null);
        return `${a.position}. ${a.title}${who ? ` — ${who}` : ''} (${a.plannedMinutes} phút)`;
      });
      parts.push(['Chương trình họp:', ...lines].join('\n'));
    }
  }
  if (joinLink) parts.push(`Vào họp: ${joinLink}`);
  return parts.join('\n\n');
}

function newCalendar(method: ICalCalendarMethod | null, name?: string): ICalCalendar {
  return ical({
    prodId: { company: 'Điểm Cầu', product: 'diemcau', language: 'VI' },
    ...(method === null ? {} : { method }),
    ...(name === undefined ? {} : { name }),
    // NOTE: no calendar-wide zone (it would print DTSTAMP without Z); each event names VN_TZ and
    // the generator adds its VTIMEZONE once.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
}

function addEvent(
  cal: ICalCalendar,
  m: IcsMeeting,
  opts: {
    summary: string;
    description: string | null;
    organizer: Organizer;
    attendees: InviteeRecord[];
    cancelled: boolean;
    stamp: Date;
  },
): void {
  const end = new Date(new Date(m.startsAt).getTime() + m.durationMinutes * 60_000).toISOString();
  const event = cal.createEvent({
    id: icsUid(m.id),
    sequence: m.icsSequence,
    stamp: opts.stamp,
    start: vnWall(m.startsAt),
    end: vnWall(end),
    timezone: VN_TZ,
    summary: opts.summary,
    location: m.hostBridgePointName ?? null,
    organizer: opts.organizer,
    status: opts.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...(opts.description ? { description: opts.description } : {}),
  });
  const rule = rrule(m);
  if (rule) event.repeating(rule);
  for (const a of opts.attendees) {
    if (!a.email) continue;
    event.createAttendee({
      name: a.fullName,
      email: a.email,
      role: a.role === 'chair' ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ,
      status: PARTSTAT[a.rsvp],
      rsvp: !opts.cancelled,
    });
  }
}

/** Title shown in calendars; confidential meetings carry the "MẬT" mark. */
export const icsSummary = (m: Pick<MeetingRow, 'title' | 'confidential'>): string =>
  m.confidential ? `[MẬT] ${m.title}` : m.title;

/**
 * A giấy mời's .ics: METHOD:REQUEST (new or changed) or METHOD:CANCEL (STATUS:CANCELLED), with
 * the stored SEQUENCE (the store bumps it on every change of time, place or title, and on cancel).
 */
export function invitationIcs(
  m: IcsMeeting,
  opts: {
    method: 'REQUEST' | 'CANCEL';
    organizer: Organizer;
    joinLink: string | null;
    /** ATTENDEE lines; default every invitee. */
    attendees?: InviteeRecord[];
    now?: Date;
  },
): string {
  const cancel = opts.method === 'CANCEL';
  const cal = newCalendar(cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  addEvent(cal, m, {
    summary: icsSummary(m),
    description: describe(m, cancel ? null : opts.joinLink),
    organizer: opts.organizer,
    attendees: opts.attendees ?? m.invitees,
    cancelled: cancel,
    stamp: opts.now ?? new Date(),
  });
  return cal.toString();
}

/**
 * A subscription feed (no METHOD): one VEVENT per meeting (recurring ones with RRULE); past
 * meetings older than `keepDays` are left out. Confidential ones: "[MẬT] …", no description.
 */
export function feedIcs(
  name: string,
  meetings: { meeting: IcsMeeting; link: string | null }[],
  opts: { organizer: Organizer; now?: Date; keepDays?: number },
): string {
  const now = opts.now ?? new Date();
  const horizon = now.getTime() - (opts.keepDays ?? 90) * 24 * 60 * 60_000;
  const cal = newCalendar(null, name);
  for (const { meeting, link } of meetings) {
    const end = lastEnd(meeting);
    if (end !== null && end.getTime() < horizon) continue;
    addEvent(cal, meeting, {
      summary: icsSummary(meeting),
      description: meeting.confidential ? null : describe(meeting, link),
      organizer: opts.organizer,
      attendees: [],
      cancelled: false,
      stamp: now,
    });
  }
  return cal.toString();
}
