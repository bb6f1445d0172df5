// HTTP tests of sign-in and the session over fastify.inject(): login (success, failure, lockout,
// rate limit, TOTP), cookie flags, CSRF and Origin checks, expiry, device tokens, one's own
// password, logout, and the audit entries all of these leave.
import type { AuditListResponse, LoginResponse, MeResponse, TotpSetupResponse } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../db/testing.js';
import type { DbKind } from '../db/database.js';
import { sha256Hex } from './sessions.js';
import { sessionSetCookie, startAuthTestApp, T0, TEST_PASSWORDS } from './testing.js';
import type { AuthTestApp } from './testing.js';
import { totpCode } from './totp.js';

let h: AuthTestApp | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function start(kind: DbKind = 'sqlite', options: Parameters<typeof startAuthTestApp>[1] = {}) {
  h = await startAuthTestApp(kind, options);
  return h;
}

const login = (a: AuthTestApp, payload: object, remoteAddress?: string) =>
  a.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload,
    ...(remoteAddress ? { remoteAddress } : {}),
  });

async function auditActions(a: AuthTestApp, action?: string): Promise<AuditListResponse['entries']> {
  return (await a.audit.query({ limit: 100, action: action as never })).entries.map((e) => ({
    id: e.id,
    at: e.at,
    action: e.action,
    actor: { userId: e.actorUserId, deviceId: e.actorDeviceId, label: e.actorLabel },
    target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
    ip: e.ip,
    detail: e.detail,
  }));
}

describe.each(DB_KINDS)('sign-in on %s', (kind) => {
  it('signs in: user with Vietnamese name, httpOnly Lax Secure cookie, audit entry', async () => {
    const a = await start(kind);
    const res = await login(a, { username: ' ChuTri ', password: TEST_PASSWORDS.chutri });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<LoginResponse>();
    expect(body.user).toEqual({
      id: expect.any(String) as string,
      username: 'chutri',
      personId: 'person_nguyen_thi_hong_nhung',
      fullName: 'Nguyễn Thị Hồng Nhung',
      roles: ['chair'],
      bridgePointId: null,
      totpEnabled: false,
      mustChangePassword: false,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = sessionSetCookie(res);
    expect(cookie).toMatch(
      /^dc_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    // Only the hash is stored.
    const token = cookie.slice('dc_session='.length, cookie.indexOf(';'));
    const rows = await a.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.map((r) => r.id_hash)).toEqual([sha256Hex(token)]);

    const me = await a.app.inject({ url: '/api/auth/me', headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(me.json<MeResponse>()).toEqual({ kind: 'user', user: body.user, csrfToken: body.csrfToken });
    const [entry] = await auditActions(a, 'login.success');
    expect(entry).toMatchObject({
      actor: { userId: body.user.id, label: 'chutri' },
      target: { type: 'user' },
      ip: '127.0.0.1',
    });
  });

  it('refuses a wrong password and an unknown user alike (401), and audits both', async () => {
    const a = await start(kind);
    const wrong = await login(a, { username: 'thuky', password: 'sai mật khẩu rồi' });
    const unknown = await login(a, { username: 'khong_co', password: 'sai mật khẩu rồi' });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'unauthorized', message: 'wrong username or password' });
      expect(sessionSetCookie(res)).toBe('');
    }
    const failures = await auditActions(a, 'login.failure');
    expect(failures.map((f) => [f.actor.label, f.actor.userId, f.detail.reason])).toEqual([
      ['khong_co', null, 'unknown_user'],
      ['thuky', null, 'password'],
    ]);
  });
});

describe('sign-in', () => {
  it('validates the body: 400 with the field', async () => {
    const a = await start();
    const cases: [object, string][] = [
      [{ password: 'x' }, 'username'],
      [{ username: 'chutri' }, 'password'],
      [{ username: 'chutri', password: 'x'.repeat(300) }, 'password'],
      [{ username: 'chutri', password: 'xxxxxxxxxx', totp: '12ab56' }, 'totp'],
    ];
    for (const [payload, field] of cases) {
      const res = await login(a, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
    }
  });

  it('locks an account after 5 failures for 15 minutes (423 with retryAfterSeconds), even for the right password', async () => {
    const a = await start();
    for (let i = 0; i < 4; i++)
      expect((await login(a, { username: 'kp4', password: `sai lần ${i}xxxx` })).statusCode).toBe(401);
    const fifth = await login(a, { username: 'kp4', password: 'sai lần cuối xx' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toEqual({
      code: 'account_locked',
      message: 'account locked',
      retryAfterSeconds: 900,
    });
    expect(fifth.headers['retry-after']).toBe('900');

    a.advance(5 * 60_000);
    const right = await login(a, { username: 'kp4', password: TEST_PASSWORDS.kp4 });
    expect(right.statusCode).toBe(423);
    expect(right.json()).toMatchObject({ retryAfterSeconds: 600 });
    expect((await auditActions(a, 'login.locked')).map((e) => e.actor.label)).toEqual(['kp4']);

    a.advance(10 * 60_000);
    expect((await login(a, { username: 'kp4', password: TEST_PASSWORDS.kp4 })).statusCode).toBe(200);
  });

  it('locks unknown usernames the same way, so lockout does not reveal which accounts exist', async () => {
    const a = await start();
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login(a, { username: 'khong_ai', password: 'mật khẩu đoán' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);
  });

  it('rate-limits sign-in attempts per IP (429) without touching other addresses', async () => {
    const a = await start('sqlite', { limits: { perIpPerMinute: 10 } });
    for (let i = 0; i < 10; i++) {
      expect((await login(a, { username: `u${i}`, password: 'whatever12' }, '10.1.1.1')).statusCode).toBe(
        401,
      );
    }
    const limited = await login(a, { username: 'chutri', password: TEST_PASSWORDS.chutri }, '10.1.1.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
    expect(
      (await login(a, { username: 'chutri', password: TEST_PASSWORDS.chutri }, '10.2.2.2')).statusCode,
    ).toBe(200);
    a.advance(60_000);
    expect(
      (await login(a, { username: 'chutri', password: TEST_PASSWORDS.chutri }, '10.1.1.1')).statusCode,
    ).toBe(200);
  });

  it('marks the cookie Secure only when configured', async () => {
    const a = await start('sqlite', { secureCookies: false });
    const res = await login(a, { username: 'daibieu', password: TEST_PASSWORDS.daibieu });
    expect(sessionSetCookie(res)).toMatch(
      /^dc_session=[^;]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it('refuses a disabled account with the same 401', async () => {
    const a = await start();
    await a.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'daibieu').execute();
    const res = await login(a, { username: 'daibieu', password: TEST_PASSWORDS.daibieu });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });
});

describe('TOTP', () => {
  it('setup → enable → login needs the code → replay refused → disable with the password', async () => {
    const a = await start();
    const s = await a.login('thuky');
    const setup = await a.as(s, { method: 'POST', url: '/api/auth/totp/setup' });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json<TotpSetupResponse>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain('issuer=%C4%90i%E1%BB%83m%20C%E1%BA%A7u');

    // Not active yet: signing in still needs no code.
    expect((await login(a, { username: 'thuky', password: TEST_PASSWORDS.thuky })).statusCode).toBe(200);

    const bad = await a.as(s, { method: 'POST', url: '/api/auth/totp/enable', payload: { code: '000000' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'code' });
    const malformed = await a.as(s, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: '12' },
    });
    expect(malformed.json()).toMatchObject({ code: 'validation_failed', field: 'code' });
    const now = T0;
    const ok = await a.as(s, {
      method: 'POST',
      url: '/api/auth/totp/enable',
      payload: { code: totpCode(secret, now) },
    });
    expect(ok.statusCode).toBe(204);

    const noCode = await login(a, { username: 'thuky', password: TEST_PASSWORDS.thuky });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toMatchObject({ code: 'totp_required', field: 'totp' });
    const wrong = await login(a, { username: 'thuky', password: TEST_PASSWORDS.thuky, totp: '000000' });
    expect(wrong.json()).toMatchObject({ code: 'totp_required', field: 'totp' });

    a.advance(30_000);
    const code = totpCode(secret, now + 30_000);
    const good = await login(a, {
      username: 'thuky',
      password: TEST_PASSWORDS.thuky,
      totp: code.replace(/(\d{3})/, '$1 '),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json<LoginResponse>().user.totpEnabled).toBe(true);
    const replay = await login(a, { username: 'thuky', password: TEST_PASSWORDS.thuky, totp: code });
    expect(replay.json()).toMatchObject({ code: 'totp_required' });

    const again = await a.as(s, { method: 'POST', url: '/api/auth/totp/setup' });
    expect(again.statusCode).toBe(409);
    const wrongPw = await a.as(s, {
      method: 'POST',
      url: '/api/auth/totp/disable',
      payload: { password: 'không đúng đâu' },
    });
    expect(wrongPw.json()).toMatchObject({ code: 'validation_failed', field: 'password' });
    const off = await a.as(s, {
      method: 'POST',
      url: '/api/auth/totp/disable',
      payload: { password: TEST_PASSWORDS.thuky },
    });
    expect(off.statusCode).toBe(204);
    expect((await login(a, { username: 'thuky', password: TEST_PASSWORDS.thuky })).statusCode).toBe(200);
    expect((await auditActions(a)).map((e) => e.action).filter((x) => x.startsWith('totp.'))).toEqual([
      'totp.disabled',
      'totp.enabled',
    ]);
  });

  it('wrong codes count toward lockout', async () => {
    const a = await start();
    const s = await a.login('daibieu');
    const { secret } = (
      await a.as(s, { method: 'POST', url: '/api/auth/totp/setup' })
    ).json<TotpSetupResponse>();
    await a.as(s, { method: 'POST', url: '/api/auth/totp/enable', payload: { code: totpCode(secret, T0) } });
    const codes = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await login(a, { username: 'daibieu', password: TEST_PASSWORDS.daibieu, totp: '999999' }))
          .statusCode,
      );
    }
    expect(codes).toEqual([401, 401, 401, 401, 423]);
  });
});

describe('CSRF and Origin', () => {
  it('refuses unsafe cookie requests without the right x-csrf-token, accepts with it', async () => {
    const a = await start();
    const s = await a.login('chutri');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const none = await a.app.inject({ method, url: '/api/test/probe', headers: { cookie: s.cookie } });
      expect(none.statusCode).toBe(403);
      expect(none.json()).toMatchObject({ code: 'csrf_failed', field: 'x-csrf-token' });
      const wrong = await a.app.inject({
        method,
        url: '/api/test/probe',
        // NOTE: change the last character to a different one (a fixed 'A' matched 1 run in 64).
        headers: {
          cookie: s.cookie,
          'x-csrf-token': `${s.csrf.slice(0, -1)}${s.csrf.endsWith('A') ? 'B' : 'A'}`,
        },
      });
      expect(wrong.statusCode).toBe(403);
      const right = await a.as(s, { method, url: '/api/test/probe' });
      expect(right.statusCode).toBe(200);
      expect(right.json()).toMatchObject({ auth: { kind: 'user', username: 'chutri' } });
    }
    expect((await a.app.inject({ url: '/api/test/probe', headers: { cookie: s.cookie } })).statusCode).toBe(
      200,
    );
    // Another session's token does not fit this one.
    const other = await a.login('thuky');
    const swapped = await a.app.inject({
      method: 'POST',
      url: '/api/test/probe',
      headers: { cookie: s.cookie, 'x-csrf-token': other.csrf },
    });
    expect(swapped.statusCode).toBe(403);
  });

  it('refuses cross-origin unsafe requests, accepts same-origin and configured origins', async () => {
    const a = await start();
    const s = await a.login('chutri');
    const post = (headers: Record<string, string>) =>
      a.as(s, { method: 'POST', url: '/api/test/probe', headers });
    expect((await post({ origin: 'https://evil.example' })).json()).toMatchObject({
      code: 'csrf_failed',
      field: 'origin',
    });
    expect((await post({ origin: 'null' })).statusCode).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post({ origin: 'http://localhost:80' })).statusCode).toBe(200);
    expect((await post({ origin: 'https://diemcau.anphudong.example' })).statusCode).toBe(200);
    // Even without a session (a cross-site login form).
    const crossLogin = await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'chutri', password: TEST_PASSWORDS.chutri },
    });
    expect(crossLogin.statusCode).toBe(403);
  });

  it('exempts anonymous and device requests (no ambient credentials) and the login route', async () => {
    const a = await start();
    const anon = await a.app.inject({ method: 'POST', url: '/api/test/probe' });
    expect(anon.json()).toEqual({ auth: { kind: 'anonymous' } });
    const s = await a.login('chutri');
    // Signing in again from a tab that lost its CSRF token works, and replaces the old session.
    const relogin = await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: s.cookie },
      payload: { username: 'chutri', password: TEST_PASSWORDS.chutri },
    });
    expect(relogin.statusCode).toBe(200);
    expect((await a.app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });
});

describe('session lifetime', () => {
  it('ends after 12 idle hours', async () => {
    const a = await start();
    const s = await a.login('daibieu');
    a.advance(12 * 3600_000 - 1000);
    expect((await a.as(s, { url: '/api/auth/me' })).statusCode).toBe(200);
    a.advance(12 * 3600_000);
    const res = await a.as(s, { url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
    expect(await a.db.selectFrom('sessions').select('id_hash').execute()).toEqual([]);
  });

  it('slides with activity but ends after 7 days whatever happens', async () => {
    const a = await start();
    const s = await a.login('daibieu');
    for (let i = 0; i < 15; i++) {
      a.advance(11 * 3600_000);
      expect((await a.as(s, { url: '/api/auth/me' })).statusCode).toBe(200);
    }
    a.advance(3 * 3600_000); // 168 h since sign-in
    expect((await a.as(s, { url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('logout ends the session, clears the cookie and is audited', async () => {
    const a = await start();
    const s = await a.login('thuky');
    const noCsrf = await a.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const res = await a.as(s, { method: 'POST', url: '/api/auth/logout' });
    expect(res.statusCode).toBe(204);
    expect(sessionSetCookie(res)).toBe('dc_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect((await a.as(s, { url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await auditActions(a, 'logout')).map((e) => e.actor.label)).toEqual(['thuky']);
    expect((await a.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });

  it('ignores garbage and unknown cookies', async () => {
    const a = await start();
    for (const cookie of ['dc_session=nope', `dc_session=${'A'.repeat(43)}`, 'other=1']) {
      const res = await a.app.inject({ method: 'POST', url: '/api/test/probe', headers: { cookie } });
      expect(res.json()).toEqual({ auth: { kind: 'anonymous' } });
    }
  });
});

describe('device tokens', () => {
  async function withDevices(a: AuthTestApp) {
    const row = (id: string, status: string, bp: string | null) => ({
      id,
      bridge_point_id: bp,
      token_hash: sha256Hex(`token-of-${id}-0123456789`),
      status,
      created_at: new Date(T0).toISOString(),
    });
    await a.db
      .insertInto('devices')
      .values([
        row('dev_kp4', 'paired', 'bp_kp4'),
        row('dev_new', 'pending', null),
        row('dev_old', 'revoked', 'bp_kp1'),
      ])
      .execute();
    return (id: string) => ({ authorization: `Device token-of-${id}-0123456789` });
  }

  it('a paired or pending device is itself; a revoked or unknown one is nobody', async () => {
    const a = await start();
    const header = await withDevices(a);
    const me = await a.app.inject({ url: '/api/auth/me', headers: header('dev_kp4') });
    expect(me.json<MeResponse>()).toEqual({
      kind: 'device',
      device: { id: 'dev_kp4', bridgePointId: 'bp_kp4' },
    });
    const pending = await a.app.inject({ url: '/api/auth/me', headers: header('dev_new') });
    expect(pending.json<MeResponse>()).toEqual({
      kind: 'device',
      device: { id: 'dev_new', bridgePointId: null },
    });
    for (const h2 of [header('dev_old'), header('dev_none'), { authorization: 'Device short' }]) {
      expect((await a.app.inject({ url: '/api/auth/me', headers: h2 })).statusCode).toBe(401);
    }
  });

  it('needs no CSRF token, and a Device header makes the cookie count for nothing', async () => {
    const a = await start();
    const header = await withDevices(a);
    const post = await a.app.inject({ method: 'POST', url: '/api/test/probe', headers: header('dev_kp4') });
    expect(post.json()).toEqual({ auth: { kind: 'device', deviceId: 'dev_kp4', bridgePointId: 'bp_kp4' } });
    const s = await a.login('admin');
    const mixed = await a.app.inject({
      method: 'POST',
      url: '/api/test/probe',
      headers: { cookie: s.cookie, authorization: 'Device not-a-real-token-at-all' },
    });
    expect(mixed.json()).toEqual({ auth: { kind: 'anonymous' } });
    const adminRoute = await a.app.inject({
      url: '/api/admin/users',
      headers: { ...header('dev_kp4'), cookie: s.cookie },
    });
    expect(adminRoute.statusCode).toBe(401);
  });
});

describe('own password', () => {
  it('changes it: checks the current one and the policy, signs out other sessions', async () => {
    const a = await start();
    const s = await a.login('kp4');
    const other = await a.login('kp4');
    const change = (payload: object) => a.as(s, { method: 'POST', url: '/api/auth/password', payload });
    expect(
      (await change({ currentPassword: 'không phải', newPassword: 'Mật khẩu mới 2026' })).json(),
    ).toMatchObject({
      code: 'validation_failed',
      field: 'currentPassword',
    });
    expect(
      (await change({ currentPassword: TEST_PASSWORDS.kp4, newPassword: '12345678901' })).json(),
    ).toMatchObject({
      code: 'validation_failed',
      field: 'newPassword',
    });
    expect((await change({ currentPassword: TEST_PASSWORDS.kp4, newPassword: 'ngắn' })).json()).toMatchObject(
      {
        field: 'newPassword',
      },
    );
    expect(
      (await change({ currentPassword: TEST_PASSWORDS.kp4, newPassword: 'Mật khẩu mới 2026' })).statusCode,
    ).toBe(204);
    expect((await a.as(s, { url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await a.as(other, { url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await login(a, { username: 'kp4', password: TEST_PASSWORDS.kp4 })).statusCode).toBe(401);
    expect((await login(a, { username: 'kp4', password: 'Mật khẩu mới 2026' })).statusCode).toBe(200);
    expect(await auditActions(a, 'user.password_change')).toHaveLength(1);
  });

  it('own-account routes need a session (401) and touch only the caller (no user id to guess)', async () => {
    const a = await start();
    for (const url of [
      '/api/auth/password',
      '/api/auth/totp/setup',
      '/api/auth/totp/enable',
      '/api/auth/totp/disable',
    ]) {
      expect((await a.app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(401);
    }
    expect((await a.app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    const s = await a.login('daibieu');
    const me = (await a.as(s, { url: '/api/auth/me', query: { id: 'someone-else' } })).json<MeResponse>();
    expect(me.kind === 'user' && me.user.username).toBe('daibieu');
  });
});
