// The calendar grid (week or month) as an ARIA grid: one tab stop on the focused day, arrows move
// by day/week, Home/End to the week's ends, PageUp/PageDown by month; today is marked.
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { moveFocus, type CalendarView, type GridDay } from '../lib/calendar';
import { paths } from '../lib/app-route';
import type { MyOccurrence } from '../lib/api/types';
import { startOf } from '../lib/occurrence';
import { dateKey, formatDate, formatTime, formatWeekday, type CivilDate } from '../lib/vntime';

interface Props {
  view: CalendarView;
  grid: GridDay[][];
  byDay: Map<string, MyOccurrence[]>;
  focused: CivilDate;
  onFocusDate: (d: CivilDate) => void;
  labelledBy: string;
}

function Chip({ m, long }: { m: MyOccurrence; long: boolean }): ReactElement {
  const { t, i18n } = useTranslation();
  const start = startOf(m);
  const label = [
    formatTime(start, i18n.language),
    t(`meetingType.${m.type}`),
    m.confidential ? t('meeting.confidentialTitle') : null,
    m.title,
    m.status === 'cancelled' ? t('meeting.cancelled') : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Link
      to={paths.meeting(m.id)}
      className={`chip type--${m.type} ${m.status === 'cancelled' ? 'chip--cancelled' : ''}`}
      aria-label={label}
      data-testid="calendar-chip"
    >
      <span className="chip__time">{formatTime(start, i18n.language)}</span>
      {m.confidential && <span className="chip__mat">{t('meeting.mat')}</span>}
      <span className="chip__title">{m.title}</span>
      {long && m.hostBridgePoint && <span className="chip__host">{m.hostBridgePoint}</span>}
    </Link>
  );
}

export function CalendarGrid({ view, grid, byDay, focused, onFocusDate, labelledBy }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const focusedKey = dateKey(focused);
  const wantFocus = useRef(false);

  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    ref.current?.querySelector<HTMLElement>(`[data-date="${focusedKey}"]`)?.focus();
  }, [focusedKey, grid]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!(e.target instanceof HTMLElement) || !e.target.matches('[role="gridcell"]')) return;
    const next = moveFocus(focused, e.key);
    if (!next) return;
    e.preventDefault();
    wantFocus.current = true;
    onFocusDate(next);
  };

  const header = grid[0] ?? [];
  return (
    <div
      ref={ref}
      role="grid"
      aria-labelledby={labelledBy}
      className={`cal cal--${view}`}
      onKeyDown={onKey}
      data-testid="calendar-grid"
    >
      <div role="row" className="cal__row cal__row--head">
        {header.map((d) => (
          <div role="columnheader" key={d.key} className="cal__colhead">
            <span aria-hidden="true">{formatWeekday(d.date, i18n.language, true)}</span>
            <span className="sr-only">{formatWeekday(d.date, i18n.language)}</span>
          </div>
        ))}
      </div>
      {grid.map((row) => (
        <div role="row" className="cal__row" key={row[0]?.key}>
          {row.map((d) => {
            const list = byDay.get(d.key) ?? [];
            const isFocused = d.key === focusedKey;
            return (
              <div
                role="gridcell"
                key={d.key}
                data-date={d.key}
                tabIndex={isFocused ? 0 : -1}
                aria-selected={isFocused}
                aria-current={d.isToday ? 'date' : undefined}
                aria-label={`${formatDate(`${d.key}T12:00:00+07:00`, i18n.language)}${d.isToday ? `, ${t('calendar.today')}` : ''}, ${t('calendar.count', { count: list.length })}`}
                className={`cal__cell ${d.inMonth ? '' : 'cal__cell--out'} ${d.isToday ? 'cal__cell--today' : ''} ${isFocused ? 'cal__cell--focused' : ''}`}
                onClick={() => onFocusDate(d.date)}
              >
                <span className="cal__day" aria-hidden="true">
                  {d.date.day}
                  {d.isToday && <span className="cal__today-tag">{t('calendar.today')}</span>}
                </span>
                <div className="cal__chips">
                  {list.map((m) => (
                    <Chip key={`${m.id}@${startOf(m)}`} m={m} long={view === 'week'} />
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
