// The minutes of a meeting (`/cuoc-hop/:id/bien-ban`, also `/meetings/:id/minutes`): the secretary
// drafts (pre-filled from the record, auto-saved), submits; the chair returns or approves; approved
// versions are locked with their SHA-256 and downloadable as Word and PDF; a correction is a new version.
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { MinutesContent, MinutesFormat, MinutesOverview, MinutesVersionView } from '@diemcau/protocol';
import { Link } from '../../app/router';
import { paths } from '../../lib/app-route';
import { ApiError } from '../../lib/api/client';
import { formatDateTime, formatTime } from '../../lib/vntime';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Field, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import {
  approveMinutes,
  createMinutes,
  getMinutes,
  getMinutesVersion,
  minutesFileUrl,
  returnMinutes,
  saveMinutes,
  submitMinutes,
} from './api';
import { AutoSaver, type SaveState } from './autosave';
import { MinutesEditor } from './MinutesEditor';
import './minutes.css';

const AUTOSAVE_MS = 1200;
const codeOf = (e: unknown): string => (e instanceof ApiError ? e.code : 'internal');

function SaveLine({ state }: { state: SaveState | null }): ReactElement {
  const { t, i18n } = useTranslation();
  const text =
    state === null
      ? ''
      : state.kind === 'saved'
        ? t('minutes.saved', { time: formatTime(state.at, i18n.language) })
        : state.kind === 'saving'
          ? t('minutes.saving')
          : state.kind === 'pending'
            ? t('minutes.pending')
            : state.kind === 'error'
              ? t('minutes.saveFailed', { reason: t(`errors.${state.code}`) })
              : '';
  return (
    <p
      className="status-line"
      role="status"
      aria-live="polite"
      data-testid="minutes-save-state"
      data-state={state?.kind ?? 'idle'}
    >
      {text}
    </p>
  );
}

/** Create the first draft or a correction, choosing the format. */
function StartVersion({
  label,
  onStart,
}: {
  label: string;
  onStart: (format: MinutesFormat | undefined) => void;
}): ReactElement {
  const { t } = useTranslation();
  const [format, setFormat] = useState<'' | MinutesFormat>('');
  return (
    <div className="row minutes-start">
      <Field label={t('minutes.format')}>
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value as '' | MinutesFormat)}
          data-testid="minutes-start-format"
        >
          <option value="">—</option>
          <option value="nd30">{t('minutes.format_nd30')}</option>
          <option value="hd36">{t('minutes.format_hd36')}</option>
        </select>
      </Field>
      <button
        type="button"
        className="btn btn--primary btn--large"
        data-testid="minutes-create"
        onClick={() => onStart(format || undefined)}
      >
        {label}
      </button>
    </div>
  );
}

function Versions({ o, meetingId }: { o: MinutesOverview; meetingId: string }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="minutes-h-versions">
      <h2 id="minutes-h-versions">{t('minutes.versions')}</h2>
      <ol className="minutes-versions" data-testid="minutes-versions">
        {o.versions.map((v) => (
          <li key={v.id} data-status={v.status}>
            <strong>{t('minutes.version', { n: v.version })}</strong>{' '}
            <span className="tag">{t(`minutes.status_${v.status}`)}</span>{' '}
            {v.approvedAt && (
              <span className="muted">
                {t('minutes.approvedBy', {
                  name: v.approvedByName ?? '—',
                  when: formatDateTime(v.approvedAt, i18n.language),
                })}
              </span>
            )}
            <span className="row">
              <a
                className="btn btn--ghost"
                href={minutesFileUrl(meetingId, v.version, 'docx')}
                data-testid={`minutes-docx-${v.version}`}
              >
                {t('minutes.downloadDocx')}
              </a>
              <a
                className="btn btn--ghost"
                href={minutesFileUrl(meetingId, v.version, 'pdf')}
                data-testid={`minutes-pdf-${v.version}`}
              >
                {t('minutes.downloadPdf')}
              </a>
            </span>
            {v.sha256 && (
              <span className="minutes-sha">
                {t('minutes.sha')}: <code data-testid={`minutes-sha-${v.version}`}>{v.sha256}</code>
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function MinutesPage({ id }: { id: string }): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((signal) => getMinutes(id, signal), id);
  const [current, setCurrent] = useState<MinutesVersionView | null>(null);
  const [content, setContent] = useState<MinutesContent | null>(null);
  /** Remounts the form when content comes from the server (reload, new version). */
  const [formKey, setFormKey] = useState(0);
  const [save, setSave] = useState<SaveState | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirmApprove, setConfirmApprove] = useState(false);
  const [returning, setReturning] = useState<string | null>(null);
  const saver = useRef<AutoSaver | null>(null);

  const adopt = useCallback(
    (v: MinutesVersionView | null) => {
      saver.current?.dispose();
      saver.current = null;
      setCurrent(v);
      setContent(v?.content ?? null);
      setFormKey((k) => k + 1);
      setSave(null);
      if (v && v.status === 'draft')
        saver.current = new AutoSaver({
          revision: v.revision,
          delayMs: AUTOSAVE_MS,
          save: async (revision, c) => {
            const after = await saveMinutes(id, v.version, revision, c);
            setCurrent((cur) =>
              cur ? { ...cur, revision: after.revision, updatedAt: after.updatedAt } : cur,
            );
            return after.revision;
          },
          onState: setSave,
        });
    },
    [id],
  );

  useEffect(() => {
    if (load.status === 'ok') adopt(load.data.current);
  }, [load.status, load.data, adopt]);
  useEffect(() => () => saver.current?.dispose(), []);

  const o = load.data;
  const perms = o?.permissions;
  const editable = !!current && current.status === 'draft' && !!perms?.edit;
  const last = o?.versions.at(-1);

  const run = async (f: () => Promise<MinutesVersionView>, done: string): Promise<void> => {
    setStatus(null);
    try {
      await saver.current?.flush();
      if (save?.kind === 'conflict') return;
      await f();
      setStatus(t(done));
      load.reload();
    } catch (e) {
      setStatus(t(`errors.${codeOf(e)}`));
    }
  };
  const rev = (): number => saver.current?.revision ?? current?.revision ?? 0;

  const onEdit = (c: MinutesContent): void => {
    setContent(c);
    saver.current?.edit(c);
  };

  const reloadLatest = async (): Promise<void> => {
    if (!current) return;
    adopt(await getMinutesVersion(id, current.version));
  };
  const keepMine = async (): Promise<void> => {
    if (!current || !saver.current) return;
    const latest = await getMinutesVersion(id, current.version);
    if (latest.status !== 'draft') return void adopt(latest);
    await saver.current.resolveKeepMine(latest.revision);
  };

  if (!o)
    return (
      <section className="page">
        <LoadState status={load.status} error={load.error} />
      </section>
    );
  return (
    <section className="page minutes-page" data-testid="minutes-page">
      <p>
        <Link to={paths.meeting(id)}>← {t('minutes.back')}</Link>
      </p>
      <h1 tabIndex={-1}>{t('minutes.title')}</h1>
      <p className="minutes-meeting">{o.meetingTitle}</p>
      <Status text={status} testId="minutes-status" />
      {current === null ? (
        <div className="card">
          <p>{perms?.edit ? t('minutes.none') : t('minutes.noneReader')}</p>
          {perms?.edit && (
            <>
              <p className="muted">{t('minutes.createHint')}</p>
              <StartVersion
                label={t('minutes.create')}
                onStart={(f) => void run(() => createMinutes(id, f), 'minutes.done_created')}
              />
            </>
          )}
        </div>
      ) : (
        <div className="card minutes-bar">
          <p>
            <strong>{t('minutes.version', { n: current.version })}</strong>{' '}
            <span className="tag" data-testid="minutes-state" data-status={current.status}>
              {t(`minutes.status_${current.status}`)}
            </span>
          </p>
          {current.returnComment && current.status === 'draft' && (
            <p className="alert alert--warn" data-testid="minutes-returned">
              {t('minutes.returned', { comment: current.returnComment })}
            </p>
          )}
          {current.status === 'submitted' && <p className="muted">{t('minutes.submittedNote')}</p>}
          {current.status === 'approved' && <p className="muted">{t('minutes.lockedNote')}</p>}
          <div className="row">
            {editable && perms?.submit && (
              <button
                type="button"
                className="btn btn--primary btn--large"
                data-testid="minutes-submit"
                onClick={() =>
                  void run(() => submitMinutes(id, current.version, rev()), 'minutes.done_submitted')
                }
              >
                {t('minutes.submit')}
              </button>
            )}
            {current.status === 'submitted' && perms?.approve && (
              <>
                <button
                  type="button"
                  className="btn btn--primary btn--large"
                  data-testid="minutes-approve"
                  onClick={() => setConfirmApprove(true)}
                >
                  {t('minutes.approve')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--large"
                  data-testid="minutes-return"
                  onClick={() => setReturning('')}
                >
                  {t('minutes.returnAction')}
                </button>
              </>
            )}
          </div>
          {returning !== null && (
            <form
              className="minutes-return"
              onSubmit={(e) => {
                e.preventDefault();
                if (returning.trim())
                  void run(
                    () => returnMinutes(id, current.version, rev(), returning),
                    'minutes.done_returned',
                  ).then(() => setReturning(null));
              }}
            >
              <Field label={t('minutes.returnComment')}>
                <textarea
                  rows={3}
                  value={returning}
                  required
                  data-testid="minutes-return-comment"
                  onChange={(e) => setReturning(e.target.value)}
                />
              </Field>
              <button type="submit" className="btn btn--primary btn--large" data-testid="minutes-return-send">
                {t('minutes.returnSend')}
              </button>
            </form>
          )}
          {perms?.edit && last?.status === 'approved' && (
            <StartVersion
              label={t('minutes.correction')}
              onStart={(f) => void run(() => createMinutes(id, f), 'minutes.done_created')}
            />
          )}
        </div>
      )}
      {/* NOTE: sticky, so that whoever types far down the form sees the save state and a conflict. */}
      <div className="minutes-savebar">
        {editable && <SaveLine state={save} />}
        {save?.kind === 'conflict' && (
          <div className="alert alert--error" role="alert" data-testid="minutes-conflict">
            <p>{t('minutes.conflict')}</p>
            <div className="row">
              <button type="button" className="btn btn--ghost btn--large" onClick={() => void reloadLatest()}>
                {t('minutes.conflictReload')}
              </button>
              <button type="button" className="btn btn--primary btn--large" onClick={() => void keepMine()}>
                {t('minutes.conflictKeep')}
              </button>
            </div>
          </div>
        )}
      </div>
      {content && <MinutesEditor key={formKey} content={content} readOnly={!editable} onChange={onEdit} />}
      {o.versions.length > 0 && <Versions o={o} meetingId={id} />}
      <ConfirmDialog
        open={confirmApprove}
        title={t('minutes.approveConfirm', { n: current?.version ?? 0 })}
        confirmLabel={t('minutes.approve')}
        onConfirm={() => {
          setConfirmApprove(false);
          if (current) void run(() => approveMinutes(id, current.version, rev()), 'minutes.done_approved');
        }}
        onCancel={() => setConfirmApprove(false)}
      >
        <p>{t('minutes.approveBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
