// The chair's speaking queue: who speaks now with the running timer (end), then the requests in
// order — grant the floor (opens that point's microphone and spotlights it), reject, and move up
// or down with buttons (keyboard and screen-reader friendly, no drag and drop needed); raised hands.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/vntime';
import { actorName, queueMoveTarget, requestLabel } from '../../state/live-logic';
import { useLive, usePending } from '../live/context';
import { CurrentSpeech } from '../live/SpeakPanel';
import { HandIcon } from '../icons';

export function QueuePanel(): ReactElement {
  const { t, i18n } = useTranslation();
  const { live, act, participants } = useLive();
  const [pending, run] = usePending();
  const [moved, setMoved] = useState('');
  const move = (requestId: string, delta: number, label: string): void => {
    const toIndex = queueMoveTarget(live.queue, requestId, delta);
    if (toIndex === null) return;
    run(async () => {
      if (await act({ type: 'speak.reorder', requestId, toIndex }))
        setMoved(t('consoleQueue.movedTo', { label, position: toIndex + 1 }));
    });
  };
  const hands = Object.entries(live.hands).sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <div className="live-section" data-testid="console-queue">
      <CurrentSpeech />
      {live.current && (
        <button
          type="button"
          className="btn btn--danger btn--large"
          disabled={pending}
          data-testid="speak-end"
          onClick={() => run(() => act({ type: 'speak.end' }))}
        >
          {t('consoleQueue.end')}
        </button>
      )}
      <h3 className="live-h3">{t('liveSpeak.queue', { count: live.queue.length })}</h3>
      {live.queue.length === 0 && <p className="muted">{t('liveSpeak.queueEmpty')}</p>}
      <ol className="console-queue">
        {live.queue.map((r, i) => {
          const label = requestLabel(r);
          return (
            <li key={r.id} className="console-queue__item" data-testid="queue-item" data-request-id={r.id}>
              <div className="console-queue__who">
                <span className="console-queue__pos">{i + 1}</span>
                <div>
                  <p className="console-queue__label" data-testid="queue-label">
                    {label}
                  </p>
                  <p className="muted">
                    {r.topic || t('consoleQueue.noTopic')} · {formatTime(r.requestedAt, i18n.language)}
                  </p>
                </div>
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={pending}
                  aria-label={t('consoleQueue.grantLabel', { label })}
                  data-testid="queue-grant"
                  onClick={() => run(() => act({ type: 'speak.grant', requestId: r.id }))}
                >
                  {t('consoleQueue.grant')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost icon-only"
                  disabled={pending || i === 0}
                  aria-label={t('consoleQueue.upLabel', { label })}
                  onClick={() => move(r.id, -1, label)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn--ghost icon-only"
                  disabled={pending || i === live.queue.length - 1}
                  aria-label={t('consoleQueue.downLabel', { label })}
                  onClick={() => move(r.id, 1, label)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn--ghost"
                  disabled={pending}
                  aria-label={t('consoleQueue.rejectLabel', { label })}
                  data-testid="queue-reject"
                  onClick={() => run(() => act({ type: 'speak.reject', requestId: r.id, reason: '' }))}
                >
                  {t('consoleQueue.reject')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="sr-only" aria-live="polite">
        {moved}
      </div>
      {hands.length > 0 && (
        <>
          <h3 className="live-h3">{t('consoleQueue.hands', { count: hands.length })}</h3>
          <ul className="hands">
            {hands.map(([key]) => (
              <li key={key} className="hands__item" data-testid="hand-item">
                <span>
                  <HandIcon size="1em" className="hands__icon" /> {actorName(live, participants, key)}
                </span>
                <button
                  type="button"
                  className="btn btn--ghost"
                  onClick={() => void act({ type: 'hand.lower', actorKey: key })}
                >
                  {t('consoleQueue.lowerHand')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
