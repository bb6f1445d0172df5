// The meeting editor's form model, free of React: empty and loaded forms, validation with field
// names the editor shows errors on, the request body, and agenda helpers.
import type { AgendaItemInput, InviteeRole, MeetingCreate, MeetingDetail, MeetingType } from './api/contract';
import type { FieldErrors } from './form-errors';
import { dateKey, parseDateKey, vnDateOf, vnTimeOf, vnToInstant, type CivilDate } from './vntime';

export interface AgendaRow {
  /** Stable React key for a row while it moves. */
  key: string;
  title: string;
  presenterPersonId: string | null;
  presenterLabel: string;
  plannedMinutes: string;
}

export interface InviteeRow {
  personId: string;
  fullName: string;
  role: InviteeRole;
}

export interface MeetingForm {
  title: string;
  type: MeetingType;
  description: string;
  /** `YYYY-MM-DD` and `HH:MM` in Vietnam time. */
  date: string;
  time: string;
  durationMinutes: string;
  recurrence: 'none' | 'weekly' | 'monthly';
  endMode: 'until' | 'count';
  until: string;
  count: string;
  hostBridgePointId: string;
  organizationId: string;
  confidential: boolean;
  bridgePointIds: string[];
  invitees: InviteeRow[];
  agenda: AgendaRow[];
  guestAccess: boolean;
  guestPasscode: string;
  sendInvitations: boolean;
}

let rowSeq = 0;
export const newAgendaRow = (title = '', minutes = 10): AgendaRow => ({
  key: `row-${++rowSeq}`,
  title,
  presenterPersonId: null,
  presenterLabel: '',
  plannedMinutes: String(minutes),
});

export function emptyForm(day: CivilDate): MeetingForm {
  return {
    title: '',
    type: 'giao_ban',
    description: '',
    date: dateKey(day),
    time: '08:00',
    durationMinutes: '90',
    recurrence: 'none',
    endMode: 'count',
    until: '',
    count: '4',
    hostBridgePointId: '',
    organizationId: '',
    confidential: false,
    bridgePointIds: [],
    invitees: [],
    agenda: [],
    guestAccess: false,
    guestPasscode: '',
    sendInvitations: true,
  };
}

export function fromDetail(m: MeetingDetail): MeetingForm {
  return {
    title: m.title,
    type: m.type,
    description: m.description,
    date: dateKey(vnDateOf(m.startsAt)),
    time: vnTimeOf(m.startsAt),
    durationMinutes: String(m.durationMinutes),
    recurrence: m.recurrence.kind,
    endMode: m.recurrence.until ? 'until' : 'count',
    until: m.recurrence.until ? dateKey(vnDateOf(m.recurrence.until)) : '',
    count: m.recurrence.count ? String(m.recurrence.count) : '4',
    hostBridgePointId: m.hostBridgePointId ?? '',
    organizationId: m.organizationId ?? '',
    confidential: m.confidential,
    bridgePointIds: m.bridgePoints.map((b) => b.id),
    invitees: m.invitees.map((i) => ({ personId: i.personId, fullName: i.fullName, role: i.role })),
    agenda: [...m.agenda]
      .sort((a, b) => a.position - b.position)
      .map((a) => ({
        ...newAgendaRow(a.title, a.plannedMinutes),
        presenterPersonId: a.presenterPersonId,
        presenterLabel: a.presenterLabel,
      })),
    guestAccess: m.guestAccess,
    guestPasscode: '',
    sendInvitations: true,
  };
}

const int = (s: string): number | null => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/** Field errors as i18n keys; empty when the form may be sent. */
export function validateMeetingForm(f: MeetingForm): FieldErrors {
  const e: FieldErrors = {};
  if (!f.title.trim()) e.title = 'form.required';
  else if (f.title.trim().length > 300) e.title = 'form.tooLong';
  if (!parseDateKey(f.date)) e.date = 'editor.errDate';
  if (!vnToInstant(f.date || '2000-01-01', f.time)) e.time = 'editor.errTime';
  const d = int(f.durationMinutes);
  if (d === null || d < 5 || d > 1440) e.durationMinutes = 'editor.errDuration';
  if (f.recurrence !== 'none') {
    if (f.endMode === 'until') {
      if (!parseDateKey(f.until)) e.until = 'editor.errDate';
      else if (f.until < f.date) e.until = 'editor.errUntilBefore';
    } else {
      const c = int(f.count);
      if (c === null || c < 1 || c > 500) e.count = 'editor.errCount';
    }
  }
  if (!f.hostBridgePointId) e.hostBridgePointId = 'editor.errHost';
  if (f.confidential && !f.organizationId) e.organizationId = 'editor.errConfidentialOrg';
  if (f.guestAccess && f.guestPasscode && !/^\d{6,12}$/.test(f.guestPasscode))
    e.guestPasscode = 'editor.errPasscode';
  f.agenda.forEach((row, i) => {
    if (!row.title.trim()) e[`agenda.${i}.title`] = 'form.required';
    const m = int(row.plannedMinutes);
    if (m === null || m < 1 || m > 600) e[`agenda.${i}.plannedMinutes`] = 'editor.errMinutes';
  });
  return e;
}

/** Sum of the planned minutes (invalid rows count as 0). */
export const agendaTotal = (rows: readonly AgendaRow[]): number =>
  rows.reduce((sum, r) => sum + (int(r.plannedMinutes) ?? 0), 0);

/** A copy with the item at `index` moved up (-1) or down (+1); unchanged at the ends. */
export function moveItem<T>(list: readonly T[], index: number, dir: -1 | 1): T[] {
  const to = index + dir;
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

export const agendaInput = (rows: readonly AgendaRow[]): AgendaItemInput[] =>
  rows.map((r) => ({
    title: r.title.trim(),
    presenterPersonId: r.presenterPersonId,
    presenterLabel: r.presenterLabel.trim(),
    plannedMinutes: int(r.plannedMinutes) ?? 10,
  }));

/** The create body (also the update body without `agenda` / `sendInvitations`). Call after validating. */
export function toMeetingBody(f: MeetingForm): MeetingCreate & { agenda: AgendaItemInput[] } {
  const startsAt = vnToInstant(f.date, f.time) ?? '';
  const recurrence =
    f.recurrence === 'none'
      ? { kind: 'none' as const }
      : f.endMode === 'until'
        ? { kind: f.recurrence, until: vnToInstant(f.until, '23:59'), count: null }
        : { kind: f.recurrence, until: null, count: int(f.count) };
  const bridgePointIds = [...new Set(f.bridgePointIds.filter((id) => id !== f.hostBridgePointId))];
  return {
    title: f.title.trim(),
    type: f.type,
    description: f.description,
    startsAt,
    durationMinutes: int(f.durationMinutes) ?? 60,
    recurrence,
    hostBridgePointId: f.hostBridgePointId,
    organizationId: f.organizationId || null,
    bridgePointIds,
    invitees: f.invitees.map((i) => ({ personId: i.personId, role: i.role })),
    agenda: agendaInput(f.agenda),
    confidential: f.confidential,
    sendInvitations: f.sendInvitations,
  };
}

/** Server field paths → editor fields. */
export const SERVER_FIELD_ALIASES: Record<string, string> = {
  startsAt: 'date',
  'recurrence.until': 'until',
  'recurrence.count': 'count',
  count: 'count',
  passcode: 'guestPasscode',
  items: 'agenda',
};

export const EDITOR_FIELDS = [
  'title',
  'type',
  'description',
  'date',
  'time',
  'durationMinutes',
  'recurrence',
  'until',
  'count',
  'hostBridgePointId',
  'organizationId',
  'bridgePointIds',
  'invitees',
  'agenda',
  'guestPasscode',
] as const;
