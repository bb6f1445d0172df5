// The room's top bar: meeting title and host bridge point, participant count, connection state,
// Vietnam-time clock and the language switch.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../lib/clock';
import type { ConnectionState } from '../lib/signalling-client';
import { LanguageSwitch } from './LanguageSwitch';
import { LogoMark, UsersIcon } from './icons';

export function Clock(): ReactElement {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 5_000);
    return () => clearInterval(timer);
  }, []);
  const text = formatClock(now, i18n.language === 'en' ? 'en' : 'vi');
  return (
    <time
      className="clock"
      dateTime={text.iso}
      aria-label={`${t('room.clockLabel')}: ${text.time}, ${text.date}`}
    >
      <span className="clock__time">{text.time}</span>
      <span className="clock__date">{text.date}</span>
    </time>
  );
}

interface TopBarProps {
  title: string;
  hostBridgePoint: string | null;
  count: number;
  connection: ConnectionState;
  /** The meeting is being recorded: a red indicator everyone sees. */
  recording?: boolean;
}

export function TopBar({ title, hostBridgePoint, count, connection, recording }: TopBarProps): ReactElement {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <LogoMark className="topbar__logo" />
        <div className="topbar__titles">
          <h1 className="topbar__title">{title}</h1>
          <p className="topbar__sub">
            {hostBridgePoint ? t('join.host', { name: hostBridgePoint }) : t('app.tagline')}
          </p>
        </div>
      </div>
      <div className="topbar__meta">
        {recording && (
          <span className="pill pill--rec" role="status" data-testid="recording-indicator">
            <span aria-hidden="true">● </span>
            {t('room.recording')}
          </span>
        )}
        <span
          className="pill"
          aria-label={t('room.participantsLabel', { count })}
          data-testid="participant-count"
        >
          <UsersIcon size="1.2em" />
          <span aria-hidden="true">{t('room.participantCount', { count })}</span>
        </span>
        <span className="pill pill--conn" data-conn={connection} role="status" data-testid="connection-state">
          <span className="pill__dot" aria-hidden="true" />
          {t(`connection.${connection}`)}
        </span>
        <Clock />
        <LanguageSwitch className="topbar__lang" />
      </div>
    </header>
  );
}
