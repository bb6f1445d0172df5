// OrgStore on both engines: organizations, persons with memberships, bridge points, constraint
// errors recognized the same way, and Vietnamese names kept exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { isForeignKeyViolation, isUniqueViolation } from './sql-errors.js';
import { OrgStore } from './store.js';

const NAMES = [
  'Nguyễn Thị Hồng Nhung',
  'Đỗ Thị Ánh Tuyết',
  'Võ Thị Ngọc Ẩn',
  'Bùi Đức Thưởng',
  'Huỳnh Văn Dũng',
];

describe.each(DB_KINDS)('OrgStore on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function ward(): Promise<OrgStore> {
    t = await createTestDatabase(kind);
    const store = new OrgStore(t.db);
    await store.addOrganization(
      { id: 'ubnd', name: 'UBND phường An Phú Đông', kind: 'people_committee', parentId: null },
      0,
    );
    await store.addOrganization({ id: 'kp4', name: 'Khu phố 4', kind: 'neighborhood', parentId: 'ubnd' }, 1);
    return store;
  }

  it('creates, updates and deletes organizations, and counts what hangs on one', async () => {
    const store = await ward();
    expect(await store.nextOrganizationSortOrder()).toBe(2);
    expect(await store.updateOrganization('kp4', { name: 'Khu phố 4 (mới)', sortOrder: 7 })).toBe(true);
    expect(await store.getOrganization('kp4')).toEqual({
      id: 'kp4',
      name: 'Khu phố 4 (mới)',
      kind: 'neighborhood',
      parentId: 'ubnd',
      sortOrder: 7,
    });
    expect(await store.updateOrganization('nope', { name: 'x' })).toBe(false);
    expect(await store.organizationUsage('ubnd')).toEqual({ children: 1, bridgePoints: 0, members: 0 });
    expect(await store.deleteOrganization('kp4')).toBe(true);
    expect(await store.deleteOrganization('kp4')).toBe(false);
    expect((await store.listOrganizations()).map((o) => o.id)).toEqual(['ubnd']);
  });

  it('keeps Vietnamese names exactly and replaces memberships atomically', async () => {
    const store = await ward();
    for (const [i, fullName] of NAMES.entries()) {
      await store.addPerson({
        id: `p${i}`,
        fullName,
        email: null,
        phone: null,
        createdAt: '2026-03-02T00:00:00.000Z',
      });
    }
    expect((await store.listPersons()).map((p) => p.fullName).sort()).toEqual([...NAMES].sort());
    await store.replaceMemberships('p0', [{ organizationId: 'kp4', title: 'Bí thư', sortOrder: 0 }]);
    await expect(
      store.transaction(async (tx) => {
        await tx.replaceMemberships('p0', [{ organizationId: 'ubnd', title: 'Ủy viên', sortOrder: 1 }]);
        await tx.replaceMemberships('p0', [{ organizationId: 'missing', title: '', sortOrder: 0 }]);
      }),
    ).rejects.toSatisfy(isForeignKeyViolation);
    expect(await store.listMemberships('p0')).toEqual([
      { personId: 'p0', organizationId: 'kp4', title: 'Bí thư', sortOrder: 0 },
    ]);
    expect(await store.organizationUsage('kp4')).toMatchObject({ members: 1 });
  });

  it('updates contacts and deleting a person removes their memberships', async () => {
    const store = await ward();
    await store.addPerson({
      id: 'p',
      fullName: 'Lê Văn Hai',
      email: 'hai@phuong.vn',
      phone: null,
      createdAt: 'x',
    });
    await store.replaceMemberships('p', [{ organizationId: 'kp4', title: 'Tổ trưởng', sortOrder: 0 }]);
    expect(await store.updatePerson('p', { email: null, phone: '0283 123 4567' })).toBe(true);
    expect(await store.getPerson('p')).toMatchObject({
      fullName: 'Lê Văn Hai',
      email: null,
      phone: '0283 123 4567',
    });
    expect(await store.deletePerson('p')).toBe(true);
    expect(await store.listMemberships()).toEqual([]);
    expect(await store.updatePerson('p', { fullName: 'x' })).toBe(false);
  });

  it('refuses a person still invited to a meeting with a foreign-key error', async () => {
    const store = await ward();
    await store.addPerson({ id: 'p', fullName: 'Lê Văn Hai', email: null, phone: null, createdAt: 'x' });
    const db = t!.db;
    await db
      .insertInto('meetings')
      .values({
        id: 'm',
        title: 'Họp',
        type: 'giao_ban',
        host_bridge_point_id: null,
        starts_at: 'x',
        status: 'scheduled',
        created_at: 'x',
        recurrence_until: null,
        recurrence_count: null,
        organization_id: null,
        guest_passcode_hash: null,
        created_by: null,
        updated_at: null,
        cancelled_at: null,
      })
      .execute();
    await db
      .insertInto('meeting_invitees')
      .values({
        meeting_id: 'm',
        person_id: 'p',
        role: 'delegate',
        rsvp_reason: null,
        rsvp_at: null,
        invited_at: null,
      })
      .execute();
    await expect(store.deletePerson('p')).rejects.toSatisfy(isForeignKeyViolation);
  });

  it('keeps bridge point names unique and at most one main point', async () => {
    const store = await ward();
    const bp = { organizationId: 'ubnd', location: 'Trụ sở', capacity: 80 };
    await store.addBridgePoint({ id: 'ht', name: 'Hội trường UBND phường', isMain: true, ...bp }, 0);
    await store.addBridgePoint({ id: 'kp4', name: 'Văn phòng khu phố 4', isMain: false, ...bp }, 1);
    await expect(
      store.addBridgePoint({ id: 'dup', name: 'Hội trường UBND phường', isMain: false, ...bp }),
    ).rejects.toSatisfy(isUniqueViolation);
    expect((await store.findBridgePointByName('Văn phòng khu phố 4'))?.id).toBe('kp4');
    await store.transaction(async (tx) => {
      await tx.clearMainBridgePoint('kp4');
      await tx.updateBridgePoint('kp4', { isMain: true, capacity: 0 });
    });
    const points = await store.listBridgePoints();
    expect(points.filter((p) => p.isMain).map((p) => p.id)).toEqual(['kp4']);
    expect(points.find((p) => p.id === 'kp4')).toMatchObject({ capacity: 0, sortOrder: 1 });
    expect(await store.nextBridgePointSortOrder()).toBe(2);
    await expect(store.deleteOrganization('ubnd')).rejects.toSatisfy(isForeignKeyViolation);
    expect(await store.deleteBridgePoint('kp4')).toBe(true);
    expect(await store.getBridgePoint('kp4')).toBeNull();
  });

  it('stores a receive cap per bridge point, none by default, and clears it', async () => {
    const store = await ward();
    const bp = { organizationId: 'ubnd', location: '', capacity: 0, isMain: false };
    await store.addBridgePoint({ id: 'kp4', name: 'Văn phòng khu phố 4', ...bp });
    await store.addBridgePoint({ id: 'kp5', name: 'Văn phòng khu phố 5', receiveCapKbps: 384, ...bp });
    expect((await store.getBridgePoint('kp4'))?.receiveCapKbps).toBeNull();
    expect((await store.getBridgePoint('kp5'))?.receiveCapKbps).toBe(384);
    expect(await store.updateBridgePoint('kp4', { receiveCapKbps: 100_000 })).toBe(true);
    expect(await store.updateBridgePoint('kp5', { receiveCapKbps: null })).toBe(true);
    // A change of something else leaves the cap as it is.
    expect(await store.updateBridgePoint('kp4', { capacity: 12 })).toBe(true);
    const caps = (await store.listBridgePoints()).map((p) => [p.id, p.receiveCapKbps]);
    expect(caps).toEqual([
      ['kp4', 100_000],
      ['kp5', null],
    ]);
  });
});
