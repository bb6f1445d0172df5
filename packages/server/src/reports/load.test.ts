// The batched loading of a report's meetings on SQLite and PostgreSQL: 240 ended meetings (three
// chunks) replay exactly as one-meeting-at-a-time loading replays them, for the ward and for a
// leader who may not see the confidential ones, and a whole report issues a bounded number of
// queries (counted by a Kysely plugin), not a handful per meeting.
import { foldLiveEvents, initialLiveState } from '@diemcau/protocol';
import type { LiveEvent } from '@diemcau/protocol';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '../auth/context.js';
import { loadLiveContext } from '../conduct/context.js';
import { LiveStore } from '../conduct/store.js';
import type { Db } from '../db/database.js';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { canSee } from '../meetings/authz.js';
import type { Viewer } from '../meetings/authz.js';
import { MeetingStore, accessOf } from '../meetings/store.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import type { ReportMeeting } from './aggregate.js';
import { ID_CHUNK, ReportLoader, replayMeetings } from './load.js';
import { ReportService } from './service.js';
import { ReportStore } from './store.js';

const MEETINGS = 240;
const TYPES = ['giao_ban', 'chi_bo', 'tap_huan'] as const;
const POINTS = ['bp_vp_dang_uy', 'bp_vp_lien_kp', 'bp_kp1', 'bp_kp4', 'bp_kp5', 'bp_kp6'];
const INVITEES = [PEOPLE.chair, PEOPLE.secretary, PEOPLE.delegate, PEOPLE.cell, PEOPLE.noEmail];

/** Counts the queries run through the Kysely instance it is plugged into. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const ADMIN: AuthContext = {
  kind: 'user',
  userId: 'u_admin',
  username: 'admin',
  personId: null,
  roles: ['admin'],
  bridgePointId: null,
  csrfToken: 'test',
};
const ADMIN_VIEWER: Viewer = {
  kind: 'user',
  userId: 'u_admin',
  personId: null,
  roles: ['admin'],
  bridgePointId: null,
  organizationIds: [],
};
/** The chair: not in Chi bộ khu phố 5, so its confidential meetings are hidden from her. */
const CHAIR_VIEWER: Viewer = {
  kind: 'user',
  userId: 'u_chair',
  personId: PEOPLE.chair.id,
  roles: ['chair'],
  bridgePointId: null,
  organizationIds: [PEOPLE.chair.org],
};

/** Meeting i: its own type, points, invitees, agenda, head count and end in February 2026 (Vietnam). */
async function seedMeeting(db: Db, i: number): Promise<void> {
  const id = `m_${String(i).padStart(3, '0')}`;
  const startsAt = new Date(Date.UTC(2026, 1, 1 + (i % 27), 1 + (i % 9))).toISOString();
  const points = POINTS.filter((_, k) => (i + k) % 3 !== 0);
  const invitees = INVITEES.filter((_, k) => (i + k) % 4 !== 0).map((p, k) => ({
    personId: p.id,
    role: k === 0 ? ('chair' as const) : ('delegate' as const),
  }));
  await new MeetingStore(db).insertScheduled(
    id,
    {
      title: `Họp số ${i} – khu phố ${(i % 6) + 1}`,
      type: TYPES[i % 3] ?? 'giao_ban',
      description: '',
      startsAt,
      durationMinutes: 60,
      recurrence: { kind: 'none', until: null, count: null },
      hostBridgePointId: 'bp_hoi_truong',
      organizationId: i % 7 === 0 ? 'org_cb_kp5' : null,
      confidential: i % 7 === 0,
    },
    {
      bridgePointIds: points,
      invitees,
      agenda: Array.from({ length: i % 3 }, (_, k) => ({
        title: `Nội dung ${k + 1}`,
        presenterPersonId: k === 0 ? PEOPLE.secretary.id : null,
        presenterLabel: k === 0 ? '' : 'Trưởng khu phố',
        plannedMinutes: 10 + k,
      })),
      createdBy: null,
      now: new Date('2026-01-20T00:00:00.000Z'),
    },
  );
  const at = (minutes: number): string => new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
  const point = points[i % points.length] ?? 'bp_kp1';
  const arrived = invitees[i % invitees.length]?.personId ?? PEOPLE.chair.id;
  const events: LiveEvent[] = [
    { type: 'meeting.started', at: at(0) },
    { type: 'point.connected', bridgePointId: point, at: at(1) },
    { type: 'person.arrived', personId: arrived, at: at(2) },
    {
      type: 'attendance.reported',
      bridgePointId: point,
      headCount: 1 + (i % 9),
      presentPersonIds: [],
      by: { key: `point:${point}`, name: point, bridgePointId: point, bridgePoint: point },
      at: at(3),
    },
    { type: 'meeting.ended', at: at(50) },
  ];
  await new LiveStore(db).append(id, 0, events, [], new Date(at(50)));
}

/** The loading the reports did before: a handful of queries for each meeting. */
async function replayOneByOne(db: Db, ids: readonly string[], viewer: Viewer): Promise<ReportMeeting[]> {
  const meetings = new MeetingStore(db);
  const live = new LiveStore(db);
  const out: ReportMeeting[] = [];
  for (const id of ids) {
    const m = await meetings.load(id);
    if (
      !m ||
      !canSee(
        accessOf(
          m,
          m.bridgePoints.map((b) => b.id),
          m.invitees,
        ),
        viewer,
      )
    )
      continue;
    const context = await loadLiveContext(meetings, live, id);
    if (!context) continue;
    const events = await live.load(id);
    out.push({
      meetingId: id,
      type: m.type,
      state: foldLiveEvents(initialLiveState(context), events),
      events,
    });
  }
  return out;
}

describe.each(DB_KINDS)('report loading on %s', (kind) => {
  let t: TestDatabase;
  let ids: string[];
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    // Lê Văn Hai usually sits at the Khu phố 4 office; the secretary's unit has two points.
    await t.db
      .insertInto('memberships')
      .values({ person_id: PEOPLE.cell.id, organization_id: 'org_kp4' })
      .execute();
    for (let i = 0; i < MEETINGS; i++) await seedMeeting(t.db, i);
    ids = await new ReportStore(t.db).endedMeetingIds('2026-01-31T17:00:00.000Z', '2026-03-31T17:00:00.000Z');
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
  });

  it('finds every meeting, in more than two chunks', () => {
    expect(ids).toHaveLength(MEETINGS);
    expect(MEETINGS).toBeGreaterThan(2 * ID_CHUNK);
  });

  it('replays the same meetings as loading them one by one, for the ward and for the chair', async () => {
    for (const viewer of [ADMIN_VIEWER, CHAIR_VIEWER]) {
      const batched = await replayMeetings(new ReportLoader(t.db), ids, viewer);
      expect(batched).toEqual(await replayOneByOne(t.db, ids, viewer));
    }
    const forChair = await replayMeetings(new ReportLoader(t.db), ids, CHAIR_VIEWER);
    // Hidden from her: the confidential meetings (every 7th) she is not invited to (every 4th).
    const hidden = ids.filter((_, i) => i % 7 === 0 && i % 4 === 0);
    expect(hidden).toHaveLength(9);
    expect(forChair.map((m) => m.meetingId)).toEqual(ids.filter((id) => !hidden.includes(id)));
    // The fixture exercises what batching could mix up: agendas, home points and head counts.
    const sample = forChair.find((m) => m.meetingId === 'm_002');
    expect(sample?.state.context.agenda.map((a) => a.title)).toEqual(['Nội dung 1', 'Nội dung 2']);
    expect(sample?.state.context.invited.find((p) => p.personId === PEOPLE.cell.id)?.bridgePointId).toBe(
      'bp_kp4',
    );
  }, 60_000);

  it('issues a bounded number of queries for a report of 240 meetings', async () => {
    const counter = new QueryCounter();
    const service = new ReportService({
      db: t.db.withPlugin(counter),
      audit: new MemoryAudit(),
      viewerOf: () => Promise.resolve(ADMIN_VIEWER),
      now: () => new Date('2026-04-02T03:00:00.000Z'),
    });
    const r = await service.report(ADMIN, { from: '2026-02', to: '2026-03' });
    expect(r.totals.meetings).toBe(MEETINGS);
    // Per chunk of ids: 4 for the records, 1 for the logs, 1 for the home points; plus the ended
    // meetings, bridge points, organizations, distances and rates. One by one it was 6 per meeting.
    const chunks = Math.ceil(MEETINGS / ID_CHUNK);
    expect(counter.count).toBeGreaterThan(0);
    expect(counter.count).toBeLessThanOrEqual(6 * chunks + 5);
  }, 60_000);
});
