// Reminders on both engines with an injected clock: 24 h and 30 min before each occurrence, once
// per invitee even across scheduler restarts, none for those invited after the reminder point.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { MeetingStore } from '../meetings/store.js';
import { ORIGIN, PEOPLE, seedPeople } from '../meetings/testing.js';
import { ReminderScheduler } from './reminders.js';

const HOUR = 60 * 60_000;
const START = new Date('2026-12-01T01:00:00.000Z');

describe.each(DB_KINDS)('reminders on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function setup(invitedAt: Date) {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    await new MeetingStore(t.db).insertScheduled(
      'm_weekly',
      {
        title: 'Giao ban hằng tuần – Ủy ban MTTQ',
        type: 'giao_ban',
        description: '',
        startsAt: START.toISOString(),
        durationMinutes: 60,
        recurrence: { kind: 'weekly', until: null, count: 2 },
        hostBridgePointId: 'bp_hoi_truong',
        organizationId: null,
        confidential: false,
      },
      {
        bridgePointIds: [],
        invitees: [
          { personId: PEOPLE.delegate.id, role: 'delegate' },
          { personId: PEOPLE.noEmail.id, role: 'delegate' },
        ],
        agenda: [],
        createdBy: null,
        now: invitedAt,
      },
    );
    const db = t.db;
    let now = new Date(START.getTime() - 48 * HOUR);
    const scheduler = () => new ReminderScheduler({ db, publicOrigin: ORIGIN, clock: () => now });
    const mails = async () =>
      (
        await db
          .selectFrom('outbox_emails')
          .select(['to_address', 'subject'])
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      ).map((r) => r.subject);
    return { db, scheduler, mails, setNow: (d: Date) => (now = d) };
  }

  it('sends 24 h and 30 min reminders once per occurrence, across restarts', async () => {
    const { scheduler, mails, setNow, db } = await setup(new Date(START.getTime() - 72 * HOUR));
    expect(await scheduler().tick()).toBe(0);
    setNow(new Date(START.getTime() - 23 * HOUR));
    expect(await scheduler().tick()).toBe(1);
    expect(await scheduler().tick()).toBe(0);
    setNow(new Date(START.getTime() - 20 * 60_000));
    const s = scheduler();
    expect(await s.tick()).toBe(1);
    expect(await s.tick()).toBe(0);
    // The next weekly occurrence gets its own reminders.
    setNow(new Date(START.getTime() + 7 * 24 * HOUR - 10 * 60_000));
    expect(await scheduler().tick()).toBe(1);
    expect(await mails()).toEqual([
      'Nhắc lịch họp: Giao ban hằng tuần – Ủy ban MTTQ – 08:00 Thứ Ba, 01/12/2026',
      'Nhắc lịch họp: Giao ban hằng tuần – Ủy ban MTTQ – 08:00 Thứ Ba, 01/12/2026',
      'Nhắc lịch họp: Giao ban hằng tuần – Ủy ban MTTQ – 08:00 Thứ Ba, 08/12/2026',
    ]);
    const kinds = await db
      .selectFrom('reminders_sent')
      .select(['kind', 'occurrence_start'])
      .orderBy('sent_at')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(['24h', '30m', '30m']);
  });

  it('a late start sends only the tighter reminder; someone invited after the mark gets none', async () => {
    const { scheduler, mails, setNow } = await setup(new Date(START.getTime() - 10 * HOUR));
    setNow(new Date(START.getTime() - 9 * HOUR));
    expect(await scheduler().tick()).toBe(0);
    setNow(new Date(START.getTime() - 25 * 60_000));
    expect(await scheduler().tick()).toBe(1);
    expect(await mails()).toHaveLength(1);
  });

  it('start/stop run a tick and stop cleanly', async () => {
    const { db, setNow, mails } = await setup(new Date(START.getTime() - 72 * HOUR));
    setNow(new Date(START.getTime() - 10 * 60_000));
    const s = new ReminderScheduler({
      db,
      publicOrigin: ORIGIN,
      clock: () => new Date(START.getTime() - 10 * 60_000),
      intervalMs: 60_000,
    });
    s.start();
    s.start();
    await s.stop();
    expect(await mails()).toHaveLength(1);
  });
});
