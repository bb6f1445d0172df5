// One meeting in full: type, MẬT, time and recurrence, places, organization, agenda, invitees with
// their answers, my own answer, the join link to copy, the calendar feed, and edit / cancel.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { useAuth } from '../auth/AuthContext';
import { paths } from '../lib/app-route';
import { ApiError } from '../lib/api/client';
import type { MeetingDetail } from '../lib/api/contract';
import { calendarFeed, cancelMeeting, getMeeting } from '../lib/api/meetings';
import { isLive, joinUrl } from '../lib/occurrence';
import { recurrenceText } from '../lib/recurrence-text';
import { sortVi } from '../lib/search';
import { formatDateTime } from '../lib/vntime';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyField } from '../ui/CopyField';
import { LoadState, Status } from '../ui/form';
import { ConfidentialBadge, JoinLink, LiveBadge, RsvpBadge, TimeRange, TypeBadge } from '../ui/meeting-bits';
import { RsvpControls } from '../ui/RsvpControls';
import { useLoad } from '../ui/useLoad';
import { MeetingRecordings } from './MeetingRecordings';
import { MeetingReadiness } from './MeetingReadiness';
import { MeetingDocuments } from './MeetingDocuments';

function Agenda({ m }: { m: MeetingDetail }): ReactElement {
  const { t } = useTranslation();
  const items = [...m.agenda].sort((a, b) => a.position - b.position);
  const total = items.reduce((s, a) => s + a.plannedMinutes, 0);
  if (items.length === 0) return <p className="muted">{t('detail.noAgenda')}</p>;
  return (
    <>
      <ol className="agenda" data-testid="detail-agenda">
        {items.map((a) => (
          <li key={a.id}>
            <span className="agenda__title">{a.title}</span>
            <span className="muted">
              {[a.presenterName ?? a.presenterLabel, t('detail.minutes', { count: a.plannedMinutes })]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </li>
        ))}
      </ol>
      <p className="muted">{t('detail.agendaTotal', { total })}</p>
    </>
  );
}

function Invitees({ m }: { m: MeetingDetail }): ReactElement {
  const { t } = useTranslation();
  const rows = sortVi(m.invitees, (i) => i.fullName);
  const counts = { accepted: 0, declined: 0, absent_with_reason: 0, pending: 0 };
  for (const r of rows) counts[r.rsvp] += 1;
  return (
    <>
      <p className="rsvp-summary">
        {(['accepted', 'absent_with_reason', 'declined', 'pending'] as const).map((s) => (
          <span key={s}>
            <RsvpBadge status={s} /> {counts[s]}
          </span>
        ))}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="detail-invitees">
          <thead>
            <tr>
              <th scope="col">{t('editor.person')}</th>
              <th scope="col">{t('editor.role')}</th>
              <th scope="col">{t('detail.answer')}</th>
              <th scope="col">{t('detail.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.personId}>
                <th scope="row">{r.fullName}</th>
                <td>{t(`inviteeRole.${r.role}`)}</td>
                <td>
                  <RsvpBadge status={r.rsvp} />
                </td>
                <td>{r.rsvpReason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FeedLink(): ReactElement {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = (): void => {
    calendarFeed().then(
      (r) => setUrl(r.url),
      (e: unknown) => setError(`errors.${e instanceof ApiError ? e.code : 'internal'}`),
    );
  };
  if (url) return <CopyField label={t('detail.feedUrl')} value={url} testId="calendar-feed-url" />;
  return (
    <div>
      <p className="field__hint">{t('detail.feedHint')}</p>
      <button type="button" className="btn btn--ghost" onClick={get} data-testid="btn-calendar-feed">
        {t('detail.feedButton')}
      </button>
      {error && <p className="field__error">{t(error)}</p>}
    </div>
  );
}

export default function MeetingDetailPage({ id, canEdit }: { id: string; canEdit: boolean }): ReactElement {
  const { t, i18n } = useTranslation();
  const { auth } = useAuth();
  const load = useLoad((s) => getMeeting(id, s), id);
  const [confirm, setConfirm] = useState(false);
  const [status, setStatus] = useState<string | null>(
    new URLSearchParams(window.location.search).get('saved') ? t('detail.saved') : null,
  );
  const m = load.data;
  if (!m)
    return (
      <section className="page">
        <h1 tabIndex={-1}>{t('detail.title')}</h1>
        <LoadState status={load.status} error={load.error} />
      </section>
    );
  const me = auth.user;
  const mine = me?.personId ? m.invitees.find((i) => i.personId === me.personId) : undefined;
  const live = isLive(m, new Date());
  const link = new URL(joinUrl(m.id, me?.fullName ?? me?.username ?? ''), window.location.origin).href;
  const cancel = (): void => {
    setConfirm(false);
    cancelMeeting(m.id).then(
      () => {
        setStatus(t('detail.cancelledNow'));
        load.reload();
      },
      (e: unknown) => setStatus(t(`errors.${e instanceof ApiError ? e.code : 'internal'}`)),
    );
  };
  return (
    <section className="page" data-testid="meeting-detail">
      <div className="meeting-head">
        <div className="meeting-card__tags">
          <TypeBadge type={m.type} />
          {m.confidential && <ConfidentialBadge />}
          {live && <LiveBadge />}
          {m.status === 'cancelled' && (
            <span className="rsvp-badge rsvp--declined">{t('meeting.cancelled')}</span>
          )}
        </div>
        <h1 tabIndex={-1}>{m.title}</h1>
        <p className="meeting-head__when">
          {formatDateTime(m.startsAt, i18n.language)} ·{' '}
          <TimeRange startsAt={m.startsAt} minutes={m.durationMinutes} />
        </p>
        <p className="muted">{recurrenceText(m.recurrence, m.startsAt, t, i18n.language)}</p>
        <Status text={status} testId="detail-status" />
        <div className="row">
          {live && <JoinLink url={link} large />}
          {(m.canEdit || mine) && (
            <Link
              to={paths.meetingMinutes(m.id)}
              className="btn btn--ghost btn--large"
              data-testid="btn-minutes"
            >
              {t('minutes.link')}
            </Link>
          )}
          <Link to={paths.notice(m.id)} className="btn btn--ghost btn--large" data-testid="btn-notice">
            {t('notices.meetingLink')}
          </Link>
          {(canEdit || m.canEdit) && m.status !== 'cancelled' && (
            <>
              <Link
                to={paths.meetingEdit(m.id)}
                className="btn btn--ghost btn--large"
                data-testid="btn-edit-meeting"
              >
                {t('detail.edit')}
              </Link>
              <button
                type="button"
                className="btn btn--ghost btn--large btn--danger-text"
                onClick={() => setConfirm(true)}
              >
                {t('detail.cancel')}
              </button>
            </>
          )}
        </div>
      </div>
      {m.confidential && <p className="alert alert--warn">{t('detail.confidentialNote')}</p>}
      {mine && m.status !== 'cancelled' && (
        <section className="card">
          <h2>{t('detail.myAnswer')}</h2>
          <RsvpControls
            meetingId={m.id}
            status={mine.rsvp}
            reason={mine.rsvpReason}
            title={m.title}
            onChange={() => load.reload()}
          />
        </section>
      )}
      <div className="detail-grid">
        <section className="card">
          <h2>{t('detail.info')}</h2>
          <dl className="facts">
            <dt>{t('editor.host')}</dt>
            <dd>{m.hostBridgePoint ?? '—'}</dd>
            <dt>{t('editor.organization')}</dt>
            <dd>{m.organization?.name ?? '—'}</dd>
            <dt>{t('editor.invitedPoints')}</dt>
            <dd>
              {m.bridgePoints.length === 0
                ? '—'
                : sortVi(m.bridgePoints, (b) => b.name)
                    .map((b) => b.name)
                    .join(', ')}
            </dd>
            <dt>{t('detail.guests')}</dt>
            <dd>{m.guestAccess ? t('detail.guestsOn') : t('detail.guestsOff')}</dd>
          </dl>
          {m.description && <p className="description">{m.description}</p>}
        </section>
        <section className="card">
          <h2>{t('detail.links')}</h2>
          <CopyField label={t('detail.joinLink')} value={link} testId="join-link" />
          <FeedLink />
        </section>
      </div>
      <section className="card">
        <h2>{t('editor.agenda')}</h2>
        <Agenda m={m} />
      </section>
      <section className="card">
        <h2>{t('detail.invitees', { count: m.invitees.length })}</h2>
        <Invitees m={m} />
      </section>
      <MeetingDocuments m={m} />
      <MeetingRecordings meetingId={m.id} />
      {m.canEdit && <MeetingReadiness meetingId={m.id} />}
      <ConfirmDialog
        open={confirm}
        title={t('detail.cancelConfirm')}
        confirmLabel={t('detail.cancel')}
        danger
        onConfirm={cancel}
        onCancel={() => setConfirm(false)}
      >
        <p>{t('detail.cancelBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
