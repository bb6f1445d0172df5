// HTTP tests (inject) of organizations, persons and memberships over the demo ward on SQLite:
// success, validation with the field, who may read and who may change, Vietnamese names and order.
import type { OrganizationNode, PersonListResponse, PersonView } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { seedDemoWard } from '../demo/seed.js';
import { asUser } from '../testing/fake-auth.js';
import { CALLERS, NON_ADMIN_USERS, buildOrgTestApp, seedDemoPeople } from './testing.js';
import type { OrgTestApp } from './testing.js';

let db: Db | null = null;
let t: OrgTestApp | null = null;
afterEach(async () => {
  await t?.app.close();
  await db?.destroy();
  t = null;
  db = null;
});

async function start() {
  db = await openDatabase({ url: ':memory:' });
  await seedDemoWard(db);
  const people = await seedDemoPeople(db);
  t = await buildOrgTestApp(db);
  const inject = t.app.inject.bind(t.app);
  return { app: t.app, inject, people, db };
}

const json = (payload: unknown) => ({ payload: payload as object });

describe('GET /api/org/organizations', () => {
  it('gives every signed-in user the tree with members and titles, sorted', async () => {
    const { inject } = await start();
    for (const role of ['admin', ...NON_ADMIN_USERS] as const) {
      const res = await inject({ url: '/api/org/organizations', headers: CALLERS[role] });
      expect(res.statusCode, role).toBe(200);
    }
    const res = await inject({ url: '/api/org/organizations', headers: CALLERS.delegate });
    const roots = res.json<{ organizations: OrganizationNode[] }>().organizations;
    expect(roots.map((o) => o.name)).toEqual([
      'Đảng ủy phường An Phú Đông',
      'UBND phường An Phú Đông',
      'Ủy ban MTTQ phường An Phú Đông',
    ]);
    const dangUy = roots[0]!;
    expect(dangUy.children.map((c) => c.name)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Chi bộ khu phố ${n}`));
    expect(dangUy.members).toEqual([
      { personId: 'per_demo_0', fullName: 'Nguyễn Thị Hồng Nhung', title: 'Bí thư Đảng ủy phường' },
    ]);
    expect(roots[2]!.members.map((m) => m.fullName)).toEqual(['Châu Minh Khải', 'Ngô Thị Yến']);
    expect(res.body).not.toContain('@anphudong.vn');
  });

  it('refuses anonymous callers and devices (401)', async () => {
    const { inject } = await start();
    for (const caller of ['anonymous', 'device'] as const) {
      const res = await inject({ url: '/api/org/organizations', headers: CALLERS[caller] });
      expect(res.statusCode, caller).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthorized' });
    }
  });
});

describe('organization admin', () => {
  it('creates an organization under a parent, after its siblings', async () => {
    const { inject } = await start();
    const res = await inject({
      method: 'POST',
      url: '/api/org/organizations',
      headers: CALLERS.admin,
      ...json({ name: '  Chi bộ khu phố 7 ', kind: 'party_cell', parentId: 'org_dang_uy' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Chi bộ khu phố 7',
      kind: 'party_cell',
      parentId: 'org_dang_uy',
    });
    const tree = await inject({ url: '/api/org/organizations', headers: CALLERS.admin });
    const dangUy = tree.json<{ organizations: OrganizationNode[] }>().organizations[0]!;
    expect(dangUy.children.at(-1)?.name).toBe('Chi bộ khu phố 7');
  });

  it('validates the body, naming the field', async () => {
    const { inject } = await start();
    const cases: [unknown, string][] = [
      [{ kind: 'party_cell' }, 'name'],
      [{ name: '   ', kind: 'party_cell' }, 'name'],
      [{ name: 'x'.repeat(301), kind: 'party_cell' }, 'name'],
      [{ name: 'Tổ dân phố', kind: 'to_dan_pho' }, 'kind'],
      [{ name: 'Tổ', kind: 'neighborhood', sortOrder: -1 }, 'sortOrder'],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await inject({
        method: 'POST',
        url: '/api/org/organizations',
        headers: CALLERS.admin,
        ...json(body),
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
    }
    const res = await inject({
      method: 'POST',
      url: '/api/org/organizations',
      headers: CALLERS.admin,
      ...json({ name: 'Tổ', kind: 'neighborhood', parentId: 'org_nope' }),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', field: 'parentId' });
  });

  it('renames and moves, refusing a cycle and an unknown id', async () => {
    const { inject } = await start();
    const patch = (id: string, body: unknown) =>
      inject({ method: 'PATCH', url: `/api/org/organizations/${id}`, headers: CALLERS.admin, ...json(body) });
    const moved = await patch('org_kp4', {
      name: 'Khu phố 4 – Bình Giã',
      parentId: 'org_mttq',
      sortOrder: 3,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toEqual({
      id: 'org_kp4',
      name: 'Khu phố 4 – Bình Giã',
      kind: 'neighborhood',
      parentId: 'org_mttq',
      sortOrder: 3,
    });
    expect((await patch('org_ubnd', { parentId: 'org_ubnd' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'parentId',
    });
    const cycle = await patch('org_ubnd', { parentId: 'org_kp1' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({ code: 'validation_failed', field: 'parentId' });
    expect((await patch('org_kp1', { parentId: 'org_nope' })).json()).toMatchObject({
      code: 'not_found',
      field: 'parentId',
    });
    expect((await patch('org_nope', { name: 'x' })).statusCode).toBe(404);
    expect((await patch('org_kp1', { kind: 'ward' })).json()).toMatchObject({ field: 'kind' });
    expect((await patch('x'.repeat(65), {})).json()).toMatchObject({
      code: 'validation_failed',
      field: 'id',
    });
    const toRoot = await patch('org_kp1', { parentId: null });
    expect(toRoot.json()).toMatchObject({ parentId: null });
  });

  it('deletes only an unused organization (409 otherwise)', async () => {
    const { inject, db } = await start();
    const del = (id: string) =>
      inject({ method: 'DELETE', url: `/api/org/organizations/${id}`, headers: CALLERS.admin });
    const children = await del('org_dang_uy');
    expect(children.statusCode).toBe(409);
    expect(children.json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('child') as string,
    });
    expect((await del('org_kp4')).json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('bridge point') as string,
    });
    expect((await del('org_cb_kp4')).json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('members') as string,
    });
    const created = await inject({
      method: 'POST',
      url: '/api/org/organizations',
      headers: CALLERS.admin,
      ...json({ name: 'Chi bộ tạm', kind: 'party_cell', parentId: 'org_dang_uy' }),
    });
    const id = created.json<{ id: string }>().id;
    await db.updateTable('meetings').set({ organization_id: id }).execute();
    expect((await del(id)).json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('meetings') as string,
    });
    await db.updateTable('meetings').set({ organization_id: null }).execute();
    expect((await del(id)).statusCode).toBe(204);
    expect((await del(id)).statusCode).toBe(404);
  });

  it('lets only admins change organizations, whatever the id (no existence oracle)', async () => {
    const { inject } = await start();
    const requests = [
      {
        method: 'POST' as const,
        url: '/api/org/organizations',
        ...json({ name: 'X', kind: 'neighborhood' }),
      },
      { method: 'PATCH' as const, url: '/api/org/organizations/org_kp1', ...json({ name: 'X' }) },
      { method: 'PATCH' as const, url: '/api/org/organizations/org_guess', ...json({ name: 'X' }) },
      { method: 'DELETE' as const, url: '/api/org/organizations/org_kp1' },
      { method: 'DELETE' as const, url: '/api/org/organizations/org_guess' },
    ];
    for (const req of requests) {
      for (const role of NON_ADMIN_USERS) {
        expect(
          (await inject({ ...req, headers: CALLERS[role] })).statusCode,
          `${role} ${req.method} ${req.url}`,
        ).toBe(403);
      }
      for (const caller of ['anonymous', 'device'] as const) {
        expect((await inject({ ...req, headers: CALLERS[caller] })).statusCode, `${caller} ${req.url}`).toBe(
          401,
        );
      }
    }
    const tree = await inject({ url: '/api/org/organizations', headers: CALLERS.admin });
    expect(tree.body).not.toContain('"X"');
  });
});

describe('GET /api/org/persons', () => {
  it('searches without diacritics and sorts by given name with Vietnamese collation', async () => {
    const { inject } = await start();
    const list = async (query: string, headers: Record<string, string> = CALLERS.delegate) =>
      (await inject({ url: `/api/org/persons${query}`, headers })).json<PersonListResponse>().persons;
    expect((await list('?q=le%20van%20hai')).map((p) => p.fullName)).toEqual(['Lê Văn Hai']);
    expect((await list(`?q=${encodeURIComponent('LÊ VĂN HAI')}`)).map((p) => p.fullName)).toEqual([
      'Lê Văn Hai',
    ]);
    expect((await list('?q=do%20thi%20anh')).map((p) => p.fullName)).toEqual(['Đỗ Thị Ánh Tuyết']);
    expect((await list('?q=bi%20thu%20chi%20bo')).length).toBe(6);
    expect((await list('?organizationId=org_mttq')).map((p) => p.fullName)).toEqual([
      'Châu Minh Khải',
      'Ngô Thị Yến',
    ]);
    expect((await list('')).map((p) => p.fullName)).toEqual([
      'Võ Thị Ngọc Ẩn',
      'Huỳnh Văn Dũng',
      'Lê Thị Thu Hà',
      'Lê Văn Hai',
      'Châu Minh Khải',
      'Nguyễn Thị Hồng Nhung',
      'Phạm Văn Ơn',
      'Bùi Đức Thưởng',
      'Đỗ Thị Ánh Tuyết',
      'Trần Quốc Việt',
      'Ngô Thị Yến',
    ]);
    const bad = await inject({ url: `/api/org/persons?q=${'a'.repeat(101)}`, headers: CALLERS.delegate });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'q' });
  });

  it('shows contacts to admins and to the person themself only', async () => {
    const { inject, people } = await start();
    const hai = people.get('Lê Văn Hai')!;
    const asDelegate = await inject({ url: '/api/org/persons', headers: CALLERS.delegate });
    expect(asDelegate.body).not.toContain('@anphudong.vn');
    expect(asDelegate.body).not.toContain('0901');
    for (const role of NON_ADMIN_USERS) {
      const one = (
        await inject({ url: `/api/org/persons/${hai}`, headers: CALLERS[role] })
      ).json<PersonView>();
      expect(one, role).toEqual({
        id: hai,
        fullName: 'Lê Văn Hai',
        memberships: [
          {
            organizationId: 'org_cb_kp4',
            organizationName: 'Chi bộ khu phố 4',
            title: 'Bí thư Chi bộ khu phố 4',
          },
        ],
      });
    }
    const self = await inject({
      url: `/api/org/persons/${hai}`,
      headers: asUser(['delegate'], { personId: hai }),
    });
    expect(self.json()).toMatchObject({ email: 'nguoi6@anphudong.vn' });
    const admin = (
      await inject({ url: '/api/org/persons', headers: CALLERS.admin })
    ).json<PersonListResponse>();
    expect(admin.persons.every((p) => typeof p.email === 'string')).toBe(true);
    const byMail = await inject({ url: '/api/org/persons?q=nguoi6', headers: CALLERS.delegate });
    expect(byMail.json<PersonListResponse>().persons).toEqual([]);
    expect((await inject({ url: '/api/org/persons/per_guess', headers: CALLERS.delegate })).statusCode).toBe(
      404,
    );
    for (const caller of ['anonymous', 'device'] as const) {
      expect((await inject({ url: '/api/org/persons', headers: CALLERS[caller] })).statusCode).toBe(401);
      expect((await inject({ url: `/api/org/persons/${hai}`, headers: CALLERS[caller] })).statusCode).toBe(
        401,
      );
    }
  });
});

describe('person admin', () => {
  it('creates a person whose NFD-typed Vietnamese name round-trips as NFC', async () => {
    const { inject } = await start();
    const typed = 'Trương Thị Ngọc Hưởng'.normalize('NFD');
    const res = await inject({
      method: 'POST',
      url: '/api/org/persons',
      headers: CALLERS.admin,
      ...json({ fullName: typed, email: ' huong@anphudong.vn ', phone: '+84 90-123-4567' }),
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<PersonView>();
    expect(created).toMatchObject({
      fullName: 'Trương Thị Ngọc Hưởng',
      email: 'huong@anphudong.vn',
      phone: '+84 90-123-4567',
    });
    const found = (
      await inject({ url: '/api/org/persons?q=truong%20thi%20ngoc%20huong', headers: CALLERS.chair })
    ).json<PersonListResponse>();
    expect(found.persons.map((p) => p.fullName)).toEqual(['Trương Thị Ngọc Hưởng']);
    expect(found.persons[0]?.fullName.normalize('NFC')).toBe(found.persons[0]?.fullName);
  });

  it('validates names, e-mails and phones, naming the field', async () => {
    const { inject } = await start();
    const cases: [unknown, string][] = [
      [{}, 'fullName'],
      [{ fullName: '' }, 'fullName'],
      [{ fullName: 'a'.repeat(201) }, 'fullName'],
      [{ fullName: 'Lê Hai', email: 'not-an-email' }, 'email'],
      [{ fullName: 'Lê Hai', email: 'hai@' }, 'email'],
      [{ fullName: 'Lê Hai', phone: 'gọi tôi' }, 'phone'],
      [{ fullName: 'Lê Hai', phone: 12345 }, 'phone'],
    ];
    for (const [body, field] of cases) {
      const res = await inject({
        method: 'POST',
        url: '/api/org/persons',
        headers: CALLERS.admin,
        ...json(body),
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
    }
    const ok = await inject({
      method: 'POST',
      url: '/api/org/persons',
      headers: CALLERS.admin,
      ...json({ fullName: 'Lê Hai', email: '', phone: '' }),
    });
    expect(ok.json()).toMatchObject({ email: null, phone: null });
  });

  it('updates and deletes a person; refuses deleting one still invited to a meeting', async () => {
    const { inject, people, db } = await start();
    const hai = people.get('Lê Văn Hai')!;
    const patched = await inject({
      method: 'PATCH',
      url: `/api/org/persons/${hai}`,
      headers: CALLERS.admin,
      ...json({ email: null, phone: '028 3891 0000' }),
    });
    expect(patched.json()).toMatchObject({ fullName: 'Lê Văn Hai', email: null, phone: '028 3891 0000' });
    const invalid = await inject({
      method: 'PATCH',
      url: `/api/org/persons/${hai}`,
      headers: CALLERS.admin,
      ...json({ fullName: '' }),
    });
    expect(invalid.json()).toMatchObject({ code: 'validation_failed', field: 'fullName' });
    expect(
      (
        await inject({
          method: 'PATCH',
          url: '/api/org/persons/per_nope',
          headers: CALLERS.admin,
          ...json({}),
        })
      ).statusCode,
    ).toBe(404);
    const meeting = await db.selectFrom('meetings').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('meeting_invitees')
      .values({
        meeting_id: meeting.id,
        person_id: hai,
        role: 'delegate',
        rsvp_reason: null,
        rsvp_at: null,
        invited_at: null,
      })
      .execute();
    const refused = await inject({
      method: 'DELETE',
      url: `/api/org/persons/${hai}`,
      headers: CALLERS.admin,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict' });
    const yen = people.get('Ngô Thị Yến')!;
    expect(
      (await inject({ method: 'DELETE', url: `/api/org/persons/${yen}`, headers: CALLERS.admin })).statusCode,
    ).toBe(204);
    expect(
      (await inject({ method: 'DELETE', url: `/api/org/persons/${yen}`, headers: CALLERS.admin })).statusCode,
    ).toBe(404);
  });

  it('replaces memberships with titles, validating each entry', async () => {
    const { inject, people } = await start();
    const hai = people.get('Lê Văn Hai')!;
    const put = (body: unknown, id = hai) =>
      inject({
        method: 'PUT',
        url: `/api/org/persons/${id}/memberships`,
        headers: CALLERS.admin,
        ...json(body),
      });
    const res = await put([
      { organizationId: 'org_kp4', title: 'Trưởng khu phố', sortOrder: 0 },
      { organizationId: 'org_cb_kp4', title: 'Bí thư' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json<PersonView>().memberships).toEqual([
      { organizationId: 'org_cb_kp4', organizationName: 'Chi bộ khu phố 4', title: 'Bí thư' },
      { organizationId: 'org_kp4', organizationName: 'Khu phố 4', title: 'Trưởng khu phố' },
    ]);
    expect((await put([{ organizationId: 'org_kp4' }, { organizationId: 'org_nope' }])).json()).toMatchObject(
      {
        code: 'not_found',
        field: '1.organizationId',
      },
    );
    expect((await put([{ organizationId: 'org_kp4', title: 't'.repeat(201) }])).json()).toMatchObject({
      code: 'validation_failed',
      field: '0.title',
    });
    expect((await put([{ organizationId: 'org_kp4' }, { organizationId: 'org_kp4' }])).json()).toMatchObject({
      code: 'validation_failed',
    });
    expect((await put({ organizationId: 'org_kp4' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'body',
    });
    expect((await put([], 'per_nope')).statusCode).toBe(404);
    const cleared = await put([]);
    expect(cleared.json<PersonView>().memberships).toEqual([]);
    const tree = await inject({ url: '/api/org/organizations', headers: CALLERS.admin });
    expect(tree.body).not.toContain('Lê Văn Hai');
  });

  it('lets only admins change people, whatever the id', async () => {
    const { inject, people } = await start();
    const hai = people.get('Lê Văn Hai')!;
    const requests = [
      { method: 'POST' as const, url: '/api/org/persons', ...json({ fullName: 'Kẻ Lạ' }) },
      { method: 'PATCH' as const, url: `/api/org/persons/${hai}`, ...json({ fullName: 'Kẻ Lạ' }) },
      { method: 'PATCH' as const, url: '/api/org/persons/per_guess', ...json({ fullName: 'Kẻ Lạ' }) },
      { method: 'DELETE' as const, url: `/api/org/persons/${hai}` },
      { method: 'PUT' as const, url: `/api/org/persons/${hai}/memberships`, ...json([]) },
      { method: 'PUT' as const, url: '/api/org/persons/per_guess/memberships', ...json([]) },
    ];
    for (const req of requests) {
      for (const role of NON_ADMIN_USERS) {
        const self = asUser([role], { personId: hai });
        expect(
          (await inject({ ...req, headers: CALLERS[role] })).statusCode,
          `${role} ${req.method} ${req.url}`,
        ).toBe(403);
        expect((await inject({ ...req, headers: self })).statusCode, `self ${role} ${req.url}`).toBe(403);
      }
      for (const caller of ['anonymous', 'device'] as const) {
        expect((await inject({ ...req, headers: CALLERS[caller] })).statusCode, `${caller} ${req.url}`).toBe(
          401,
        );
      }
    }
    const still = (
      await inject({ url: `/api/org/persons/${hai}`, headers: CALLERS.admin })
    ).json<PersonView>();
    expect(still.fullName).toBe('Lê Văn Hai');
    expect(still.memberships).toHaveLength(1);
  });
});
