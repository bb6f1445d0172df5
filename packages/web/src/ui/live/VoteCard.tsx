// One vote, poll or quiz: title and rules, progress, big ballot buttons (Tán thành / Không tán
// thành / Không biểu quyết) for a person, the show-of-hands count form for a bridge point, the
// chart once published; in the chair console also who has voted, live counts, close and publish.
import type { Vote } from '@diemcau/protocol';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { actorName, pointIdOf } from '../../state/live-logic';
import { canCast, canCount, hasLiveCounts, parseCount, voteProgress } from '../../state/live-votes';
import { usePending, useLive } from './context';
import { ResultChart } from './ResultChart';

function PointCountForm({ vote, pointId }: { vote: Vote; pointId: string }): ReactElement {
  const { t } = useTranslation();
  const { act, live } = useLive();
  const sent = vote.voters.includes(`point:${pointId}`);
  const heads = live.points[pointId]?.headCount ?? 0;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(vote.options.map((o) => [o.id, ''])),
  );
  const [invalid, setInvalid] = useState(false);
  const [pending, run] = usePending();
  const counts = Object.fromEntries(vote.options.map((o) => [o.id, parseCount(values[o.id] ?? '')]));
  const total = Object.values(counts).reduce<number>((n, c) => n + (c ?? 0), 0);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (Object.values(counts).some((c) => c === null)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const clean = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v ?? 0]));
    run(() => act({ type: 'vote.count', voteId: vote.id, bridgePointId: pointId, counts: clean }));
  };
  return (
    <form className="count-form" onSubmit={submit} noValidate data-testid="vote-count-form">
      <p className="count-form__hint">{t('liveVote.countHint')}</p>
      {vote.options.map((o) => (
        <label key={o.id} className="count-form__row">
          <span>{o.label}</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={10000}
            className="count-form__input"
            value={values[o.id] ?? ''}
            aria-invalid={invalid && counts[o.id] === null}
            data-testid={`vote-count-${o.id}`}
            onChange={(e) => setValues((v) => ({ ...v, [o.id]: e.target.value }))}
          />
        </label>
      ))}
      <p className="count-form__total" aria-live="polite">
        {t('liveVote.countTotal', { total, heads })}
      </p>
      {invalid && (
        <p className="field-error" role="alert">
          {t('liveVote.countInvalid')}
        </p>
      )}
      <button
        type="submit"
        className="btn btn--primary btn--large"
        disabled={pending}
        data-testid="vote-count-submit"
      >
        {sent ? t('liveVote.countResend') : t('liveVote.countSend')}
      </button>
      {sent && (
        <p className="live-ok" role="status" data-testid="vote-count-sent">
          {t('liveVote.countSent')}
        </p>
      )}
    </form>
  );
}

function Ballot({ vote }: { vote: Vote }): ReactElement {
  const { t } = useTranslation();
  const { act } = useLive();
  const [pending, run] = usePending();
  return (
    <div className="ballot" role="group" aria-label={t('liveVote.ballotLabel', { title: vote.title })}>
      {vote.options.map((o) => (
        <button
          key={o.id}
          type="button"
          className={`ballot__btn ballot__btn--${o.id}`}
          disabled={pending}
          data-testid={`ballot-${o.id}`}
          onClick={() => run(() => act({ type: 'vote.cast', voteId: vote.id, optionId: o.id }))}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

function ConsoleVoteControls({ vote }: { vote: Vote }): ReactElement {
  const { t } = useTranslation();
  const { act, live, participants } = useLive();
  const [pending, run] = usePending();
  const names = vote.voters.map((k) => actorName(live, participants, k));
  return (
    <>
      {names.length > 0 && (
        <details className="voters">
          <summary>{t('liveVote.whoVoted', { count: names.length })}</summary>
          <p className="voters__names" data-testid="vote-voters">
            {names.join(', ')}
          </p>
        </details>
      )}
      {hasLiveCounts(vote) && <ResultChart vote={vote} live />}
      <div className="row-actions">
        {vote.status === 'open' && (
          <button
            type="button"
            className="btn btn--ghost"
            disabled={pending}
            data-testid="vote-close"
            onClick={() => run(() => act({ type: 'vote.close', voteId: vote.id }))}
          >
            {t('liveVote.close')}
          </button>
        )}
        {vote.status !== 'published' && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={pending || vote.status === 'open'}
            title={vote.status === 'open' ? t('liveVote.closeFirst') : undefined}
            data-testid="vote-publish"
            onClick={() => run(() => act({ type: 'vote.publish', voteId: vote.id }))}
          >
            {t('liveVote.publish')}
          </button>
        )}
      </div>
    </>
  );
}

export function VoteCard({
  vote,
  console: inConsole = false,
}: {
  vote: Vote;
  console?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const { live, self } = useLive();
  const progress = voteProgress(live, vote);
  const pointId = pointIdOf(self.actorKey);
  const voted = vote.voters.includes(self.actorKey);
  const myBallot = vote.ballots?.[self.actorKey];
  const myChoice = vote.options.find((o) => o.id === myBallot)?.label;
  return (
    <article
      className="vote-card"
      data-testid="vote-card"
      data-vote-id={vote.id}
      data-status={vote.status}
      aria-labelledby={`vote-${vote.id}-title`}
    >
      <header className="vote-card__head">
        <h3 id={`vote-${vote.id}-title`} className="vote-card__title">
          {vote.title}
        </h3>
        <p className="vote-card__meta">
          <span className={`tag tag--status tag--${vote.status}`}>{t(`liveVote.status_${vote.status}`)}</span>
          <span>{t(`liveVote.kind_${vote.kind}`)}</span>
          <span>{vote.secret ? t('liveVote.secret') : t('liveVote.named')}</span>
          {vote.scope === 'point' && <span>{t('liveVote.byPoint')}</span>}
        </p>
      </header>
      {vote.status !== 'published' && (
        <p className="vote-card__progress" data-testid="vote-progress">
          {vote.scope === 'point'
            ? t('liveVote.progressPoints', { voted: progress.voted, expected: progress.expected })
            : t('liveVote.progress', { voted: progress.voted, expected: progress.expected })}
        </p>
      )}
      {canCast(vote, self.actorKey) && <Ballot vote={vote} />}
      {voted && vote.scope === 'person' && (
        <p className="live-ok" role="status" data-testid="ballot-done">
          {myChoice ? t('liveVote.youChose', { option: myChoice }) : t('liveVote.youVoted')}
        </p>
      )}
      {pointId !== null && canCount(vote, self.actorKey) && <PointCountForm vote={vote} pointId={pointId} />}
      {vote.status === 'closed' && !inConsole && <p className="muted">{t('liveVote.awaitingResult')}</p>}
      {inConsole && <ConsoleVoteControls vote={vote} />}
      {vote.status === 'published' && <ResultChart vote={vote} />}
    </article>
  );
}
