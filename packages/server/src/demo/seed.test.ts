// The demo ward on both engines: seeding is idempotent, Vietnamese names survive the database,
// and the schema migrates up from empty.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { MeetingStore } from '../meetings/store.js';
import { OrgStore } from '../org/store.js';
import { seedDemoWard } from './seed.js';
import { DEMO_BRIDGE_POINTS, DEMO_MEETING_TITLE, DEMO_ORGANIZATIONS } from './ward.js';

describe.each(DB_KINDS)('demo ward on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('seeds once: the same demo meeting twice, one ward', async () => {
    t = await createTestDatabase(kind);
    const first = await seedDemoWard(t.db);
    const second = await seedDemoWard(t.db);
    expect(second.meetingId).toBe(first.meetingId);
    const orgs = new OrgStore(t.db);
    expect(await orgs.countOrganizations()).toBe(DEMO_ORGANIZATIONS.length);
    const points = await orgs.listBridgePoints();
    expect(points.map((p) => p.name)).toEqual(DEMO_BRIDGE_POINTS.map((p) => p.name));
  });

  it('keeps Vietnamese diacritics exactly (NFC) through the database', async () => {
    t = await createTestDatabase(kind);
    const { meetingId } = await seedDemoWard(t.db);
    const meeting = await new MeetingStore(t.db).get(meetingId);
    expect(meeting?.title).toBe(DEMO_MEETING_TITLE);
    expect(meeting?.hostBridgePointName).toBe('Hội trường UBND phường');
    const orgs = await new OrgStore(t.db).listOrganizations();
    expect(orgs.find((o) => o.id === 'org_mttq')?.name).toBe('Ủy ban MTTQ phường An Phú Đông');
    const point = await new OrgStore(t.db).getBridgePoint('bp_kp4');
    expect(point).toMatchObject({ name: 'Văn phòng khu phố 4', isMain: false, capacity: 20 });
  });
});
