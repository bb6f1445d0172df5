// The meetings service: scheduling, editing, cancelling, agenda, guest passcode and RSVP, with the
// access rules of authz.ts applied to every call. Routes are a thin HTTP layer over it.
import { AppError } from '@diemcau/protocol';
import type {
  AgendaItemView,
  InvitationReport,
  InviteeRole,
  MeetingCreate,
  MeetingDetail,
  MeetingOccurrence,
  MeetingPublicView,
  MeetingUpdate,
  RsvpInput,
} from '@diemcau/protocol';
import type { AuthContext } from '../auth/context.js';
import type { Db } from '../db/database.js';
import { newMeetingId } from '../ids.js';
import { canCreate, canEdit, canSee, canSeePublic, isInvited } from './authz.js';
import type { MeetingAccess, Viewer } from './authz.js';
import { expandOccurrences, vnStartOfDay } from './recurrence.js';
import { MeetingDirectory } from './directory.js';
import { accessOf, MeetingStore } from './store.js';
import type { AgendaItemData, MeetingFields, MeetingRecord } from './store.js';
import { hashPasscode } from './tokens.js';
import { detailView, occurrenceView, publicView } from './views.js';

import type { AuditAction, AuditSink } from '../audit/log.js';
export type { AuditEntry, AuditSink } from '../audit/log.js';

/** Sends giấy mời (mail/invitations.ts implements it). */
export interface InvitationPort {
  /**
   * Queues an invitation (REQUEST) or a cancellation (CANCEL) for the meeting, to every invitee
   * or to the listed persons (e.g. someone just removed).
   */
  send(meetingId: string, method: 'REQUEST' | 'CANCEL', personIds?: string[]): Promise<InvitationReport>;
}

export interface MeetingServiceDeps {
  db: Db;
  audit: AuditSink;
  /** Null: no e-mail at all (tests of other domains, tools). */
  invitations: InvitationPort | null;
  clock?: () => Date;
}

export type AgendaInput = {
  title: string;
  presenterPersonId?: string | null | undefined;
  presenterLabel?: string | undefined;
  plannedMinutes: number;
};
export type CreateInput = Omit<Required<MeetingCreate>, 'agenda'> & { agenda: AgendaInput[] };
export type UpdateInput = Omit<MeetingUpdate, 'notify'> & { notify: boolean };

export interface ListQuery {
  from?: string | undefined;
  to?: string | undefined;
  mine?: boolean;
  type?: MeetingCreate['type'] | undefined;
}

export interface Changed {
  meeting: MeetingDetail;
  invitations: InvitationReport | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Largest list range: a year of calendar (bounds recurrence expansion). */
const MAX_RANGE_MS = 366 * DAY_MS;
/** Fields whose change calendars must apply (SEQUENCE + 1): time, place, title. */
const SEQUENCE_FIELDS = ['title', 'startsAt', 'durationMinutes', 'recurrence', 'hostBridgePointId'] as const;

const addReports = (a: InvitationReport | null, b: InvitationReport | null): InvitationReport | null =>
  a === null
    ? b
    : b === null
      ? a
      : { queued: a.queued + b.queued, skippedNoEmail: a.skippedNoEmail + b.skippedNoEmail };

export class MeetingService {
  readonly store: MeetingStore;
  readonly directory: MeetingDirectory;
  readonly #clock: () => Date;

  constructor(private readonly deps: MeetingServiceDeps) {
    this.store = new MeetingStore(deps.db);
    this.directory = new MeetingDirectory(deps.db);
    this.#clock = deps.clock ?? (() => new Date());
  }

  /** The caller as the access rules see it (with the organizations of a user's person). */
  async viewer(auth: AuthContext): Promise<Viewer> {
    if (auth.kind === 'anonymous') return { kind: 'anonymous' };
    if (auth.kind === 'device')
      return { kind: 'device', deviceId: auth.deviceId, bridgePointId: auth.bridgePointId };
    return {
      kind: 'user',
      userId: auth.userId,
      personId: auth.personId,
      roles: auth.roles,
      bridgePointId: auth.bridgePointId,
      organizationIds: await this.directory.organizationIdsOf(auth.personId),
    };
  }

  /**
   * The meeting if `viewer` may see it; otherwise 404 — the same answer as for an id that does
   * not exist, so that guessing ids reveals nothing.
   */
  async #visible(id: string, viewer: Viewer): Promise<{ m: MeetingRecord; access: MeetingAccess }> {
    const m = await this.store.load(id);
    if (!m) throw AppError.meetingNotFound(id);
    const access = accessOf(
      m,
      m.bridgePoints.map((b) => b.id),
      m.invitees,
    );
    if (!canSee(access, viewer)) throw AppError.meetingNotFound(id);
    return { m, access };
  }

  async #editable(id: string, viewer: Viewer): Promise<{ m: MeetingRecord; access: MeetingAccess }> {
    if (viewer.kind === 'anonymous') throw AppError.unauthorized();
    const found = await this.#visible(id, viewer);
    if (!canEdit(found.access, viewer))
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    return found;
  }

  /** GET /api/meetings/:id: the full meeting, or the public view for the join page, or 404. */
  async detail(auth: AuthContext, id: string, ip?: string): Promise<MeetingDetail | MeetingPublicView> {
    const viewer = await this.viewer(auth);
    const m = await this.store.load(id);
    if (!m) throw AppError.meetingNotFound(id);
    const access = accessOf(
      m,
      m.bridgePoints.map((b) => b.id),
      m.invitees,
    );
    if (!canSee(access, viewer)) {
      if (m.confidential) {
        if (viewer.kind !== 'anonymous') await this.#audit('meeting.access_denied', auth, id, ip);
        throw AppError.meetingNotFound(id);
      }
      if (viewer.kind === 'anonymous' && canSeePublic(access)) return publicView(m);
      throw AppError.meetingNotFound(id);
    }
    if (m.confidential) await this.#audit('meeting.access', auth, id, ip);
    return detailView(m, viewer, canEdit(access, viewer));
  }

  async #audit(action: AuditAction, auth: AuthContext, id: string, ip: string | undefined): Promise<void> {
    await this.deps.audit.record({
      action,
      actorUserId: auth.kind === 'user' ? auth.userId : null,
      actorDeviceId: auth.kind === 'device' ? auth.deviceId : null,
      targetType: 'meeting',
      targetId: id,
      ...(ip === undefined ? {} : { ip }),
      detail: { confidential: true },
    });
  }

  /** Occurrences in a range (default: today and the next 30 days, Vietnam time) the caller may see. */
  async list(auth: AuthContext, query: ListQuery): Promise<MeetingOccurrence[]> {
    if (auth.kind === 'anonymous') throw AppError.unauthorized();
    if (auth.kind === 'device') throw AppError.forbidden('devices use /api/kiosk/meetings');
    const viewer = await this.viewer(auth);
    const from = query.from ? new Date(query.from) : vnStartOfDay(this.#clock());
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 31 * DAY_MS);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS)
      throw AppError.validation('the range is at most 366 days', 'to');
    if (to <= from) throw AppError.validation('from must be before to', 'to');
    const entries = await this.store.listCandidates({ from, to, type: query.type });
    const out: MeetingOccurrence[] = [];
    for (const { row, access } of entries) {
      if (!canSee(access, viewer)) continue;
      if (query.mine && !isInvited(access, viewer)) continue;
      for (const o of expandOccurrences(row, from, to)) out.push(occurrenceView(row, o));
    }
    return out.sort((a, b) => a.occurrenceStart.localeCompare(b.occurrenceStart) || a.id.localeCompare(b.id));
  }

  /** Checks that every referenced person, bridge point and organization exists (400 + field). */
  async #checkRefs(input: {
    hostBridgePointId?: string | undefined;
    organizationId?: string | null | undefined;
    bridgePointIds?: string[] | undefined;
    invitees?: { personId: string }[] | undefined;
    agenda?: AgendaInput[] | undefined;
  }): Promise<void> {
    const s = this.directory;
    if (
      input.hostBridgePointId !== undefined &&
      (await s.missing('bridge_points', [input.hostBridgePointId])).size > 0
    )
      throw AppError.validation('no such bridge point', 'hostBridgePointId');
    if (input.organizationId && (await s.missing('organizations', [input.organizationId])).size > 0)
      throw AppError.validation('no such organization', 'organizationId');
    const bps = input.bridgePointIds ?? [];
    const missingBps = await s.missing('bridge_points', bps);
    const badBp = bps.findIndex((b) => missingBps.has(b));
    if (badBp >= 0) throw AppError.validation('no such bridge point', `bridgePointIds.${badBp}`);
    const people = (input.invitees ?? []).map((i) => i.personId);
    const dup = people.findIndex((p, i) => people.indexOf(p) !== i);
    if (dup >= 0) throw AppError.validation('a person is invited twice', `invitees.${dup}.personId`);
    const presenters = (input.agenda ?? []).map((a) => a.presenterPersonId ?? null);
    const missingPeople = await s.missing('persons', [
      ...people,
      ...presenters.filter((p): p is string => p !== null),
    ]);
    const badPerson = people.findIndex((p) => missingPeople.has(p));
    if (badPerson >= 0) throw AppError.validation('no such person', `invitees.${badPerson}.personId`);
    const badPresenter = presenters.findIndex((p) => p !== null && missingPeople.has(p));
    if (badPresenter >= 0)
      throw AppError.validation('no such person', `agenda.${badPresenter}.presenterPersonId`);
  }

  async create(auth: AuthContext, input: CreateInput): Promise<Changed> {
    const viewer = await this.viewer(auth);
    if (viewer.kind === 'anonymous') throw AppError.unauthorized();
    if (!canCreate(viewer)) throw AppError.forbidden('only admins, chairs and secretaries schedule meetings');
    await this.#checkRefs(input);
    const id = newMeetingId();
    const fields: MeetingFields = {
      title: input.title,
      type: input.type,
      description: input.description,
      startsAt: new Date(input.startsAt).toISOString(),
      durationMinutes: input.durationMinutes,
      recurrence: normalizeRecurrence(input.recurrence),
      hostBridgePointId: input.hostBridgePointId,
      organizationId: input.organizationId,
      confidential: input.confidential,
    };
    await this.store.insertScheduled(id, fields, {
      bridgePointIds: input.bridgePointIds.filter((b) => b !== input.hostBridgePointId),
      invitees: input.invitees,
      agenda: input.agenda.map(agendaData),
      createdBy: viewer.kind === 'user' ? viewer.userId : null,
      now: this.#clock(),
    });
    const invitations =
      input.sendInvitations && this.deps.invitations ? await this.deps.invitations.send(id, 'REQUEST') : null;
    return { meeting: await this.#detailAfterChange(id, viewer), invitations };
  }

  async update(auth: AuthContext, id: string, input: UpdateInput): Promise<Changed> {
    const viewer = await this.viewer(auth);
    const { m } = await this.#editable(id, viewer);
    if (m.status === 'cancelled' || m.status === 'ended')
      throw new AppError('conflict', `meeting is ${m.status}`);
    await this.#checkRefs(input);
    const { notify, bridgePointIds, invitees, ...rest } = input;
    const { recurrence, startsAt, ...plain } = rest;
    const fields: Partial<MeetingFields> = {
      ...plain,
      ...(startsAt === undefined ? {} : { startsAt: new Date(startsAt).toISOString() }),
      ...(recurrence === undefined ? {} : { recurrence: normalizeRecurrence(recurrence) }),
    };
    const bump = SEQUENCE_FIELDS.some(
      (k) => fields[k] !== undefined && JSON.stringify(fields[k]) !== JSON.stringify(m[k]),
    );
    const host = fields.hostBridgePointId ?? m.hostBridgePointId;
    await this.store.update(
      id,
      fields,
      { bridgePointIds: bridgePointIds?.filter((b) => b !== host), invitees },
      bump,
      this.#clock(),
    );
    let invitations: InvitationReport | null = null;
    if (notify && this.deps.invitations) {
      const before = new Set(m.invitees.map((i) => i.personId));
      const after = new Set((invitees ?? m.invitees).map((i) => i.personId));
      const removed = [...before].filter((p) => !after.has(p));
      const added = [...after].filter((p) => !before.has(p));
      if (removed.length > 0) invitations = await this.deps.invitations.send(id, 'CANCEL', removed);
      const toInvite = bump ? undefined : added;
      if (toInvite === undefined || toInvite.length > 0)
        invitations = addReports(invitations, await this.deps.invitations.send(id, 'REQUEST', toInvite));
    }
    return { meeting: await this.#detailAfterChange(id, viewer), invitations };
  }

  async cancel(auth: AuthContext, id: string, notify: boolean): Promise<Changed> {
    const viewer = await this.viewer(auth);
    await this.#editable(id, viewer);
    if (!(await this.store.cancel(id, this.#clock())))
      throw new AppError('conflict', 'meeting is already cancelled');
    const invitations =
      notify && this.deps.invitations ? await this.deps.invitations.send(id, 'CANCEL') : null;
    return { meeting: await this.#detailAfterChange(id, viewer), invitations };
  }

  /** Mails the giấy mời again to every invitee (e.g. after scheduling without sending). */
  async resendInvitations(auth: AuthContext, id: string): Promise<InvitationReport> {
    const viewer = await this.viewer(auth);
    const { m } = await this.#editable(id, viewer);
    if (m.status === 'cancelled' || m.status === 'ended')
      throw new AppError('conflict', `meeting is ${m.status}`);
    if (!this.deps.invitations) return { queued: 0, skippedNoEmail: m.invitees.length };
    return this.deps.invitations.send(id, 'REQUEST');
  }

  async #detailAfterChange(id: string, viewer: Viewer): Promise<MeetingDetail> {
    const m = await this.store.load(id);
    if (!m) throw AppError.meetingNotFound(id);
    return detailView(m, viewer, true);
  }

  /** Replaces the agenda (the ordered list as given). */
  async replaceAgenda(auth: AuthContext, id: string, items: AgendaInput[]): Promise<AgendaItemView[]> {
    const viewer = await this.viewer(auth);
    await this.#editable(id, viewer);
    await this.#checkRefs({ agenda: items });
    await this.store.replaceAgenda(id, items.map(agendaData));
    return this.store.agenda(id);
  }

  /** Sets (hashed) or clears the guests' passcode. */
  async setPasscode(
    auth: AuthContext,
    id: string,
    passcode: string | null,
  ): Promise<{ guestAccess: boolean }> {
    const viewer = await this.viewer(auth);
    const { m } = await this.#editable(id, viewer);
    if (passcode !== null && m.confidential)
      throw AppError.validation('a confidential meeting admits no guests', 'passcode');
    await this.store.setPasscodeHash(id, passcode === null ? null : await hashPasscode(passcode));
    return { guestAccess: passcode !== null };
  }

  /** The signed-in invitee answers (404 if they cannot see it, 403 if they are not invited). */
  async rsvp(
    auth: AuthContext,
    id: string,
    input: RsvpInput,
  ): Promise<{ status: string; reason: string | null }> {
    const viewer = await this.viewer(auth);
    if (viewer.kind !== 'user') throw AppError.unauthorized();
    const { m } = await this.#visible(id, viewer);
    return this.rsvpAs(m, viewer.personId, input);
  }

  /** Records an RSVP for a person (signed in, or holding their personal e-mail token). */
  async rsvpAs(
    m: MeetingRecord,
    personId: string | null,
    input: RsvpInput,
  ): Promise<{ status: string; reason: string | null }> {
    if (m.status === 'cancelled') throw new AppError('conflict', 'meeting is cancelled');
    const reason =
      input.status === 'absent_with_reason' ? (input.reason ?? '') : (input.reason ?? null) || null;
    if (personId === null || !(await this.store.setRsvp(m.id, personId, input.status, reason, this.#clock())))
      throw AppError.forbidden('only invited persons answer an invitation');
    return { status: input.status, reason };
  }
}

function normalizeRecurrence(r: {
  kind: 'none' | 'weekly' | 'monthly';
  until?: string | null | undefined;
  count?: number | null | undefined;
}) {
  if (r.kind === 'none') return { kind: r.kind, until: null, count: null };
  return { kind: r.kind, until: r.until ? new Date(r.until).toISOString() : null, count: r.count ?? null };
}

const agendaData = (a: AgendaInput): AgendaItemData => ({
  title: a.title,
  presenterPersonId: a.presenterPersonId ?? null,
  presenterLabel: a.presenterLabel ?? '',
  plannedMinutes: a.plannedMinutes,
});

export type { InviteeRole };
