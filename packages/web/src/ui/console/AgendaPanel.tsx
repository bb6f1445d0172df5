// The chair's agenda: every item with its presenter, planned and elapsed time (red when over), the
// current one highlighted; start the meeting, previous / next item, or jump to any item.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agendaNeighbours, formatDuration, itemTiming } from '../../state/live-logic';
import { useLive, useNow, usePending } from '../live/context';

export function AgendaPanel(): ReactElement {
  const { t } = useTranslation();
  const { live, act } = useLive();
  const now = useNow();
  const [pending, run] = usePending();
  const { previous, next } = agendaNeighbours(live);
  const ended = live.status === 'ended';
  const go = (itemId: string | null): void => run(() => act({ type: 'agenda.goto', itemId }));
  return (
    <section className="console-card agenda" aria-labelledby="agenda-h" data-testid="console-agenda">
      <h2 id="agenda-h" className="console-card__title">
        {t('consoleAgenda.title')}
      </h2>
      {live.context.agenda.length === 0 ? (
        <p className="muted">{t('consoleAgenda.none')}</p>
      ) : (
        <ol className="agenda__list">
          {live.context.agenda.map((item, i) => {
            const timing = itemTiming(live, item.id, now);
            return (
              <li
                key={item.id}
                className="agenda__item"
                aria-current={timing.current ? 'step' : undefined}
                data-testid="agenda-item"
                data-current={timing.current}
              >
                <div className="agenda__head">
                  <span className="agenda__num">{i + 1}</span>
                  <span className="agenda__title">{item.title}</span>
                </div>
                {item.presenter && <p className="agenda__presenter">{item.presenter}</p>}
                <p className="agenda__time" data-over={timing.over}>
                  <span>
                    {t('consoleAgenda.elapsed')}{' '}
                    <strong data-testid="agenda-elapsed">{formatDuration(timing.spentMs)}</strong>
                  </span>
                  {timing.plannedMs > 0 && (
                    <span>
                      {' / '}
                      {t('consoleAgenda.planned', { minutes: item.plannedMinutes })}
                    </span>
                  )}
                </p>
                {!timing.current && !ended && (
                  <button
                    type="button"
                    className="btn btn--ghost agenda__go"
                    disabled={pending}
                    aria-label={t('consoleAgenda.goLabel', { title: item.title })}
                    data-testid="agenda-go"
                    onClick={() => go(item.id)}
                  >
                    {t('consoleAgenda.go')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {live.context.agenda.length > 0 && !ended && (
        <div className="row-actions agenda__nav">
          <button
            type="button"
            className="btn btn--ghost"
            disabled={pending || previous === null}
            onClick={() => go(previous)}
            data-testid="agenda-prev"
          >
            ‹ {t('consoleAgenda.previous')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={pending || next === null}
            onClick={() => go(next)}
            data-testid="agenda-next"
          >
            {live.currentItemId === null ? t('consoleAgenda.startFirst') : t('consoleAgenda.next')} ›
          </button>
        </div>
      )}
    </section>
  );
}
