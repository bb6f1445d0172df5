// The access rules: who sees, edits and joins ordinary and confidential meetings, by role, by
// invitation, by party-cell membership, by device, by join token and as a guest.
import { describe, expect, it } from 'vitest';
import { canCreate, canEdit, canJoin, canSee, canSeePublic } from './authz.js';
import type { MeetingAccess, UserViewer, Viewer } from './authz.js';

const meeting = (over: Partial<MeetingAccess> = {}): MeetingAccess => ({
  id: 'm1',
  status: 'scheduled',
  confidential: false,
  organizationId: 'org_cb_kp4',
  hostBridgePointId: 'bp_kp4',
  bridgePointIds: ['bp_hoi_truong'],
  invitees: [
    { personId: 'p_chair', role: 'chair' },
    { personId: 'p_sec', role: 'secretary' },
    { personId: 'p_del', role: 'delegate' },
  ],
  createdBy: 'u_creator',
  guestAccess: false,
  ...over,
});

const user = (over: Partial<UserViewer> = {}): UserViewer => ({
  kind: 'user',
  userId: 'u_x',
  personId: null,
  roles: ['delegate'],
  bridgePointId: null,
  organizationIds: [],
  ...over,
});

const admin = user({ userId: 'u_admin', roles: ['admin'] });
const chair = user({ userId: 'u_chair', personId: 'p_chair', roles: ['chair'] });
const secretary = user({ userId: 'u_sec', personId: 'p_sec', roles: ['secretary'] });
const delegate = user({ userId: 'u_del', personId: 'p_del' });
const cellMember = user({ userId: 'u_cell', personId: 'p_cell', organizationIds: ['org_cb_kp4'] });
const outsider = user({
  userId: 'u_out',
  personId: 'p_out',
  roles: ['chair'],
  organizationIds: ['org_cb_kp5'],
});
const operator = user({ userId: 'u_op', roles: ['operator'], bridgePointId: 'bp_hoi_truong' });
const otherOperator = user({ userId: 'u_op2', roles: ['operator'], bridgePointId: 'bp_kp1' });
const device: Viewer = { kind: 'device', deviceId: 'd1', bridgePointId: 'bp_kp4' };
const otherDevice: Viewer = { kind: 'device', deviceId: 'd2', bridgePointId: 'bp_kp1' };
const anonymous: Viewer = { kind: 'anonymous' };

describe('canSee', () => {
  it('an ordinary meeting: every account and the invited devices, not other devices nor anonymous', () => {
    const m = meeting();
    for (const v of [
      admin,
      chair,
      secretary,
      delegate,
      cellMember,
      outsider,
      operator,
      otherOperator,
      device,
    ]) {
      expect(canSee(m, v)).toBe(true);
    }
    expect(canSee(m, otherDevice)).toBe(false);
    expect(canSee(m, anonymous)).toBe(false);
    expect(canSeePublic(m)).toBe(true);
  });

  it('a confidential meeting: admins, cell members and the invited only', () => {
    const m = meeting({ confidential: true });
    for (const v of [admin, chair, secretary, delegate, cellMember, operator, device])
      expect(canSee(m, v)).toBe(true);
    for (const v of [
      outsider,
      otherOperator,
      otherDevice,
      anonymous,
      user({ roles: ['chair', 'secretary'] }),
    ]) {
      expect(canSee(m, v)).toBe(false);
    }
    expect(canSeePublic(m)).toBe(false);
  });

  it('no public view of cancelled meetings', () => {
    expect(canSeePublic(meeting({ status: 'cancelled' }))).toBe(false);
  });
});

describe('canEdit and canCreate', () => {
  it('admin, the meeting’s chair and secretary and its creator edit; nobody else', () => {
    const m = meeting();
    expect([admin, chair, secretary, user({ userId: 'u_creator' })].map((v) => canEdit(m, v))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([delegate, cellMember, outsider, operator, device, anonymous].some((v) => canEdit(m, v))).toBe(
      false,
    );
  });

  it('admin, chair and secretary accounts create', () => {
    expect([admin, chair, secretary].every(canCreate)).toBe(true);
    expect([delegate, operator, device, anonymous].some(canCreate)).toBe(false);
  });
});

describe('canJoin', () => {
  it('admits invitees with their meeting role; chair and secretary moderate', () => {
    const m = meeting();
    expect(canJoin(m, chair)).toEqual({ kind: 'admit', role: 'chair', moderator: true });
    expect(canJoin(m, secretary)).toEqual({ kind: 'admit', role: 'secretary', moderator: true });
    expect(canJoin(m, delegate)).toEqual({ kind: 'admit', role: 'delegate', moderator: false });
    expect(canJoin(m, admin)).toEqual({ kind: 'admit', role: 'delegate', moderator: true });
  });

  it('admits bridge points (device, operator) invited or hosting; refuses the uninvited', () => {
    const m = meeting();
    expect(canJoin(m, device)).toEqual({ kind: 'admit', role: 'bridge_point', moderator: false });
    expect(canJoin(m, operator)).toEqual({ kind: 'admit', role: 'bridge_point', moderator: false });
    expect(canJoin(m, otherDevice)).toEqual({ kind: 'refuse', reason: 'forbidden' });
    expect(canJoin(m, outsider)).toEqual({ kind: 'refuse', reason: 'forbidden' });
    expect(canJoin(m, anonymous)).toEqual({ kind: 'refuse', reason: 'forbidden' });
  });

  it('a confidential meeting: cell members join; outsiders learn nothing (not_found)', () => {
    const m = meeting({ confidential: true });
    expect(canJoin(m, cellMember)).toEqual({ kind: 'admit', role: 'delegate', moderator: false });
    expect(canJoin(m, outsider)).toEqual({ kind: 'refuse', reason: 'not_found' });
    expect(canJoin(m, otherDevice)).toEqual({ kind: 'refuse', reason: 'not_found' });
    expect(canJoin(m, { kind: 'guest', passcodeOk: true })).toEqual({ kind: 'refuse', reason: 'not_found' });
  });

  it('join tokens: for this meeting only, and only while the invitation stands', () => {
    const m = meeting();
    const token = { kind: 'token', meetingId: 'm1', personId: 'p_del', bridgePointId: null } as const;
    expect(canJoin(m, token)).toEqual({ kind: 'admit', role: 'delegate', moderator: false });
    expect(canJoin(m, { ...token, meetingId: 'm2' })).toEqual({ kind: 'refuse', reason: 'forbidden' });
    expect(canJoin(meeting({ invitees: [] }), token)).toEqual({ kind: 'refuse', reason: 'forbidden' });
    const bpToken = { kind: 'token', meetingId: 'm1', personId: null, bridgePointId: 'bp_kp4' } as const;
    expect(canJoin(m, bpToken)).toEqual({ kind: 'admit', role: 'bridge_point', moderator: false });
    expect(canJoin(m, { ...bpToken, bridgePointId: 'bp_kp9' })).toEqual({
      kind: 'refuse',
      reason: 'forbidden',
    });
  });

  it('guests: lobby with the right passcode when guest access is on', () => {
    expect(canJoin(meeting(), { kind: 'guest', passcodeOk: true })).toEqual({
      kind: 'refuse',
      reason: 'forbidden',
    });
    const m = meeting({ guestAccess: true });
    expect(canJoin(m, { kind: 'guest', passcodeOk: true })).toEqual({
      kind: 'lobby',
      role: 'guest',
      moderator: false,
    });
    expect(canJoin(m, { kind: 'guest', passcodeOk: false })).toEqual({
      kind: 'refuse',
      reason: 'bad_passcode',
    });
  });

  it('cancelled meetings admit nobody; outsiders of a confidential one still get not_found', () => {
    expect(canJoin(meeting({ status: 'cancelled' }), chair)).toEqual({ kind: 'refuse', reason: 'closed' });
    expect(canJoin(meeting({ status: 'ended', confidential: true }), outsider)).toEqual({
      kind: 'refuse',
      reason: 'not_found',
    });
  });
});
