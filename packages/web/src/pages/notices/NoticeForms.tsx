// The forms of the notice page: the draft's header (number symbol, bodies, place, subject line,
// opening, signer) and a new task for one conclusion item. Errors name the offending field.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssigneeOptionsResponse, NoticePatch, NoticeView, TaskDetail } from '@diemcau/protocol';
import { ApiError } from '../../lib/api/client';
import { vnDateOf, addDays, dateKey } from '../../lib/vntime';
import { Field } from '../../ui/form';
import { addTask, errorKey, saveNotice } from './notice-api';

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

export function TaskForm({
  noticeId,
  itemIndex,
  options,
  onAdded,
}: {
  noticeId: string;
  itemIndex: number;
  options: AssigneeOptionsResponse | null;
  onAdded: (t: TaskDetail) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'org' | 'person'>('org');
  const [assigneeId, setAssigneeId] = useState('');
  const [dueDate, setDueDate] = useState(() => dateKey(addDays(vnDateOf(new Date()), 14)));
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<{ field: string | null; key: string } | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setError(null);
    const assignee = kind === 'org' ? { kind, organizationId: assigneeId } : { kind, personId: assigneeId };
    addTask(noticeId, { itemIndex, title, assignee, dueDate, notes }).then(
      (d) => {
        setTitle('');
        setNotes('');
        onAdded(d);
      },
      (err: unknown) => setError({ field: err instanceof ApiError ? err.field : null, key: errorKey(err) }),
    );
  };
  const fieldError = (...names: string[]): string | undefined =>
    error && error.field !== null && names.some((n) => error.field?.startsWith(n)) ? error.key : undefined;
  const choices = kind === 'org' ? (options?.organizations ?? []) : (options?.persons ?? []);
  return (
    <form
      className="task-form task-form--new"
      onSubmit={submit}
      noValidate
      data-testid={`task-form-${itemIndex}`}
    >
      <h4>{t('notices.addTask')}</h4>
      <Field label={t('notices.taskTitle')} error={fieldError('title')}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} required />
      </Field>
      <fieldset className="task-form__kind">
        <legend>{t('notices.assignTo')}</legend>
        {(['org', 'person'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name={`kind-${itemIndex}`}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setAssigneeId('');
              }}
            />{' '}
            {t(k === 'org' ? 'notices.kindOrg' : 'notices.kindPerson')}
          </label>
        ))}
      </fieldset>
      <Field
        label={t(kind === 'org' ? 'notices.assigneeOrg' : 'notices.assigneePerson')}
        error={fieldError('assignee')}
      >
        <select value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} required>
          <option value="">{t('notices.choose')}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('notices.dueDate')} error={fieldError('dueDate')}>
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />
      </Field>
      <Field label={t('notices.notes')} error={fieldError('notes')}>
        <input value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      {error && error.field === null && (
        <p className="field__error" role="alert">
          {t(error.key)}
        </p>
      )}
      <button type="submit" className="btn btn--large" data-testid={`task-add-${itemIndex}`}>
        {t('notices.addTask')}
      </button>
    </form>
  );
}
