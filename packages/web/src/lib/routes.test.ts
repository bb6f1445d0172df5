// Screen addresses and the kiosk's decisions (live meeting, auto join, code spacing).
import { describe, expect, it } from 'vitest';
import type { KioskMeeting } from './api/contract';
import { parseAppRoute, paths } from './app-route';
import { autoJoinDue, liveMeeting, spacedCode } from '../kiosk/kiosk-logic';
import { isLive } from './occurrence';

describe('parseAppRoute', () => {
  it('reads every screen', () => {
    expect(parseAppRoute('/')).toEqual({ kind: 'dashboard' });
    expect(parseAppRoute('/lich')).toEqual({ kind: 'calendar' });
    expect(parseAppRoute('/cuoc-hop/moi')).toEqual({ kind: 'meetingNew' });
    expect(parseAppRoute('/cuoc-hop/abc/sua')).toEqual({ kind: 'meetingEdit', id: 'abc' });
    expect(parseAppRoute('/cuoc-hop/abc?saved=1')).toEqual({ kind: 'meetingDetail', id: 'abc' });
    expect(parseAppRoute('/quan-tri')).toEqual({ kind: 'admin', section: 'to-chuc' });
    expect(parseAppRoute('/quan-tri/thiet-bi/')).toEqual({ kind: 'admin', section: 'thiet-bi' });
    expect(parseAppRoute('/quan-tri/khac')).toEqual({ kind: 'notFound' });
    expect(parseAppRoute('/kiosk')).toEqual({ kind: 'kiosk' });
    expect(parseAppRoute('/tai-khoan')).toEqual({ kind: 'account' });
    expect(parseAppRoute('/bao-cao')).toEqual({ kind: 'reports' });
    expect(parseAppRoute('/reports/')).toEqual({ kind: 'reports' });
    expect(parseAppRoute('/luu-tru')).toEqual({ kind: 'archive' });
    expect(parseAppRoute('/archive')).toEqual({ kind: 'archive' });
  });
  it('reads the personal RSVP link of a giấy mời', () => {
    const token = 'Ab-_0123456789abcdefghijklmnopqrstuvwxyzABCD';
    expect(parseAppRoute(`/rsvp/${token}`)).toEqual({ kind: 'rsvp', token });
    expect(parseAppRoute(`/rsvp/${token}/?utm=mail`)).toEqual({ kind: 'rsvp', token });
    expect(parseAppRoute(paths.rsvp('a b'))).toEqual({ kind: 'rsvp', token: 'a b' });
    expect(paths.rsvp(token)).toBe(`/rsvp/${token}`);
    expect(parseAppRoute('/rsvp')).toEqual({ kind: 'notFound' });
    expect(parseAppRoute('/rsvp/')).toEqual({ kind: 'notFound' });
    expect(parseAppRoute(`/rsvp/${token}/more`)).toEqual({ kind: 'notFound' });
  });
  it('never throws on a malformed escape in the address', () => {
    expect(parseAppRoute('/rsvp/%E0%A4%A')).toEqual({ kind: 'rsvp', token: '%E0%A4%A' });
    expect(parseAppRoute('/cuoc-hop/%zz')).toEqual({ kind: 'meetingDetail', id: '%zz' });
  });
  it('only follows in-app `next` addresses after sign-in', () => {
    expect(parseAppRoute(paths.login('/lich'))).toEqual({ kind: 'login', next: '/lich' });
    expect(parseAppRoute('/dang-nhap?next=//evil.example')).toEqual({ kind: 'login', next: '/' });
    expect(parseAppRoute('/dang-nhap?next=https://evil.example')).toEqual({ kind: 'login', next: '/' });
  });
});

const km = (id: string, start: string, live: boolean): KioskMeeting => ({
  id,
  title: id,
  type: 'giao_ban',
  status: 'scheduled',
  confidential: false,
  startsAt: start,
  occurrenceStart: start,
  occurrenceEnd: new Date(Date.parse(start) + 3_600_000).toISOString(),
  durationMinutes: 60,
  recurrence: { kind: 'none', until: null, count: null },
  hostBridgePoint: null,
  hostBridgePointId: null,
  organizationId: null,
  live,
});

describe('kiosk logic', () => {
  const start = '2026-11-26T01:00:00.000Z';
  it('picks the earliest live meeting', () => {
    expect(
      liveMeeting([km('b', '2026-11-26T01:30:00Z', true), km('a', start, true), km('c', start, false)])?.id,
    ).toBe('a');
    expect(liveMeeting([km('c', start, false)])).toBeNull();
  });
  it('auto-joins at the start time, not in the early window, and not after a cancel', () => {
    const m = km('a', start, true);
    expect(autoJoinDue(m, new Date('2026-11-26T00:50:00Z'), null)).toBe(false);
    expect(autoJoinDue(m, new Date('2026-11-26T01:00:00Z'), null)).toBe(true);
    expect(autoJoinDue(m, new Date('2026-11-26T01:10:00Z'), `a@${start}`)).toBe(false);
    expect(autoJoinDue(null, new Date(), null)).toBe(false);
  });
  it('derives live when the server does not say', () => {
    const { live: _live, ...m } = km('a', start, false);
    expect(isLive(m, new Date('2026-11-26T00:44:00Z'))).toBe(false);
    expect(isLive(m, new Date('2026-11-26T00:46:00Z'))).toBe(true);
    expect(isLive({ ...m, status: 'cancelled' }, new Date('2026-11-26T01:10:00Z'))).toBe(false);
  });
  it('spaces the pairing code for reading aloud', () => {
    expect(spacedCode('K7M3QP')).toBe('K7M 3QP');
  });
});
