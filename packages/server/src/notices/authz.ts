// Who may draft, issue and follow up a meeting's conclusion notice: pure rules layered on the
// meeting's own (meetings/authz.ts). The ward is the meeting's editors; assignees act on their tasks.
import type { MeetingAccess, Viewer } from '../meetings/authz.js';
import { canEdit } from '../meetings/authz.js';
import type { Assignee } from './store.js';

/** The meeting's editors (admins, its creator, chair and secretary) draft the notice and manage tasks. */
export const canManageNotice = (m: MeetingAccess, v: Viewer): boolean => canEdit(m, v);

/** Issuing is the chair's act: admins and the meeting's chair only (not the secretary who drafts). */
export function canIssueNotice(m: MeetingAccess, v: Viewer): boolean {
  if (v.kind !== 'user') return false;
  if (v.roles.includes('admin')) return true;
  return v.personId !== null && m.invitees.some((i) => i.personId === v.personId && i.role === 'chair');
}

/** What makes a signed-in account an assignee: its person, its units, the unit of the point it runs. */
export interface AssigneeIdentity {
  personId: string | null;
  /** Organizations the person belongs to, plus an operator's bridge point's organization. */
  organizationIds: readonly string[];
}

/**
 * Is the account the task's assignee? The person themself, or for a unit: its members and the
 * operators of its bridge points (they report for the neighborhood office).
 */
export function isAssignee(a: Assignee, who: AssigneeIdentity): boolean {
  if (a.kind === 'person') return who.personId !== null && who.personId === a.id;
  return who.organizationIds.includes(a.id);
}
