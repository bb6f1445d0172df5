// Q&A (hỏi đáp) of a training or any meeting: ask a question; the list with answers; the presenter
// and moderators answer in place.
import type { Question } from '@diemcau/protocol';
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { canAnswerQuestions } from '../../state/live-logic';
import { useLive, usePending } from './context';

function AnswerForm({ q }: { q: Question }): ReactElement {
  const { t } = useTranslation();
  const { act } = useLive();
  const [text, setText] = useState(q.answer ?? '');
  const [pending, run] = usePending();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    run(() => act({ type: 'qa.answer', questionId: q.id, answer: text.trim() }));
  };
  return (
    <form className="qa__answer-form" onSubmit={submit}>
      <label className="sr-only" htmlFor={`qa-answer-${q.id}`}>
        {t('liveQa.answerLabel')}
      </label>
      <textarea
        id={`qa-answer-${q.id}`}
        rows={2}
        maxLength={2000}
        value={text}
        placeholder={t('liveQa.answerPlaceholder')}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn btn--primary" disabled={pending}>
        {q.answeredAt ? t('liveQa.update') : t('liveQa.answer')}
      </button>
    </form>
  );
}

export function QaPanel(): ReactElement {
  const { t } = useTranslation();
  const { live, self, act } = useLive();
  const [text, setText] = useState('');
  const [pending, run] = usePending();
  const answerer = canAnswerQuestions(self);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = text.trim();
    if (body === '') return;
    run(async () => {
      if (await act({ type: 'qa.ask', text: body })) setText('');
    });
  };
  const open = live.questions.filter((q) => q.answeredAt === null);
  const answered = live.questions.filter((q) => q.answeredAt !== null);
  return (
    <div className="live-section qa" data-testid="qa-panel">
      <form className="qa__ask" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('liveQa.askLabel')}</span>
          <textarea rows={2} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="btn btn--primary" disabled={pending || text.trim() === ''}>
          {t('liveQa.ask')}
        </button>
      </form>
      {live.questions.length === 0 && <p className="muted">{t('liveQa.empty')}</p>}
      {[...open, ...answered].map((q) => (
        <article key={q.id} className="qa__item" data-answered={q.answeredAt !== null} data-testid="qa-item">
          <p className="qa__q">
            <strong>
              {q.by.bridgePoint && q.by.bridgePoint !== q.by.name
                ? `${q.by.bridgePoint} – ${q.by.name}`
                : q.by.name}
              :
            </strong>{' '}
            {q.text}
          </p>
          {q.answer && (
            <p className="qa__a">
              <span className="tag tag--answered">{t('liveQa.answered')}</span> {q.answer}
            </p>
          )}
          {answerer && <AnswerForm q={q} />}
        </article>
      ))}
    </div>
  );
}
