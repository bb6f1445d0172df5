// Store for meetings: the meeting row, its invited bridge points and persons (with roles and RSVP)
// and its agenda. The only place that touches those tables; rows become domain objects in rows.ts.
import type { InviteeRole, RsvpStatus } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import { newRowId } from '../ids.js';
import type { MeetingAccess } from './authz.js';
import {
  accessOf,
  fieldColumns,
  meetingRows,
  toAgendaItem,
  toInvitee,
  toRow,
  type AgendaItemData,
  type AgendaRecord,
  type InviteeRecord,
  type ListFilter,
  type Meeting,
  type MeetingFields,
  type MeetingListEntry,
  type MeetingRecord,
  type MeetingRow,
  type MeetingWithHost,
} from './rows.js';

export * from './rows.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export class MeetingStore {
  constructor(private readonly db: Db) {}

  /** Creates a bare meeting (demo seed, media-core tools). */
  async create(meeting: Meeting): Promise<void> {
    await this.db
      .insertInto('meetings')
      .values({
        id: meeting.id,
        title: meeting.title,
        type: meeting.type,
        host_bridge_point_id: meeting.hostBridgePointId,
        starts_at: meeting.startsAt,
        status: meeting.status,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** The minimal meeting for the live hub and the join page. */
  async get(id: string): Promise<MeetingWithHost | null> {
    const row = await this.row(id);
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      type: row.type,
      hostBridgePointId: row.hostBridgePointId,
      startsAt: row.startsAt,
      status: row.status,
      hostBridgePointName: row.hostBridgePointName,
      confidential: row.confidential,
    };
  }

  private base() {
    return meetingRows(this.db);
  }

  async row(id: string): Promise<MeetingRow | null> {
    const r = await this.base().where('meetings.id', '=', id).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  /** The whole meeting, or null. */
  async load(id: string): Promise<MeetingRecord | null> {
    const row = await this.row(id);
    if (!row) return null;
    const [bridgePoints, invitees, agenda] = await Promise.all([
      this.db
        .selectFrom('meeting_bridge_points')
        .innerJoin('bridge_points', 'bridge_points.id', 'meeting_bridge_points.bridge_point_id')
        .select(['bridge_points.id', 'bridge_points.name'])
        .where('meeting_bridge_points.meeting_id', '=', id)
        .orderBy('bridge_points.sort_order')
        .orderBy('bridge_points.id')
        .execute(),
      this.invitees(id),
      this.agenda(id),
    ]);
    return { ...row, bridgePoints, invitees, agenda };
  }

  /** The facts the access rules need, or null when there is no such meeting. */
  async access(id: string): Promise<MeetingAccess | null> {
    const m = await this.load(id);
    return m
      ? accessOf(
          m,
          m.bridgePoints.map((b) => b.id),
          m.invitees,
        )
      : null;
  }

  async invitees(meetingId: string): Promise<InviteeRecord[]> {
    const rows = await this.db
      .selectFrom('meeting_invitees')
      .innerJoin('persons', 'persons.id', 'meeting_invitees.person_id')
      .selectAll('meeting_invitees')
      .select(['persons.full_name', 'persons.email'])
      .where('meeting_invitees.meeting_id', '=', meetingId)
      .orderBy('persons.full_name')
      .orderBy('persons.id')
      .execute();
    return rows.map(toInvitee);
  }

  async agenda(meetingId: string): Promise<AgendaRecord[]> {
    const rows = await this.db
      .selectFrom('agenda_items')
      .leftJoin('persons', 'persons.id', 'agenda_items.presenter_person_id')
      .selectAll('agenda_items')
      .select('persons.full_name as presenter_name')
      .where('agenda_items.meeting_id', '=', meetingId)
      .orderBy('agenda_items.position')
      .execute();
    return rows.map(toAgendaItem);
  }

  /**
   * Meetings that may have an occurrence in [from, to), with their access facts. Recurring ones
   * are returned whole; the caller expands them.
   */
  async listCandidates(filter: ListFilter): Promise<MeetingListEntry[]> {
    // NOTE: instants are stored as toISOString() text, so string order is time order on both engines.
    const earliest = new Date(filter.from.getTime() - DAY_MS).toISOString();
    let q = this.base()
      .where('meetings.starts_at', '<', filter.to.toISOString())
      .where((eb) =>
        eb.or([
          eb.and([eb('meetings.recurrence', '=', 'none'), eb('meetings.starts_at', '>=', earliest)]),
          eb.and([
            eb('meetings.recurrence', '<>', 'none'),
            eb.or([
              eb('meetings.recurrence_until', 'is', null),
              eb('meetings.recurrence_until', '>=', earliest),
            ]),
          ]),
        ]),
      );
    if (!filter.includeCancelled) q = q.where('meetings.status', '<>', 'cancelled');
    if (filter.type) q = q.where('meetings.type', '=', filter.type);
    const bp = filter.bridgePointId;
    if (bp !== undefined) {
      q = q.where((eb) =>
        eb.or([
          eb('meetings.host_bridge_point_id', '=', bp),
          eb.exists(
            eb
              .selectFrom('meeting_bridge_points')
              .select('meeting_bridge_points.meeting_id')
              .whereRef('meeting_bridge_points.meeting_id', '=', 'meetings.id')
              .where('meeting_bridge_points.bridge_point_id', '=', bp),
          ),
        ]),
      );
    }
    const rows = (await q.orderBy('meetings.starts_at').orderBy('meetings.id').execute()).map(toRow);
    return this.withAccess(rows);
  }

  /** Every meeting (not cancelled) a person is invited to or a bridge point takes part in. */
  async listForCalendar(personId: string | null, bridgePointId: string | null): Promise<MeetingListEntry[]> {
    const rows = await this.base()
      .where('meetings.status', '<>', 'cancelled')
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('meeting_invitees')
              .select('meeting_invitees.meeting_id')
              .whereRef('meeting_invitees.meeting_id', '=', 'meetings.id')
              .where('meeting_invitees.person_id', '=', personId ?? ''),
          ),
          eb('meetings.host_bridge_point_id', '=', bridgePointId ?? ''),
          eb.exists(
            eb
              .selectFrom('meeting_bridge_points')
              .select('meeting_bridge_points.meeting_id')
              .whereRef('meeting_bridge_points.meeting_id', '=', 'meetings.id')
              .where('meeting_bridge_points.bridge_point_id', '=', bridgePointId ?? ''),
          ),
        ]),
      )
      .orderBy('meetings.starts_at')
      .orderBy('meetings.id')
      .execute();
    return this.withAccess(rows.map(toRow));
  }

  private async withAccess(rows: MeetingRow[]): Promise<MeetingListEntry[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [bps, invs] = await Promise.all([
      this.db.selectFrom('meeting_bridge_points').selectAll().where('meeting_id', 'in', ids).execute(),
      this.db
        .selectFrom('meeting_invitees')
        .select(['meeting_id', 'person_id', 'role'])
        .where('meeting_id', 'in', ids)
        .execute(),
    ]);
    return rows.map((row) => ({
      row,
      access: accessOf(
        row,
        bps.filter((b) => b.meeting_id === row.id).map((b) => b.bridge_point_id),
        invs
          .filter((i) => i.meeting_id === row.id)
          .map((i) => ({ personId: i.person_id, role: i.role as InviteeRole })),
      ),
    }));
  }

  /** Inserts a scheduled meeting with its bridge points, invitees and agenda, atomically. */
  async insertScheduled(
    id: string,
    fields: MeetingFields,
    rest: {
      bridgePointIds: string[];
      invitees: { personId: string; role: InviteeRole }[];
      agenda: AgendaItemData[];
      createdBy: string | null;
      now: Date;
    },
  ): Promise<void> {
    const now = rest.now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meetings')
        .values({
          id,
          ...fieldColumns(fields),
          title: fields.title,
          type: fields.type,
          starts_at: fields.startsAt,
          status: 'scheduled',
          created_at: now,
          created_by: rest.createdBy,
          updated_at: now,
        })
        .execute();
      await new MeetingStore(trx).writeLinks(id, rest.bridgePointIds, rest.invitees, now);
      await new MeetingStore(trx).writeAgenda(id, rest.agenda);
    });
  }

  /**
   * Updates fields and (when given) the invited bridge points and persons. Invitees who stay keep
   * their RSVP; `bumpSequence` adds 1 to the iCalendar SEQUENCE.
   */
  async update(
    id: string,
    fields: Partial<MeetingFields>,
    links: {
      bridgePointIds?: string[] | undefined;
      invitees?: { personId: string; role: InviteeRole }[] | undefined;
    },
    bumpSequence: boolean,
    now: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('meetings')
        .set((eb) => ({
          ...fieldColumns(fields),
          updated_at: now.toISOString(),
          ...(bumpSequence ? { ics_sequence: eb('ics_sequence', '+', 1) } : {}),
        }))
        .where('id', '=', id)
        .execute();
      const store = new MeetingStore(trx);
      if (links.bridgePointIds) {
        await trx.deleteFrom('meeting_bridge_points').where('meeting_id', '=', id).execute();
        await store.writeLinks(id, links.bridgePointIds, [], now.toISOString());
      }
      if (links.invitees) await store.syncInvitees(id, links.invitees, now.toISOString());
    });
  }

  private async writeLinks(
    id: string,
    bridgePointIds: string[],
    invitees: { personId: string; role: InviteeRole }[],
    now: string,
  ): Promise<void> {
    const bps = [...new Set(bridgePointIds)];
    if (bps.length > 0) {
      await this.db
        .insertInto('meeting_bridge_points')
        .values(bps.map((b) => ({ meeting_id: id, bridge_point_id: b })))
        .execute();
    }
    if (invitees.length > 0) {
      await this.db
        .insertInto('meeting_invitees')
        .values(
          invitees.map((i) => ({ meeting_id: id, person_id: i.personId, role: i.role, invited_at: now })),
        )
        .execute();
    }
  }

  private async syncInvitees(
    id: string,
    invitees: { personId: string; role: InviteeRole }[],
    now: string,
  ): Promise<void> {
    const current = await this.db
      .selectFrom('meeting_invitees')
      .select(['person_id', 'role'])
      .where('meeting_id', '=', id)
      .execute();
    const wanted = new Map(invitees.map((i) => [i.personId, i.role]));
    const gone = current.filter((c) => !wanted.has(c.person_id)).map((c) => c.person_id);
    if (gone.length > 0) {
      await this.db
        .deleteFrom('meeting_invitees')
        .where('meeting_id', '=', id)
        .where('person_id', 'in', gone)
        .execute();
    }
    for (const c of current) {
      const role = wanted.get(c.person_id);
      if (role !== undefined && role !== c.role) {
        await this.db
          .updateTable('meeting_invitees')
          .set({ role })
          .where('meeting_id', '=', id)
          .where('person_id', '=', c.person_id)
          .execute();
      }
    }
    const known = new Set(current.map((c) => c.person_id));
    await this.writeLinks(
      id,
      [],
      invitees.filter((i) => !known.has(i.personId)),
      now,
    );
  }

  /** Replaces the agenda with the given ordered list. */
  async replaceAgenda(id: string, items: AgendaItemData[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('agenda_items').where('meeting_id', '=', id).execute();
      await new MeetingStore(trx).writeAgenda(id, items);
    });
  }

  private async writeAgenda(id: string, items: AgendaItemData[]): Promise<void> {
    if (items.length === 0) return;
    await this.db
      .insertInto('agenda_items')
      .values(
        items.map((item, i) => ({
          id: newRowId('ag'),
          meeting_id: id,
          position: i + 1,
          title: item.title,
          presenter_person_id: item.presenterPersonId,
          presenter_label: item.presenterLabel,
          planned_minutes: item.plannedMinutes,
        })),
      )
      .execute();
  }

  /** Marks the meeting cancelled and bumps its SEQUENCE; false when it was already cancelled. */
  async cancel(id: string, now: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('meetings')
      .set((eb) => ({
        status: 'cancelled',
        cancelled_at: now.toISOString(),
        updated_at: now.toISOString(),
        ics_sequence: eb('ics_sequence', '+', 1),
      }))
      .where('id', '=', id)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** The chair ended the live meeting; false when it had already ended or was cancelled. */
  async markEnded(id: string, now: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('meetings')
      .set({ status: 'ended', updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('status', 'not in', ['ended', 'cancelled'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async setPasscodeHash(id: string, hash: string | null): Promise<void> {
    await this.db.updateTable('meetings').set({ guest_passcode_hash: hash }).where('id', '=', id).execute();
  }

  /** Records an invitee's answer; false when the person is not invited. */
  async setRsvp(
    meetingId: string,
    personId: string,
    status: Exclude<RsvpStatus, 'pending'>,
    reason: string | null,
    now: Date,
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('meeting_invitees')
      .set({ rsvp: status, rsvp_reason: reason, rsvp_at: now.toISOString() })
      .where('meeting_id', '=', meetingId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
