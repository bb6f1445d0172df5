// The per-user feed through inject(): the token route (signed in only), the feed by secret URL
// (personal and operator meetings, "[MẬT]" marking), rotation, and 404 for anything else.
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { buildTestApp, insertUser, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asDevice, asUser } from '../testing/fake-auth.js';

let db: Db;
let app: FastifyInstance;
const NOW = new Date('2026-11-26T03:00:00.000Z');

beforeEach(async () => {
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  await insertUser(db, { id: 'u_del', personId: PEOPLE.delegate.id, roles: ['delegate'] });
  await insertUser(db, { id: 'u_op', personId: null, roles: ['operator'], bridgePointId: 'bp_kp4' });
  ({ app } = await buildTestApp(db, () => NOW));
  const admin = asUser(['admin'], { userId: 'u_admin' });
  const base = { startsAt: '2026-12-01T01:00:00Z', hostBridgePointId: 'bp_hoi_truong' };
  for (const body of [
    {
      ...base,
      title: 'Họp giao ban',
      type: 'giao_ban',
      invitees: [{ personId: PEOPLE.delegate.id, role: 'delegate' }],
    },
    {
      ...base,
      title: 'Sinh hoạt chi bộ',
      type: 'chi_bo',
      confidential: true,
      organizationId: 'org_cb_kp4',
      description: 'Nội dung mật',
      bridgePointIds: ['bp_kp4'],
      invitees: [{ personId: PEOPLE.delegate.id, role: 'delegate' }],
    },
    { ...base, title: 'Không liên quan', type: 'hoi_nghi' },
  ]) {
    const res = await app.inject({ method: 'POST', url: '/api/meetings', headers: admin, payload: body });
    expect(res.statusCode).toBe(201);
  }
});
afterEach(async () => {
  await app.close();
  await db.destroy();
});

async function feedUrl(userId: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/calendar/token',
    headers: asUser(['delegate'], { userId }),
  });
  expect(res.statusCode).toBe(200);
  const { url, webcalUrl } = res.json<{ url: string; webcalUrl: string }>();
  expect(url).toMatch(/^https:\/\/hop\.anphudong\.test\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  expect(webcalUrl.startsWith('webcal://')).toBe(true);
  return new URL(url).pathname;
}

const summaries = (text: string): string[] =>
  new ICAL.Component(ICAL.parse(text) as unknown[])
    .getAllSubcomponents('vevent')
    .map((v) => String(v.getFirstPropertyValue('summary')));

describe('calendar feed', () => {
  it('serves the invited person’s meetings; confidential ones marked and without description', async () => {
    const path = await feedUrl('u_del');
    const res = await app.inject(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(summaries(res.body).sort()).toEqual(['Họp giao ban', '[MẬT] Sinh hoạt chi bộ']);
    expect(res.body).not.toContain('Nội dung mật');
    expect(res.body).not.toContain('METHOD:');
    const hash = await db
      .selectFrom('users')
      .select('calendar_token_hash')
      .where('id', '=', 'u_del')
      .executeTakeFirstOrThrow();
    expect(hash.calendar_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an operator’s feed has their bridge point’s meetings', async () => {
    expect(summaries((await app.inject(await feedUrl('u_op'))).body)).toEqual(['[MẬT] Sinh hoạt chi bộ']);
  });

  it('rotating the token kills the old URL; unknown or malformed tokens are 404', async () => {
    const first = await feedUrl('u_del');
    const second = await feedUrl('u_del');
    expect((await app.inject(first)).statusCode).toBe(404);
    expect((await app.inject(second)).statusCode).toBe(200);
    expect((await app.inject(`/api/calendar/${'A'.repeat(43)}.ics`)).statusCode).toBe(404);
    expect((await app.inject(second.replace('.ics', '.txt'))).statusCode).toBe(404);
    expect((await app.inject('/api/calendar/abc.ics')).json()).toMatchObject({ code: 'not_found' });
  });

  it('POST /api/calendar/token is for signed-in users only', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/calendar/token' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/api/calendar/token', headers: asDevice('d1', 'bp_kp4') }))
        .statusCode,
    ).toBe(401);
    const ghost = await app.inject({
      method: 'POST',
      url: '/api/calendar/token',
      headers: asUser(['admin'], { userId: 'u_ghost' }),
    });
    expect(ghost.statusCode).toBe(404);
  });
});
