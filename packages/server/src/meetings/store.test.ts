// The meetings store, join tokens and the guest passcode on SQLite and PostgreSQL: Vietnamese text
// round-trips, invitee sync keeps RSVP, SEQUENCE bumps, range queries, token expiry.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { MeetingDirectory } from './directory.js';
import { MeetingStore } from './store.js';
import type { MeetingFields } from './store.js';
import { PEOPLE, seedPeople } from './testing.js';
import {
  hashPasscode,
  issueJoinToken,
  purgeExpiredJoinTokens,
  resolveJoinToken,
  verifyPasscode,
} from './tokens.js';

const NOW = new Date('2026-11-26T03:00:00.000Z');
const FIELDS: MeetingFields = {
  title: 'Sinh hoạt chi bộ khu phố 4 – tháng 12: “Đảng viên gương mẫu”',
  type: 'chi_bo',
  description: 'Quán triệt Nghị quyết; đánh giá kết quả tháng 11.',
  startsAt: '2026-12-03T01:00:00.000Z',
  durationMinutes: 120,
  recurrence: { kind: 'monthly', until: null, count: 6 },
  hostBridgePointId: 'bp_kp4',
  organizationId: 'org_cb_kp4',
  confidential: true,
};

describe.each(DB_KINDS)('meetings store on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function setup(): Promise<MeetingStore> {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    const store = new MeetingStore(t.db);
    await store.insertScheduled('m_cb4', FIELDS, {
      bridgePointIds: ['bp_vp_dang_uy', 'bp_hoi_truong'],
      invitees: [
        { personId: PEOPLE.cell.id, role: 'chair' },
        { personId: PEOPLE.delegate.id, role: 'delegate' },
      ],
      agenda: [
        {
          title: 'Báo cáo tình hình tháng 11',
          presenterPersonId: PEOPLE.cell.id,
          presenterLabel: '',
          plannedMinutes: 20,
        },
        {
          title: 'Ý kiến đảng viên',
          presenterPersonId: null,
          presenterLabel: 'Các đồng chí đảng viên',
          plannedMinutes: 40,
        },
      ],
      createdBy: 'u_admin',
      now: NOW,
    });
    return store;
  }

  it('round-trips a scheduled meeting with Vietnamese text exactly', async () => {
    const store = await setup();
    const m = await store.load('m_cb4');
    expect(m).toMatchObject({
      ...FIELDS,
      status: 'scheduled',
      hostBridgePointName: 'Văn phòng khu phố 4',
      organizationName: 'Chi bộ khu phố 4',
      icsSequence: 0,
      createdBy: 'u_admin',
    });
    expect(m?.bridgePoints.map((b) => b.name).sort()).toEqual([
      'Hội trường UBND phường',
      'Văn phòng Đảng ủy phường',
    ]);
    expect(m?.invitees.map((i) => [i.fullName, i.role, i.rsvp])).toEqual([
      ['Châu Minh Khải', 'delegate', 'pending'],
      ['Lê Văn Hai', 'chair', 'pending'],
    ]);
    expect(
      m?.agenda.map((a) => [a.position, a.title, a.presenterName, a.presenterLabel, a.plannedMinutes]),
    ).toEqual([
      [1, 'Báo cáo tình hình tháng 11', 'Lê Văn Hai', '', 20],
      [2, 'Ý kiến đảng viên', null, 'Các đồng chí đảng viên', 40],
    ]);
    // The media core's view still works for the live hub and the join page.
    expect(await store.get('m_cb4')).toMatchObject({
      title: FIELDS.title,
      hostBridgePointName: 'Văn phòng khu phố 4',
      confidential: true,
    });
  });

  it('updates: invitees who stay keep their RSVP; SEQUENCE bumps only when asked', async () => {
    const store = await setup();
    expect(
      await store.setRsvp('m_cb4', PEOPLE.delegate.id, 'absent_with_reason', 'Đi công tác Đà Lạt', NOW),
    ).toBe(true);
    expect(await store.setRsvp('m_cb4', PEOPLE.outsider.id, 'accepted', null, NOW)).toBe(false);
    await store.update(
      'm_cb4',
      { title: 'Sinh hoạt chi bộ (dời lịch)', startsAt: '2026-12-04T01:00:00.000Z' },
      {
        invitees: [
          { personId: PEOPLE.delegate.id, role: 'secretary' },
          { personId: PEOPLE.noEmail.id, role: 'delegate' },
        ],
        bridgePointIds: ['bp_kp1'],
      },
      true,
      NOW,
    );
    const m = await store.load('m_cb4');
    expect(m?.icsSequence).toBe(1);
    expect(m?.title).toBe('Sinh hoạt chi bộ (dời lịch)');
    expect(m?.bridgePoints.map((b) => b.id)).toEqual(['bp_kp1']);
    expect(m?.invitees.map((i) => [i.personId, i.role, i.rsvp, i.rsvpReason])).toEqual([
      [PEOPLE.noEmail.id, 'delegate', 'pending', null],
      [PEOPLE.delegate.id, 'secretary', 'absent_with_reason', 'Đi công tác Đà Lạt'],
    ]);
    await store.update('m_cb4', { description: 'Chỉ sửa mô tả' }, {}, false, NOW);
    expect((await store.load('m_cb4'))?.icsSequence).toBe(1);
  });

  it('cancel bumps SEQUENCE once; agenda is replaced in order', async () => {
    const store = await setup();
    expect(await store.cancel('m_cb4', NOW)).toBe(true);
    expect(await store.cancel('m_cb4', NOW)).toBe(false);
    expect(await store.row('m_cb4')).toMatchObject({ status: 'cancelled', icsSequence: 1 });
    await store.replaceAgenda('m_cb4', [
      { title: 'Một', presenterPersonId: null, presenterLabel: '', plannedMinutes: 5 },
    ]);
    expect((await store.agenda('m_cb4')).map((a) => [a.position, a.title])).toEqual([[1, 'Một']]);
  });

  it('lists candidates in a range, by bridge point, and the calendar of a person or bridge point', async () => {
    const store = await setup();
    const range = { from: new Date('2027-02-01T00:00:00Z'), to: new Date('2027-03-01T00:00:00Z') };
    expect((await store.listCandidates(range)).map((e) => e.row.id)).toContain('m_cb4');
    expect(
      (await store.listCandidates({ ...range, bridgePointId: 'bp_hoi_truong' })).map((e) => e.row.id),
    ).toEqual(['m_cb4']);
    expect(await store.listCandidates({ ...range, bridgePointId: 'bp_kp6' })).toEqual([]);
    expect(await store.listCandidates({ ...range, type: 'giao_ban' })).toEqual([]);
    const [entry] = await store.listCandidates({ ...range, bridgePointId: 'bp_kp4' });
    expect(entry?.access).toMatchObject({
      confidential: true,
      organizationId: 'org_cb_kp4',
      bridgePointIds: ['bp_hoi_truong', 'bp_vp_dang_uy'].sort(),
    });
    expect((await store.listForCalendar(PEOPLE.cell.id, null)).map((e) => e.row.id)).toEqual(['m_cb4']);
    expect((await store.listForCalendar(null, 'bp_vp_dang_uy')).map((e) => e.row.id)).toEqual(['m_cb4']);
    expect(await store.listForCalendar(PEOPLE.outsider.id, 'bp_kp6')).toEqual([]);
    const directory = new MeetingDirectory(t!.db);
    expect(await directory.organizationIdsOf(PEOPLE.cell.id)).toEqual(['org_cb_kp4']);
    expect(await directory.person(PEOPLE.noEmail.id)).toEqual({ fullName: 'Bùi Đức Thưởng', email: null });
    expect(await directory.missing('persons', [PEOPLE.cell.id, 'p_nobody'])).toEqual(new Set(['p_nobody']));
  });

  it('join tokens resolve until they expire, and only by the token itself', async () => {
    await setup();
    const db = t!.db;
    const token = await issueJoinToken(db, {
      meetingId: 'm_cb4',
      personId: PEOPLE.cell.id,
      label: 'Lê Văn Hai',
      ttl: 60_000,
      now: NOW,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await resolveJoinToken(db, token, new Date(NOW.getTime() + 59_000))).toEqual({
      meetingId: 'm_cb4',
      personId: PEOPLE.cell.id,
      bridgePointId: null,
      label: 'Lê Văn Hai',
    });
    expect(await resolveJoinToken(db, token, new Date(NOW.getTime() + 60_000))).toBeNull();
    expect(
      await resolveJoinToken(db, `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`, NOW),
    ).toBeNull();
    expect(await resolveJoinToken(db, 'short', NOW)).toBeNull();
    const row = await db.selectFrom('join_tokens').select('token_hash').executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(await purgeExpiredJoinTokens(db, new Date(NOW.getTime() + 120_000))).toBe(1);
  });
});

describe('guest passcode', () => {
  it('is stored as a salted scrypt hash and verified in constant time', async () => {
    const a = await hashPasscode('246810');
    const b = await hashPasscode('246810');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('246810');
    expect(await verifyPasscode('246810', a)).toBe(true);
    expect(await verifyPasscode('246811', a)).toBe(false);
    expect(await verifyPasscode('246810', null)).toBe(false);
    expect(await verifyPasscode('246810', 'garbage')).toBe(false);
  });
});
