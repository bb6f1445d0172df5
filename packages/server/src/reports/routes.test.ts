// The report routes on SQLite and PostgreSQL: who sees which rows (admins and leaders the ward, an
// operator its own point, confidential meetings only for those who may see them), input errors
// with code and field, the travel settings (admins, audited, durable), and the PDF (pdftotext) and
// XLSX (re-read with exceljs) exports.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LiveEvent, Report, ReportSettings } from '@diemcau/protocol';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveStore } from '../conduct/store.js';
import type { Db } from '../db/database.js';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MeetingStore } from '../meetings/store.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import { taskStatsByOrg } from '../notices/stats.js';
import { asDevice, asUser, installFakeAuth } from '../testing/fake-auth.js';
import type { TaskStat } from './aggregate.js';
import { DISTANCES, FEB_END, FEB_EVENTS, FEB_START, MAR_END, MAR_EVENTS, MAR_START } from './fixtures.js';
import { registerReportRoutes } from './routes.js';
import { ReportStore } from './store.js';
import { sheetHeaders } from './xlsx.js';

const NOW = new Date('2026-04-02T03:00:00.000Z');

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  operator: asUser(['operator'], { userId: 'u_op4', bridgePointId: 'bp_kp4' }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  secretary: asUser(['secretary'], { userId: 'u_sec', personId: PEOPLE.secretary.id }),
  operatorWithoutPoint: asUser(['operator'], { userId: 'u_op' }),
  device: asDevice('d_kp4', 'bp_kp4'),
};

const kp5 = {
  key: 'point:bp_kp5',
  name: 'Văn phòng khu phố 5',
  bridgePointId: 'bp_kp5',
  bridgePoint: 'Văn phòng khu phố 5',
};
/** A confidential party-cell meeting of Khu phố 5 in February: 7 people at its office. */
const MAT_EVENTS: LiveEvent[] = [
  { type: 'meeting.started', at: '2026-02-10T12:00:00.000Z' },
  { type: 'point.connected', bridgePointId: 'bp_kp5', at: '2026-02-10T12:00:00.000Z' },
  {
    type: 'attendance.reported',
    bridgePointId: 'bp_kp5',
    headCount: 7,
    presentPersonIds: [],
    by: kp5,
    at: '2026-02-10T12:01:00.000Z',
  },
  { type: 'meeting.ended', at: '2026-02-10T13:00:00.000Z' },
];

async function schedule(
  db: Db,
  id: string,
  fields: {
    title: string;
    type: 'giao_ban' | 'chi_bo' | 'tap_huan';
    startsAt: string;
    confidential?: boolean;
    org?: string;
  },
  points: string[],
  invitees: { personId: string; role: 'chair' | 'delegate' }[],
): Promise<void> {
  await new MeetingStore(db).insertScheduled(
    id,
    {
      title: fields.title,
      type: fields.type,
      description: '',
      startsAt: fields.startsAt,
      durationMinutes: 60,
      recurrence: { kind: 'none', until: null, count: null },
      hostBridgePointId: 'bp_hoi_truong',
      organizationId: fields.org ?? null,
      confidential: fields.confidential ?? false,
    },
    {
      bridgePointIds: points,
      invitees,
      agenda: [],
      createdBy: null,
      now: new Date('2026-01-20T00:00:00.000Z'),
    },
  );
}

/** The demo ward, the February and March meetings (as in fixtures.ts) and a confidential one. */
async function seed(db: Db): Promise<void> {
  await seedPeople(db);
  const created = '2026-01-01T00:00:00.000Z';
  for (const [id, name] of [
    ['p_a', 'Phạm Văn Ơn'],
    ['p_b', 'Đỗ Thị Ánh Tuyết'],
  ] as const) {
    await db
      .insertInto('persons')
      .values({ id, full_name: name, email: null, phone: null, created_at: created })
      .execute();
    await db.insertInto('memberships').values({ person_id: id, organization_id: 'org_kp1' }).execute();
  }
  // Lê Văn Hai usually sits at the Khu phố 4 office.
  await db
    .insertInto('memberships')
    .values({ person_id: PEOPLE.cell.id, organization_id: 'org_kp4' })
    .execute();
  await schedule(
    db,
    'm_feb',
    { title: 'Họp giao ban tháng 2', type: 'giao_ban', startsAt: FEB_START },
    ['bp_kp1', 'bp_kp4'],
    [
      { personId: PEOPLE.chair.id, role: 'chair' },
      { personId: 'p_a', role: 'delegate' },
      { personId: 'p_b', role: 'delegate' },
      { personId: PEOPLE.cell.id, role: 'delegate' },
    ],
  );
  await schedule(
    db,
    'm_mar',
    { title: 'Tập huấn chuyển đổi số', type: 'tap_huan', startsAt: MAR_START },
    ['bp_kp4'],
    [],
  );
  await schedule(
    db,
    'm_mat',
    {
      title: 'Sinh hoạt chi bộ khu phố 5',
      type: 'chi_bo',
      startsAt: '2026-02-10T12:00:00.000Z',
      confidential: true,
      org: 'org_cb_kp5',
    },
    ['bp_kp5'],
    [],
  );
  const live = new LiveStore(db);
  await live.append('m_feb', 0, FEB_EVENTS, [], new Date(FEB_END));
  await live.append('m_mar', 0, MAR_EVENTS, [], new Date(MAR_END));
  await live.append('m_mat', 0, MAT_EVENTS, [], new Date('2026-02-10T13:00:00.000Z'));
  await new ReportStore(db).save(
    {
      distances: Object.entries(DISTANCES).map(([bridgePointId, distanceKm]) => ({
        bridgePointId,
        distanceKm,
      })),
    },
    'u_admin',
    new Date(created),
  );
}

const stat = (orgUnitId: string, total: number, done: number, overdue: number): TaskStat => ({
  orgUnitId,
  total,
  done,
  overdue,
  open: total - done,
});

/** The PDF's text as pdftotext reads it (layout kept, NFC). */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-report-'));
  try {
    const file = path.join(dir, 'r.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize(
      'NFC',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(DB_KINDS)('report routes on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function setup(
    withTasks = true,
  ): Promise<{ app: FastifyInstance; audit: MemoryAudit; db: Db; ranges: string[] }> {
    t = await createTestDatabase(kind);
    const db = t.db;
    await seed(db);
    const app = Fastify({ logger: false });
    installFakeAuth(app);
    installErrorHandler(app);
    const audit = new MemoryAudit();
    const meetings = registerMeetingRoutes(app, { db, audit, invitations: null });
    const ranges: string[] = [];
    registerReportRoutes(app, {
      db,
      audit,
      viewerOf: (auth) => meetings.viewer(auth),
      now: () => NOW,
      tasks: withTasks
        ? (_db, range, now) => {
            ranges.push(`${range.from}..${range.to}@${now.toISOString()}`);
            return Promise.resolve([stat('org_kp1', 4, 3, 1), stat('org_kp4', 2, 0, 2)]);
          }
        : null,
    });
    await app.ready();
    return { app, audit, db, ranges };
  }

  const get = (app: FastifyInstance, headers: Record<string, string>, query = 'from=2026-02&to=2026-03') =>
    app.inject({ url: `/api/reports?${query}`, headers });

  it('admin: the whole ward, the confidential meeting included; tasks asked per Vietnam month', async () => {
    const { app, ranges } = await setup();
    const res = await get(app, H.admin);
    expect(res.statusCode).toBe(200);
    const r = res.json<Report>();
    expect(r).toMatchObject({
      from: '2026-02',
      to: '2026-03',
      scope: 'ward',
      bridgePointId: null,
      tasksAvailable: true,
    });
    expect(r.months.map((m) => [m.month, m.meetings])).toEqual([
      ['2026-02', 2],
      ['2026-03', 1],
    ]);
    expect(r.totals).toMatchObject({
      meetings: 3,
      meetingsByType: { giao_ban: 1, chi_bo: 1, tap_huan: 1 },
      people: 23,
    });
    expect(r.units.find((u) => u.organizationId === 'org_kp5')).toMatchObject({ meetings: 1, people: 7 });
    expect(ranges).toEqual([
      '2026-02-01..2026-02-28@2026-04-02T03:00:00.000Z',
      '2026-03-01..2026-03-31@2026-04-02T03:00:00.000Z',
      '2026-02-01..2026-03-31@2026-04-02T03:00:00.000Z',
    ]);
  });

  it('chair: the ward without the MẬT meeting of a cell she is not in; figures from the replayed logs', async () => {
    const { app } = await setup();
    const r = (await get(app, H.chair)).json<Report>();
    expect(r.scope).toBe('ward');
    expect(r.months[0]).toMatchObject({
      meetings: 1,
      invited: 4,
      invitedPresent: 2,
      people: 11,
      speeches: 2,
      pointsSpoke: 1,
      ballotsCast: 12,
      ballotsEligible: 14,
      travelKm: 30,
      savedVnd: 97_500,
      tasks: { total: 6, done: 3, overdue: 3, open: 3 },
    });
    expect(r.totals).toMatchObject({ meetings: 2, people: 16, travelKm: 60, savedVnd: 195_000 });
    expect(r.units.find((u) => u.organizationId === 'org_kp5')).toMatchObject({ meetings: 0, people: 0 });
    expect(r.units.find((u) => u.organizationId === 'org_kp1')).toMatchObject({
      invited: 2,
      invitedPresent: 1,
      tasks: { total: 4, done: 3, overdue: 1, open: 1 },
    });
  });

  it('operator: only its own point’s rows, whatever the query asks', async () => {
    const { app } = await setup();
    const res = await get(app, H.operator, 'from=2026-02&to=2026-03&bridgePointId=bp_kp1&scope=ward');
    expect(res.statusCode).toBe(200);
    const r = res.json<Report>();
    expect(r).toMatchObject({ scope: 'point', bridgePointId: 'bp_kp4' });
    expect(r.units.map((u) => u.organizationId)).toEqual(['org_kp4']);
    expect(r.totals).toMatchObject({ meetings: 2, people: 5, travelKm: 30, tasks: { total: 2, overdue: 2 } });
  });

  it('refuses delegates, secretaries, operators without a point and devices (403), anonymous (401)', async () => {
    const { app } = await setup();
    for (const h of [H.delegate, H.secretary, H.operatorWithoutPoint, H.device]) {
      const res = await get(app, h);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
    }
    expect((await get(app, {})).statusCode).toBe(401);
    for (const url of ['/api/reports/export.pdf', '/api/reports/export.xlsx'])
      expect(
        (await app.inject({ url: `${url}?from=2026-02&to=2026-02`, headers: H.delegate })).statusCode,
      ).toBe(403);
  });

  it('400 with code and field for a bad month, a reversed or too long range', async () => {
    const { app } = await setup();
    for (const [query, field] of [
      ['from=2026-13&to=2026-03', 'from'],
      ['from=2026-02', 'to'],
      ['from=2026-04&to=2026-03', 'to'],
      ['from=2024-01&to=2026-03', 'to'],
    ] as const) {
      const res = await get(app, H.admin, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ code: 'validation_failed', field });
    }
  });

  it('without a tasks source the report says so and has no task figures', async () => {
    const { app } = await setup(false);
    const r = (await get(app, H.admin)).json<Report>();
    expect(r.tasksAvailable).toBe(false);
    expect(r.totals.tasks).toBeNull();
    expect(r.months.every((m) => m.tasks === null)).toBe(true);
    const pdf = await app.inject({
      url: '/api/reports/export.pdf?from=2026-02&to=2026-02',
      headers: H.admin,
    });
    expect(pdfText(pdf.rawPayload)).toContain('Nhiệm vụ: chưa có dữ liệu.');
  });

  it('with the tasks domain’s own source (no tasks yet): zero counts, not "no data"', async () => {
    t = await createTestDatabase(kind);
    await seed(t.db);
    const app = Fastify({ logger: false });
    installFakeAuth(app);
    installErrorHandler(app);
    const audit = new MemoryAudit();
    const meetings = registerMeetingRoutes(app, { db: t.db, audit, invitations: null });
    registerReportRoutes(app, {
      db: t.db,
      audit,
      viewerOf: (a) => meetings.viewer(a),
      tasks: taskStatsByOrg,
    });
    const r = (await get(app, H.admin)).json<Report>();
    expect(r.tasksAvailable).toBe(true);
    expect(r.totals.tasks).toEqual({ total: 0, done: 0, overdue: 0, open: 0 });
  });

  it('settings: admins read and change rates and distances (durable, audited); others are refused', async () => {
    const { app, audit, db } = await setup();
    const before = (
      await app.inject({ url: '/api/reports/settings', headers: H.admin })
    ).json<ReportSettings>();
    expect(before.rates).toEqual({ costPerKmVnd: 2000, speedKmh: 20, hourValueVnd: 25000 });
    expect(before.points.find((p) => p.bridgePointId === 'bp_kp1')).toMatchObject({
      name: 'Văn phòng khu phố 1',
      organizationName: 'Khu phố 1',
      distanceKm: 1.5,
    });
    const res = await app.inject({
      method: 'PUT',
      url: '/api/reports/settings',
      headers: H.admin,
      payload: {
        rates: { costPerKmVnd: 3000, speedKmh: 25, hourValueVnd: 30000 },
        distances: [{ bridgePointId: 'bp_kp4', distanceKm: 2.5 }],
      },
    });
    expect(res.statusCode).toBe(200);
    // What the reply says is what a fresh store reads.
    expect(await new ReportStore(db).distances()).toEqual(
      new Map([...Object.entries(DISTANCES), ['bp_kp4', 2.5]]),
    );
    expect((await new ReportStore(db).rates()).rates).toEqual({
      costPerKmVnd: 3000,
      speedKmh: 25,
      hourValueVnd: 30000,
    });
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'report.settings_changed',
      actorUserId: 'u_admin',
      detail: {
        rates: { before: { costPerKmVnd: 2000 }, after: { costPerKmVnd: 3000 } },
        distances: [{ bridgePointId: 'bp_kp4', before: 3, after: 2.5 }],
      },
    });
    // March at the new rates: 5 people × 2 × 2,5 km = 25 km → 75.000 ₫ + 1 h × 30.000 ₫.
    const r = (await get(app, H.admin, 'from=2026-03&to=2026-03')).json<Report>();
    expect(r.totals).toMatchObject({
      travelKm: 25,
      travelHours: 1,
      travelCostVnd: 75_000,
      timeValueVnd: 30_000,
    });

    for (const h of [H.chair, H.operator]) {
      expect((await app.inject({ url: '/api/reports/settings', headers: h })).statusCode).toBe(403);
      const put = await app.inject({ method: 'PUT', url: '/api/reports/settings', headers: h, payload: {} });
      expect(put.statusCode).toBe(403);
    }
  });

  it('settings: 400 with the field for unknown points, two decimals, zero speed, unknown keys', async () => {
    const { app } = await setup();
    for (const [payload, field] of [
      [{ distances: [{ bridgePointId: 'bp_khong_co', distanceKm: 1 }] }, 'distances.0.bridgePointId'],
      [{ distances: [{ bridgePointId: 'bp_kp1', distanceKm: 1.25 }] }, 'distances.0.distanceKm'],
      [{ distances: [{ bridgePointId: 'bp_kp1', distanceKm: -1 }] }, 'distances.0.distanceKm'],
      [{ rates: { costPerKmVnd: 2000, speedKmh: 0, hourValueVnd: 1 } }, 'rates.speedKmh'],
      [{ rate: {} }, 'body'],
    ] as const) {
      const res = await app.inject({
        method: 'PUT',
        url: '/api/reports/settings',
        headers: H.admin,
        payload,
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json(), field).toMatchObject({ code: 'validation_failed', field });
    }
  });

  it('PDF: pdftotext reads the Vietnamese headings, the rows and the numbers; audited', async () => {
    const { app, audit } = await setup();
    const res = await app.inject({
      url: '/api/reports/export.pdf?from=2026-02&to=2026-03',
      headers: H.chair,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-2026-02-den-2026-03.pdf"');
    const text = pdfText(res.rawPayload);
    for (const s of [
      'BÁO CÁO HOẠT ĐỘNG HỌP TRỰC TUYẾN',
      'Từ tháng 02/2026 đến tháng 03/2026',
      'Toàn phường',
      'Theo tháng',
      'Theo khu phố',
      'Cách tính',
      'Tháng 02/2026',
      'Khu phố 1',
      'Tỷ lệ tham dự',
      'Số cuộc họp theo tháng',
      'Chi phí đi lại tiết kiệm theo khu phố',
      // February: 2 of 4 invited, 97.500 ₫ saved; totals 195.000 ₫; 60 km
      '50,0 % (2/4)',
      '97.500 ₫',
      '195.000 ₫',
      '60,0',
      'Họp giao ban: 1; Tập huấn: 1',
    ])
      expect(text).toContain(s);
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'report.exported',
      actorUserId: 'u_chair',
      detail: { format: 'pdf', from: '2026-02', to: '2026-03', scope: 'ward' },
    });
  });

  it('XLSX: one sheet per view with Vietnamese headers, number cells and formats', async () => {
    const { app, audit } = await setup();
    const res = await app.inject({
      url: '/api/reports/export.xlsx?from=2026-02&to=2026-03',
      headers: H.operator,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="bao-cao-2026-02-den-2026-03.xlsx"',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Theo tháng', 'Theo khu phố', 'Cách tính']);
    const months = wb.getWorksheet('Theo tháng');
    const units = wb.getWorksheet('Theo khu phố');
    if (!months || !units) throw new Error('sheets missing');
    const header = (months.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(sheetHeaders('Tháng'));
    const col = (name: string): number => header.indexOf(name) + 1;
    const mar = months.getRow(3);
    expect(mar.getCell(1).value).toBe('Tháng 03/2026');
    expect(mar.getCell(col('Số cuộc họp')).value).toBe(1);
    expect(mar.getCell(col('Tập huấn')).value).toBe(1);
    expect(mar.getCell(col('Số người dự')).value).toBe(5);
    expect(mar.getCell(col('Km tiết kiệm')).value).toBe(30);
    expect(mar.getCell(col('Km tiết kiệm')).numFmt).toBe('#,##0.0');
    expect(mar.getCell(col('Tổng tiết kiệm (₫)')).value).toBe(97_500);
    expect(mar.getCell(col('Tổng tiết kiệm (₫)')).numFmt).toBe('#,##0 "₫"');
    const feb = months.getRow(2);
    expect(feb.getCell(col('Tỷ lệ tham dự')).value).toBe(0);
    expect(feb.getCell(col('Tỷ lệ tham dự')).numFmt).toBe('0.0%');
    expect(months.getRow(4).getCell(1).value).toBe('Cộng');
    expect(months.getRow(4).getCell(col('Nhiệm vụ quá hạn')).value).toBe(2);
    expect(units.rowCount).toBe(2);
    expect(units.getRow(2).getCell(1).value).toBe('Khu phố 4');
    expect(audit.entries.at(-1)).toMatchObject({
      action: 'report.exported',
      detail: { format: 'xlsx', scope: 'point' },
    });
  });
});
