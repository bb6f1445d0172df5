// Simple full-page states: left the meeting (with "Vào lại"), could not join, and the home page
// for addresses that are not a meeting link.
import { useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { meetingPath } from '@diemcau/protocol';
import type { LeaveReason } from '@diemcau/protocol';
import { Brand } from './Brand';
import { AlertIcon } from './icons';
import { LanguageSwitch } from './LanguageSwitch';

function Shell({ children }: { children: ReactNode }): ReactElement {
  return (
    <div className="status-page">
      <header className="join__header">
        <Brand />
        <LanguageSwitch />
      </header>
      <main className="status-page__main">
        <div className="status-card">{children}</div>
      </main>
    </div>
  );
}

export function LeftPage({
  reason,
  title,
  onRejoin,
}: {
  reason: LeaveReason;
  title: string | null;
  onRejoin: () => void;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <Shell>
      <h1>{t('left.title')}</h1>
      {title && <p className="status-card__meeting">{title}</p>}
      <p>{t(`left.${reason}`)}</p>
      <button
        type="button"
        className="btn btn--primary btn--xl"
        onClick={onRejoin}
        data-testid="btn-rejoin"
        autoFocus
      >
        {t('left.rejoin')}
      </button>
    </Shell>
  );
}

export function ErrorPage({
  message,
  title,
  onRetry,
}: {
  message: string;
  /** Replaces the generic "could not join" heading. */
  title?: string | undefined;
  onRetry?: () => void;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <Shell>
      <AlertIcon size="3rem" className="status-card__icon" />
      <h1>{title ?? t('errorPage.title')}</h1>
      <p role="alert" data-testid="error-message">
        {message}
      </p>
      {onRetry && (
        <button type="button" className="btn btn--primary btn--xl" onClick={onRetry}>
          {t('errorPage.retry')}
        </button>
      )}
    </Shell>
  );
}

export function HomePage(): ReactElement {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const open = (e: FormEvent): void => {
    e.preventDefault();
    if (code.trim()) window.location.assign(meetingPath(code.trim()));
  };
  return (
    <Shell>
      <h1>{t('home.title')}</h1>
      <p>{t('home.body')}</p>
      <form className="home-form" onSubmit={open}>
        <div className="field">
          <label htmlFor="meeting-code">{t('home.meetingIdLabel')}</label>
          <input
            id="meeting-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
          />
        </div>
        <button type="submit" className="btn btn--primary btn--xl">
          {t('home.open')}
        </button>
      </form>
      <a href="/dang-nhap" className="btn btn--ghost btn--large home-signin" data-testid="link-login">
        {t('home.signIn')}
      </a>
    </Shell>
  );
}
