// The personal link of a giấy mời (`/rsvp/<token>`): who is invited to what, when and where, the
// current answer, and the three answers. Works without signing in; the link is the secret.
import { useCallback, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { ApiError } from '../lib/api/client';
import { getRsvpInvitation, rsvpByToken } from '../lib/api/meetings';
import type { RsvpInvitation } from '../lib/api/types';
import { errorKey } from '../lib/form-errors';
import { canAnswer, invitationWhen, isDeadLink, type RsvpAnswer } from '../lib/rsvp';
import { Brand } from '../ui/Brand';
import { AlertIcon } from '../ui/icons';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { ConfidentialBadge, RsvpBadge } from '../ui/meeting-bits';
import { RsvpControls } from '../ui/RsvpControls';
import { useLoad } from '../ui/useLoad';

function Frame({ children }: { children: ReactNode }): ReactElement {
  return (
    <div className="status-page rsvp-page" data-testid="rsvp-page">
      <header className="join__header">
        <Brand />
        <LanguageSwitch />
      </header>
      <main className="status-page__main">{children}</main>
    </div>
  );
}

function DeadLink(): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="status-card" data-testid="rsvp-invalid">
      <AlertIcon size="3rem" className="status-card__icon" />
      <h1 tabIndex={-1}>{t('rsvpPage.deadTitle')}</h1>
      <p>{t('rsvpPage.deadBody')}</p>
      <a className="btn btn--ghost btn--large" href="/">
        {t('rsvpPage.home')}
      </a>
    </div>
  );
}

function Invitation({ token, view }: { token: string; view: RsvpInvitation }): ReactElement {
  const { t, i18n } = useTranslation();
  const { auth } = useAuth();
  const { meeting, person } = view;
  const [answer, setAnswer] = useState(view.rsvp);
  const [dead, setDead] = useState(false);
  const submit = useCallback(
    async (status: RsvpAnswer, reason?: string) => {
      try {
        return await rsvpByToken(token, reason ? { status, reason } : { status });
      } catch (e) {
        if (isDeadLink(e)) setDead(true);
        throw e;
      }
    },
    [token],
  );
  if (dead) return <DeadLink />;
  const open = canAnswer(meeting.status);
  return (
    <article className="status-card rsvp-card" aria-labelledby="rsvp-title">
      <h1 tabIndex={-1} className="rsvp-card__kind">
        {t('rsvpPage.kind')}
      </h1>
      <p className="rsvp-card__to" data-testid="rsvp-person">
        {t('rsvpPage.to', { name: person.fullName })}
      </p>
      <h2 id="rsvp-title" className="rsvp-card__title">
        {meeting.title} {meeting.confidential && <ConfidentialBadge />}
      </h2>
      <dl className="rsvp-card__facts">
        <div>
          <dt>{t('rsvpPage.when')}</dt>
          <dd>
            <time dateTime={meeting.startsAt}>
              {invitationWhen(meeting.startsAt, meeting.durationMinutes, i18n.language)}
            </time>{' '}
            <span className="muted">{t('rsvpPage.vnTime')}</span>
          </dd>
        </div>
        {meeting.hostBridgePoint && (
          <div>
            <dt>{t('rsvpPage.host')}</dt>
            <dd>{meeting.hostBridgePoint}</dd>
          </div>
        )}
        <div>
          <dt>{t('rsvpPage.current')}</dt>
          <dd data-testid="rsvp-current">
            <RsvpBadge status={answer.status} />
            {answer.status === 'absent_with_reason' && answer.reason && (
              <span className="rsvp-card__reason">
                {t('rsvpPage.reasonGiven', { reason: answer.reason })}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {open ? (
        <>
          <RsvpControls
            meetingId={meeting.id}
            status={answer.status}
            reason={answer.reason}
            title={meeting.title}
            submit={submit}
            disabled={auth.status === 'loading'}
            onChange={(status, reason) => setAnswer({ status, reason })}
          />
          <p className="field__hint">{t('rsvpPage.changeHint')}</p>
        </>
      ) : (
        <p className="alert alert--warn" data-testid="rsvp-closed">
          {t(meeting.status === 'cancelled' ? 'rsvpPage.cancelled' : 'rsvpPage.ended')}
        </p>
      )}
    </article>
  );
}

export default function RsvpPage({ token }: { token: string }): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((signal) => getRsvpInvitation(token, signal), token);
  let body: ReactElement;
  if (load.status === 'ok') body = <Invitation key={token} token={token} view={load.data} />;
  else if (load.status === 'loading')
    body = (
      <p className="page-loading" role="status">
        {t('rsvpPage.loading')}
      </p>
    );
  else if (isDeadLink(load.error)) body = <DeadLink />;
  else
    body = (
      <div className="status-card">
        <AlertIcon size="3rem" className="status-card__icon" />
        <h1 tabIndex={-1}>{t('rsvpPage.kind')}</h1>
        <p role="alert">{t(errorKey(load.error instanceof ApiError ? load.error.code : 'internal'))}</p>
        <button type="button" className="btn btn--primary btn--large" onClick={load.reload}>
          {t('errorPage.retry')}
        </button>
      </div>
    );
  return <Frame>{body}</Frame>;
}
