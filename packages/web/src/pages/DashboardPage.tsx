// "Cuộc họp của tôi": my meetings from today on, by day, with the type, the MẬT mark, time, host
// point, my answer (RSVP buttons) and "Vào họp" for the ones live now.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { canSchedule, useAuth } from '../auth/AuthContext';
import { groupByVnDay } from '../lib/calendar';
import { paths } from '../lib/app-route';
import { listMeetings } from '../lib/api/meetings';
import type { MyOccurrence } from '../lib/api/types';
import { isLive, joinUrl, startOf } from '../lib/occurrence';
import { addDays, formatDate, vnDateOf, vnDayStart } from '../lib/vntime';
import { LoadState } from '../ui/form';
import { ConfidentialBadge, JoinLink, LiveBadge, TimeRange, TypeBadge } from '../ui/meeting-bits';
import { RsvpControls } from '../ui/RsvpControls';
import { useLoad } from '../ui/useLoad';

const DAYS_AHEAD = 60;

function MeetingCard({ m, me }: { m: MyOccurrence; me: string }): ReactElement {
  const { t } = useTranslation();
  const live = isLive(m, new Date());
  const start = startOf(m);
  return (
    <li className={`meeting-card ${live ? 'meeting-card--live' : ''}`} data-testid="my-meeting">
      <div className="meeting-card__when">
        <TimeRange startsAt={start} minutes={m.durationMinutes} />
        {live && <LiveBadge />}
      </div>
      <div className="meeting-card__body">
        <div className="meeting-card__tags">
          <TypeBadge type={m.type} />
          {m.confidential && <ConfidentialBadge />}
          {m.status === 'cancelled' && (
            <span className="rsvp-badge rsvp--declined">{t('meeting.cancelled')}</span>
          )}
        </div>
        <h3>
          <Link to={paths.meeting(m.id)}>{m.title}</Link>
        </h3>
        {m.hostBridgePoint && <p className="muted">{t('meeting.hostAt', { name: m.hostBridgePoint })}</p>}
        {m.myRole && <p className="muted">{t('meeting.myRole', { role: t(`inviteeRole.${m.myRole}`) })}</p>}
      </div>
      <div className="meeting-card__actions">
        {live ? (
          <JoinLink url={joinUrl(m.id, me)} large />
        ) : (
          m.status !== 'cancelled' && (
            <RsvpControls meetingId={m.id} status={m.myRsvp ?? null} title={m.title} />
          )
        )}
      </div>
    </li>
  );
}

export default function DashboardPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const { auth } = useAuth();
  const today = vnDateOf(new Date());
  const from = vnDayStart(today).toISOString();
  const to = vnDayStart(addDays(today, DAYS_AHEAD)).toISOString();
  const load = useLoad((signal) => listMeetings({ from, to, mine: true }, signal), from);
  const byDay = groupByVnDay(load.data ?? [], startOf);
  const me = auth.user?.fullName ?? auth.user?.username ?? '';
  return (
    <section className="page">
      <div className="page__head">
        <h1 tabIndex={-1}>{t('dashboard.title')}</h1>
        {canSchedule(auth.user) && (
          <Link to={paths.meetingNew} className="btn btn--primary btn--large" data-testid="btn-new-meeting">
            {t('nav.newMeeting')}
          </Link>
        )}
      </div>
      <LoadState status={load.status} error={load.error} />
      {load.status === 'ok' && byDay.size === 0 && <p className="empty">{t('dashboard.empty')}</p>}
      {[...byDay.entries()].map(([key, list]) => (
        <section key={key} className="day-group" aria-labelledby={`day-${key}`}>
          <h2 id={`day-${key}`}>{formatDate(list[0] ? startOf(list[0]) : key, i18n.language)}</h2>
          <ul className="meeting-list">
            {list.map((m) => (
              <MeetingCard key={`${m.id}@${startOf(m)}`} m={m} me={me} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
