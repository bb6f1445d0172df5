// Small pieces every meeting list shows: the type label (coloured), the "MẬT" mark, the RSVP
// badge, the time range, and the "Vào họp" link for a live meeting.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingType, RsvpStatus } from '../lib/api/types';
import { formatTime } from '../lib/vntime';

export function TypeBadge({ type }: { type: MeetingType }): ReactElement {
  const { t } = useTranslation();
  return <span className={`type-badge type--${type}`}>{t(`meetingType.${type}`)}</span>;
}

/** The confidentiality mark; its accessible name says what it means. */
export function ConfidentialBadge(): ReactElement {
  const { t } = useTranslation();
  return (
    <span className="mat-badge" title={t('meeting.confidentialTitle')} data-testid="badge-confidential">
      <span aria-hidden="true">{t('meeting.mat')}</span>
      <span className="sr-only">{t('meeting.confidentialTitle')}</span>
    </span>
  );
}

export function RsvpBadge({ status }: { status: RsvpStatus }): ReactElement {
  const { t } = useTranslation();
  return <span className={`rsvp-badge rsvp--${status}`}>{t(`rsvp.${status}`)}</span>;
}

export function TimeRange({ startsAt, minutes }: { startsAt: string; minutes: number }): ReactElement {
  const { i18n } = useTranslation();
  const end = new Date(Date.parse(startsAt) + minutes * 60_000);
  return (
    <time dateTime={startsAt}>
      {formatTime(startsAt, i18n.language)}–{formatTime(end, i18n.language)}
    </time>
  );
}

export function LiveBadge(): ReactElement {
  const { t } = useTranslation();
  return (
    <span className="live-badge">
      <span className="live-badge__dot" aria-hidden="true" />
      {t('meeting.live')}
    </span>
  );
}

/** Full-page navigation to a join link (the room is its own app). */
export function JoinLink({ url, large }: { url: string; large?: boolean }): ReactElement {
  const { t } = useTranslation();
  return (
    <a className={`btn btn--primary ${large ? 'btn--large' : ''}`} href={url} data-testid="btn-enter-meeting">
      {t('meeting.enter')}
    </a>
  );
}
