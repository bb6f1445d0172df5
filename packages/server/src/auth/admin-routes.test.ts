// HTTP tests of user administration and the audit log route: every admin route succeeds for an
// admin, answers 400 with the field for bad input, and refuses every other role (403), devices and
// anonymous callers (401); role changes, resets and sign-outs are audited.
import type {
  AdminPasswordResetResponse,
  AdminUserListResponse,
  AdminUserResponse,
  AuditListResponse,
  LoginResponse,
} from '@diemcau/protocol';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../db/testing.js';
import type { DbKind } from '../db/database.js';
import { sha256Hex } from './sessions.js';
import { startAuthTestApp, T0, TEST_PASSWORDS } from './testing.js';
import type { AuthTestApp, TestSession } from './testing.js';

let h: AuthTestApp | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function start(kind: DbKind = 'sqlite') {
  h = await startAuthTestApp(kind);
  return h;
}

const NEW_USER = {
  username: 'ctkp1',
  password: 'Phạm Văn Ơn khu phố 1',
  roles: ['chair'],
  personId: 'person_pham_van_on',
};

async function userId(a: AuthTestApp, username: string): Promise<string> {
  const row = await a.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe.each(DB_KINDS)('user administration on %s', (kind) => {
  it('lists users with names, roles and locked state', async () => {
    const a = await start(kind);
    const admin = await a.login('admin');
    for (let i = 0; i < 5; i++) {
      await a.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'daibieu', password: 'sai rồi nhé' },
      });
    }
    const res = await a.as(admin, { url: '/api/admin/users' });
    expect(res.statusCode).toBe(200);
    const { users } = res.json<AdminUserListResponse>();
    expect(users.map((u) => u.username)).toEqual(['admin', 'chutri', 'daibieu', 'kp4', 'thuky']);
    expect(users.find((u) => u.username === 'daibieu')).toMatchObject({
      fullName: 'Ngô Thị Yến',
      roles: ['delegate'],
      locked: true,
      lockedUntil: new Date(T0 + 15 * 60_000).toISOString(),
      disabled: false,
    });
    expect(users.find((u) => u.username === 'kp4')).toMatchObject({
      bridgePointId: 'bp_kp4',
      locked: false,
      lockedUntil: null,
    });
    expect(JSON.stringify(users)).not.toMatch(/argon2|passwordHash|totpSecret/);
  });

  it('creates a user (201, audited) who must change the password, and refuses a taken username (409)', async () => {
    const a = await start(kind);
    const admin = await a.login('admin');
    const res = await a.as(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: { ...NEW_USER, username: 'CTKP1' },
    });
    expect(res.statusCode).toBe(201);
    const { user } = res.json<AdminUserResponse>();
    expect(user).toMatchObject({
      username: 'ctkp1',
      fullName: 'Phạm Văn Ơn',
      roles: ['chair'],
      mustChangePassword: true,
      disabled: false,
    });
    const login = await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ctkp1', password: NEW_USER.password },
    });
    expect(login.json<LoginResponse>().user).toMatchObject({
      fullName: 'Phạm Văn Ơn',
      mustChangePassword: true,
    });
    const dup = await a.as(admin, { method: 'POST', url: '/api/admin/users', payload: NEW_USER });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'conflict', field: 'username' });
    const [entry] = (await a.audit.query({ limit: 5, action: 'user.created' })).entries;
    expect(entry).toMatchObject({
      actorLabel: 'admin',
      targetId: user.id,
      detail: { username: 'ctkp1', roles: ['chair'] },
    });
  });
});

describe('user administration', () => {
  it('validates the new user: 400 with the field', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const cases: [object, string][] = [
      [{ ...NEW_USER, username: 'Nguyễn' }, 'username'],
      [{ ...NEW_USER, username: 'ab' }, 'username'],
      [{ ...NEW_USER, password: 'ngắn' }, 'password'],
      [{ ...NEW_USER, password: '12345678901234' }, 'password'],
      [{ ...NEW_USER, password: 'CTKP1ctkp1', username: 'ctkp1ctkp1' }, 'password'],
      [{ ...NEW_USER, roles: [] }, 'roles'],
      [{ ...NEW_USER, roles: ['root'] }, 'roles.0'],
      [{ ...NEW_USER, roles: ['chair', 'chair'] }, 'roles'],
      [{ ...NEW_USER, personId: 'person_khong_co' }, 'personId'],
      [{ ...NEW_USER, roles: ['operator'] }, 'bridgePointId'],
      [{ ...NEW_USER, roles: ['operator'], bridgePointId: 'bp_nowhere' }, 'bridgePointId'],
      [{ username: 'x1x' }, 'password'],
    ];
    for (const [payload, field] of cases) {
      const res = await a.as(admin, { method: 'POST', url: '/api/admin/users', payload });
      expect({ status: res.statusCode, body: res.json<object>() }).toMatchObject({
        status: 400,
        body: { code: 'validation_failed', field },
      });
    }
    const ok = await a.as(admin, {
      method: 'POST',
      url: '/api/admin/users',
      payload: { ...NEW_USER, roles: ['operator'], bridgePointId: 'bp_kp1', mustChangePassword: false },
    });
    expect(ok.json<AdminUserResponse>().user).toMatchObject({
      bridgePointId: 'bp_kp1',
      mustChangePassword: false,
    });
  });

  it('changes roles (audited before/after), person and bridge point; validates; 404 for an unknown id', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const id = await userId(a, 'daibieu');
    const patch = (payload: object, uid = id) =>
      a.as(admin, { method: 'PATCH', url: `/api/admin/users/${uid}`, payload });
    const res = await patch({ roles: ['delegate', 'secretary'], personId: 'person_chau_minh_khai' });
    expect(res.statusCode).toBe(200);
    expect(res.json<AdminUserResponse>().user).toMatchObject({
      roles: ['delegate', 'secretary'],
      fullName: 'Châu Minh Khải',
    });
    const [change] = (await a.audit.query({ limit: 5, action: 'user.role_change' })).entries;
    expect(change).toMatchObject({
      targetId: id,
      detail: { before: ['delegate'], after: ['delegate', 'secretary'] },
    });
    const [updated] = (await a.audit.query({ limit: 5, action: 'user.updated' })).entries;
    expect(updated?.detail).toEqual({
      personId: { before: 'person_ngo_thi_yen', after: 'person_chau_minh_khai' },
    });

    expect((await patch({ roles: ['boss'] })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'roles.0',
    });
    expect((await patch({ disabled: 'yes' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'disabled',
    });
    expect((await patch({ personId: 'person_nobody' })).json()).toMatchObject({ field: 'personId' });
    expect((await patch({ roles: ['operator'] })).json()).toMatchObject({ field: 'bridgePointId' });
    expect((await patch({ roles: ['operator'], bridgePointId: 'bp_kp2' })).statusCode).toBe(200);
    const missing = await patch({ disabled: true }, 'user_nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found', field: 'id' });
    expect((await patch({}, 'x'.repeat(65))).json()).toMatchObject({
      code: 'validation_failed',
      field: 'id',
    });
  });

  it('disabling signs the user out at once and keeps them out; re-enabling lets them back', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const victim = await a.login('thuky');
    const id = victim.userId;
    const res = await a.as(admin, {
      method: 'PATCH',
      url: `/api/admin/users/${id}`,
      payload: { disabled: true },
    });
    expect(res.json<AdminUserResponse>().user.disabled).toBe(true);
    expect((await a.as(victim, { url: '/api/auth/me' })).statusCode).toBe(401);
    const login = () =>
      a.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'thuky', password: TEST_PASSWORDS.thuky },
      });
    expect((await login()).statusCode).toBe(401);
    expect((await a.audit.query({ limit: 5, action: 'user.disabled' })).entries).toHaveLength(1);
    await a.as(admin, { method: 'PATCH', url: `/api/admin/users/${id}`, payload: { disabled: false } });
    expect((await login()).statusCode).toBe(200);
  });

  it('an admin cannot remove their own admin role nor disable themselves (409), but may another admin', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const self = (payload: object) =>
      a.as(admin, { method: 'PATCH', url: `/api/admin/users/${admin.userId}`, payload });
    expect((await self({ roles: ['chair'] })).json()).toMatchObject({ code: 'conflict', field: 'roles' });
    expect((await self({ disabled: true })).json()).toMatchObject({ code: 'conflict', field: 'disabled' });
    expect((await self({ roles: ['admin', 'chair'] })).statusCode).toBe(200);
    const other = await userId(a, 'chutri');
    await a.as(admin, {
      method: 'PATCH',
      url: `/api/admin/users/${other}`,
      payload: { roles: ['admin', 'chair'] },
    });
    const second = await a.login('chutri');
    const demote = await a.as(second, {
      method: 'PATCH',
      url: `/api/admin/users/${admin.userId}`,
      payload: { roles: ['chair'] },
    });
    expect(demote.statusCode).toBe(200);
  });

  it('resets a password: one-time password, must change, unlocked, signed out; optional TOTP reset', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const victim = await a.login('kp4');
    for (let i = 0; i < 5; i++) {
      await a.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'kp4', password: 'đoán bừa thôi' },
      });
    }
    await a.db
      .updateTable('users')
      .set({ totp_enabled: 1, totp_secret: 'JBSWY3DPEHPK3PXP' })
      .where('id', '=', victim.userId)
      .execute();
    const res = await a.as(admin, {
      method: 'POST',
      url: `/api/admin/users/${victim.userId}/reset-password`,
      payload: { resetTotp: true },
    });
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json<AdminPasswordResetResponse>();
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await a.as(victim, { url: '/api/auth/me' })).statusCode).toBe(401);
    const login = await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'kp4', password: temporaryPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json<LoginResponse>().user).toMatchObject({ mustChangePassword: true, totpEnabled: false });
    const [entry] = (await a.audit.query({ limit: 5, action: 'user.password_reset' })).entries;
    expect(JSON.stringify(entry)).not.toContain(temporaryPassword);
    // Without a body, TOTP stays.
    const noBody = await a.as(admin, {
      method: 'POST',
      url: `/api/admin/users/${victim.userId}/reset-password`,
    });
    expect(noBody.statusCode).toBe(200);
    const bad = await a.as(admin, {
      method: 'POST',
      url: `/api/admin/users/${victim.userId}/reset-password`,
      payload: { resetTotp: 'ja' },
    });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'resetTotp' });
  });

  it('signs a user out everywhere', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const one = await a.login('chutri');
    const two = await a.login('chutri');
    const res = await a.as(admin, { method: 'DELETE', url: `/api/admin/users/${one.userId}/sessions` });
    expect(res.json()).toEqual({ revoked: 2 });
    expect((await a.as(one, { url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await a.as(two, { url: '/api/auth/me' })).statusCode).toBe(401);
    expect(
      (await a.as(admin, { method: 'DELETE', url: '/api/admin/users/user_nope/sessions' })).statusCode,
    ).toBe(404);
    expect((await a.audit.query({ limit: 5, action: 'user.sessions_revoked' })).entries[0]?.detail).toEqual({
      revoked: 2,
    });
  });
});

describe('GET /api/admin/audit', () => {
  it('returns entries newest first, filtered and paged, with Vietnamese text intact', async () => {
    const a = await start();
    const admin = await a.login('admin');
    a.advance(60_000);
    await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'Nguyễn Văn Lạ', password: 'không biết gì' },
    });
    a.advance(60_000);
    await a.audit.record({
      action: 'meeting.join',
      actorUserId: 'u_x',
      targetType: 'meeting',
      targetId: 'm1',
      detail: { title: 'Họp giao ban' },
    });
    const get = (query: Record<string, string>) => a.as(admin, { url: '/api/admin/audit', query });

    const all = (await get({})).json<AuditListResponse>();
    expect(all.entries.map((e) => e.action)).toEqual(['meeting.join', 'login.failure', 'login.success']);
    expect(all.entries[1]).toMatchObject({
      actor: { userId: null, deviceId: null, label: 'nguyễn văn lạ' },
      target: null,
      ip: '127.0.0.1',
      detail: { reason: 'unknown_user' },
    });
    expect(all.entries[0]?.detail).toEqual({ title: 'Họp giao ban' });
    expect((await get({ action: 'login.failure' })).json<AuditListResponse>().entries).toHaveLength(1);
    expect((await get({ actor: 'admin' })).json<AuditListResponse>().entries.map((e) => e.action)).toEqual([
      'login.success',
    ]);
    expect(
      (await get({ targetType: 'meeting', targetId: 'm1' })).json<AuditListResponse>().entries,
    ).toHaveLength(1);
    const window = await get({ from: new Date(T0 + 30_000).toISOString(), to: '2026-03-02T08:01:30+07:00' });
    expect(window.json<AuditListResponse>().entries.map((e) => e.action)).toEqual(['login.failure']);

    const page1 = (await get({ limit: '2' })).json<AuditListResponse>();
    expect(page1.entries).toHaveLength(2);
    expect(page1.nextBefore).toBe(page1.entries[1]?.id);
    const page2 = (await get({ limit: '2', before: page1.nextBefore ?? '' })).json<AuditListResponse>();
    expect(page2).toEqual({ entries: [all.entries[2]], nextBefore: null });
    expect((await get({ action: '' })).statusCode).toBe(200);
  });

  it('validates the query: 400 with the field', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const cases: [Record<string, string>, string][] = [
      [{ action: 'login.everything' }, 'action'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-13-01' }, 'to'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '1000' }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ targetId: 'x'.repeat(200) }, 'targetId'],
    ];
    for (const [query, field] of cases) {
      const res = await a.as(admin, { url: '/api/admin/audit', query });
      expect({ status: res.statusCode, body: res.json<object>() }).toMatchObject({
        status: 400,
        body: { code: 'validation_failed', field },
      });
    }
  });
});

describe('authorization of admin routes', () => {
  const routes = (id: string): (InjectOptions & { url: string })[] => [
    { method: 'GET', url: '/api/admin/users' },
    { method: 'POST', url: '/api/admin/users', payload: NEW_USER },
    { method: 'PATCH', url: `/api/admin/users/${id}`, payload: { roles: ['admin'] } },
    { method: 'POST', url: `/api/admin/users/${id}/reset-password`, payload: {} },
    { method: 'DELETE', url: `/api/admin/users/${id}/sessions` },
    { method: 'GET', url: '/api/admin/audit' },
  ];

  it('refuses every non-admin role with 403, and changes nothing', async () => {
    const a = await start();
    const target = await userId(a, 'thuky');
    const before = await a.db.selectFrom('users').selectAll().orderBy('id').execute();
    for (const username of ['chutri', 'thuky', 'kp4', 'daibieu']) {
      const s: TestSession = await a.login(username);
      // Each against another user's id and against their own (no IDOR by guessing ids).
      for (const id of [target, s.userId]) {
        for (const route of routes(id)) {
          const res = await a.as(s, route);
          expect({
            username,
            route: `${route.method} ${route.url}`,
            status: res.statusCode,
            code: res.json<{ code: string }>().code,
          }).toEqual({
            username,
            route: `${route.method} ${route.url}`,
            status: 403,
            code: 'forbidden',
          });
        }
      }
    }
    const after = await a.db.selectFrom('users').selectAll().orderBy('id').execute();
    expect(after).toEqual(before);
  });

  it('refuses anonymous callers and devices with 401', async () => {
    const a = await start();
    const target = await userId(a, 'thuky');
    await a.db
      .insertInto('devices')
      .values({
        id: 'dev1',
        bridge_point_id: 'bp_kp4',
        token_hash: sha256Hex('device-token-0123456789'),
        status: 'paired',
        created_at: 'x',
      })
      .execute();
    for (const route of routes(target)) {
      const anon = await a.app.inject(route);
      expect([route.url, anon.statusCode, anon.json<{ code: string }>().code]).toEqual([
        route.url,
        401,
        'unauthorized',
      ]);
      const device = await a.app.inject({
        ...route,
        headers: { authorization: 'Device device-token-0123456789' },
      });
      expect([route.url, device.statusCode]).toEqual([route.url, 401]);
    }
  });

  it('the admin passes every route', async () => {
    const a = await start();
    const admin = await a.login('admin');
    const target = await userId(a, 'thuky');
    const statuses = [];
    for (const route of routes(target)) statuses.push((await a.as(admin, route)).statusCode);
    expect(statuses).toEqual([200, 201, 200, 200, 200, 200]);
  });
});
