// Who may edit, submit and approve minutes, and which transitions each state allows.
import { describe, expect, it } from 'vitest';
import type { MeetingAccess, Viewer } from '../meetings/authz.js';
import { checkTransition, minutesPermissions, minutesReadAccess } from './rules.js';

const meeting = (over: Partial<MeetingAccess> = {}): MeetingAccess => ({
  id: 'm1',
  status: 'ended',
  confidential: false,
  organizationId: 'org_ubnd',
  hostBridgePointId: 'bp_ht',
  bridgePointIds: ['bp_kp1'],
  invitees: [
    { personId: 'p_chair', role: 'chair' },
    { personId: 'p_sec', role: 'secretary' },
    { personId: 'p_del', role: 'delegate' },
  ],
  createdBy: 'u_creator',
  guestAccess: false,
  ...over,
});

const user = (
  userId: string,
  personId: string | null,
  roles: ('admin' | 'chair' | 'secretary' | 'delegate' | 'operator')[] = [],
): Viewer => ({
  kind: 'user',
  userId,
  personId,
  roles,
  bridgePointId: null,
  organizationIds: [],
});

const V = {
  chair: user('u_chair', 'p_chair'),
  secretary: user('u_sec', 'p_sec'),
  delegate: user('u_del', 'p_del'),
  creator: user('u_creator', null, ['secretary']),
  admin: user('u_admin', null, ['admin']),
  stranger: user('u_x', 'p_x'),
  device: { kind: 'device', deviceId: 'd1', bridgePointId: 'bp_kp1' } as Viewer,
};

describe('minutesPermissions', () => {
  it('gives editing to editors, submitting to the secretary, approving to the chair', () => {
    const m = meeting();
    const table = Object.fromEntries(Object.entries(V).map(([k, v]) => [k, minutesPermissions(m, v)]));
    expect(table).toEqual({
      chair: { edit: true, submit: false, approve: true },
      secretary: { edit: true, submit: true, approve: false },
      delegate: { edit: false, submit: false, approve: false },
      creator: { edit: true, submit: false, approve: false },
      admin: { edit: true, submit: false, approve: false },
      stranger: { edit: false, submit: false, approve: false },
      device: { edit: false, submit: false, approve: false },
    });
  });

  it('lets editors submit without an invited secretary, and admins approve without a chair', () => {
    const m = meeting({ invitees: [{ personId: 'p_del', role: 'delegate' }] });
    expect(minutesPermissions(m, V.creator)).toEqual({ edit: true, submit: true, approve: false });
    expect(minutesPermissions(m, V.admin)).toEqual({ edit: true, submit: true, approve: true });
    expect(minutesPermissions(m, V.delegate)).toEqual({ edit: false, submit: false, approve: false });
  });

  it('shows drafts to editors, approved minutes to the invited, nothing to others', () => {
    expect(minutesReadAccess(meeting(), V.secretary)).toBe('all');
    expect(minutesReadAccess(meeting(), V.delegate)).toBe('approved');
    expect(minutesReadAccess(meeting(), V.device)).toBe('approved');
    expect(minutesReadAccess(meeting(), V.stranger)).toBe('none');
    expect(minutesReadAccess(meeting({ confidential: true }), V.stranger)).toBe('none');
    expect(minutesReadAccess(meeting(), { kind: 'anonymous' })).toBe('none');
  });
});

describe('checkTransition', () => {
  const all = { edit: true, submit: true, approve: true };
  it('checks role, then state, then revision', () => {
    expect(checkTransition('save', { status: 'draft', revision: 3 }, 3, all)).toBeNull();
    expect(
      checkTransition('submit', { status: 'draft', revision: 3 }, 3, { ...all, submit: false })?.code,
    ).toBe('forbidden');
    expect(checkTransition('approve', { status: 'draft', revision: 3 }, 3, all)?.code).toBe('wrong_state');
    expect(checkTransition('save', { status: 'approved', revision: 3 }, 3, all)?.message).toContain('locked');
    expect(checkTransition('return', { status: 'submitted', revision: 3 }, 2, all)).toMatchObject({
      code: 'conflict',
      field: 'revision',
    });
    expect(checkTransition('approve', { status: 'submitted', revision: 3 }, 3, all)).toBeNull();
    expect(checkTransition('approve', { status: 'approved', revision: 4 }, 4, all)?.code).toBe('wrong_state');
  });
});
