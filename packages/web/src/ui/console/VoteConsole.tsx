// The chair's votes: a form to open a motion (tán thành / không tán thành / không biểu quyết), a
// poll or a quiz — named or secret, per person or per bridge point (show of hands), majority rule —
// then every vote with its progress, close, publish and the result chart.
import type { MajorityRule, VoteKind, VoteScope } from '@diemcau/protocol';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { emptyVoteForm, voteOpenAction, type VoteForm } from '../../state/live-votes';
import { useLive, usePending } from '../live/context';
import { VotesList } from '../live/LiveSidebar';

const KINDS: VoteKind[] = ['motion', 'poll', 'quiz'];
const MAJORITIES: MajorityRule[] = ['more_than_half_eligible', 'simple', 'two_thirds_eligible'];
const SCOPES: VoteScope[] = ['person', 'point'];

function OpenVoteForm({ onDone }: { onDone: () => void }): ReactElement {
  const { t } = useTranslation();
  const { act, live } = useLive();
  const [form, setForm] = useState<VoteForm>(() => ({
    ...emptyVoteForm(),
    kind: live.context.training ? 'quiz' : 'motion',
  }));
  const [error, setError] = useState<string | null>(null);
  const [pending, run] = usePending();
  const set = (patch: Partial<VoteForm>): void => setForm((f) => ({ ...f, ...patch }));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const built = voteOpenAction(form);
    if (!built.ok) {
      setError(t(`consoleVote.err_${built.field}`));
      return;
    }
    setError(null);
    run(async () => {
      if (await act(built.action)) {
        setForm(emptyVoteForm());
        onDone();
      }
    });
  };
  return (
    <form className="vote-form" onSubmit={submit} noValidate data-testid="vote-open-form">
      <label className="field">
        <span className="field__label">{t('consoleVote.titleLabel')}</span>
        <input
          value={form.title}
          maxLength={300}
          placeholder={t('consoleVote.titlePlaceholder')}
          onChange={(e) => set({ title: e.target.value })}
          data-testid="vote-title"
        />
      </label>
      <fieldset className="seg">
        <legend className="field__label">{t('consoleVote.kind')}</legend>
        {KINDS.map((k) => (
          <label key={k} className="seg__opt">
            <input
              type="radio"
              name="vote-kind"
              checked={form.kind === k}
              onChange={() => set({ kind: k })}
            />
            {t(`liveVote.kind_${k}`)}
          </label>
        ))}
      </fieldset>
      {form.kind !== 'motion' && (
        <fieldset className="vote-form__options">
          <legend className="field__label">{t('consoleVote.options')}</legend>
          {form.options.map((o, i) => (
            <div key={i} className="vote-form__option">
              <input
                value={o}
                maxLength={160}
                aria-label={t('consoleVote.optionN', { n: i + 1 })}
                onChange={(e) => set({ options: form.options.map((x, j) => (j === i ? e.target.value : x)) })}
              />
              {form.kind === 'quiz' && (
                <label className="check">
                  <input
                    type="radio"
                    name="vote-correct"
                    checked={form.correct === i}
                    onChange={() => set({ correct: i })}
                  />
                  {t('liveVote.correct')}
                </label>
              )}
            </div>
          ))}
          {form.options.length < 10 && (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => set({ options: [...form.options, ''] })}
            >
              + {t('consoleVote.addOption')}
            </button>
          )}
        </fieldset>
      )}
      <fieldset className="seg">
        <legend className="field__label">{t('consoleVote.scope')}</legend>
        {SCOPES.map((s) => (
          <label key={s} className="seg__opt">
            <input
              type="radio"
              name="vote-scope"
              checked={form.scope === s}
              onChange={() => set({ scope: s, secret: s === 'point' ? false : form.secret })}
              data-testid={`vote-scope-${s}`}
            />
            {t(`consoleVote.scope_${s}`)}
          </label>
        ))}
      </fieldset>
      {form.scope === 'person' && (
        <label className="check">
          <input type="checkbox" checked={form.secret} onChange={(e) => set({ secret: e.target.checked })} />
          {t('consoleVote.secretLabel')}
        </label>
      )}
      {form.kind === 'motion' && (
        <label className="field">
          <span className="field__label">{t('consoleVote.majority')}</span>
          <select value={form.majority} onChange={(e) => set({ majority: e.target.value as MajorityRule })}>
            {MAJORITIES.map((m) => (
              <option key={m} value={m}>
                {t(`consoleVote.majority_${m}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="btn btn--primary btn--large"
        disabled={pending}
        data-testid="vote-open"
      >
        {t('consoleVote.open')}
      </button>
    </form>
  );
}

export function VoteConsole(): ReactElement {
  const { t } = useTranslation();
  const { live } = useLive();
  const [showForm, setShowForm] = useState(false);
  const anyOpen = live.votes.some((v) => v.status === 'open');
  return (
    <div className="live-section" data-testid="console-votes">
      {showForm ? (
        <>
          <OpenVoteForm onDone={() => setShowForm(false)} />
          <button type="button" className="btn btn--ghost" onClick={() => setShowForm(false)}>
            {t('common.cancel')}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn btn--primary btn--large"
          disabled={live.status === 'ended'}
          title={anyOpen ? t('consoleVote.oneOpen') : undefined}
          onClick={() => setShowForm(true)}
          data-testid="vote-new"
        >
          + {t('consoleVote.new')}
        </button>
      )}
      <VotesList console />
    </div>
  );
}
