// Fixtures of the notices domain: meetings inserted straight into the demo ward database, a fake
// conclusion source, fixture notices for store tests, and a Fastify app with fake auth for routes.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MemoryAudit, seedPeople } from '../meetings/testing.js';
import { installFakeAuth } from '../testing/fake-auth.js';
import type { ApprovedConclusions, ConclusionSource, NoticeSearch } from './context.js';
import { registerNoticeRoutes } from './routes.js';
import type { NoticeHeader } from './store.js';
import type { NoticeStore } from './store.js';

export const T0 = new Date('2030-12-01T03:00:00.000Z');

/** Two conclusions with full Vietnamese diacritics. */
export const CONCLUSION_ITEMS: ApprovedConclusions['items'] = [
  {
    agendaItemId: null,
    title: 'Công tác vệ sinh môi trường, phòng chống sốt xuất huyết',
    conclusion:
      'Các khu phố ra quân tổng vệ sinh vào sáng Chủ nhật hằng tuần.\nỦy ban MTTQ phối hợp tuyên truyền đến từng hộ dân.',
  },
  {
    agendaItemId: null,
    title: 'Chỉnh trang đô thị, lấn chiếm vỉa hè',
    conclusion: 'Khu phố 4 rà soát các điểm lấn chiếm, báo cáo trước ngày 15/12.',
  },
];

/** A conclusion source whose answers a test sets per meeting. */
export class FakeConclusions {
  readonly approved = new Map<string, ApprovedConclusions>();
  readonly source: ConclusionSource = (meetingId) => Promise.resolve(this.approved.get(meetingId) ?? null);

  approve(meetingId: string, version = 1, items = CONCLUSION_ITEMS): ApprovedConclusions {
    const a: ApprovedConclusions = {
      meetingId,
      minutesId: `min_${meetingId}_${version}`,
      version,
      sha256: String(version % 10).repeat(64),
      approvedAt: T0.toISOString(),
      items,
    };
    this.approved.set(meetingId, a);
    return a;
  }
}

/** A meeting row of the demo ward (organization, host point), without invitees. */
export async function insertMeeting(
  db: Db,
  m: { id: string; title?: string; organizationId?: string | null; confidential?: boolean },
): Promise<void> {
  await db
    .insertInto('meetings')
    .values({
      id: m.id,
      title: m.title ?? 'Họp giao ban tháng 12',
      type: 'giao_ban',
      host_bridge_point_id: 'bp_hoi_truong',
      starts_at: T0.toISOString(),
      status: 'ended',
      created_at: T0.toISOString(),
      organization_id: m.organizationId === undefined ? 'org_ubnd' : m.organizationId,
      confidential: m.confidential ? 1 : 0,
    })
    .execute();
}

export const HEADER: NoticeHeader = {
  issuingBody: 'UBND PHƯỜNG AN PHÚ ĐÔNG',
  parentBody: 'UBND THÀNH PHỐ HỒ CHÍ MINH',
  symbol: 'TB-UBND',
  place: 'An Phú Đông',
  title: 'Kết luận của đồng chí Nguyễn Thị Hồng Nhung tại cuộc họp giao ban tháng 12',
  intro: 'Ngày 01/12/2030, UBND phường tổ chức cuộc họp giao ban.',
  signerTitle: 'Chủ tịch',
  signerName: 'Nguyễn Thị Hồng Nhung',
};

/** A draft notice for `meetingId` straight through the store. */
export async function insertNotice(
  store: NoticeStore,
  id: string,
  meetingId: string,
  numberingKey = 'org_ubnd',
): Promise<void> {
  await store.createNotice(
    {
      id,
      meetingId,
      numberingKey,
      minutes: { id: `min_${meetingId}`, version: 1, sha256: 'a'.repeat(64) },
      items: CONCLUSION_ITEMS,
      createdBy: 'u_chair',
      ...HEADER,
    },
    T0,
  );
}

export interface NoticeTestApp {
  app: FastifyInstance;
  db: Db;
  audit: MemoryAudit;
  conclusions: FakeConclusions;
  /** What the search hook was told. */
  indexed: Parameters<NoticeSearch['upsert']>[0][];
  dataDir: string;
  /** Moves the clock. */
  setNow(at: Date): void;
  close(): Promise<void>;
}

/** The demo ward with fixture persons, fake auth, the meeting routes and ours, a temp DATA_DIR. */
export async function buildNoticeTestApp(opts: { maxEvidenceBytes?: number } = {}): Promise<NoticeTestApp> {
  const db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'diemcau-notices-'));
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  let now = T0;
  const clock = (): Date => now;
  const meetings = registerMeetingRoutes(app, { db, audit, invitations: null, clock });
  const conclusions = new FakeConclusions();
  const indexed: NoticeTestApp['indexed'] = [];
  registerNoticeRoutes(app, {
    db,
    audit,
    meetings,
    conclusions: conclusions.source,
    dataDir,
    now: clock,
    search: {
      upsert: (entry) => {
        indexed.push(entry);
        return Promise.resolve();
      },
    },
    ...(opts.maxEvidenceBytes === undefined ? {} : { maxEvidenceBytes: opts.maxEvidenceBytes }),
  });
  await app.ready();
  return {
    app,
    db,
    audit,
    conclusions,
    indexed,
    dataDir,
    setNow: (at) => {
      now = at;
    },
    async close() {
      await app.close();
      await db.destroy();
      await fsp.rm(dataDir, { recursive: true, force: true });
    },
  };
}
