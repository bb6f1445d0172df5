// The account store and the demo accounts on both engines: users, lockout counting, sessions,
// the device-token lookup, and Vietnamese names through the database.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import { DEMO_PEOPLE } from '../demo/ward.js';
import { verifyPassword } from './passwords.js';
import { demoPersonId, seedDemoAccounts } from './seed.js';
import { sha256Hex } from './sessions.js';
import { AuthStore } from './store.js';

const T0 = '2026-03-02T01:00:00.000Z';

describe('demoPersonId', () => {
  it.each([
    ['Nguyễn Thị Hồng Nhung', 'person_nguyen_thi_hong_nhung'],
    ['Lê Thị Thu Hà', 'person_le_thi_thu_ha'],
    ['Đỗ Thị Ánh Tuyết', 'person_do_thi_anh_tuyet'],
    ['Võ Thị Ngọc Ẩn', 'person_vo_thi_ngoc_an'],
    ['Bùi Đức Thưởng', 'person_bui_duc_thuong'],
    ['Phạm Văn Ơn', 'person_pham_van_on'],
  ])('%s → %s', (name, id) => {
    expect(demoPersonId(name)).toBe(id);
    expect(demoPersonId(name.normalize('NFD'))).toBe(id);
  });
});

describe.each(DB_KINDS)('auth store on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  const open = async (): Promise<{ db: TestDatabase['db']; store: AuthStore }> => {
    t = await createTestDatabase(kind);
    await seedDemoWard(t.db);
    return { db: t.db, store: new AuthStore(t.db) };
  };

  it('seeds the demo accounts once, with their people, names intact', async () => {
    const { db, store } = await open();
    const first = await seedDemoAccounts(db, { adminPassword: 'quản trị viên 2026' });
    expect(first.created.map((a) => a.username)).toEqual(['admin', 'chutri', 'thuky', 'kp4', 'daibieu']);
    expect(first.created.find((a) => a.username === 'admin')?.password).toBe('quản trị viên 2026');
    const second = await seedDemoAccounts(db);
    expect(second).toEqual({ created: [], existing: ['admin', 'chutri', 'thuky', 'kp4', 'daibieu'] });

    const chutri = await store.findUserByUsername('chutri');
    expect(chutri).toMatchObject({
      roles: ['chair'],
      personId: 'person_nguyen_thi_hong_nhung',
      fullName: 'Nguyễn Thị Hồng Nhung',
      mustChangePassword: false,
    });
    const password = first.created.find((a) => a.username === 'chutri')?.password ?? '';
    expect(await verifyPassword(chutri?.passwordHash ?? '', password)).toBe(true);
    expect(await store.findUserByUsername('kp4')).toMatchObject({
      roles: ['operator'],
      bridgePointId: 'bp_kp4',
      fullName: 'Lê Văn Hai',
    });
    expect((await store.findUserByUsername('thuky'))?.fullName).toBe('Lê Thị Thu Hà');
    expect((await store.findUserByUsername('daibieu'))?.fullName).toBe('Ngô Thị Yến');

    const persons = await db.selectFrom('persons').select(['id', 'full_name']).orderBy('id').execute();
    expect(persons).toHaveLength(DEMO_PEOPLE.length);
    expect(persons.find((p) => p.id === 'person_vo_thi_ngoc_an')?.full_name).toBe('Võ Thị Ngọc Ẩn');
    const memberships = await db
      .selectFrom('memberships')
      .selectAll()
      .where('person_id', '=', 'person_le_van_hai')
      .execute();
    expect(memberships).toEqual([
      expect.objectContaining({ organization_id: 'org_cb_kp4', title: 'Bí thư Chi bộ khu phố 4' }),
    ]);
  });

  it('creates, finds, lists and updates users; unknown roles grant nothing', async () => {
    const { db, store } = await open();
    await store.insertUser({
      id: 'u1',
      username: 'yen',
      passwordHash: 'h',
      roles: ['delegate'],
      personId: null,
      bridgePointId: null,
      mustChangePassword: true,
      createdAt: T0,
    });
    expect(await store.findUserById('u1')).toMatchObject({
      username: 'yen',
      roles: ['delegate'],
      mustChangePassword: true,
      disabled: false,
      totpEnabled: false,
      failedLogins: 0,
      lockedUntil: null,
    });
    await store.updateUser('u1', {
      roles: ['chair', 'secretary'],
      disabled: true,
      totpSecret: 'S',
      totpEnabled: true,
    });
    expect(await store.findUserById('u1')).toMatchObject({
      roles: ['chair', 'secretary'],
      disabled: true,
      totpSecret: 'S',
      totpEnabled: true,
    });
    await db.updateTable('users').set({ roles: '["superuser","admin"]' }).where('id', '=', 'u1').execute();
    expect((await store.findUserById('u1'))?.roles).toEqual(['admin']);
    await db.updateTable('users').set({ roles: 'not json' }).where('id', '=', 'u1').execute();
    expect((await store.findUserById('u1'))?.roles).toEqual([]);
    expect((await store.listUsers()).map((u) => u.username)).toEqual(['yen']);
    await expect(
      store.insertUser({
        id: 'u2',
        username: 'yen',
        passwordHash: 'h',
        roles: [],
        personId: null,
        bridgePointId: null,
        mustChangePassword: false,
        createdAt: T0,
      }),
    ).rejects.toThrow();
  });

  it('counts concurrent failures and locks at the limit', async () => {
    const { store } = await open();
    await store.insertUser({
      id: 'u1',
      username: 'hai',
      passwordHash: 'h',
      roles: ['operator'],
      personId: null,
      bridgePointId: 'bp_kp4',
      mustChangePassword: false,
      createdAt: T0,
    });
    const until = '2026-03-02T01:15:00.000Z';
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await store.recordLoginFailure('u1', 5, until));
    expect(results).toEqual([false, false, false, false]);
    expect((await store.findUserById('u1'))?.failedLogins).toBe(4);
    expect(await store.recordLoginFailure('u1', 5, until)).toBe(true);
    expect(await store.findUserById('u1')).toMatchObject({ failedLogins: 0, lockedUntil: until });
    await store.updateUser('u1', { lockedUntil: null });
    // Four at once: every one counts.
    await Promise.all([0, 1, 2, 3].map(() => store.recordLoginFailure('u1', 5, until)));
    expect((await store.findUserById('u1'))?.failedLogins).toBe(4);
  });

  it('stores sessions by hash, joins their user, touches and deletes them', async () => {
    const { db, store } = await open();
    await seedDemoAccounts(db);
    const user = await store.findUserByUsername('kp4');
    const userId = user?.id ?? '';
    for (const n of [1, 2, 3]) {
      await store.insertSession({
        idHash: sha256Hex(`token${n}`),
        userId,
        csrfToken: `csrf${n}`,
        createdAt: T0,
        expiresAt: '2026-03-02T13:00:00.000Z',
        ip: '10.0.0.4',
        userAgent: 'Chromium',
      });
    }
    const s = await store.findSession(sha256Hex('token1'));
    expect(s).toMatchObject({
      csrfToken: 'csrf1',
      lastSeenAt: T0,
      user: { id: userId, username: 'kp4', roles: ['operator'], bridgePointId: 'bp_kp4', disabled: false },
    });
    expect(await store.findSession('token1')).toBeNull();
    await store.touchSession(sha256Hex('token1'), '2026-03-02T02:00:00.000Z', '2026-03-02T14:00:00.000Z');
    expect(await store.findSession(sha256Hex('token1'))).toMatchObject({
      lastSeenAt: '2026-03-02T02:00:00.000Z',
      expiresAt: '2026-03-02T14:00:00.000Z',
    });
    expect(await store.deleteUserSessions(userId, sha256Hex('token1'))).toBe(2);
    expect(await store.countUserSessions(userId)).toBe(1);
    expect(await store.deleteExpiredSessions('2026-03-02T14:00:00.000Z')).toBe(1);
    expect(await store.countUserSessions(userId)).toBe(0);
  });

  it('looks up device tokens: paired and pending speak, revoked does not', async () => {
    const { db, store } = await open();
    const device = (id: string, status: string, bp: string | null) => ({
      id,
      bridge_point_id: bp,
      token_hash: sha256Hex(`tok-${id}`),
      status,
      created_at: T0,
    });
    await db
      .insertInto('devices')
      .values([
        device('d1', 'paired', 'bp_kp4'),
        device('d2', 'pending', null),
        device('d3', 'revoked', 'bp_kp1'),
      ])
      .execute();
    expect(await store.findDeviceByTokenHash(sha256Hex('tok-d1'))).toEqual({
      id: 'd1',
      bridgePointId: 'bp_kp4',
      status: 'paired',
    });
    expect(await store.findDeviceByTokenHash(sha256Hex('tok-d2'))).toEqual({
      id: 'd2',
      bridgePointId: null,
      status: 'pending',
    });
    expect(await store.findDeviceByTokenHash(sha256Hex('tok-d3'))).toMatchObject({ status: 'revoked' });
    expect(await store.findDeviceByTokenHash(sha256Hex('nope'))).toBeNull();
  });
});
