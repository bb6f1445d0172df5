// The figures of the reports, computed purely from replayed meeting records (the folded state of
// each ended meeting plus its event log), the bridge points with their distances, the rates and
// the tasks source's counts. No I/O: the service loads, this module counts. Each figure is defined
// on ReportFigures (protocol/src/api/reports.ts); the rules of attribution are noted below.
import type {
  LiveState,
  ReportFigures,
  ReportMonthRow,
  ReportRates,
  ReportTasks,
  ReportUnitRow,
  SequencedEvent,
} from '@diemcau/protocol';
import { VOTING_ROLES, monthsBetween } from '@diemcau/protocol';

/** One ended meeting: its type, its state folded from the whole log, and the log itself. */
export interface ReportMeeting {
  meetingId: string;
  type: string;
  state: LiveState;
  events: readonly SequencedEvent[];
}

/** A bridge point with its organization unit (the neighborhood) and distance to the hall. */
export interface ReportPoint {
  id: string;
  name: string;
  organizationId: string;
  distanceKm: number;
}

/** Tasks of one organization unit, as the tasks domain counts them. */
export interface TaskStat {
  orgUnitId: string;
  total: number;
  done: number;
  overdue: number;
  open: number;
}

export interface AggregateInput {
  from: string;
  to: string;
  meetings: readonly ReportMeeting[];
  /** Every bridge point, in display order. */
  points: readonly ReportPoint[];
  /** Organization unit id → name (every unit that can have a row). */
  orgNames: ReadonlyMap<string, string>;
  rates: ReportRates;
  /** An operator's own point: only its figures count. Null: the whole ward. */
  scopePointId: string | null;
  /** Per month (and for the whole range) from the tasks source; null when there is none. */
  tasks: { byMonth: ReadonlyMap<string, readonly TaskStat[]>; total: readonly TaskStat[] } | null;
}

export interface AggregateResult {
  months: ReportMonthRow[];
  units: ReportUnitRow[];
  totals: ReportFigures;
}

/** What one meeting contributes at one bridge point (null: persons with no usual point). */
interface PointFacts {
  invited: number;
  invitedPresent: number;
  pointInvited: number;
  pointAttended: number;
  people: number;
  speeches: number;
  ballotsCast: number;
  ballotsEligible: number;
}

interface MeetingFacts {
  meetingId: string;
  type: string;
  month: string;
  votes: number;
  byPoint: Map<string | null, PointFacts>;
}

const VN_OFFSET_MS = 7 * 3600_000;

/** "YYYY-MM" of an instant in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving time). */
export function vnMonthOf(iso: string): string {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The UTC instants bounding a Vietnam month: [start, end). */
export function vnMonthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - VN_OFFSET_MS).toISOString(),
    to: new Date(Date.UTC(y, m, 1) - VN_OFFSET_MS).toISOString(),
  };
}

/** The first and last day ("YYYY-MM-DD", inclusive) of a month: the tasks source's range. */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

const emptyFacts = (): PointFacts => ({
  invited: 0,
  invitedPresent: 0,
  pointInvited: 0,
  pointAttended: 0,
  people: 0,
  speeches: 0,
  ballotsCast: 0,
  ballotsEligible: 0,
});

/** What one ended meeting contributes, by bridge point. */
export function meetingFacts(m: ReportMeeting): MeetingFacts {
  const s = m.state;
  const byPoint = new Map<string | null, PointFacts>();
  const at = (point: string | null): PointFacts => {
    let f = byPoint.get(point);
    if (!f) byPoint.set(point, (f = emptyFacts()));
    return f;
  };
  const home = new Map(s.context.invited.map((p) => [p.personId, p.bridgePointId]));
  const homeOf = (personId: string): string | null => home.get(personId) ?? null;
  // NOTE: the report reads the log of an ended meeting, where everyone has left: "came" is
  // "arrived at some time" or "ticked by a point's roll call", not "present at the end".
  const ticked = new Set<string>();
  for (const p of Object.values(s.points))
    if (p.reportedAt !== null) for (const id of p.presentPersonIds) ticked.add(id);
  for (const inv of s.context.invited) {
    const f = at(inv.bridgePointId);
    f.invited += 1;
    if (s.persons[inv.personId] !== undefined || ticked.has(inv.personId)) f.invitedPresent += 1;
  }
  const pointIds = new Set([...s.context.points.map((p) => p.bridgePointId), ...Object.keys(s.points)]);
  const invitedPoints = new Set(s.context.points.map((p) => p.bridgePointId));
  for (const id of pointIds) {
    const f = at(id);
    const a = s.points[id];
    if (invitedPoints.has(id)) f.pointInvited = 1;
    if (a && (a.connectedAt !== null || a.reportedAt !== null)) f.pointAttended = 1;
    // A room's head count (0 until its roll call) includes the invitees ticked there.
    f.people += a?.headCount ?? 0;
  }
  // Someone on their own device did not travel either: counted at their usual point.
  for (const personId of Object.keys(s.persons)) if (!ticked.has(personId)) at(homeOf(personId)).people += 1;

  for (const point of speechPoints(m)) at(point).speeches += 1;

  for (const v of s.votes) {
    if (v.scope === 'point') {
      for (const [id, a] of Object.entries(s.points)) at(id).ballotsEligible += a.headCount;
      for (const [id, counts] of Object.entries(v.pointCounts ?? {}))
        at(id).ballotsCast += Object.values(counts).reduce((x, y) => x + y, 0);
      continue;
    }
    const eligible = s.context.invited.filter((p) => v.kind !== 'motion' || VOTING_ROLES.has(p.role));
    for (const p of eligible) at(p.bridgePointId).ballotsEligible += 1;
    for (const key of v.voters) at(key.startsWith('person:') ? homeOf(key.slice(7)) : null).ballotsCast += 1;
    // A meeting without an invitation list: everyone who voted was entitled to.
    if (eligible.length === 0) at(null).ballotsEligible += v.result?.eligible ?? v.voters.length;
  }
  const endedAt = s.endedAt ?? s.startedAt ?? new Date(0).toISOString();
  return { meetingId: m.meetingId, type: m.type, month: vnMonthOf(endedAt), votes: s.votes.length, byPoint };
}

/**
 * The bridge point of each speech: the point whose device held the floor, else the point the
 * request came from, else the speaker's usual point (null when none is known).
 */
function speechPoints(m: ReportMeeting): (string | null)[] {
  const s = m.state;
  const fromPoint = new Map<string, string | null>();
  for (const { event } of m.events)
    if (event.type === 'speak.requested') fromPoint.set(event.request.id, event.request.by.bridgePointId);
  const home = new Map(s.context.invited.map((p) => [p.personId, p.bridgePointId]));
  const speeches = s.current ? [...s.speeches, s.current] : s.speeches;
  return speeches.map((sp) => {
    if (sp.speakerKey.startsWith('point:')) return sp.speakerKey.slice(6);
    const viaPoint = fromPoint.get(sp.requestId);
    if (viaPoint) return viaPoint;
    return sp.speakerKey.startsWith('person:') ? (home.get(sp.speakerKey.slice(7)) ?? null) : null;
  });
}

/** Sums of point facts, before travel is priced. */
interface Sums extends PointFacts {
  meetings: number;
  meetingsByType: Record<string, number>;
  pointsSpoke: number;
  votes: number;
  travelKm: number;
}

const emptySums = (): Sums => ({
  ...emptyFacts(),
  meetings: 0,
  meetingsByType: {},
  pointsSpoke: 0,
  votes: 0,
  travelKm: 0,
});

function addFacts(sum: Sums, f: PointFacts, distanceKm: number): void {
  sum.invited += f.invited;
  sum.invitedPresent += f.invitedPresent;
  sum.pointInvited += f.pointInvited;
  sum.pointAttended += f.pointAttended;
  sum.people += f.people;
  sum.speeches += f.speeches;
  sum.pointsSpoke += f.pointAttended > 0 && f.speeches > 0 ? 1 : 0;
  sum.ballotsCast += f.ballotsCast;
  sum.ballotsEligible += f.ballotsEligible;
  // A return trip from the point to the hall for each person who stayed at the point.
  sum.travelKm += f.people * 2 * distanceKm;
}

function countMeeting(sum: Sums, m: MeetingFacts): void {
  sum.meetings += 1;
  sum.meetingsByType[m.type] = (sum.meetingsByType[m.type] ?? 0) + 1;
  sum.votes += m.votes;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function sumTasks(stats: readonly TaskStat[], keep: (orgId: string) => boolean): ReportTasks {
  const t: ReportTasks = { total: 0, done: 0, overdue: 0, open: 0 };
  for (const s of stats)
    if (keep(s.orgUnitId)) {
      t.total += s.total;
      t.done += s.done;
      t.overdue += s.overdue;
      t.open += s.open;
    }
  return t;
}

/** Prices the travel and shapes the figures. */
function finish(sum: Sums, rates: ReportRates, tasks: ReportTasks | null): ReportFigures {
  const km = round1(sum.travelKm);
  const hours = sum.travelKm / rates.speedKmh;
  const travelCostVnd = Math.round(sum.travelKm * rates.costPerKmVnd);
  const timeValueVnd = Math.round(hours * rates.hourValueVnd);
  return {
    meetings: sum.meetings,
    meetingsByType: sum.meetingsByType,
    invited: sum.invited,
    invitedPresent: sum.invitedPresent,
    pointsInvited: sum.pointInvited,
    pointsAttended: sum.pointAttended,
    people: sum.people,
    speeches: sum.speeches,
    pointsSpoke: sum.pointsSpoke,
    votes: sum.votes,
    ballotsCast: sum.ballotsCast,
    ballotsEligible: sum.ballotsEligible,
    travelKm: km,
    travelHours: round1(hours),
    travelCostVnd,
    timeValueVnd,
    savedVnd: travelCostVnd + timeValueVnd,
    tasks,
  };
}

/** The report's rows: one per month of the range, one per neighborhood, and the totals. */
export function aggregateReport(input: AggregateInput): AggregateResult {
  const pointById = new Map(input.points.map((p) => [p.id, p]));
  const distance = (id: string | null): number => (id === null ? 0 : (pointById.get(id)?.distanceKm ?? 0));
  const inScope = (id: string | null): boolean => input.scopePointId === null || id === input.scopePointId;
  const scopeOrg =
    input.scopePointId === null ? null : (pointById.get(input.scopePointId)?.organizationId ?? '');
  const orgInScope = (orgId: string): boolean => scopeOrg === null || orgId === scopeOrg;

  const months = monthsBetween(input.from, input.to);
  const monthSums = new Map(months.map((m) => [m, emptySums()]));
  const unitSums = new Map<string, Sums>();
  const unitPoints = new Map<string, Set<string>>();
  const totals = emptySums();

  for (const meeting of input.meetings) {
    const facts = meetingFacts(meeting);
    const monthSum = monthSums.get(facts.month);
    if (!monthSum) continue;
    const buckets = [...facts.byPoint].filter(([id]) => inScope(id));
    // An operator's report counts the meetings its point took part in.
    if (input.scopePointId !== null && buckets.every(([, f]) => f.pointInvited + f.pointAttended === 0))
      continue;
    for (const sum of [monthSum, totals]) {
      countMeeting(sum, facts);
      for (const [id, f] of buckets) addFacts(sum, f, distance(id));
    }
    const unitsOfMeeting = new Set<string>();
    for (const [id, f] of buckets) {
      const point = id === null ? undefined : pointById.get(id);
      if (!point) continue;
      let u = unitSums.get(point.organizationId);
      if (!u) unitSums.set(point.organizationId, (u = emptySums()));
      addFacts(u, f, point.distanceKm);
      if (f.pointInvited + f.pointAttended > 0) {
        unitsOfMeeting.add(point.organizationId);
        const names = unitPoints.get(point.organizationId) ?? new Set<string>();
        names.add(point.name);
        unitPoints.set(point.organizationId, names);
      }
    }
    for (const orgId of unitsOfMeeting) countMeeting(unitSums.get(orgId) ?? emptySums(), facts);
  }

  const tasks = input.tasks;
  const monthRows: ReportMonthRow[] = months.map((month) => ({
    month,
    ...finish(
      monthSums.get(month) ?? emptySums(),
      input.rates,
      tasks ? sumTasks(tasks.byMonth.get(month) ?? [], orgInScope) : null,
    ),
  }));

  // Units: those with bridge points (in display order), then those that only have tasks.
  const unitOrder: string[] = [];
  for (const p of input.points)
    if (orgInScope(p.organizationId) && !unitOrder.includes(p.organizationId))
      unitOrder.push(p.organizationId);
  if (tasks)
    for (const t of tasks.total)
      if (orgInScope(t.orgUnitId) && !unitOrder.includes(t.orgUnitId) && input.orgNames.has(t.orgUnitId))
        unitOrder.push(t.orgUnitId);
  const units: ReportUnitRow[] = unitOrder.map((orgId) => ({
    organizationId: orgId,
    organizationName: input.orgNames.get(orgId) ?? orgId,
    points: [...(unitPoints.get(orgId) ?? [])],
    ...finish(
      unitSums.get(orgId) ?? emptySums(),
      input.rates,
      tasks ? sumTasks(tasks.total, (id) => id === orgId) : null,
    ),
  }));

  return {
    months: monthRows,
    units,
    totals: finish(totals, input.rates, tasks ? sumTasks(tasks.total, orgInScope) : null),
  };
}
