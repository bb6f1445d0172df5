// HTTP routes of the reports: the report as JSON for the web page's charts and tables, the same
// report as PDF and XLSX (audited), and the travel settings (admins). Who sees what: service.ts.
import { ReportQuerySchema, ReportSettingsUpdateSchema } from '@diemcau/protocol';
import type { Report, ReportSettings } from '@diemcau/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuditLog } from '../audit/log.js';
import type { AuditSink } from '../audit/log.js';
import type { AuthContext } from '../auth/context.js';
import { userOf } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import type { Viewer } from '../meetings/authz.js';
import { parseInput } from '../org/http.js';
import { OrgStore } from '../org/store.js';
import { reportPdf } from './pdf.js';
import { ReportService } from './service.js';
import type { TaskStatsSource } from './service.js';
import { reportXlsx } from './xlsx.js';

export interface ReportRouteDeps {
  db: Db;
  audit: AuditSink;
  viewerOf: (auth: AuthContext) => Promise<Viewer>;
  /** The tasks domain's counts (notices/stats.ts); null or absent: "chưa có dữ liệu". */
  tasks?: TaskStatsSource | null;
  now?: () => Date;
}

export const reportPaths = {
  report: '/api/reports',
  pdf: '/api/reports/export.pdf',
  xlsx: '/api/reports/export.xlsx',
  settings: '/api/reports/settings',
} as const;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): ReportService {
  const service = new ReportService({
    db: deps.db,
    audit: deps.audit,
    viewerOf: deps.viewerOf,
    tasks: deps.tasks ?? null,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const org = new OrgStore(deps.db);

  /** "Toàn phường" or "Điểm cầu: Văn phòng khu phố 4" (printed on the exports). */
  async function scopeName(r: Report): Promise<string> {
    if (r.bridgePointId === null) return 'Toàn phường';
    const bp = await org.getBridgePoint(r.bridgePointId);
    return `Điểm cầu: ${bp?.name ?? r.bridgePointId}`;
  }

  app.get(reportPaths.report, async (req): Promise<Report> => {
    const query = parseInput(ReportQuerySchema, req.query);
    return service.report(req.auth, query);
  });

  /** `report-2026-01-2026-06.pdf` (ASCII). */
  const fileName = (r: Report, ext: string): string =>
    r.from === r.to ? `bao-cao-${r.from}.${ext}` : `bao-cao-${r.from}-den-${r.to}.${ext}`;

  for (const format of ['pdf', 'xlsx'] as const)
    app.get(reportPaths[format], async (req: FastifyRequest, reply) => {
      const query = parseInput(ReportQuerySchema, req.query);
      const report = await service.report(req.auth, query);
      const name = await scopeName(report);
      const body = format === 'pdf' ? await reportPdf(report, name) : await reportXlsx(report, name);
      await deps.audit.record({
        action: 'report.exported',
        ...AuditLog.actorOf(req.auth),
        targetType: 'report',
        targetId: report.bridgePointId ?? 'ward',
        ip: req.ip,
        detail: { format, from: report.from, to: report.to, scope: report.scope },
      });
      void reply.header('content-disposition', `attachment; filename="${fileName(report, format)}"`);
      void reply.header('cache-control', 'no-store');
      return reply.type(format === 'pdf' ? 'application/pdf' : XLSX_TYPE).send(body);
    });

  app.get(reportPaths.settings, async (req): Promise<ReportSettings> => {
    userOf(req, 'admin');
    return service.settings();
  });

  app.put(reportPaths.settings, async (req): Promise<ReportSettings> => {
    const user = userOf(req, 'admin');
    const change = parseInput(ReportSettingsUpdateSchema, req.body);
    return service.updateSettings(user, change, req.ip);
  });

  return service;
}
