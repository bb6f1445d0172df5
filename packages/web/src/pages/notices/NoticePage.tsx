// The conclusion notice of a meeting (/cuoc-hop/:id/thong-bao, also /meetings/:id/notice): drafted
// from the approved minutes by the meeting's editors, edited, given tasks per conclusion, issued
// by the chair (confirmed: it is numbered and locked), and downloaded as DOCX or PDF.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeResponse, NoticeView } from '@diemcau/protocol';
import { Link } from '../../app/router';
import { paths } from '../../lib/app-route';
import { formatDateTime } from '../../lib/vntime';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { HeaderForm, TaskForm } from './NoticeForms';
import { TaskCard } from './TaskParts';
import {
  draftNotice,
  errorKey,
  issueNotice,
  loadAssignees,
  loadNotice,
  noticeUrls,
  refreshNotice,
} from './notice-api';
import './notices.css';

function Downloads({ notice }: { notice: NoticeView }): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="row">
      <a
        className="btn btn--large"
        href={noticeUrls.file(notice.id, 'pdf')}
        download
        data-testid="notice-pdf"
      >
        {t('notices.downloadPdf')}
      </a>
      <a
        className="btn btn--large"
        href={noticeUrls.file(notice.id, 'docx')}
        download
        data-testid="notice-docx"
      >
        {t('notices.downloadDocx')}
      </a>
    </div>
  );
}

function Conclusions({
  r,
  notice,
  onChanged,
}: {
  r: NoticeResponse;
  notice: NoticeView;
  onChanged: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const options = useLoad((s) => (r.canManage ? loadAssignees(s) : Promise.resolve(null)), `${r.canManage}`);
  return (
    <section className="card" aria-labelledby="notice-conclusions">
      <h2 id="notice-conclusions">{t('notices.conclusions')}</h2>
      <ol className="notice-items">
        {notice.items.map((item, i) => {
          const tasks = notice.tasks.filter((x) => x.itemIndex === i);
          return (
            <li key={i} className="notice-item" data-testid="notice-item">
              <h3>{item.title}</h3>
              <p className="notice-item__text">{item.conclusion}</p>
              <h4>{t('notices.tasks')}</h4>
              {tasks.length === 0 ? (
                <p className="muted">{t('notices.noTasks')}</p>
              ) : (
                <ul className="task-list">
                  {tasks.map((task) => (
                    <TaskCard key={task.id} task={task} onChanged={onChanged} options={options.data} />
                  ))}
                </ul>
              )}
              {r.canManage && (
                // NOTE: closed by default so that a notice with many conclusions stays readable.
                <details className="task-add">
                  <summary className="btn btn--large" data-testid={`task-open-${i}`}>
                    {t('notices.addTask')}
                  </summary>
                  <TaskForm noticeId={notice.id} itemIndex={i} options={options.data} onAdded={onChanged} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export default function NoticePage({ meetingId }: { meetingId: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const load = useLoad((s) => loadNotice(meetingId, s), meetingId);
  const [status, setStatus] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const r = load.data;
  const act = (p: Promise<NoticeView>, msg: (n: NoticeView) => string): void => {
    p.then(
      (n) => {
        setStatus(msg(n));
        load.reload();
      },
      (e: unknown) => setStatus(t(errorKey(e))),
    );
  };
  const n = r?.notice ?? null;
  const stale = n && n.status === 'draft' && r?.approved && r.approved.sha256 !== n.minutes.sha256;
  return (
    <section className="page notice-page" data-testid="notice-page">
      <p>
        <Link to={paths.meeting(meetingId)}>← {t('notices.backToMeeting')}</Link>
      </p>
      <h1 tabIndex={-1}>{t('notices.title')}</h1>
      <Status text={status} testId="notice-status" />
      {!r && <LoadState status={load.status} error={load.error} />}
      {r && !n && (
        <div className="card">
          {r.canManage && r.approved ? (
            <button
              type="button"
              className="btn btn--primary btn--large"
              onClick={() => act(draftNotice(meetingId), () => t('notices.saved'))}
              data-testid="notice-draft"
            >
              {t('notices.draft')}
            </button>
          ) : (
            <p>{r.canManage ? t('notices.notApproved') : t('notices.noNotice')}</p>
          )}
        </div>
      )}
      {r && n && (
        <>
          <div className="card notice-head">
            <p>
              <span
                className={`task-badge task-badge--${n.status === 'issued' ? 'done' : 'open'}`}
                data-testid="notice-state"
              >
                {t(`notices.status_${n.status}`)}
              </span>{' '}
              {n.numberText && (
                <strong data-testid="notice-number">{t('notices.number', { number: n.numberText })}</strong>
              )}
            </p>
            <p className="notice-head__title">{n.title}</p>
            <p className="muted">
              {n.meetingTitle} · {t('notices.basedOn', { version: n.minutes.version })}
              {n.issuedAt && ` · ${t('notices.issuedAt', { at: formatDateTime(n.issuedAt, i18n.language) })}`}
            </p>
            {stale && r.approved && (
              <div className="alert alert--warn">
                <p>{t('notices.newerMinutes', { version: r.approved.version })}</p>
                <button
                  type="button"
                  className="btn btn--large"
                  onClick={() => act(refreshNotice(n.id), () => t('notices.saved'))}
                >
                  {t('notices.refresh')}
                </button>
              </div>
            )}
            <Downloads notice={n} />
            {n.status === 'draft' && r.canIssue && (
              <button
                type="button"
                className="btn btn--primary btn--large"
                onClick={() => setConfirm(true)}
                data-testid="notice-issue"
              >
                {t('notices.issue')}
              </button>
            )}
            {n.status === 'draft' && r.canManage && !r.canIssue && (
              <p className="muted">{t('notices.issueOnlyChair')}</p>
            )}
          </div>
          {n.status === 'draft' && r.canManage && (
            <section className="card">
              <HeaderForm
                key={n.updatedAt}
                notice={n}
                onSaved={() => act(Promise.resolve(n), () => t('notices.saved'))}
              />
            </section>
          )}
          <Conclusions r={r} notice={n} onChanged={load.reload} />
          <ConfirmDialog
            open={confirm}
            title={t('notices.issue')}
            confirmLabel={t('notices.issueConfirmYes')}
            onCancel={() => setConfirm(false)}
            onConfirm={() => {
              setConfirm(false);
              act(issueNotice(n.id), (x) => t('notices.issued', { number: x.numberText ?? '' }));
            }}
          >
            <p>{t('notices.issueConfirm')}</p>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}
