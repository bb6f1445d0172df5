// Batched loading of the meetings a report covers: their records (row, bridge points, invitees,
// agenda), the invitees' usual bridge points and their live event logs, a chunk of meetings per
// query instead of a handful of queries per meeting. The only place with SQL for it.
import { LiveEvent, foldLiveEvents, initialLiveState } from '@diemcau/protocol';
import type { SequencedEvent } from '@diemcau/protocol';
import { loadLiveContext } from '../conduct/context.js';
import type { Db } from '../db/database.js';
import { canSee } from '../meetings/authz.js';
import type { Viewer } from '../meetings/authz.js';
import { accessOf, meetingRows, toAgendaItem, toInvitee, toRow } from '../meetings/store.js';
import type { MeetingRecord, MeetingStore } from '../meetings/store.js';
import type { ReportMeeting } from './aggregate.js';

/**
 * Ids bound in one `in (…)` list. NOTE: far below the bound-parameter limits of SQLite (32,766)
 * and PostgreSQL (65,535), and small enough that one chunk's event logs stay a modest result.
 */
export const ID_CHUNK = 100;

/** `ids` in slices of `size`. */
export function chunks<T>(ids: readonly T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** Groups rows by a key, keeping their order. */
function groupBy<R, V>(rows: readonly R[], key: (r: R) => string, value: (r: R) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(value(r));
    else out.set(k, [value(r)]);
  }
  return out;
}

export class ReportLoader {
  constructor(private readonly db: Db) {}

  /**
   * The whole records of the meetings with these ids (missing ones left out), in the order of
   * `ids`: each list in each record ordered as MeetingStore.load orders it.
   */
  async meetings(ids: readonly string[]): Promise<MeetingRecord[]> {
    const byId = new Map<string, MeetingRecord>();
    for (const chunk of chunks(ids)) {
      const [rows, points, invitees, agenda] = await Promise.all([
        meetingRows(this.db).where('meetings.id', 'in', chunk).execute(),
        this.db
          .selectFrom('meeting_bridge_points')
          .innerJoin('bridge_points', 'bridge_points.id', 'meeting_bridge_points.bridge_point_id')
          .select(['meeting_bridge_points.meeting_id', 'bridge_points.id', 'bridge_points.name'])
          .where('meeting_bridge_points.meeting_id', 'in', chunk)
          .orderBy('bridge_points.sort_order')
          .orderBy('bridge_points.id')
          .execute(),
        this.db
          .selectFrom('meeting_invitees')
          .innerJoin('persons', 'persons.id', 'meeting_invitees.person_id')
          .selectAll('meeting_invitees')
          .select(['persons.full_name', 'persons.email'])
          .where('meeting_invitees.meeting_id', 'in', chunk)
          .orderBy('persons.full_name')
          .orderBy('persons.id')
          .execute(),
        this.db
          .selectFrom('agenda_items')
          .leftJoin('persons', 'persons.id', 'agenda_items.presenter_person_id')
          .selectAll('agenda_items')
          .select('persons.full_name as presenter_name')
          .where('agenda_items.meeting_id', 'in', chunk)
          .orderBy('agenda_items.position')
          .execute(),
      ]);
      // NOTE: each query orders all the chunk's rows the way the per-meeting query orders one
      // meeting's; grouping keeps that order within every meeting.
      const pointsOf = groupBy(
        points,
        (r) => r.meeting_id,
        (r) => ({ id: r.id, name: r.name }),
      );
      const inviteesOf = groupBy(invitees, (r) => r.meeting_id, toInvitee);
      const agendaOf = groupBy(agenda, (r) => r.meeting_id, toAgendaItem);
      for (const r of rows)
        byId.set(r.id, {
          ...toRow(r),
          bridgePoints: pointsOf.get(r.id) ?? [],
          invitees: inviteesOf.get(r.id) ?? [],
          agenda: agendaOf.get(r.id) ?? [],
        });
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Each person's candidate bridge points (their organizations' points), best first, the order of
   * LiveStore.homePoints: the first of them among a meeting's points is where they usually sit.
   */
  async homePointCandidates(personIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const chunk of chunks([...new Set(personIds)])) {
      const rows = await this.db
        .selectFrom('memberships')
        .innerJoin('bridge_points', 'bridge_points.organization_id', 'memberships.organization_id')
        .select(['memberships.person_id', 'bridge_points.id'])
        .where('memberships.person_id', 'in', chunk)
        .orderBy('memberships.person_id')
        .orderBy('memberships.sort_order')
        .orderBy('bridge_points.sort_order')
        .execute();
      for (const [person, points] of groupBy(
        rows,
        (r) => r.person_id,
        (r) => r.id,
      ))
        out.set(person, points);
    }
    return out;
  }

  /** The event logs of these meetings, each in sequence order (meetings without events: absent). */
  async eventLogs(ids: readonly string[]): Promise<Map<string, SequencedEvent[]>> {
    const out = new Map<string, SequencedEvent[]>();
    for (const chunk of chunks(ids)) {
      const rows = await this.db
        .selectFrom('live_events')
        .select(['meeting_id', 'seq', 'payload'])
        .where('meeting_id', 'in', chunk)
        .orderBy('meeting_id')
        .orderBy('seq')
        .execute();
      for (const [id, events] of groupBy(
        rows,
        (r) => r.meeting_id,
        (r): SequencedEvent => ({ seq: Number(r.seq), event: LiveEvent.parse(JSON.parse(r.payload)) }),
      ))
        out.set(id, events);
    }
    return out;
  }
}

/** The usual bridge point of each person among `pointIds` (LiveStore.homePoints, from candidates). */
export function homePointsAmong(
  candidates: ReadonlyMap<string, readonly string[]>,
  personIds: readonly string[],
  pointIds: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  const among = new Set(pointIds);
  for (const person of personIds) {
    const home = candidates.get(person)?.find((p) => among.has(p));
    if (home !== undefined) out.set(person, home);
  }
  return out;
}

/**
 * The meetings `viewer` may see, replayed from their logs, in the order of `ids`. NOTE: records,
 * home points and logs come a chunk of meetings per query (a month of a busy ward is hundreds of
 * meetings); the context is still built by the code a live meeting uses (loadLiveContext).
 */
export async function replayMeetings(
  loader: ReportLoader,
  ids: readonly string[],
  viewer: Viewer,
): Promise<ReportMeeting[]> {
  const visible = (await loader.meetings(ids)).filter((m) =>
    canSee(
      accessOf(
        m,
        m.bridgePoints.map((b) => b.id),
        m.invitees,
      ),
      viewer,
    ),
  );
  const [homes, logs] = await Promise.all([
    loader.homePointCandidates(visible.flatMap((m) => m.invitees.map((i) => i.personId))),
    loader.eventLogs(visible.map((m) => m.id)),
  ]);
  const live = {
    homePoints: (personIds: readonly string[], pointIds: readonly string[]): Promise<Map<string, string>> =>
      Promise.resolve(homePointsAmong(homes, personIds, pointIds)),
  };
  const out: ReportMeeting[] = [];
  for (const m of visible) {
    const record: Pick<MeetingStore, 'load'> = { load: (): Promise<MeetingRecord> => Promise.resolve(m) };
    const context = await loadLiveContext(record, live, m.id);
    if (!context) continue;
    const events = logs.get(m.id) ?? [];
    out.push({
      meetingId: m.id,
      type: m.type,
      state: foldLiveEvents(initialLiveState(context), events),
      events,
    });
  }
  return out;
}
