// "Lịch họp": week and month views of every meeting I may see, with a type filter, previous /
// today / next, and the focused day's list below the grid (what phones mainly use).
import { useId, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { groupByVnDay, gridFor, gridRange, stepAnchor, type CalendarView } from '../lib/calendar';
import { paths } from '../lib/app-route';
import { listMeetings } from '../lib/api/meetings';
import { MEETING_TYPES, type MeetingType } from '../lib/api/types';
import { startOf } from '../lib/occurrence';
import {
  dateKey,
  formatDate,
  formatMonth,
  formatShortDate,
  vnDateOf,
  vnDayStart,
  type CivilDate,
} from '../lib/vntime';
import { LoadState } from '../ui/form';
import { ConfidentialBadge, TimeRange, TypeBadge } from '../ui/meeting-bits';
import { useLoad } from '../ui/useLoad';
import { CalendarGrid } from './CalendarGrid';

export default function CalendarPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [view, setView] = useState<CalendarView>('month');
  const [type, setType] = useState<MeetingType | ''>('');
  const [focused, setFocused] = useState<CivilDate>(() => vnDateOf(new Date()));
  const today = vnDateOf(new Date());
  const grid = gridFor(view, focused, today);
  const range = gridRange(grid);
  const load = useLoad(
    (signal) => listMeetings({ ...range, type }, signal),
    `${range.from}|${range.to}|${type}`,
  );
  const byDay = useMemo(() => groupByVnDay(load.data ?? [], startOf), [load.data]);
  const dayList = byDay.get(dateKey(focused)) ?? [];

  const first = grid[0]?.[0]?.date ?? focused;
  const last = grid[grid.length - 1]?.[6]?.date ?? focused;
  const title =
    view === 'month'
      ? formatMonth(focused.year, focused.month, i18n.language)
      : `${formatShortDate(vnDayStart(first), i18n.language)} – ${formatShortDate(vnDayStart(last), i18n.language)}`;

  return (
    <section className="page page--wide">
      <div className="page__head">
        <h1 tabIndex={-1}>{t('calendar.title')}</h1>
        <Link to={paths.meetingNew} className="btn btn--ghost">
          {t('nav.newMeeting')}
        </Link>
      </div>
      <div className="cal-toolbar">
        <div className="segmented" role="group" aria-label={t('calendar.viewLabel')}>
          {(['week', 'month'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              data-testid={`calendar-view-${v}`}
            >
              {t(`calendar.${v}`)}
            </button>
          ))}
        </div>
        <div className="row">
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => setFocused(stepAnchor(view, focused, -1))}
          >
            <span aria-hidden="true">‹ </span>
            {t(view === 'week' ? 'calendar.prevWeek' : 'calendar.prevMonth')}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setFocused(today)}>
            {t('calendar.today')}
          </button>
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => setFocused(stepAnchor(view, focused, 1))}
          >
            {t(view === 'week' ? 'calendar.nextWeek' : 'calendar.nextMonth')}
            <span aria-hidden="true"> ›</span>
          </button>
        </div>
        <div className="field field--inline">
          <label htmlFor="cal-type">{t('calendar.filterType')}</label>
          <select id="cal-type" value={type} onChange={(e) => setType(e.target.value as MeetingType | '')}>
            <option value="">{t('calendar.allTypes')}</option>
            {MEETING_TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`meetingType.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <h2 id={headingId} className="cal-title" aria-live="polite">
        {title}
      </h2>
      <LoadState status={load.status === 'loading' && load.data ? 'ok' : load.status} error={load.error} />
      <p className="sr-only">{t('calendar.keysHelp')}</p>
      <CalendarGrid
        view={view}
        grid={grid}
        byDay={byDay}
        focused={focused}
        onFocusDate={setFocused}
        labelledBy={headingId}
      />
      <section className="day-list" aria-labelledby="day-list-title">
        <h2 id="day-list-title">{formatDate(vnDayStart(focused), i18n.language)}</h2>
        {dayList.length === 0 ? (
          <p className="muted">{t('calendar.noMeetings')}</p>
        ) : (
          <ul className="meeting-list meeting-list--compact">
            {dayList.map((m) => (
              <li key={`${m.id}@${startOf(m)}`} className="meeting-row">
                <TimeRange startsAt={startOf(m)} minutes={m.durationMinutes} />
                <TypeBadge type={m.type} />
                {m.confidential && <ConfidentialBadge />}
                <Link to={paths.meeting(m.id)}>{m.title}</Link>
                {m.hostBridgePoint && <span className="muted">{m.hostBridgePoint}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
