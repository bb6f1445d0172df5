// Fixtures for the minutes tests: a meeting of the demo ward with an agenda and a live record
// (arrivals, a bridge point's roll call, speeches, a published vote), and an app with our routes.
import { silentLogger } from '@diemcau/media';
import type { LiveEvent, MeetingType, Vote } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { LiveStore } from '../conduct/store.js';
import { ConductService } from '../conduct/service.js';
import type { Db } from '../db/database.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MeetingStore } from '../meetings/store.js';
import { MemoryAudit, PEOPLE, insertUser, seedPeople } from '../meetings/testing.js';
import { asUser, installFakeAuth } from '../testing/fake-auth.js';
import { registerMinutesRoutes } from './routes.js';
import type { MinutesSearchHook } from './service.js';
import type { MinutesService } from './service.js';

export const at = (hhmm: string): string => `2026-11-26T${hhmm}:00.000Z`;

/** Test callers: the meeting's chair and secretary, an invited delegate, an admin, outsiders. */
export const CALLERS = {
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  secretary: asUser(['secretary'], { userId: 'u_sec', personId: PEOPLE.secretary.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  admin: asUser(['admin'], { userId: 'u_admin' }),
  outsider: asUser(['secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
};

export interface MinutesFixture {
  meetingId: string;
  agendaIds: string[];
}

const VOTE: Omit<Vote, 'itemId'> = {
  id: 'v1',
  title: 'Thông qua kế hoạch ra quân vệ sinh môi trường',
  kind: 'motion',
  options: [
    { id: 'yes', label: 'Tán thành' },
    { id: 'no', label: 'Không tán thành' },
    { id: 'abstain', label: 'Không biểu quyết' },
  ],
  correctOptionId: null,
  secret: false,
  scope: 'person',
  majority: 'simple',
  quorum: { kind: 'more_than_half' },
  status: 'open',
  openedAt: at('01:30'),
  closedAt: null,
  publishedAt: null,
  voters: [],
  ballots: {},
  pointCounts: null,
  result: null,
};

/** A meeting with a record: giao_ban of UBND, or a party-cell meeting (chi_bo) of Chi bộ khu phố 4. */
export async function seedMinutesMeeting(
  db: Db,
  id: string,
  type: MeetingType = 'giao_ban',
  seedWard = true,
): Promise<MinutesFixture> {
  if (seedWard) await seedPeople(db);
  if (seedWard)
    for (const [userId, personId, roles] of [
      ['u_chair', PEOPLE.chair.id, ['chair']],
      ['u_sec', PEOPLE.secretary.id, ['secretary']],
    ] as const)
      await insertUser(db, { id: userId, personId, roles: [...roles] });
  const store = new MeetingStore(db);
  await store.insertScheduled(
    id,
    {
      title:
        type === 'chi_bo' ? 'Sinh hoạt chi bộ định kỳ tháng 11' : 'Họp giao ban tình hình an ninh tháng 11',
      type,
      description: '',
      startsAt: at('00:30'),
      durationMinutes: 90,
      recurrence: { kind: 'none', until: null, count: null },
      hostBridgePointId: 'bp_hoi_truong',
      organizationId: type === 'chi_bo' ? 'org_cb_kp4' : 'org_ubnd',
      confidential: type === 'chi_bo',
    },
    {
      bridgePointIds: ['bp_kp1', 'bp_kp4'],
      invitees: [
        { personId: PEOPLE.chair.id, role: 'chair' },
        { personId: PEOPLE.secretary.id, role: 'secretary' },
        { personId: PEOPLE.delegate.id, role: 'delegate' },
        { personId: PEOPLE.cell.id, role: 'delegate' },
        { personId: PEOPLE.noEmail.id, role: 'delegate' },
      ],
      agenda: [
        {
          title: 'Báo cáo tình hình an ninh trật tự',
          presenterPersonId: null,
          presenterLabel: 'Công an phường',
          plannedMinutes: 20,
        },
        {
          title: 'Kế hoạch ra quân vệ sinh môi trường',
          presenterPersonId: null,
          presenterLabel: 'Khu phố 4',
          plannedMinutes: 30,
        },
      ],
      createdBy: null,
      now: new Date(at('00:00')),
    },
  );
  await store.setRsvp(id, PEOPLE.noEmail.id, 'absent_with_reason', 'Ốm, nằm viện', new Date(at('00:10')));
  const agendaIds = (await store.load(id))?.agenda.map((a) => a.id) ?? [];
  const [a1, a2] = agendaIds as [string, string];
  const kp1 = {
    key: 'point:bp_kp1',
    name: 'Văn phòng khu phố 1',
    bridgePointId: 'bp_kp1',
    bridgePoint: 'Văn phòng khu phố 1',
  };
  const speech = (n: number, item: string, label: string, topic: string, start: string) => ({
    type: 'speak.granted' as const,
    speech: {
      requestId: `r${n}`,
      speakerKey: 'point:bp_kp1',
      label,
      topic,
      itemId: item,
      startedAt: at(start),
      endedAt: null,
    },
  });
  const events: LiveEvent[] = [
    { type: 'meeting.started', at: at('01:00') },
    { type: 'person.arrived', personId: PEOPLE.chair.id, at: at('01:00') },
    { type: 'person.arrived', personId: PEOPLE.secretary.id, at: at('01:01') },
    { type: 'person.arrived', personId: PEOPLE.delegate.id, at: at('01:12') },
    { type: 'point.connected', bridgePointId: 'bp_kp1', at: at('01:02') },
    {
      type: 'attendance.reported',
      bridgePointId: 'bp_kp1',
      headCount: 12,
      presentPersonIds: [PEOPLE.cell.id],
      by: kp1,
      at: at('01:05'),
    },
    { type: 'agenda.current', itemId: a1, at: at('01:06') },
    speech(1, a1, 'Văn phòng khu phố 1 – Lê Văn Hai', 'Tình hình trộm cắp xe máy', '01:10'),
    { type: 'speak.ended', at: at('01:15') },
    { type: 'agenda.current', itemId: a2, at: at('01:20') },
    { type: 'vote.opened', vote: { ...VOTE, itemId: a2 } },
    {
      type: 'ballot.cast',
      voteId: 'v1',
      voterKey: `person:${PEOPLE.chair.id}`,
      optionId: 'yes',
      at: at('01:31'),
    },
    {
      type: 'ballot.cast',
      voteId: 'v1',
      voterKey: `person:${PEOPLE.secretary.id}`,
      optionId: 'yes',
      at: at('01:31'),
    },
    {
      type: 'ballot.cast',
      voteId: 'v1',
      voterKey: `person:${PEOPLE.cell.id}`,
      optionId: 'no',
      at: at('01:32'),
    },
    { type: 'vote.closed', voteId: 'v1', at: at('01:33') },
    {
      type: 'vote.published',
      voteId: 'v1',
      result: { counts: { yes: 2, no: 1, abstain: 0 }, cast: 3, eligible: 5, quorumMet: true, passed: true },
      at: at('01:34'),
    },
    { type: 'person.left', personId: PEOPLE.delegate.id, at: at('01:40') },
    { type: 'meeting.ended', at: at('02:15') },
  ];
  await new LiveStore(db).append(id, 0, events);
  return { meetingId: id, agendaIds };
}

/** Records what the search hook was given; `fail` makes it throw (it must not break approval). */
export class MemorySearch implements MinutesSearchHook {
  readonly entries: Parameters<MinutesSearchHook['upsert']>[0][] = [];
  fail = false;
  upsert(entry: Parameters<MinutesSearchHook['upsert']>[0]): Promise<void> {
    if (this.fail) return Promise.reject(new Error('search is down'));
    this.entries.push(entry);
    return Promise.resolve();
  }
}

export interface MinutesTestApp {
  app: FastifyInstance;
  audit: MemoryAudit;
  search: MemorySearch;
  service: MinutesService;
}

/** Meeting and minutes routes on a bare Fastify with fake auth. */
export async function buildMinutesApp(db: Db, now?: () => Date): Promise<MinutesTestApp> {
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  const search = new MemorySearch();
  const meetings = registerMeetingRoutes(app, { db, audit, invitations: null });
  const conduct = new ConductService({ db, log: silentLogger });
  const service = registerMinutesRoutes(app, {
    db,
    meetings,
    conduct,
    audit,
    log: silentLogger,
    search,
    ...(now ? { now } : {}),
  });
  await app.ready();
  return { app, audit, search, service };
}
