// Pure rules of the directory: tree building, cycles, contact visibility, search and bridge-point views.
import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../devices/store.js';
import {
  buildOrganizationTree,
  searchPersons,
  toBridgePointViews,
  toPersonView,
  wouldCreateCycle,
} from './service.js';
import type { Viewer } from './service.js';
import type { BridgePointRecord, Membership, OrganizationRecord, Person } from './store.js';

const org = (id: string, name: string, parentId: string | null, sortOrder = 0): OrganizationRecord => ({
  id,
  name,
  kind: 'neighborhood',
  parentId,
  sortOrder,
});
const person = (id: string, fullName: string): Person => ({
  id,
  fullName,
  email: `${id}@phuong.vn`,
  phone: '0901 234 567',
  createdAt: '2026-01-01T00:00:00.000Z',
});
const ADMIN: Viewer = { isAdmin: true, personId: null };
const DELEGATE: Viewer = { isAdmin: false, personId: null };

describe('wouldCreateCycle', () => {
  const orgs = [org('a', 'A', null), org('b', 'B', 'a'), org('c', 'C', 'b')];

  it('refuses a parent that is the organization itself or one of its descendants', () => {
    expect(wouldCreateCycle(orgs, 'a', 'a')).toBe(true);
    expect(wouldCreateCycle(orgs, 'a', 'c')).toBe(true);
    expect(wouldCreateCycle(orgs, 'b', 'c')).toBe(true);
  });

  it('allows a root, an ancestor or an unrelated parent', () => {
    expect(wouldCreateCycle(orgs, 'c', null)).toBe(false);
    expect(wouldCreateCycle(orgs, 'c', 'a')).toBe(false);
    expect(wouldCreateCycle([...orgs, org('d', 'D', null)], 'b', 'd')).toBe(false);
  });

  it('refuses when the data already loops', () => {
    expect(wouldCreateCycle([org('x', 'X', 'y'), org('y', 'Y', 'x')], 'z', 'x')).toBe(true);
  });
});

describe('buildOrganizationTree', () => {
  it('nests children under parents and orders by sort order, then Vietnamese name', () => {
    const orgs = [
      org('kp10', 'Khu phố 10', 'ubnd'),
      org('kp2', 'Khu phố 2', 'ubnd'),
      org('dang', 'Đảng ủy', null, 0),
      org('ubnd', 'UBND', null, 1),
      org('anh', 'Ấp Anh', 'ubnd'),
    ];
    const tree = buildOrganizationTree(orgs, [], []);
    expect(tree.map((n) => n.id)).toEqual(['dang', 'ubnd']);
    expect(tree[1]?.children.map((n) => n.name)).toEqual(['Ấp Anh', 'Khu phố 2', 'Khu phố 10']);
  });

  it('lists members by rank, then given name, with titles and without contacts', () => {
    const members: Membership[] = [
      { personId: 'p1', organizationId: 'cb', title: 'Đảng viên', sortOrder: 1 },
      { personId: 'p2', organizationId: 'cb', title: 'Bí thư', sortOrder: 0 },
      { personId: 'p3', organizationId: 'cb', title: 'Đảng viên', sortOrder: 1 },
    ];
    const people = [person('p1', 'Trần Văn Tú'), person('p2', 'Lê Văn Hai'), person('p3', 'Ngô Thị An')];
    const [node] = buildOrganizationTree([org('cb', 'Chi bộ khu phố 4', null)], members, people);
    expect(node?.members).toEqual([
      { personId: 'p2', fullName: 'Lê Văn Hai', title: 'Bí thư' },
      { personId: 'p3', fullName: 'Ngô Thị An', title: 'Đảng viên' },
      { personId: 'p1', fullName: 'Trần Văn Tú', title: 'Đảng viên' },
    ]);
  });
});

describe('person views and search', () => {
  const people = [
    person('p1', 'Lê Văn Hai'),
    person('p2', 'Lê Thị Thu Hà'),
    person('p3', 'Đỗ Thị Ánh Tuyết'),
  ];
  const memberships: Membership[] = [
    { personId: 'p1', organizationId: 'cb4', title: 'Bí thư', sortOrder: 0 },
  ];
  const names = new Map([['cb4', 'Chi bộ khu phố 4']]);

  it('shows contacts to admins and to the person themself only', () => {
    expect(toPersonView(people[0]!, memberships, names, ADMIN)).toMatchObject({ email: 'p1@phuong.vn' });
    expect(toPersonView(people[0]!, memberships, names, { isAdmin: false, personId: 'p1' })).toHaveProperty(
      'email',
    );
    const other = toPersonView(people[0]!, memberships, names, DELEGATE);
    expect(other).not.toHaveProperty('email');
    expect(other).not.toHaveProperty('phone');
    expect(other.memberships).toEqual([
      { organizationId: 'cb4', organizationName: 'Chi bộ khu phố 4', title: 'Bí thư' },
    ]);
  });

  it('finds without marks, filters by organization and sorts by given name', () => {
    const views = people.map((p) => toPersonView(p, memberships, names, DELEGATE));
    expect(searchPersons(views, { q: 'le van hai' }).map((v) => v.id)).toEqual(['p1']);
    expect(searchPersons(views, { q: 'do thi anh' }).map((v) => v.id)).toEqual(['p3']);
    expect(searchPersons(views, { q: 'bi thu' }).map((v) => v.id)).toEqual(['p1']);
    expect(searchPersons(views, { q: 'chi bo' })).toEqual([]);
    expect(searchPersons(views, { organizationId: 'cb4' }).map((v) => v.id)).toEqual(['p1']);
    expect(searchPersons(views, {}).map((v) => v.fullName)).toEqual([
      'Lê Thị Thu Hà',
      'Lê Văn Hai',
      'Đỗ Thị Ánh Tuyết',
    ]);
  });

  it('does not let a non-admin find someone by an e-mail they may not see', () => {
    const forDelegate = people.map((p) => toPersonView(p, [], names, DELEGATE));
    const forAdmin = people.map((p) => toPersonView(p, [], names, ADMIN));
    expect(searchPersons(forDelegate, { q: 'p2@phuong' })).toEqual([]);
    expect(searchPersons(forAdmin, { q: 'p2@phuong' }).map((v) => v.id)).toEqual(['p2']);
  });
});

describe('toBridgePointViews', () => {
  const points: BridgePointRecord[] = [
    {
      id: 'b',
      name: 'Văn phòng khu phố 4',
      organizationId: 'kp4',
      location: '',
      capacity: 20,
      isMain: false,
      sortOrder: 1,
      receiveCapKbps: 256,
    },
    {
      id: 'a',
      name: 'Hội trường',
      organizationId: 'ubnd',
      location: '',
      capacity: 80,
      isMain: true,
      sortOrder: 0,
      receiveCapKbps: null,
    },
  ];
  const device = (lastHeartbeatAt: string | null): DeviceRecord => ({
    id: 'dev1',
    bridgePointId: 'b',
    bridgePointName: 'Văn phòng khu phố 4',
    status: 'paired',
    pairingCode: null,
    pairingExpiresAt: null,
    label: 'Máy KP4',
    autoJoin: true,
    userAgent: '',
    createdAt: '2026-03-02T00:00:00.000Z',
    pairedAt: '2026-03-02T00:00:00.000Z',
    revokedAt: null,
    lastHeartbeatAt,
    hasCamera: true,
    hasMicrophone: false,
    lastNetworkTest: null,
  });
  const now = new Date('2026-03-02T01:00:00.000Z');
  const names = new Map([
    ['kp4', 'Khu phố 4'],
    ['ubnd', 'UBND'],
  ]);

  it('is online for a heartbeat under 60 s and offline after', () => {
    const fresh = toBridgePointViews(points, names, [device('2026-03-02T00:59:01.000Z')], now, ADMIN);
    expect(fresh.map((p) => p.id)).toEqual(['a', 'b']);
    expect(fresh[0]?.device).toBeNull();
    expect(fresh[1]).toMatchObject({
      organizationName: 'Khu phố 4',
      device: { id: 'dev1', online: true, hasCamera: true },
    });
    const stale = toBridgePointViews(points, names, [device('2026-03-02T00:59:00.000Z')], now, ADMIN);
    expect(stale[1]?.device?.online).toBe(false);
    const never = toBridgePointViews(points, names, [device(null)], now, ADMIN);
    expect(never[1]?.device).toMatchObject({ online: false, lastHeartbeatAt: null });
  });

  it('hides the device id and label from non-admins', () => {
    const [, kp4] = toBridgePointViews(points, names, [device(null)], now, DELEGATE);
    expect(kp4?.device).not.toHaveProperty('id');
    expect(kp4?.device).not.toHaveProperty('label');
  });
});
