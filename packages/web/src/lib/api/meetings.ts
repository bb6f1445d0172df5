// Meeting calls: occurrences in a range, detail, create/edit/cancel, agenda, guest passcode, RSVP
// and the personal calendar feed.
import { api } from './client';
import type {
  AgendaItemInput,
  MeetingCreate,
  MeetingDetail,
  MeetingType,
  MeetingUpdate,
  RsvpStatus,
} from './contract';
import type { MyOccurrence, RsvpInvitation } from './types';

export interface MeetingQuery {
  from: string;
  to: string;
  mine?: boolean;
  type?: MeetingType | '';
}

const at = (id: string, rest = ''): string => `/api/meetings/${encodeURIComponent(id)}${rest}`;

export async function listMeetings(q: MeetingQuery, signal?: AbortSignal): Promise<MyOccurrence[]> {
  const r = await api<{ meetings: MyOccurrence[] } | { occurrences: MyOccurrence[] } | MyOccurrence[]>(
    'GET',
    '/api/meetings',
    { query: { ...q }, ...(signal ? { signal } : {}) },
  );
  return Array.isArray(r) ? r : 'meetings' in r ? r.meetings : r.occurrences;
}

export async function getMeeting(id: string, signal?: AbortSignal): Promise<MeetingDetail> {
  const r = await api<MeetingDetail | { meeting: MeetingDetail }>('GET', at(id), signal ? { signal } : {});
  return 'meeting' in r ? r.meeting : r;
}

export async function createMeeting(body: MeetingCreate): Promise<{ id: string }> {
  const r = await api<{ id: string } | { meeting: { id: string } }>('POST', '/api/meetings', { body });
  return 'meeting' in r ? r.meeting : r;
}

export const updateMeeting = (id: string, body: MeetingUpdate): Promise<unknown> =>
  api('PATCH', at(id), { body });
export const cancelMeeting = (id: string, notify = true): Promise<unknown> =>
  api('POST', at(id, '/cancel'), { body: { notify } });
/** NOTE: path assumed (`PUT …/agenda` with AgendaSchema); adjust when the route lands. */
export const replaceAgenda = (id: string, items: AgendaItemInput[]): Promise<unknown> =>
  api('PUT', at(id, '/agenda'), { body: { items } });
/** NOTE: path assumed (`PUT …/guest-passcode` with GuestPasscodeSchema). */
export const setGuestPasscode = (id: string, passcode: string | null): Promise<unknown> =>
  api('PUT', at(id, '/guest-passcode'), { body: { passcode } });

export const rsvp = (id: string, status: Exclude<RsvpStatus, 'pending'>, reason?: string): Promise<unknown> =>
  api('POST', at(id, '/rsvp'), { body: reason ? { status, reason } : { status } });

// The personal link of a giấy mời (`/rsvp/<token>`): works without a session. GET only reads.
const rsvpAt = (token: string): string => `/api/rsvp/${encodeURIComponent(token)}`;

export const getRsvpInvitation = (token: string, signal?: AbortSignal): Promise<RsvpInvitation> =>
  api('GET', rsvpAt(token), signal ? { signal } : {});

export const rsvpByToken = (
  token: string,
  body: { status: Exclude<RsvpStatus, 'pending'>; reason?: string },
): Promise<{ status: string; reason: string | null }> => api('POST', rsvpAt(token), { body });

export const calendarFeed = (): Promise<{ url: string }> => api('POST', '/api/calendar/token', { body: {} });
