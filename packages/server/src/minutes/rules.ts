// Who may do what with a meeting's minutes, and which transitions a version allows: pure functions
// over the meeting's access facts, the caller and the version, shared by the service and its tests.
import { AppError } from '@diemcau/protocol';
import type { MinutesPermissions, MinutesStatus } from '@diemcau/protocol';
import { canEdit, canSee, isInvited } from '../meetings/authz.js';
import type { MeetingAccess, Viewer } from '../meetings/authz.js';

const roleOf = (m: MeetingAccess, v: Viewer) =>
  v.kind === 'user' && v.personId !== null
    ? m.invitees.find((i) => i.personId === v.personId)?.role
    : undefined;
const isAdmin = (v: Viewer): boolean => v.kind === 'user' && v.roles.includes('admin');

/**
 * Editors of the meeting (chair, secretary, creator, admins) edit drafts. The secretary submits;
 * the chair approves. NOTE: a meeting without an invited secretary lets any editor submit, and one
 * without an invited chair lets an admin approve, so minutes can always be finished.
 */
export function minutesPermissions(m: MeetingAccess, v: Viewer): MinutesPermissions {
  const edit = canEdit(m, v);
  const role = roleOf(m, v);
  const hasSecretary = m.invitees.some((i) => i.role === 'secretary');
  const hasChair = m.invitees.some((i) => i.role === 'chair');
  return {
    edit,
    submit: edit && (role === 'secretary' || (!hasSecretary && edit)),
    approve: role === 'chair' || (!hasChair && isAdmin(v)),
  };
}

/** What the caller may read: nothing (404 for outsiders of a confidential meeting), approved only, or all. */
export type MinutesReadAccess = 'none' | 'approved' | 'all';

/** Editors and the chair see drafts; the meeting's invited see approved versions only. */
export function minutesReadAccess(m: MeetingAccess, v: Viewer): MinutesReadAccess {
  if (!canSee(m, v)) return 'none';
  const p = minutesPermissions(m, v);
  if (p.edit || p.approve) return 'all';
  return isInvited(m, v) ? 'approved' : 'none';
}

export type MinutesTransition = 'save' | 'submit' | 'return' | 'approve';

const NEEDS: Record<MinutesTransition, { status: MinutesStatus; perm: keyof MinutesPermissions }> = {
  save: { status: 'draft', perm: 'edit' },
  submit: { status: 'draft', perm: 'submit' },
  return: { status: 'submitted', perm: 'approve' },
  approve: { status: 'submitted', perm: 'approve' },
};

/**
 * Checks one transition: the role (403), the version's state (409 `wrong_state`: an approved
 * version never changes) and the revision the caller saw (409 `conflict`: someone saved since).
 */
export function checkTransition(
  t: MinutesTransition,
  version: { status: MinutesStatus; revision: number },
  expectedRevision: number,
  perms: MinutesPermissions,
): AppError | null {
  const need = NEEDS[t];
  if (!perms[need.perm])
    return AppError.forbidden(
      t === 'submit'
        ? 'only the meeting’s secretary submits the minutes'
        : t === 'save'
          ? 'only the meeting’s editors edit the minutes'
          : 'only the meeting’s chair approves or returns the minutes',
    );
  if (version.status !== need.status)
    return new AppError(
      'wrong_state',
      version.status === 'approved'
        ? 'approved minutes are locked; start a correction'
        : `the minutes are ${version.status}, not ${need.status}`,
      { field: 'status' },
    );
  if (version.revision !== expectedRevision)
    return new AppError('conflict', 'the minutes were changed since you loaded them', { field: 'revision' });
  return null;
}
