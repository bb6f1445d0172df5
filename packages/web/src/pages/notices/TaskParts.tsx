// The pieces every task screen shows: a task's summary card (status, due day, progress, assignee)
// and its panel — history, evidence with upload progress, the assignee's progress report, and the
// ward's accept / cancel, and the ward's inline edit of an open task. Changes are announced in a
// polite live region.
import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_MAX_BYTES } from '@diemcau/protocol';
import type { AssigneeOptionsResponse, TaskDetail, TaskView } from '@diemcau/protocol';
import { formatDateTime } from '../../lib/vntime';
import { Field, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { dayText, statusKey } from './board';
import { TaskEditForm } from './NoticeForms';
import { mayEdit } from './task-form';
import {
  acceptTask,
  cancelTask,
  errorKey,
  loadAssignees,
  loadTask,
  reportTask,
  uploadEvidence,
} from './notice-api';

export function TaskSummary({ task, showSource }: { task: TaskView; showSource?: boolean }): ReactElement {
  const { t } = useTranslation();
  const tone = task.overdue ? 'overdue' : task.status;
  return (
    <div className="task-summary">
      <p className="task-summary__title">
        <strong>{task.title}</strong>{' '}
        <span className={`task-badge task-badge--${tone}`} data-testid="task-status">
          {t(statusKey(task))}
        </span>
      </p>
      <p className="task-summary__meta">
        <span>{t('notices.assignee', { name: task.assignee.name })}</span>
        <span>{t('notices.due', { date: dayText(task.dueDate) })}</span>
        <span>{t('notices.progress', { percent: task.progress })}</span>
      </p>
      <div
        className="task-progress"
        role="progressbar"
        aria-label={t('notices.percent')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={task.progress}
      >
        <span style={{ width: `${task.progress}%` }} />
      </div>
      {showSource && (
        <p className="muted">
          {t('notices.fromNotice', { number: task.noticeNumber ?? '', meeting: task.meetingTitle })} ·{' '}
          {task.itemTitle}
        </p>
      )}
      {task.notes && <p className="task-summary__notes">{task.notes}</p>}
    </div>
  );
}

function ReportForm({
  task,
  onDone,
}: {
  task: TaskDetail;
  onDone: (t: TaskDetail, msg: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [percent, setPercent] = useState(task.progress);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!text.trim()) return setError('notices.reportText');
    setError(undefined);
    reportTask(task.id, percent, text.trim()).then(
      (d) => {
        setText('');
        onDone(d, t('notices.reported'));
      },
      (err: unknown) => setError(errorKey(err)),
    );
  };
  return (
    <form className="task-form" onSubmit={submit} noValidate>
      <h4>{t('notices.reportTitle')}</h4>
      <Field label={`${t('notices.percent')}: ${percent}%`}>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={percent}
          onChange={(e) => setPercent(Number(e.target.value))}
        />
      </Field>
      <Field label={t('notices.reportText')} error={error}>
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} required />
      </Field>
      <button type="submit" className="btn btn--primary btn--large" data-testid="task-report">
        {t('notices.sendReport')}
      </button>
    </form>
  );
}

function EvidenceUpload({
  task,
  onDone,
}: {
  task: TaskDetail;
  onDone: (t: TaskDetail, msg: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = (): void => {
    if (!file) return;
    setError(null);
    setPercent(0);
    uploadEvidence(task.id, file, setPercent).then(
      (d) => {
        setPercent(null);
        setFile(null);
        onDone(d, t('notices.uploaded', { name: file.name }));
      },
      (err: unknown) => {
        setPercent(null);
        setError(t(errorKey(err)));
      },
    );
  };
  return (
    <div className="task-form">
      <label htmlFor={id}>{t('notices.evidenceFile')}</label>
      <p className="field__hint">
        {t('notices.evidenceHint', { mb: Math.round(EVIDENCE_MAX_BYTES / 1024 / 1024) })}
      </p>
      <input
        id={id}
        type="file"
        accept="application/pdf,image/png,image/jpeg"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <button
        type="button"
        className="btn btn--large"
        disabled={!file || percent !== null}
        onClick={send}
        data-testid="evidence-upload"
      >
        {t('notices.upload')}
      </button>
      {percent !== null && (
        <progress max={100} value={percent} aria-label={t('notices.uploading', { percent })}>
          {percent}%
        </progress>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function WardActions({
  task,
  onDone,
}: {
  task: TaskDetail;
  onDone: (t: TaskDetail, msg: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [remark, setRemark] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const run = (p: Promise<TaskDetail>, msg: string): void => {
    setError(undefined);
    p.then(
      (d) => onDone(d, msg),
      (err: unknown) => setError(errorKey(err)),
    );
  };
  return (
    <div className="task-form task-form--ward">
      <Field label={t('notices.acceptText')}>
        <input value={remark} onChange={(e) => setRemark(e.target.value)} />
      </Field>
      <button
        type="button"
        className="btn btn--primary btn--large"
        onClick={() => run(acceptTask(task.id, remark.trim()), t('notices.accepted'))}
        data-testid="task-accept"
      >
        {t('notices.accept')}
      </button>
      <Field label={t('notices.cancelReason')} error={error}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button
        type="button"
        className="btn btn--large btn--danger-text"
        disabled={!reason.trim()}
        onClick={() => run(cancelTask(task.id, reason.trim()), t('notices.cancelledMsg'))}
      >
        {t('notices.cancel')}
      </button>
    </div>
  );
}

/** A task's details, loaded when opened; `onChanged` lets the list refresh its summary. */
export function TaskPanel({ taskId, onChanged }: { taskId: string; onChanged?: () => void }): ReactElement {
  const { t, i18n } = useTranslation();
  const load = useLoad((s) => loadTask(taskId, s), taskId);
  const [override, setOverride] = useState<TaskDetail | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const task = override ?? load.data;
  if (!task)
    return <p role="status">{load.status === 'error' ? t(errorKey(load.error)) : t('common.loading')}</p>;
  const done = (d: TaskDetail, msg: string): void => {
    setOverride(d);
    setStatus(msg);
    onChanged?.();
  };
  const active = task.status === 'open' || task.status === 'in_progress';
  return (
    <div className="task-panel" data-testid="task-panel">
      <Status text={status} testId="task-status-line" />
      <h4>{t('notices.history')}</h4>
      <ol className="task-history">
        {task.reports.map((r) => (
          <li key={r.id}>
            <span className="muted">
              {formatDateTime(r.at, i18n.language)} · {r.by}
            </span>
            <br />
            <strong>{t(`notices.report_${r.kind}`, { percent: r.percent })}</strong>
            {r.text && `: ${r.text}`}
          </li>
        ))}
        {task.cancelReason && task.reports.length === 0 && <li>{task.cancelReason}</li>}
      </ol>
      <h4>{t('notices.evidence')}</h4>
      {task.evidence.length === 0 ? (
        <p className="muted">{t('notices.noEvidence')}</p>
      ) : (
        <ul className="task-evidence">
          {task.evidence.map((e) => (
            <li key={e.id}>
              <a href={e.url} target="_blank" rel="noopener">
                {e.fileName}
              </a>{' '}
              <span className="muted">
                ({Math.ceil(e.sizeBytes / 1024)} KB · {e.uploadedBy} ·{' '}
                {formatDateTime(e.uploadedAt, i18n.language)})
              </span>
            </li>
          ))}
        </ul>
      )}
      {task.mayReport && active && (
        <>
          <ReportForm task={task} onDone={done} />
          <EvidenceUpload task={task} onDone={done} />
        </>
      )}
      {task.mayManage && active && task.noticeNumber !== null && <WardActions task={task} onDone={done} />}
    </div>
  );
}

/**
 * A task card that opens its panel in place (a disclosure button with aria-expanded) and, for the
 * ward, its edit form. `options` are the assignees to choose from; loaded on demand when absent.
 */
export function TaskCard({
  task: given,
  showSource,
  onChanged,
  options,
}: {
  task: TaskView;
  showSource?: boolean;
  onChanged?: () => void;
  options?: AssigneeOptionsResponse | null;
}): ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<TaskView | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const editId = useId();
  // The saved task shows at once; the list's reload replaces it when it brings a newer copy.
  const task = saved && saved.updatedAt > given.updatedAt ? saved : given;
  const loadOptions = editing && options === undefined;
  const loaded = useLoad(
    (s) => (loadOptions ? loadAssignees(s) : Promise.resolve(null)),
    loadOptions ? 'load' : 'none',
  );
  const close = (msg: string | null): void => {
    setEditing(false);
    setStatus(msg);
    editRef.current?.focus();
  };
  const editable = mayEdit(task);
  return (
    <li className={`task-card${task.overdue ? ' task-card--overdue' : ''}`} data-testid="task-card">
      <TaskSummary task={task} {...(showSource ? { showSource } : {})} />
      <Status text={status} testId="task-card-status" />
      <div className="row">
        <button
          type="button"
          className="btn btn--ghost"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('notices.closeDetails') : t('notices.details')}
        </button>
        {editable && (
          <button
            ref={editRef}
            type="button"
            className="btn btn--ghost"
            aria-expanded={editing}
            aria-controls={editId}
            aria-label={t('notices.editLabel', { title: task.title })}
            onClick={() => (editing ? close(null) : setEditing(true))}
            data-testid="task-edit"
          >
            {t('notices.edit')}
          </button>
        )}
      </div>
      <div id={editId} hidden={!(editable && editing)}>
        {editable && editing && (
          <TaskEditForm
            task={task}
            options={options === undefined ? loaded.data : options}
            onCancel={() => close(null)}
            onSaved={(d) => {
              if (!d) return close(t('notices.noChanges'));
              setSaved(d);
              close(t('notices.taskSaved'));
              onChanged?.();
            }}
          />
        )}
      </div>
      <div id={panelId} hidden={!open}>
        {open && <TaskPanel taskId={task.id} {...(onChanged ? { onChanged } : {})} />}
      </div>
    </li>
  );
}
