// A vote's result as horizontal bars in plain CSS, every number also in text (screen readers read
// a list: "Tán thành: 27 phiếu, 84%"), with the verdict of a motion and the quorum.
import type { Vote } from '@diemcau/protocol';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { resultRows } from '../../state/live-votes';

export function ResultChart({ vote, live = false }: { vote: Vote; live?: boolean }): ReactElement | null {
  const { t } = useTranslation();
  const rows = resultRows(vote);
  if (!rows) return null;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const result = vote.result;
  return (
    <figure className="result" data-testid="vote-result" data-vote-id={vote.id}>
      <figcaption className="result__caption">
        {live ? t('liveVote.liveCounts') : t('liveVote.resultTitle')}
      </figcaption>
      <ul className="result__rows">
        {rows.map((r) => (
          <li
            key={r.optionId}
            className={`result__row result__row--${r.optionId}`}
            data-testid="vote-result-row"
            data-option={r.optionId}
            data-count={r.count}
          >
            <span className="result__label">
              {r.label}
              {r.correct && <span className="tag tag--correct">{t('liveVote.correct')}</span>}
            </span>
            <span className="result__bar" aria-hidden="true">
              <span className="result__fill" style={{ width: `${(r.count / max) * 100}%` }} />
            </span>
            <span className="result__num">
              <strong data-testid="vote-result-count">{r.count}</strong>{' '}
              <span className="result__pct">({r.percent}%)</span>
            </span>
          </li>
        ))}
      </ul>
      {result && (
        <p className="result__summary" data-testid="vote-summary">
          {t('liveVote.castOf', { cast: result.cast, eligible: result.eligible })}
          {' · '}
          {result.quorumMet ? t('liveVote.quorumMet') : t('liveVote.quorumNotMet')}
          {result.passed !== null && (
            <strong className={`result__verdict result__verdict--${result.passed ? 'yes' : 'no'}`}>
              {result.passed ? t('liveVote.passed') : t('liveVote.failed')}
            </strong>
          )}
        </p>
      )}
    </figure>
  );
}
