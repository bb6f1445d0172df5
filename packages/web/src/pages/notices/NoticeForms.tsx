// The forms of the notice page: the draft's header (number symbol, bodies, place, subject line,
// opening, signer), and the task form — a new task for one conclusion item, or the edit of an
// existing one (the same fields and checks). Errors name the offending field.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AssigneeOptionsResponse,
  NoticePatch,
  NoticeView,
  TaskDetail,
  TaskView,
} from '@diemcau/protocol';
import { ApiError } from '../../lib/api/client';
import { Field } from '../../ui/form';
import { addTask, editTask, errorKey, saveNotice } from './notice-api';
import {
  newTaskValues,
  taskCreateOf,
  taskErrorOf,
  taskPatchOf,
  taskValuesOf,
  validateTask,
  type TaskFormError,
  type TaskFormValues,
} from './task-form';

const HEADER_FIELDS = [
  'issuingBody',
  'parentBody',
  'symbol',
  'place',
  'titleField',
  'intro',
  'signerTitle',
  'signerName',
] as const;
type HeaderKey =
  'issuingBody' | 'parentBody' | 'symbol' | 'place' | 'title' | 'intro' | 'signerTitle' | 'signerName';
const keyOf = (f: (typeof HEADER_FIELDS)[number]): HeaderKey => (f === 'titleField' ? 'title' : f);

export function HeaderForm({
  notice,
  onSaved,
}: {
  notice: NoticeView;
  onSaved: (n: NoticeView) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<HeaderKey, string>>({
    issuingBody: notice.issuingBody,
    parentBody: notice.parentBody,
    symbol: notice.symbol,
    place: notice.place,
    title: notice.title,
    intro: notice.intro,
    signerTitle: notice.signerTitle,
    signerName: notice.signerName,
  });
  const [error, setError] = useState<{ field: string | null; key: string } | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setError(null);
    const body: NoticePatch = { ...values };
    saveNotice(notice.id, body).then(onSaved, (err: unknown) =>
      setError({ field: err instanceof ApiError ? err.field : null, key: errorKey(err) }),
    );
  };
  return (
    <form className="notice-form" onSubmit={submit} noValidate data-testid="notice-form">
      {HEADER_FIELDS.map((f) => {
        const k = keyOf(f);
        const input =
          k === 'intro' || k === 'title' ? (
            <textarea
              rows={k === 'intro' ? 4 : 2}
              value={values[k]}
              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            />
          ) : (
            <input value={values[k]} onChange={(e) => setValues({ ...values, [k]: e.target.value })} />
          );
        return (
          <Field
            key={f}
            label={t(`notices.${f}`)}
            error={error?.field === k ? error.key : undefined}
            {...(k === 'symbol' ? { hint: t('notices.symbolHint') } : {})}
          >
            {input}
          </Field>
        );
      })}
      {error && error.field === null && (
        <p className="field__error" role="alert">
          {t(error.key)}
        </p>
      )}
      <button type="submit" className="btn btn--primary btn--large" data-testid="notice-save">
        {t('notices.save')}
      </button>
    </form>
  );
}

interface TaskFieldsProps {
  initial: TaskFormValues;
  options: AssigneeOptionsResponse | null;
  heading: string;
  submitLabel: string;
  testId: string;
  submitTestId: string;
  /** The current assignee, listed even before (or without) the options loading. */
  current?: { kind: 'org' | 'person'; id: string; name: string };
  /** Sends the checked values; null when there is nothing to send. */
  send: (v: TaskFormValues) => Promise<TaskDetail> | null;
  onSent: (t: TaskDetail | null) => void;
  /** Empties title and notes after a success (the create form stays open for the next task). */
  resetOnSent?: boolean;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** The fields of a task; keeps what was typed when the server refuses it. */
function TaskFieldsForm(p: TaskFieldsProps): ReactElement {
  const { t } = useTranslation();
  const radioName = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const [v, setV] = useState<TaskFormValues>(p.initial);
  const [error, setError] = useState<TaskFormError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (p.autoFocus) titleRef.current?.focus();
  }, [p.autoFocus]);
  // The field in error takes the focus, so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (error?.field) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  const set = (patch: Partial<TaskFormValues>): void => setV((old) => ({ ...old, ...patch }));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (busy) return;
    const invalid = validateTask(v);
    setError(invalid);
    if (invalid) return;
    const call = p.send(v);
    if (!call) return p.onSent(null);
    setBusy(true);
    call.then(
      (d) => {
        setBusy(false);
        if (p.resetOnSent) set({ title: '', notes: '' });
        p.onSent(d);
      },
      (err: unknown) => {
        setBusy(false);
        setError(
          err instanceof ApiError ? taskErrorOf(err.code, err.field) : { field: null, key: errorKey(err) },
        );
      },
    );
  };
  const fieldError = (name: string): string | undefined =>
    error && error.field === name ? error.key : undefined;
  const listed = (v.kind === 'org' ? options(p.options).organizations : options(p.options).persons).map(
    ({ id, name }) => ({ id, name }),
  );
  const choices =
    p.current && p.current.kind === v.kind && !listed.some((c) => c.id === p.current?.id)
      ? [{ id: p.current.id, name: p.current.name }, ...listed]
      : listed;
  return (
    <form ref={formRef} className="task-form" onSubmit={submit} noValidate data-testid={p.testId}>
      <h4>{p.heading}</h4>
      <Field label={t('notices.taskTitle')} error={fieldError('title')}>
        <input ref={titleRef} value={v.title} onChange={(e) => set({ title: e.target.value })} required />
      </Field>
      <fieldset className="task-form__kind">
        <legend>{t('notices.assignTo')}</legend>
        {(['org', 'person'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name={radioName}
              checked={v.kind === k}
              onChange={() => set({ kind: k, assigneeId: '' })}
            />{' '}
            {t(k === 'org' ? 'notices.kindOrg' : 'notices.kindPerson')}
          </label>
        ))}
      </fieldset>
      <Field
        label={t(v.kind === 'org' ? 'notices.assigneeOrg' : 'notices.assigneePerson')}
        error={fieldError('assignee')}
      >
        <select value={v.assigneeId} onChange={(e) => set({ assigneeId: e.target.value })} required>
          <option value="">{t('notices.choose')}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('notices.dueDate')} error={fieldError('dueDate')}>
        <input type="date" value={v.dueDate} onChange={(e) => set({ dueDate: e.target.value })} required />
      </Field>
      <Field label={t('notices.notes')} error={fieldError('notes')}>
        <input value={v.notes} onChange={(e) => set({ notes: e.target.value })} />
      </Field>
      {error && error.field === null && (
        <p className="field__error" role="alert">
          {t(error.key)}
        </p>
      )}
      <div className="row">
        <button
          type="submit"
          className={`btn btn--large${p.onCancel ? ' btn--primary' : ''}`}
          aria-disabled={busy || undefined}
          data-testid={p.submitTestId}
        >
          {p.submitLabel}
        </button>
        {p.onCancel && (
          <button type="button" className="btn btn--large" onClick={p.onCancel} data-testid="task-edit-close">
            {t('notices.closeEdit')}
          </button>
        )}
      </div>
    </form>
  );
}

const options = (o: AssigneeOptionsResponse | null): AssigneeOptionsResponse =>
  o ?? { organizations: [], persons: [] };

/** "Giao nhiệm vụ": a new task for conclusion item `itemIndex`. */
export function TaskForm({
  noticeId,
  itemIndex,
  options: opts,
  onAdded,
}: {
  noticeId: string;
  itemIndex: number;
  options: AssigneeOptionsResponse | null;
  onAdded: (t: TaskDetail) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [initial] = useState(() => newTaskValues(new Date()));
  return (
    <TaskFieldsForm
      initial={initial}
      options={opts}
      heading={t('notices.addTask')}
      submitLabel={t('notices.addTask')}
      testId={`task-form-${itemIndex}`}
      submitTestId={`task-add-${itemIndex}`}
      send={(v) => addTask(noticeId, taskCreateOf(itemIndex, v))}
      onSent={(d) => d && onAdded(d)}
      resetOnSent
    />
  );
}

/** "Sửa": the fields of an open task; sends only what changed (null: nothing did). */
export function TaskEditForm({
  task,
  options: opts,
  onSaved,
  onCancel,
}: {
  task: TaskView;
  options: AssigneeOptionsResponse | null;
  onSaved: (t: TaskDetail | null) => void;
  onCancel: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const [initial] = useState(() => taskValuesOf(task));
  return (
    <TaskFieldsForm
      initial={initial}
      options={opts}
      current={task.assignee}
      heading={t('notices.editTitle')}
      submitLabel={t('notices.saveTask')}
      testId="task-edit-form"
      submitTestId="task-edit-save"
      send={(v) => {
        const patch = taskPatchOf(task, v);
        return Object.keys(patch).length === 0 ? null : editTask(task.id, patch);
      }}
      onSent={onSaved}
      onCancel={onCancel}
      autoFocus
    />
  );
}
