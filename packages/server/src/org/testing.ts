// For route tests of the org and device domains: a Fastify app with fake auth, the app's error
// mapping, these routes over a given database, a controllable clock and a recording audit sink.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { DeviceEvents } from '../devices/events.js';
import type { DeviceEventMap } from '../devices/events.js';
import { registerDeviceRoutes } from '../devices/routes.js';
import type { DeviceService } from '../devices/service.js';
import { deviceTokenFromHeader } from '../devices/tokens.js';
import { DEMO_PEOPLE } from '../demo/ward.js';
import { asDevice, asUser, installFakeAuth } from '../testing/fake-auth.js';
import type { AuditEntry } from './http.js';
import { registerOrgRoutes } from './routes.js';
import { OrgStore } from './store.js';
import { installErrorHandler } from '../http/error-handler.js';

export interface OrgTestApp {
  app: FastifyInstance;
  devices: DeviceService;
  audit: AuditEntry[];
  revoked: DeviceEventMap['revoked'][];
  /** Moves the test clock forward. */
  advance(ms: number): void;
}

export async function buildOrgTestApp(
  db: Db,
  start = new Date('2026-03-02T01:00:00.000Z'),
): Promise<OrgTestApp> {
  let nowMs = start.getTime();
  const now = () => new Date(nowMs);
  const audit: AuditEntry[] = [];
  const revoked: DeviceEventMap['revoked'][] = [];
  const events = new DeviceEvents();
  events.on('revoked', (e) => void revoked.push(e));

  const app = Fastify({ logger: false });
  installFakeAuth(app);
  // Like the real auth plugin: `Authorization: Device <token>` resolves through the device service.
  let devices: DeviceService | null = null;
  app.addHook('onRequest', async (req) => {
    const token = deviceTokenFromHeader(req.headers.authorization);
    if (token !== null && devices) req.auth = (await devices.resolveToken(token)) ?? { kind: 'anonymous' };
  });
  installErrorHandler(app);
  registerOrgRoutes(app, { db, now });
  devices = registerDeviceRoutes(app, {
    db,
    now,
    events,
    audit: { record: (entry) => Promise.resolve(void audit.push(entry)) },
  });
  await app.ready();
  return { app, devices, audit, revoked, advance: (ms) => void (nowMs += ms) };
}

/** Every kind of caller, for authorization tables. The operator runs Văn phòng khu phố 4. */
export const CALLERS = {
  admin: asUser(['admin']),
  chair: asUser(['chair']),
  secretary: asUser(['secretary']),
  operator: asUser(['operator'], { bridgePointId: 'bp_kp4' }),
  delegate: asUser(['delegate']),
  anonymous: {},
  device: asDevice('dev_someone', 'bp_kp4'),
} as const;
export type CallerName = keyof typeof CALLERS;
export const NON_ADMIN_USERS = ['chair', 'secretary', 'operator', 'delegate'] as const;

/** Adds the demo ward's people with their titles (after seedDemoWard); returns name → person id. */
export async function seedDemoPeople(db: Db): Promise<Map<string, string>> {
  const store = new OrgStore(db);
  const ids = new Map<string, string>();
  for (const [i, p] of DEMO_PEOPLE.entries()) {
    const id = `per_demo_${i}`;
    const email = `nguoi${i}@anphudong.vn`;
    await store.addPerson({
      id,
      fullName: p.name,
      email,
      phone: `0901 000 0${i.toString().padStart(2, '0')}`,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await store.replaceMemberships(id, [{ organizationId: p.organizationId, title: p.title, sortOrder: 0 }]);
    ids.set(p.name, id);
  }
  return ids;
}
