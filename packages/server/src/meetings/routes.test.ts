// Every meeting route through inject(): success, validation (400 + code + field) and, for each
// role, what it must not see or do — confidential meetings answer 404 to the uninvited.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { asDevice, asUser } from '../testing/fake-auth.js';
import { buildTestApp, PEOPLE, seedPeople } from './testing.js';
import type { ResponseBody as Body } from './testing.js';
import type { MemoryAudit } from './testing.js';
import { issueJoinToken, verifyPasscode } from './tokens.js';

const NOW = new Date('2026-11-26T03:00:00.000Z');

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  secretary: asUser(['secretary'], { userId: 'u_sec', personId: PEOPLE.secretary.id }),
  delegate: asUser(['delegate'], { userId: 'u_del', personId: PEOPLE.delegate.id }),
  cell: asUser(['delegate'], { userId: 'u_cell', personId: PEOPLE.cell.id }),
  outsider: asUser(['chair', 'secretary'], { userId: 'u_out', personId: PEOPLE.outsider.id }),
  operator: asUser(['operator'], { userId: 'u_op', bridgePointId: 'bp_hoi_truong' }),
  device: asDevice('d_kp4', 'bp_kp4'),
  otherDevice: asDevice('d_kp6', 'bp_kp6'),
  anonymous: {},
} as const;
type Who = keyof typeof H;

let db: Db;
let app: FastifyInstance;
let audit: MemoryAudit;

beforeEach(async () => {
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  ({ app, audit } = await buildTestApp(db, () => NOW));
});
afterEach(async () => {
  await app.close();
  await db.destroy();
});

const giaoBan = {
  title: 'Họp giao ban tháng 12 – Đảng ủy, UBND phường với các khu phố',
  type: 'giao_ban',
  description: 'Đánh giá công tác tháng 11; triển khai nhiệm vụ tháng 12.',
  startsAt: '2026-12-01T01:00:00.000Z',
  durationMinutes: 90,
  hostBridgePointId: 'bp_hoi_truong',
  bridgePointIds: ['bp_kp1', 'bp_kp4'],
  invitees: [
    { personId: PEOPLE.chair.id, role: 'chair' },
    { personId: PEOPLE.secretary.id, role: 'secretary' },
    { personId: PEOPLE.delegate.id, role: 'delegate' },
    { personId: PEOPLE.noEmail.id, role: 'delegate' },
  ],
  agenda: [
    { title: 'Báo cáo kết quả tháng 11', presenterPersonId: PEOPLE.secretary.id, plannedMinutes: 20 },
    { title: 'Ý kiến các khu phố', presenterLabel: 'Trưởng khu phố', plannedMinutes: 40 },
  ],
};

const chiBo = {
  title: 'Sinh hoạt chi bộ khu phố 4 tháng 12',
  type: 'chi_bo',
  startsAt: '2026-12-03T12:00:00.000Z',
  hostBridgePointId: 'bp_kp4',
  organizationId: 'org_cb_kp4',
  confidential: true,
  invitees: [{ personId: PEOPLE.delegate.id, role: 'delegate' }],
};

async function req(who: Who, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  return app.inject({ method, url, headers: H[who], ...(payload === undefined ? {} : { payload }) });
}

async function create(body: object, who: Who = 'admin'): Promise<string> {
  const res = await req(who, 'POST', '/api/meetings', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ meeting: { id: string } }>().meeting.id;
}

const outboxCount = async (): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('outbox_emails')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/meetings', () => {
  it('creates a meeting with agenda and invitees and queues giấy mời (skipping those without e-mail)', async () => {
    const res = await req('admin', 'POST', '/api/meetings', { ...giaoBan, sendInvitations: true });
    expect(res.statusCode).toBe(201);
    const body = res.json<Body>();
    expect(body.invitations).toEqual({ queued: 3, skippedNoEmail: 1 });
    expect(body.meeting).toMatchObject({
      title: giaoBan.title,
      type: 'giao_ban',
      startsAt: '2026-12-01T01:00:00.000Z',
      durationMinutes: 90,
      recurrence: { kind: 'none', until: null, count: null },
      hostBridgePoint: 'Hội trường UBND phường',
      confidential: false,
      guestAccess: false,
      icsSequence: 0,
      canEdit: true,
    });
    expect(body.meeting.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(
      body.meeting.agenda.map((a: { title: string; presenterName: string | null }) => [
        a.title,
        a.presenterName,
      ]),
    ).toEqual([
      ['Báo cáo kết quả tháng 11', 'Lê Thị Thu Hà'],
      ['Ý kiến các khu phố', null],
    ]);
    expect(body.meeting.bridgePoints.map((b: { id: string }) => b.id)).toEqual(['bp_kp1', 'bp_kp4']);
    expect(await outboxCount()).toBe(3);
  });

  it('chair and secretary accounts create; delegate, operator, device and anonymous may not', async () => {
    await create(giaoBan, 'chair');
    await create(giaoBan, 'secretary');
    for (const [who, status] of [
      ['delegate', 403],
      ['operator', 403],
      ['device', 403],
      ['anonymous', 401],
    ] as const) {
      const res = await req(who, 'POST', '/api/meetings', giaoBan);
      expect(res.statusCode, who).toBe(status);
    }
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ type: 'tiec' }, 'type'],
    [{ startsAt: '2026-12-01T08:00:00+07:00' }, 'startsAt'],
    [{ durationMinutes: 0 }, 'durationMinutes'],
    [{ recurrence: { kind: 'weekly', until: '2027-01-01T00:00:00Z', count: 3 } }, 'recurrence.count'],
    [{ hostBridgePointId: 'bp_nowhere' }, 'hostBridgePointId'],
    [{ bridgePointIds: ['bp_kp1', 'bp_nowhere'] }, 'bridgePointIds.1'],
    [{ invitees: [{ personId: 'p_nobody', role: 'delegate' }] }, 'invitees.0.personId'],
    [{ invitees: [{ personId: PEOPLE.chair.id, role: 'boss' }] }, 'invitees.0.role'],
    [{ organizationId: 'org_nowhere' }, 'organizationId'],
    [{ agenda: [{ title: 'x', presenterPersonId: 'p_nobody' }] }, 'agenda.0.presenterPersonId'],
  ])('400 validation_failed for %j (field %s)', async (patch, field) => {
    const res = await req('admin', 'POST', '/api/meetings', { ...giaoBan, ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json<Body>()).toMatchObject({ code: 'validation_failed', field });
  });
});

describe('GET /api/meetings/:id', () => {
  it('anonymous: the public view of an ordinary meeting (for the join page)', async () => {
    const id = await create(giaoBan);
    const res = await req('anonymous', 'GET', `/api/meetings/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<Body>()).toEqual({
      id,
      title: giaoBan.title,
      hostBridgePoint: 'Hội trường UBND phường',
      confidential: false,
    });
  });

  it('signed-in accounts and invited devices get the full meeting; other devices 404', async () => {
    const id = await create(giaoBan);
    for (const who of [
      'admin',
      'chair',
      'secretary',
      'delegate',
      'cell',
      'outsider',
      'operator',
      'device',
    ] as const) {
      const res = await req(who, 'GET', `/api/meetings/${id}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json<Body>().invitees, who).toHaveLength(4);
    }
    expect((await req('otherDevice', 'GET', `/api/meetings/${id}`)).statusCode).toBe(404);
  });

  it('a confidential meeting: 404 to the uninvited (as for an unknown id), audited for those allowed', async () => {
    const id = await create(chiBo);
    const unknown = await req('outsider', 'GET', '/api/meetings/AAAAAAAAAAAAAAAAAAAAAA');
    for (const who of ['anonymous', 'outsider', 'chair', 'secretary', 'operator', 'otherDevice'] as const) {
      const res = await req(who, 'GET', `/api/meetings/${id}`);
      expect(res.statusCode, who).toBe(404);
      expect(res.json<Body>(), who).toEqual({ ...unknown.json<Body>(), message: `no meeting ${id}` });
    }
    for (const who of ['admin', 'cell', 'delegate', 'device'] as const) {
      const res = await req(who, 'GET', `/api/meetings/${id}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json<Body>(), who).toMatchObject({ confidential: true, title: chiBo.title });
    }
    const access = audit.entries.filter((e) => e.action === 'meeting.access');
    expect(access.map((e) => e.actorUserId ?? e.actorDeviceId)).toEqual([
      'u_admin',
      'u_cell',
      'u_del',
      'd_kp4',
    ]);
    expect(access[0]).toMatchObject({ targetType: 'meeting', targetId: id });
    expect(audit.entries.filter((e) => e.action === 'meeting.access_denied')).toHaveLength(5);
  });

  it('RSVP reasons are shown to editors and to the invitee, not to others', async () => {
    const id = await create(giaoBan);
    await req('delegate', 'POST', `/api/meetings/${id}/rsvp`, {
      status: 'absent_with_reason',
      reason: 'Ốm, nằm viện',
    });
    const reasonSeenBy = async (who: Who) =>
      (await req(who, 'GET', `/api/meetings/${id}`))
        .json<Body>()
        .invitees.find((i) => i.personId === PEOPLE.delegate.id)?.rsvpReason;
    expect(await reasonSeenBy('chair')).toBe('Ốm, nằm viện');
    expect(await reasonSeenBy('delegate')).toBe('Ốm, nằm viện');
    expect(await reasonSeenBy('outsider')).toBeNull();
  });

  it('404 for unknown ids, 400 for absurd ones', async () => {
    expect((await req('admin', 'GET', '/api/meetings/nope')).statusCode).toBe(404);
    const res = await req('admin', 'GET', `/api/meetings/${'x'.repeat(150)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'id' });
  });
});

describe('GET /api/meetings', () => {
  it('expands recurrences into occurrences in the range; mine=1 and type filter', async () => {
    const weekly = await create({ ...giaoBan, recurrence: { kind: 'weekly', count: 3 } });
    const secret = await create({ ...chiBo, recurrence: { kind: 'monthly', until: '2027-03-31T00:00:00Z' } });
    const range = 'from=2026-11-30T17:00:00.000Z&to=2027-01-31T17:00:00.000Z';
    const all = (await req('admin', 'GET', `/api/meetings?${range}`)).json<Body>().meetings as {
      id: string;
      occurrenceStart: string;
    }[];
    expect(all.filter((o) => o.id === weekly).map((o) => o.occurrenceStart)).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-08T01:00:00.000Z',
      '2026-12-15T01:00:00.000Z',
    ]);
    expect(all.filter((o) => o.id === secret)).toHaveLength(2);
    const outsider = (await req('outsider', 'GET', `/api/meetings?${range}`)).json<Body>().meetings as {
      id: string;
    }[];
    expect(outsider.some((o) => o.id === secret)).toBe(false);
    expect(outsider.filter((o) => o.id === weekly)).toHaveLength(3);
    const mineOutsider = (await req('outsider', 'GET', `/api/meetings?${range}&mine=1`)).json<Body>()
      .meetings;
    expect(mineOutsider).toEqual([]);
    const mineDelegate = (await req('delegate', 'GET', `/api/meetings?${range}&mine=1`)).json<Body>()
      .meetings as {
      id: string;
      confidential: boolean;
    }[];
    expect(new Set(mineDelegate.map((o) => o.id))).toEqual(new Set([weekly, secret]));
    expect(mineDelegate.find((o) => o.id === secret)?.confidential).toBe(true);
    const mineOperator = (await req('operator', 'GET', `/api/meetings?${range}&mine=1`)).json<Body>()
      .meetings as {
      id: string;
    }[];
    expect(mineOperator.map((o) => o.id)).toEqual([weekly, weekly, weekly]);
    const chiBoOnly = (await req('cell', 'GET', `/api/meetings?${range}&type=chi_bo`)).json<Body>()
      .meetings as {
      id: string;
    }[];
    expect(chiBoOnly.map((o) => o.id)).toEqual([secret, secret]);
  });

  it('refuses anonymous (401) and devices (403); validates the range', async () => {
    expect((await req('anonymous', 'GET', '/api/meetings')).statusCode).toBe(401);
    expect((await req('device', 'GET', '/api/meetings')).statusCode).toBe(403);
    for (const [query, field] of [
      ['from=tomorrow', 'from'],
      ['from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z', 'to'],
      ['type=party', 'type'],
      ['mine=yes', 'mine'],
    ]) {
      const res = await req('admin', 'GET', `/api/meetings?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<Body>(), query).toMatchObject({ code: 'validation_failed', field });
    }
  });
});

describe('PATCH /api/meetings/:id and POST …/cancel', () => {
  it('the meeting’s chair moves it: SEQUENCE bumps and the change is mailed', async () => {
    const id = await create(giaoBan);
    const res = await req('chair', 'PATCH', `/api/meetings/${id}`, { startsAt: '2026-12-02T01:00:00Z' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Body>().meeting).toMatchObject({ startsAt: '2026-12-02T01:00:00.000Z', icsSequence: 1 });
    expect(res.json<Body>().invitations).toEqual({ queued: 3, skippedNoEmail: 1 });
    const quiet = await req('secretary', 'PATCH', `/api/meetings/${id}`, {
      description: 'Bổ sung',
      notify: false,
    });
    expect(quiet.json<Body>()).toMatchObject({
      meeting: { icsSequence: 1, description: 'Bổ sung' },
      invitations: null,
    });
  });

  it('removing an invitee mails them a cancellation, adding one mails only them', async () => {
    const id = await create(giaoBan);
    const res = await req('admin', 'PATCH', `/api/meetings/${id}`, {
      invitees: [
        { personId: PEOPLE.chair.id, role: 'chair' },
        { personId: PEOPLE.secretary.id, role: 'secretary' },
        { personId: PEOPLE.cell.id, role: 'presenter' },
      ],
    });
    expect(res.json<Body>().invitations).toEqual({ queued: 2, skippedNoEmail: 1 });
    const subjects = (await db.selectFrom('outbox_emails').select(['to_address', 'subject']).execute()).map(
      (r) => [r.to_address, r.subject.split(':')[0]],
    );
    expect(subjects.sort()).toEqual([
      [PEOPLE.cell.email, 'Giấy mời'],
      [PEOPLE.delegate.email, 'Thông báo hủy họp'],
    ]);
  });

  it('delegates may not edit (403); outsiders do not see a confidential one (404); bad input 400', async () => {
    const id = await create(giaoBan);
    const secret = await create(chiBo);
    expect((await req('delegate', 'PATCH', `/api/meetings/${id}`, { title: 'X' })).statusCode).toBe(403);
    expect((await req('operator', 'PATCH', `/api/meetings/${id}`, { title: 'X' })).statusCode).toBe(403);
    expect((await req('device', 'PATCH', `/api/meetings/${id}`, { title: 'X' })).statusCode).toBe(403);
    expect((await req('anonymous', 'PATCH', `/api/meetings/${id}`, { title: 'X' })).statusCode).toBe(401);
    expect((await req('outsider', 'PATCH', `/api/meetings/${secret}`, { title: 'X' })).statusCode).toBe(404);
    const bad = await req('admin', 'PATCH', `/api/meetings/${id}`, { durationMinutes: 'long' });
    expect(bad.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'durationMinutes' });
  });

  it('cancel: editors only, once; a cancelled meeting is no longer public nor editable', async () => {
    const id = await create(giaoBan);
    expect((await req('delegate', 'POST', `/api/meetings/${id}/cancel`, {})).statusCode).toBe(403);
    const res = await req('secretary', 'POST', `/api/meetings/${id}/cancel`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json<Body>()).toMatchObject({
      meeting: { status: 'cancelled', icsSequence: 1 },
      invitations: { queued: 3, skippedNoEmail: 1 },
    });
    expect((await req('secretary', 'POST', `/api/meetings/${id}/cancel`, {})).json<Body>()).toMatchObject({
      code: 'conflict',
    });
    expect((await req('anonymous', 'GET', `/api/meetings/${id}`)).statusCode).toBe(404);
    expect((await req('admin', 'PATCH', `/api/meetings/${id}`, { title: 'X' })).statusCode).toBe(409);
    const bad = await req('admin', 'POST', `/api/meetings/${id}/cancel`, { notify: 'yes' });
    expect(bad.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'notify' });
  });

  it('POST …/invitations re-sends the giấy mời (editors only)', async () => {
    const id = await create(giaoBan);
    expect((await req('chair', 'POST', `/api/meetings/${id}/invitations`)).json<Body>()).toEqual({
      queued: 3,
      skippedNoEmail: 1,
    });
    expect((await req('delegate', 'POST', `/api/meetings/${id}/invitations`)).statusCode).toBe(403);
    expect((await req('anonymous', 'POST', `/api/meetings/${id}/invitations`)).statusCode).toBe(401);
  });
});

describe('agenda and guest passcode', () => {
  it('PUT …/agenda replaces the ordered list', async () => {
    const id = await create(giaoBan);
    const res = await req('secretary', 'PUT', `/api/meetings/${id}/agenda`, {
      items: [
        { title: 'Khai mạc' },
        { title: 'Thảo luận', presenterPersonId: PEOPLE.cell.id, plannedMinutes: 45 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json<Body>()
        .items.map(
          (a: { position: number; title: string; presenterName: string | null; plannedMinutes: number }) => [
            a.position,
            a.title,
            a.presenterName,
            a.plannedMinutes,
          ],
        ),
    ).toEqual([
      [1, 'Khai mạc', null, 10],
      [2, 'Thảo luận', 'Lê Văn Hai', 45],
    ]);
    expect((await req('delegate', 'PUT', `/api/meetings/${id}/agenda`, { items: [] })).statusCode).toBe(403);
    const bad = await req('admin', 'PUT', `/api/meetings/${id}/agenda`, { items: [{ title: ' ' }] });
    expect(bad.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'items.0.title' });
  });

  it('PUT …/guest-passcode stores a scrypt hash (6–12 digits) and turns guest access on and off', async () => {
    const id = await create(giaoBan);
    for (const passcode of ['12345', '1234567890123', '12a456']) {
      const res = await req('admin', 'PUT', `/api/meetings/${id}/guest-passcode`, { passcode });
      expect(res.json<Body>(), passcode).toMatchObject({ code: 'validation_failed', field: 'passcode' });
    }
    expect(
      (await req('chair', 'PUT', `/api/meetings/${id}/guest-passcode`, { passcode: '246810' })).json<Body>(),
    ).toEqual({ guestAccess: true });
    const row = await db
      .selectFrom('meetings')
      .select('guest_passcode_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.guest_passcode_hash).not.toContain('246810');
    expect(await verifyPasscode('246810', row.guest_passcode_hash)).toBe(true);
    expect((await req('admin', 'GET', `/api/meetings/${id}`)).json<Body>().guestAccess).toBe(true);
    expect(
      (await req('chair', 'PUT', `/api/meetings/${id}/guest-passcode`, { passcode: null })).json<Body>(),
    ).toEqual({
      guestAccess: false,
    });
    expect(
      (await req('delegate', 'PUT', `/api/meetings/${id}/guest-passcode`, { passcode: '246810' })).statusCode,
    ).toBe(403);
    const secret = await create(chiBo);
    const res = await req('admin', 'PUT', `/api/meetings/${secret}/guest-passcode`, { passcode: '246810' });
    expect(res.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'passcode' });
  });
});

describe('RSVP', () => {
  it('POST …/rsvp: the invitee answers; a reason is required when absent', async () => {
    const id = await create(giaoBan);
    const ok = await req('delegate', 'POST', `/api/meetings/${id}/rsvp`, { status: 'accepted' });
    expect(ok.json<Body>()).toEqual({ status: 'accepted', reason: null });
    const noReason = await req('delegate', 'POST', `/api/meetings/${id}/rsvp`, {
      status: 'absent_with_reason',
    });
    expect(noReason.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'reason' });
    const bad = await req('delegate', 'POST', `/api/meetings/${id}/rsvp`, { status: 'maybe' });
    expect(bad.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'status' });
    expect(
      (await req('outsider', 'POST', `/api/meetings/${id}/rsvp`, { status: 'accepted' })).statusCode,
    ).toBe(403);
    expect(
      (await req('anonymous', 'POST', `/api/meetings/${id}/rsvp`, { status: 'accepted' })).statusCode,
    ).toBe(401);
    expect((await req('device', 'POST', `/api/meetings/${id}/rsvp`, { status: 'accepted' })).statusCode).toBe(
      401,
    );
    const secret = await create(chiBo);
    expect(
      (await req('outsider', 'POST', `/api/meetings/${secret}/rsvp`, { status: 'accepted' })).statusCode,
    ).toBe(404);
    const chairView = (await req('chair', 'GET', `/api/meetings/${id}`)).json<Body>();
    expect(
      chairView.invitees.find((i: { personId: string }) => i.personId === PEOPLE.delegate.id),
    ).toMatchObject({ rsvp: 'accepted' });
  });

  it('GET/POST /api/rsvp/:token: the personal link of the e-mail, without signing in', async () => {
    const id = await create(chiBo);
    const token = await issueJoinToken(db, {
      meetingId: id,
      personId: PEOPLE.delegate.id,
      label: 'x',
      ttl: 86_400_000,
    });
    const view = await req('anonymous', 'GET', `/api/rsvp/${token}`);
    expect(view.statusCode).toBe(200);
    expect(view.json<Body>()).toMatchObject({
      meeting: { id, title: chiBo.title, confidential: true },
      person: { fullName: 'Châu Minh Khải' },
      rsvp: { status: 'pending', reason: null },
    });
    const answer = await req('anonymous', 'POST', `/api/rsvp/${token}`, {
      status: 'absent_with_reason',
      reason: 'Bận việc gia đình',
    });
    expect(answer.json<Body>()).toEqual({ status: 'absent_with_reason', reason: 'Bận việc gia đình' });
    expect((await req('anonymous', 'GET', `/api/rsvp/${token}`)).json<Body>().rsvp).toEqual({
      status: 'absent_with_reason',
      reason: 'Bận việc gia đình',
    });
    const bad = await req('anonymous', 'POST', `/api/rsvp/${token}`, { status: 'absent_with_reason' });
    expect(bad.json<Body>()).toMatchObject({ code: 'validation_failed', field: 'reason' });
    expect((await req('anonymous', 'GET', `/api/rsvp/${'A'.repeat(43)}`)).statusCode).toBe(404);
    expect((await req('anonymous', 'GET', `/api/rsvp/${'A'.repeat(200)}`)).json<Body>()).toMatchObject({
      field: 'token',
    });
    // A bridge-point token is not a person's invitation.
    const bpToken = await issueJoinToken(db, {
      meetingId: id,
      bridgePointId: 'bp_kp4',
      label: 'KP4',
      ttl: 86_400_000,
    });
    expect((await req('anonymous', 'GET', `/api/rsvp/${bpToken}`)).statusCode).toBe(404);
  });
});

describe('GET /api/kiosk/meetings', () => {
  it('the device’s bridge point: today and the next 7 days, the current one live', async () => {
    const soon = await create({ ...giaoBan, startsAt: new Date(NOW.getTime() + 10 * 60_000).toISOString() });
    const later = await create({ ...chiBo, startsAt: '2026-11-30T01:00:00Z' });
    await create({ ...giaoBan, startsAt: '2026-12-20T01:00:00Z' });
    await create({
      ...giaoBan,
      bridgePointIds: [],
      startsAt: new Date(NOW.getTime() + 60 * 60_000).toISOString(),
    });
    const res = await req('device', 'GET', '/api/kiosk/meetings');
    expect(res.statusCode).toBe(200);
    expect(res.json<Body>().meetings.map((m) => [m.id, m.live, m.confidential])).toEqual([
      [soon, true, false],
      [later, false, true],
    ]);
    expect((await req('otherDevice', 'GET', '/api/kiosk/meetings')).json<Body>().meetings).toEqual([]);
    expect(
      (await app.inject({ url: '/api/kiosk/meetings', headers: asDevice('d_new', null) })).json<Body>(),
    ).toEqual({ meetings: [] });
    expect((await req('admin', 'GET', '/api/kiosk/meetings')).statusCode).toBe(401);
    expect((await req('anonymous', 'GET', '/api/kiosk/meetings')).statusCode).toBe(401);
  });
});
