// Our .ics read back by an independent parser (ical.js): times in Asia/Ho_Chi_Minh, UID, SEQUENCE,
// METHOD, RRULE, attendees, and Vietnamese text intact; and the giấy mời flow through the API.
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import type { MeetingRecord } from '../meetings/store.js';
import { buildTestApp, ORGANIZER, PEOPLE, seedPeople } from '../meetings/testing.js';
import { asUser } from '../testing/fake-auth.js';
import { feedIcs, invitationIcs } from './ics.js';

const MEETING: MeetingRecord = Object.freeze<MeetingRecord>({
  id: 'Xy9_-abcdefghijklmnopq',
  title: 'Hội nghị sơ kết 6 tháng – “Dân vận khéo”',
  type: 'hoi_nghi',
  status: 'scheduled',
  description: 'Đánh giá; phương hướng, nhiệm vụ.',
  startsAt: '2026-12-01T01:00:00.000Z',
  durationMinutes: 90,
  recurrence: { kind: 'weekly', until: '2026-12-29T01:00:00.000Z', count: null },
  hostBridgePointId: 'bp_hoi_truong',
  hostBridgePointName: 'Hội trường UBND phường',
  hostLocation: null,
  organizationId: null,
  organizationName: null,
  confidential: false,
  guestPasscodeHash: null,
  icsSequence: 2,
  createdBy: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: null,
  bridgePoints: [],
  invitees: [
    {
      personId: 'p1',
      fullName: 'Nguyễn Thị Hồng Nhung',
      email: 'nhung@x.vn',
      role: 'chair',
      rsvp: 'accepted',
      rsvpReason: null,
      rsvpAt: null,
      invitedAt: null,
    },
    {
      personId: 'p2',
      fullName: 'Đỗ Thị Ánh Tuyết',
      email: 'tuyet@x.vn',
      role: 'delegate',
      rsvp: 'absent_with_reason',
      rsvpReason: 'Ốm',
      rsvpAt: null,
      invitedAt: null,
    },
    {
      personId: 'p3',
      fullName: 'Bùi Đức Thưởng',
      email: null,
      role: 'delegate',
      rsvp: 'pending',
      rsvpReason: null,
      rsvpAt: null,
      invitedAt: null,
    },
  ],
  agenda: [
    {
      id: 'a1',
      position: 1,
      title: 'Báo cáo sơ kết',
      presenterPersonId: 'p1',
      presenterName: 'Nguyễn Thị Hồng Nhung',
      presenterLabel: '',
      plannedMinutes: 30,
    },
  ],
});

function parse(text: string): { cal: ICAL.Component; event: ICAL.Event; vevent: ICAL.Component } {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const vtz = cal.getFirstSubcomponent('vtimezone');
  if (vtz) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const vevent = cal.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { cal, event: new ICAL.Event(vevent), vevent };
}

describe('invitationIcs', () => {
  it('REQUEST: 08:00 in Asia/Ho_Chi_Minh is 01:00Z; UID, SEQUENCE, RRULE, attendees, text', () => {
    const text = invitationIcs(MEETING, {
      method: 'REQUEST',
      organizer: ORGANIZER,
      joinLink: 'https://hop.test/m/x?t=abc',
    });
    const { cal, event, vevent } = parse(text);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Ho_Chi_Minh');
    expect(event.uid).toBe(`${MEETING.id}@diemcau`);
    expect(event.sequence).toBe(2);
    expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Ho_Chi_Minh');
    expect(event.startDate.zone?.tzid).toBe('Asia/Ho_Chi_Minh');
    expect([event.startDate.hour, event.startDate.minute]).toEqual([8, 0]);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T02:30:00.000Z');
    expect(event.summary).toBe(MEETING.title);
    expect(event.location).toBe('Hội trường UBND phường');
    expect(event.description).toContain('1. Báo cáo sơ kết — Nguyễn Thị Hồng Nhung (30 phút)');
    expect(event.description).toContain('Vào họp: https://hop.test/m/x?t=abc');
    const rrule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rrule.freq).toBe('WEEKLY');
    expect(rrule.until?.toJSDate().toISOString()).toBe('2026-12-29T01:00:00.000Z');
    const it = event.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) starts.push(next.toJSDate().toISOString());
    expect(starts).toHaveLength(5);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstProperty('organizer')?.getParameter('cn')).toBe(ORGANIZER.name);
    const attendees = event.attendees.map((a) => [
      a.getParameter('cn'),
      a.getParameter('partstat'),
      a.getParameter('role'),
      a.getFirstValue(),
    ]);
    expect(attendees).toEqual([
      ['Nguyễn Thị Hồng Nhung', 'ACCEPTED', 'CHAIR', 'MAILTO:nhung@x.vn'],
      ['Đỗ Thị Ánh Tuyết', 'DECLINED', 'REQ-PARTICIPANT', 'MAILTO:tuyet@x.vn'],
    ]);
  });

  it('CANCEL: METHOD:CANCEL, STATUS:CANCELLED, same UID, monthly COUNT rule', () => {
    const m = { ...MEETING, recurrence: { kind: 'monthly' as const, until: null, count: 4 }, icsSequence: 3 };
    const { cal, event, vevent } = parse(
      invitationIcs(m, { method: 'CANCEL', organizer: ORGANIZER, joinLink: null }),
    );
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.uid).toBe(`${MEETING.id}@diemcau`);
    expect(event.sequence).toBe(3);
    const rrule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect([rrule.freq, rrule.count]).toEqual(['MONTHLY', 4]);
    expect(event.description).not.toContain('Vào họp');
  });

  it('a confidential meeting: "[MẬT]" title and no description or agenda', () => {
    const m = { ...MEETING, confidential: true };
    const { event } = parse(
      invitationIcs(m, { method: 'REQUEST', organizer: ORGANIZER, joinLink: 'https://hop.test/m/x' }),
    );
    expect(event.summary).toBe(`[MẬT] ${MEETING.title}`);
    expect(event.description).not.toContain('Báo cáo sơ kết');
    expect(event.description).not.toContain('Đánh giá');
  });
});

describe('feedIcs', () => {
  it('no METHOD; one VEVENT per meeting; confidential without description; old ones dropped', () => {
    const old = {
      ...MEETING,
      id: 'old',
      recurrence: { kind: 'none' as const, until: null, count: null },
      startsAt: '2025-01-01T01:00:00.000Z',
    };
    const secret = { ...MEETING, id: 'secret', confidential: true };
    const text = feedIcs(
      'Lịch họp',
      [
        { meeting: MEETING, link: 'https://hop.test/m/a' },
        { meeting: secret, link: 'https://hop.test/m/secret' },
        { meeting: old, link: null },
      ],
      { organizer: ORGANIZER, now: new Date('2026-11-26T00:00:00Z') },
    );
    const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(cal.getFirstPropertyValue('method')).toBeNull();
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual([`${MEETING.id}@diemcau`, 'secret@diemcau']);
    expect(events[1]?.summary).toBe(`[MẬT] ${MEETING.title}`);
    expect(events[1]?.description).toBeNull();
  });
});

describe('giấy mời through the API', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeEach(async () => {
    db = await openDatabase({ url: ':memory:' });
    await seedPeople(db);
    ({ app } = await buildTestApp(db));
  });
  afterEach(async () => {
    await app.close();
    await db.destroy();
  });

  const lastIcs = async (to: string): Promise<string> => {
    const rows = await db
      .selectFrom('outbox_emails')
      .select(['payload', 'created_at', 'id'])
      .where('to_address', '=', to)
      .execute();
    const payload = JSON.parse(rows.at(-1)?.payload ?? '{}') as {
      attachments: { content: string; contentType: string }[];
    };
    return payload.attachments[0]?.content ?? '';
  };

  it('create → REQUEST seq 0, move → REQUEST seq 1 with the new time, cancel → CANCEL seq 2', async () => {
    const admin = asUser(['admin'], { userId: 'u_admin' });
    const created = await app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: admin,
      payload: {
        title: 'Tập huấn chuyển đổi số cho cán bộ khu phố',
        type: 'tap_huan',
        startsAt: '2026-12-01T01:00:00Z',
        hostBridgePointId: 'bp_hoi_truong',
        invitees: [{ personId: PEOPLE.cell.id, role: 'trainee' }],
        recurrence: { kind: 'weekly', count: 4 },
        sendInvitations: true,
      },
    });
    const id = created.json<{ meeting: { id: string } }>().meeting.id;
    const first = parse(await lastIcs(PEOPLE.cell.email));
    expect([first.cal.getFirstPropertyValue('method'), first.event.sequence, first.event.summary]).toEqual([
      'REQUEST',
      0,
      'Tập huấn chuyển đổi số cho cán bộ khu phố',
    ]);
    expect(first.event.description).toMatch(
      /Vào họp: https:\/\/hop\.anphudong\.test\/m\/.+t=[A-Za-z0-9_-]{43}/,
    );
    await app.inject({
      method: 'PATCH',
      url: `/api/meetings/${id}`,
      headers: admin,
      payload: { startsAt: '2026-12-01T07:30:00Z' },
    });
    const moved = parse(await lastIcs(PEOPLE.cell.email));
    expect(moved.event.sequence).toBe(1);
    expect([moved.event.startDate.hour, moved.event.startDate.minute]).toEqual([14, 30]);
    expect(moved.event.uid).toBe(first.event.uid);
    await app.inject({ method: 'POST', url: `/api/meetings/${id}/cancel`, headers: admin, payload: {} });
    const cancelled = parse(await lastIcs(PEOPLE.cell.email));
    expect([cancelled.cal.getFirstPropertyValue('method'), cancelled.event.sequence]).toEqual(['CANCEL', 2]);
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
