// The room PC/TV of a bridge point (/kiosk), for an elderly operator: huge type, no typing. It
// shows the pairing code until an admin binds it, then the point's name, the clock, today's
// meetings and ONE big "VÀO HỌP" button (or an automatic join with a 10 s countdown).
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskMeeting } from '../lib/api/contract';
import { joinUrl, startOf } from '../lib/occurrence';
import { formatClock, formatDate, formatTime } from '../lib/vntime';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { LogoMark } from '../ui/icons';
import { ConfidentialBadge, TypeBadge } from '../ui/meeting-bits';
import { AUTO_JOIN_COUNTDOWN_S, autoJoinDue, liveMeeting, spacedCode } from './kiosk-logic';
import { useKiosk } from './useKiosk';
import { KioskNetworkTest } from './KioskNetworkTest';
import { useOfflineDocuments } from './offline-documents';
import '../styles/kiosk.css';

function useNow(ms = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

function Pairing({ code }: { code: string }): ReactElement {
  const { t } = useTranslation();
  return (
    <main className="kiosk__main kiosk__pairing">
      <h1 className="kiosk__h1">{t('kiosk.pairTitle')}</h1>
      <p
        className="kiosk__code"
        data-testid="kiosk-pairing-code"
        aria-label={t('kiosk.codeLabel', { code: code.split('').join(' ') })}
      >
        {spacedCode(code)}
      </p>
      <p className="kiosk__instruction">{t('kiosk.pairInstruction')}</p>
      <p className="kiosk__hint" role="status" aria-live="polite">
        {t('kiosk.waiting')}
      </p>
    </main>
  );
}

function MeetingRow({ m }: { m: KioskMeeting }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <li className={`kiosk-meeting ${m.live ? 'kiosk-meeting--live' : ''}`} data-testid="kiosk-meeting">
      <span className="kiosk-meeting__time">{formatTime(startOf(m), i18n.language)}</span>
      <span className="kiosk-meeting__title">
        {m.title}
        <span className="kiosk-meeting__tags">
          <TypeBadge type={m.type} />
          {m.confidential && <ConfidentialBadge />}
          {m.live && <strong className="kiosk-meeting__live">{t('kiosk.liveNow')}</strong>}
        </span>
      </span>
    </li>
  );
}

function Paired({
  name,
  meetings,
  autoJoin,
}: {
  name: string;
  meetings: KioskMeeting[];
  autoJoin: boolean;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const live = liveMeeting(meetings);
  const otherLive = meetings.filter((m) => m.live && m.id !== live?.id);
  const [cancelledFor, setCancelledFor] = useState<string | null>(null);
  const [countdown, setCountdown] = useState<number | null>(null);
  const url = live ? joinUrl(live.id, name, { autojoin: '1', kiosk: '1' }) : null;
  const due = autoJoin && autoJoinDue(live, now, cancelledFor);

  useEffect(() => {
    if (!due) {
      setCountdown(null);
      return;
    }
    setCountdown((c) => c ?? AUTO_JOIN_COUNTDOWN_S);
  }, [due]);
  useEffect(() => {
    if (countdown === null || !url) return;
    if (countdown <= 0) {
      window.location.assign(url);
      return;
    }
    const id = window.setTimeout(() => setCountdown(countdown - 1), 1000);
    return () => window.clearTimeout(id);
  }, [countdown, url]);

  const today = meetings.filter((m) => formatDate(startOf(m), 'vi') === formatDate(now, 'vi'));
  const later = meetings.filter((m) => !today.includes(m)).slice(0, 3);
  return (
    <main className="kiosk__main kiosk__paired">
      <div className="kiosk__top">
        <h1 className="kiosk__point" data-testid="kiosk-point-name">
          {name}
        </h1>
        <p className="kiosk__clock">
          <time dateTime={now.toISOString()}>{formatClock(now, i18n.language)}</time>
          <span className="kiosk__date">{formatDate(now, i18n.language)}</span>
        </p>
      </div>
      {live && url ? (
        <>
          <div className="kiosk__join">
            <p className="kiosk__live-title">{live.title}</p>
            <a className="kiosk__join-btn" href={url} data-testid="kiosk-join">
              {t('kiosk.join')}
            </a>
            {countdown !== null && (
              <div
                className="kiosk__countdown"
                role="timer"
                aria-live="assertive"
                data-testid="kiosk-countdown"
              >
                <p>{t('kiosk.autoJoinIn', { seconds: countdown })}</p>
                <button
                  type="button"
                  className="kiosk__cancel"
                  onClick={() => {
                    setCancelledFor(`${live.id}@${startOf(live)}`);
                    setCountdown(null);
                  }}
                  data-testid="kiosk-cancel-autojoin"
                >
                  {t('kiosk.cancelAutoJoin')}
                </button>
              </div>
            )}
          </div>
          {/* NOTE: two meetings can overlap (a briefing runs late into a training); each gets its
              own big button with its title, so the operator never has to type anything. */}
          {otherLive.map((m) => (
            <div className="kiosk__join kiosk__join--other" key={m.id}>
              <p className="kiosk__live-title">{m.title}</p>
              <a
                className="kiosk__join-btn"
                href={joinUrl(m.id, name, { autojoin: '1', kiosk: '1' })}
                data-testid="kiosk-join"
              >
                {t('kiosk.join')}
              </a>
            </div>
          ))}
        </>
      ) : (
        <p className="kiosk__none" data-testid="kiosk-no-live">
          {t('kiosk.noLive')}
        </p>
      )}
      <section className="kiosk__list" aria-labelledby="kiosk-today">
        <h2 id="kiosk-today">{t('kiosk.today')}</h2>
        {today.length === 0 ? (
          <p className="kiosk__empty">{t('kiosk.noneToday')}</p>
        ) : (
          <ul>
            {today.map((m) => (
              <MeetingRow key={`${m.id}@${startOf(m)}`} m={m} />
            ))}
          </ul>
        )}
        {later.length > 0 && (
          <>
            <h2>{t('kiosk.upcoming')}</h2>
            <ul>
              {later.map((m) => (
                <li key={`${m.id}@${startOf(m)}`} className="kiosk-meeting kiosk-meeting--later">
                  <span className="kiosk-meeting__time">{formatDate(startOf(m), i18n.language)}</span>
                  <span className="kiosk-meeting__title">
                    {formatTime(startOf(m), i18n.language)} · {m.title}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}

export default function KioskPage(): ReactElement {
  const { t } = useTranslation();
  const { view, meetings } = useKiosk();
  const offline = useOfflineDocuments(view.kind === 'paired' ? view.token : null);
  useEffect(() => {
    document.title = `${t('kiosk.docTitle')} — ${t('app.name')}`;
  }, [t]);
  let body: ReactElement;
  if (view.kind === 'pairing') body = <Pairing code={view.code} />;
  else if (view.kind === 'paired')
    body = (
      <Paired
        name={view.state.bridgePoint?.name ?? view.state.label}
        meetings={meetings}
        autoJoin={view.state.autoJoin}
      />
    );
  else
    body = (
      <main className="kiosk__main">
        <p className="kiosk__instruction" role="status" data-testid="kiosk-status">
          {view.kind === 'offline' ? t('kiosk.offline') : t('common.loading')}
        </p>
      </main>
    );
  return (
    <div className="kiosk" data-testid="kiosk" data-kiosk-state={view.kind}>
      <header className="kiosk__header">
        <span className="kiosk__brand">
          <LogoMark /> {t('app.name')}
        </span>
        <LanguageSwitch />
      </header>
      {body}
      {view.kind === 'paired' && view.state.deviceId && (
        <KioskNetworkTest token={view.token} deviceId={view.state.deviceId} meetings={meetings} />
      )}
      {offline && offline.total > 0 && (
        <p className="kiosk__hint" data-testid="kiosk-offline-documents">
          {t('documents.kioskOffline', { ...offline })}
        </p>
      )}
    </div>
  );
}
