// Test fixtures for the scheduling domain: the demo ward plus a few persons (Vietnamese names,
// some without e-mail, one party-cell member), and a Fastify app with fake auth and our routes.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { registerCalendarRoutes } from '../calendar/routes.js';
import type { Db } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { InvitationMailer } from '../mail/invitations.js';
import { registerMailRoutes } from '../mail/routes.js';
import { installFakeAuth } from '../testing/fake-auth.js';
import { registerMeetingRoutes } from './routes.js';
import type { AgendaItemView, InvitationReport, KioskMeeting, MeetingDetail } from '@diemcau/protocol';
import type { OutboxEntry } from '../mail/outbox.js';
import type { AuditEntry, AuditSink, MeetingService } from './service.js';
import { installErrorHandler } from '../http/error-handler.js';

export const ORIGIN = 'https://hop.anphudong.test';
export const ORGANIZER = { name: 'Điểm Cầu phường An Phú Đông', email: 'no-reply@anphudong.test' };

/** Fixture persons: id → name, e-mail, party-cell membership. Frozen. */
export const PEOPLE = Object.freeze({
  chair: { id: 'p_chair', name: 'Nguyễn Thị Hồng Nhung', email: 'nhung@anphudong.test', org: 'org_dang_uy' },
  secretary: { id: 'p_secretary', name: 'Lê Thị Thu Hà', email: 'ha@anphudong.test', org: 'org_ubnd' },
  delegate: { id: 'p_delegate', name: 'Châu Minh Khải', email: 'khai@anphudong.test', org: 'org_mttq' },
  cell: { id: 'p_cell', name: 'Lê Văn Hai', email: 'hai@anphudong.test', org: 'org_cb_kp4' },
  outsider: { id: 'p_outsider', name: 'Võ Thị Ngọc Ẩn', email: 'an@anphudong.test', org: 'org_cb_kp5' },
  noEmail: { id: 'p_noemail', name: 'Bùi Đức Thưởng', email: null, org: 'org_kp6' },
});

/** The demo ward, the fixture persons and their memberships. */
export async function seedPeople(db: Db): Promise<void> {
  await seedDemoWard(db);
  const now = new Date('2026-11-01T00:00:00.000Z').toISOString();
  for (const p of Object.values(PEOPLE)) {
    await db
      .insertInto('persons')
      .values({ id: p.id, full_name: p.name, email: p.email, phone: null, created_at: now })
      .execute();
    await db.insertInto('memberships').values({ person_id: p.id, organization_id: p.org }).execute();
  }
}

/** A user row (for the calendar feed, which looks users up by token). */
export async function insertUser(
  db: Db,
  user: { id: string; personId: string | null; roles: string[]; bridgePointId?: string | null },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.id,
      person_id: user.personId,
      password_hash: 'x',
      roles: JSON.stringify(user.roles),
      bridge_point_id: user.bridgePointId ?? null,
      created_at: new Date().toISOString(),
    })
    .execute();
}

export class MemoryAudit implements AuditSink {
  readonly entries: AuditEntry[] = [];
  record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
    return Promise.resolve();
  }
}

export interface TestApp {
  app: FastifyInstance;
  service: MeetingService;
  audit: MemoryAudit;
}

/** Our routes on a bare Fastify with fake auth and the app's error body shape. */
export async function buildTestApp(db: Db, clock?: () => Date): Promise<TestApp> {
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } });
  installFakeAuth(app);
  installErrorHandler(app);
  const audit = new MemoryAudit();
  const invitations = new InvitationMailer({
    db,
    publicOrigin: ORIGIN,
    organizer: ORGANIZER,
    ...(clock ? { clock } : {}),
  });
  const service = registerMeetingRoutes(app, { db, audit, invitations, ...(clock ? { clock } : {}) });
  registerCalendarRoutes(app, {
    db,
    publicOrigin: ORIGIN,
    organizer: ORGANIZER,
    ...(clock ? { clock } : {}),
  });
  registerMailRoutes(app, { db });
  await app.ready();
  return { app, service, audit };
}

/** Every JSON body our routes answer, merged, so that tests read fields without `any`. */
export type ResponseBody = MeetingDetail & {
  meeting: MeetingDetail;
  invitations: InvitationReport | null;
  meetings: (KioskMeeting & { live?: boolean })[];
  items: (Omit<KioskMeeting, 'status'> & AgendaItemView & Omit<OutboxEntry, 'status'> & { status: string })[];
  person: { id: string; fullName: string };
  rsvp: { status: string; reason: string | null };
  queued: number;
  skippedNoEmail: number;
  code: string;
  field: string;
};
