// Pure logic of the task form, shared by "Giao nhiệm vụ" (create) and "Sửa" (edit): the values a
// form starts from, the checks made before sending (the server's rules, so a mistake is named at
// once), the body of each call, and the words of a field's error.
import { DayDateSchema } from '@diemcau/protocol';
import type { TaskAssignee, TaskCreate, TaskPatch, TaskView } from '@diemcau/protocol';
import { addDays, dateKey, vnDateOf } from '../../lib/vntime';

export interface TaskFormValues {
  title: string;
  kind: 'org' | 'person';
  assigneeId: string;
  /** YYYY-MM-DD, a day in Vietnam. */
  dueDate: string;
  notes: string;
}

export type TaskFields = Pick<TaskView, 'title' | 'assignee' | 'dueDate' | 'notes'>;

/** A form error: the offending field (null for the whole form) and its translation key. */
export interface TaskFormError {
  field: string | null;
  key: string;
}

// Same limits as TaskCreateSchema in @diemcau/protocol.
const TITLE_MAX = 500;
const NOTES_MAX = 4000;
const FIELD_KEYS = {
  title: 'notices.errTitle',
  assignee: 'notices.errAssignee',
  dueDate: 'notices.errDueDate',
  notes: 'notices.errNotes',
} as const;
const FIELDS = Object.keys(FIELD_KEYS) as (keyof typeof FIELD_KEYS)[];

/** As the server stores text: trimmed, NFC (so "đã sửa" typed either way compares equal). */
const clean = (s: string): string => s.trim().normalize('NFC');

/** The ward may edit a task while it is open or in progress (what `PATCH /api/tasks/:id` allows). */
export const mayEdit = (t: Pick<TaskView, 'mayManage' | 'status'>): boolean =>
  t.mayManage && (t.status === 'open' || t.status === 'in_progress');

/** A new task: due two weeks from today in Vietnam (not in UTC: the evening would skip a day). */
export const newTaskValues = (now: Date): TaskFormValues => ({
  title: '',
  kind: 'org',
  assigneeId: '',
  dueDate: dateKey(addDays(vnDateOf(now), 14)),
  notes: '',
});

/** The form of an existing task, as it is now. */
export const taskValuesOf = (t: TaskFields): TaskFormValues => ({
  title: t.title,
  kind: t.assignee.kind,
  assigneeId: t.assignee.id,
  dueDate: t.dueDate,
  notes: t.notes,
});

/** The first problem of the form, or null; the same checks the server makes. */
export function validateTask(v: TaskFormValues): TaskFormError | null {
  const title = clean(v.title);
  if (title.length === 0 || title.length > TITLE_MAX) return { field: 'title', key: FIELD_KEYS.title };
  if (!v.assigneeId.trim()) return { field: 'assignee', key: FIELD_KEYS.assignee };
  if (!DayDateSchema.safeParse(v.dueDate).success) return { field: 'dueDate', key: FIELD_KEYS.dueDate };
  if (clean(v.notes).length > NOTES_MAX) return { field: 'notes', key: FIELD_KEYS.notes };
  return null;
}

export const assigneeOf = (v: TaskFormValues): TaskAssignee =>
  v.kind === 'org'
    ? { kind: 'org', organizationId: v.assigneeId }
    : { kind: 'person', personId: v.assigneeId };

/** The body of `POST /api/notices/:id/tasks`. */
export const taskCreateOf = (itemIndex: number, v: TaskFormValues): TaskCreate => ({
  itemIndex,
  title: clean(v.title),
  assignee: assigneeOf(v),
  dueDate: v.dueDate,
  notes: clean(v.notes),
});

/**
 * The body of `PATCH /api/tasks/:id`: only what differs from the task, so an edit never overwrites
 * a field someone else changed meanwhile, and the audit log shows what this edit changed.
 */
export function taskPatchOf(task: TaskFields, v: TaskFormValues): TaskPatch {
  const title = clean(v.title);
  const notes = clean(v.notes);
  const sameAssignee = v.kind === task.assignee.kind && v.assigneeId === task.assignee.id;
  return {
    ...(title === task.title ? {} : { title }),
    ...(sameAssignee ? {} : { assignee: assigneeOf(v) }),
    ...(v.dueDate === task.dueDate ? {} : { dueDate: v.dueDate }),
    ...(notes === task.notes ? {} : { notes }),
  };
}

/**
 * The words of a server error: a rejected field ("assignee.organizationId" → assignee) gets the
 * same words as the form's own check; other errors their generic text.
 */
export function taskErrorOf(code: string, field: string | null): TaskFormError {
  const name = FIELDS.find((f) => field !== null && (field === f || field.startsWith(`${f}.`)));
  if (name && code === 'validation_failed') return { field: name, key: FIELD_KEYS[name] };
  return { field: name ?? null, key: `errors.${code}` };
}
