// The reports service: who may see which report, loading and replaying the ended meetings of the
// period, asking the tasks source, and the travel settings. Counting is in aggregate.ts.
import { AppError, monthsBetween } from '@diemcau/protocol';
import type { Report, ReportQuery, ReportSettings, ReportSettingsUpdate } from '@diemcau/protocol';
import type { AuditSink } from '../audit/log.js';
import { AuditLog } from '../audit/log.js';
import type { UserAuth } from '../auth/context.js';
import type { AuthContext } from '../auth/context.js';
import type { Db } from '../db/database.js';
import type { Viewer } from '../meetings/authz.js';
import { OrgStore } from '../org/store.js';
import { aggregateReport, monthDays, vnMonthRange } from './aggregate.js';
import type { TaskStat } from './aggregate.js';
import { ReportLoader, replayMeetings } from './load.js';
import { ReportStore } from './store.js';

/**
 * Task counts per organization unit for tasks due in a period (days "YYYY-MM-DD", both included,
 * Vietnam calendar), as the tasks domain computes them (notices/stats.ts `taskStatsByOrg`).
 * Injected, so that reports do not depend on that domain being present.
 */
export type TaskStatsSource = (db: Db, range: { from: string; to: string }, now: Date) => Promise<TaskStat[]>;

export interface ReportServiceDeps {
  db: Db;
  audit: AuditSink;
  /** Resolves the caller into the meetings' access-rule viewer (MeetingService.viewer). */
  viewerOf: (auth: AuthContext) => Promise<Viewer>;
  tasks?: TaskStatsSource | null;
  now?: () => Date;
}

/** Whose rows a caller sees: the whole ward, one bridge point, or nothing (403). */
export type ReportScope = { kind: 'ward' } | { kind: 'point'; bridgePointId: string };

/**
 * Ward admins and leaders (chair accounts) see the ward; an operator sees only the rows of the
 * bridge point they run. Everyone else is refused. Within a scope, a meeting counts only if the
 * caller may see it (a confidential "MẬT" meeting of another organization does not).
 */
export function reportScope(auth: AuthContext): ReportScope {
  if (auth.kind === 'anonymous') throw AppError.unauthorized();
  if (auth.kind === 'device') throw AppError.forbidden('reports are for signed-in staff');
  if (auth.roles.includes('admin') || auth.roles.includes('chair')) return { kind: 'ward' };
  if (auth.roles.includes('operator') && auth.bridgePointId !== null)
    return { kind: 'point', bridgePointId: auth.bridgePointId };
  throw AppError.forbidden('reports are for ward admins, leaders and bridge-point operators');
}

export class ReportService {
  readonly store: ReportStore;
  readonly #loader: ReportLoader;
  readonly #org: OrgStore;
  readonly #now: () => Date;

  constructor(private readonly deps: ReportServiceDeps) {
    this.store = new ReportStore(deps.db);
    this.#loader = new ReportLoader(deps.db);
    this.#org = new OrgStore(deps.db);
    this.#now = deps.now ?? ((): Date => new Date());
  }

  /** Whether task figures come from a source (otherwise "chưa có dữ liệu"). */
  get tasksAvailable(): boolean {
    return Boolean(this.deps.tasks);
  }

  /** The report of [from, to] (months, Vietnam time) as `auth` may see it. */
  async report(auth: AuthContext, query: ReportQuery): Promise<Report> {
    const scope = reportScope(auth);
    const viewer = await this.deps.viewerOf(auth);
    const now = this.#now();
    const range = { from: vnMonthRange(query.from).from, to: vnMonthRange(query.to).to };
    const ids = await this.store.endedMeetingIds(range.from, range.to);
    const meetings = await replayMeetings(this.#loader, ids, viewer);
    const [points, orgs, distances, { rates }] = await Promise.all([
      this.#org.listBridgePoints(),
      this.#org.listOrganizations(),
      this.store.distances(),
      this.store.rates(),
    ]);
    const tasks = await this.#tasks(query, now);
    const result = aggregateReport({
      from: query.from,
      to: query.to,
      meetings,
      points: points.map((p) => ({
        id: p.id,
        name: p.name,
        organizationId: p.organizationId,
        distanceKm: distances.get(p.id) ?? 0,
      })),
      orgNames: new Map(orgs.map((o) => [o.id, o.name])),
      rates,
      scopePointId: scope.kind === 'point' ? scope.bridgePointId : null,
      tasks,
    });
    return {
      from: query.from,
      to: query.to,
      scope: scope.kind,
      bridgePointId: scope.kind === 'point' ? scope.bridgePointId : null,
      generatedAt: now.toISOString(),
      rates,
      ...result,
      tasksAvailable: tasks !== null,
    };
  }

  async #tasks(
    query: ReportQuery,
    now: Date,
  ): Promise<{ byMonth: Map<string, TaskStat[]>; total: TaskStat[] } | null> {
    const source = this.deps.tasks;
    if (!source) return null;
    const byMonth = new Map<string, TaskStat[]>();
    for (const month of monthsBetween(query.from, query.to))
      byMonth.set(month, await source(this.deps.db, monthDays(month), now));
    const range = { from: monthDays(query.from).from, to: monthDays(query.to).to };
    return { byMonth, total: await source(this.deps.db, range, now) };
  }

  /** Rates and every bridge point's distance (admins). */
  async settings(): Promise<ReportSettings> {
    const [points, orgs, distances, stored] = await Promise.all([
      this.#org.listBridgePoints(),
      this.#org.listOrganizations(),
      this.store.distances(),
      this.store.rates(),
    ]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    return {
      rates: stored.rates,
      updatedAt: stored.updatedAt,
      points: points.map((p) => ({
        bridgePointId: p.id,
        name: p.name,
        organizationName: orgName.get(p.organizationId) ?? '',
        isMain: p.isMain,
        distanceKm: distances.get(p.id) ?? 0,
      })),
    };
  }

  /** Saves new rates/distances (admins), audited with before and after. */
  async updateSettings(user: UserAuth, change: ReportSettingsUpdate, ip: string): Promise<ReportSettings> {
    const before = await this.settings();
    const known = new Set(before.points.map((p) => p.bridgePointId));
    (change.distances ?? []).forEach((d, i) => {
      if (!known.has(d.bridgePointId))
        throw AppError.validation('no such bridge point', `distances.${i}.bridgePointId`);
    });
    await this.store.save(change, user.userId, this.#now());
    const after = await this.settings();
    const changedDistances = (change.distances ?? []).map((d) => ({
      bridgePointId: d.bridgePointId,
      before: before.points.find((p) => p.bridgePointId === d.bridgePointId)?.distanceKm ?? 0,
      after: d.distanceKm,
    }));
    await this.deps.audit.record({
      action: 'report.settings_changed',
      ...AuditLog.actorOf(user),
      targetType: 'report_settings',
      targetId: 'ward',
      ip,
      detail: {
        ...(change.rates ? { rates: { before: before.rates, after: after.rates } } : {}),
        ...(changedDistances.length > 0 ? { distances: changedDistances.slice(0, 50) } : {}),
      },
    });
    return after;
  }
}
