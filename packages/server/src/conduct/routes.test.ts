// The attendance sheet export: who may download it, the exact CSV (BOM, Vietnamese names, Vietnam
// time, head counts, quorum), the PDF's text as pdftotext reads it, and the audit entry.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LiveEvent } from '@diemcau/protocol';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@diemcau/media';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerMeetingRoutes } from '../meetings/routes.js';
import { MeetingStore } from '../meetings/store.js';
import { MemoryAudit, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asUser, installFakeAuth } from '../testing/fake-auth.js';
import { registerConductRoutes, sheetFileName } from './routes.js';
import { ConductService } from './service.js';
import { LiveStore } from './store.js';

const ID = 'm_diem_danh_thang_11';
const at = (hhmm: string): string => `2026-11-26T${hhmm}:00.000Z`;

const H = {
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  admin: asUser(['admin'], { userId: 'u_admin' }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  outsider: asUser(['secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
};

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

async function setup(): Promise<{ app: FastifyInstance; audit: MemoryAudit }> {
  t = await createTestDatabase('sqlite');
  const db = t.db;
  await seedPeople(db);
  const store = new MeetingStore(db);
  await store.insertScheduled(
    ID,
    {
      title: 'Họp giao ban: tình hình an ninh tháng 11',
      type: 'giao_ban',
      description: '',
      startsAt: at('00:30'),
      durationMinutes: 90,
      recurrence: { kind: 'none', until: null, count: null },
      hostBridgePointId: 'bp_hoi_truong',
      organizationId: null,
      confidential: false,
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
      agenda: [],
      createdBy: null,
      now: new Date(at('00:00')),
    },
  );
  await store.setRsvp(ID, PEOPLE.noEmail.id, 'absent_with_reason', 'Ốm, nằm viện', new Date(at('00:10')));
  const point = {
    key: 'point:bp_kp1',
    name: 'Văn phòng khu phố 1',
    bridgePointId: 'bp_kp1',
    bridgePoint: 'Văn phòng khu phố 1',
  };
  const events: LiveEvent[] = [
    { type: 'meeting.started', at: at('01:00') },
    { type: 'person.arrived', personId: PEOPLE.chair.id, at: at('01:02') },
    { type: 'person.arrived', personId: PEOPLE.delegate.id, at: at('01:03') },
    { type: 'point.connected', bridgePointId: 'bp_kp1', at: at('01:04') },
    {
      type: 'attendance.reported',
      bridgePointId: 'bp_kp1',
      headCount: 12,
      presentPersonIds: [PEOPLE.cell.id],
      by: point,
      at: at('01:05'),
    },
    { type: 'person.left', personId: PEOPLE.delegate.id, at: at('01:40') },
  ];
  await new LiveStore(db).append(ID, 0, events);
  const app = Fastify({ logger: false });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  const meetings = registerMeetingRoutes(app, { db, audit, invitations: null });
  registerConductRoutes(app, { meetings, conduct: new ConductService({ db, log: silentLogger }), audit });
  await app.ready();
  return { app, audit };
}

const EXPECTED_CSV = [
  '\uFEFFSTT,Họ và tên,Vai trò,Trạng thái,Điểm cầu,Giờ đến,Giờ rời,Lý do',
  '1,Bùi Đức Thưởng,Đại biểu,Vắng có lý do,,,,"Ốm, nằm viện"',
  '2,Châu Minh Khải,Đại biểu,Đã rời,Thiết bị riêng,08:03 26/11/2026,08:40 26/11/2026,',
  '3,Lê Thị Thu Hà,Thư ký,Vắng,,,,',
  '4,Lê Văn Hai,Đại biểu,Có mặt,Văn phòng khu phố 1,08:05 26/11/2026,,',
  '5,Nguyễn Thị Hồng Nhung,Chủ trì,Có mặt,Thiết bị riêng,08:02 26/11/2026,,',
  '',
  'Điểm cầu,Số người,Kết nối',
  'Hội trường UBND phường,0,Chưa kết nối',
  'Văn phòng khu phố 1,12,Đang kết nối',
  'Văn phòng khu phố 4,0,Chưa kết nối',
  '',
  'Tổng số người dự,13',
  'Thành viên có mặt / được mời,2/5',
  'Túc số,Chưa đạt (cần 3)',
  '',
].join('\r\n');

describe('attendance export', () => {
  it('CSV: exact content for the chair, with BOM, Vietnam time, head counts and quorum; audited', async () => {
    const { app, audit } = await setup();
    const res = await app.inject({ url: `/api/meetings/${ID}/attendance.csv`, headers: H.chair });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="diem-danh-hop-giao-ban-tinh-hinh-an-ninh-thang-11.csv"',
    );
    expect(res.body).toBe(EXPECTED_CSV);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'meeting.access',
        actorUserId: 'u_chair',
        targetId: ID,
        detail: { export: 'attendance', format: 'csv' },
      }),
    ]);
  });

  it('only editors and admins: a delegate or an uninvited secretary gets 403, anonymous 401, unknown 404', async () => {
    const { app, audit } = await setup();
    const get = (headers: Record<string, string>, id = ID) =>
      app.inject({ url: `/api/meetings/${id}/attendance.pdf`, headers });
    expect((await get(H.delegate)).statusCode).toBe(403);
    expect((await get(H.outsider)).statusCode).toBe(403);
    expect((await get({})).statusCode).toBe(401);
    expect((await get(H.admin, 'm_khong_co')).statusCode).toBe(404);
    expect((await get(H.admin)).statusCode).toBe(200);
    expect(audit.entries).toHaveLength(1);
  });

  it('PDF: pdftotext reads the title, the meeting and the Vietnamese names with their diacritics', async () => {
    const { app } = await setup();
    const res = await app.inject({ url: `/api/meetings/${ID}/attendance.pdf`, headers: H.chair });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-pdf-'));
    try {
      const file = path.join(dir, 'diem-danh.pdf');
      fs.writeFileSync(file, res.rawPayload);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize(
        'NFC',
      );
      for (const s of [
        'DANH SÁCH ĐIỂM DANH',
        'Họp giao ban: tình hình an ninh tháng 11',
        'Thời gian: 08:00 26/11/2026',
        'Bùi Đức Thưởng',
        'Châu Minh Khải',
        'Lê Thị Thu Hà',
        'Lê Văn Hai',
        'Nguyễn Thị Hồng Nhung',
        'Vắng có lý do',
        'Văn phòng khu phố 1: 12 người',
        'Túc số: Chưa đạt (cần 3)',
      ])
        expect(text).toContain(s);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('file names are ASCII', () => {
    expect(sheetFileName('Sinh hoạt chi bộ khu phố 4 – “Đảng viên”', 'pdf')).toBe(
      'diem-danh-sinh-hoat-chi-bo-khu-pho-4-dang-vien.pdf',
    );
  });
});
