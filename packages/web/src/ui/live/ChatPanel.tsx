// Meeting chat: messages to everyone and private ones to the chair (shown only to moderators and
// their sender), a "to" switch and a line to type. Text is rendered as text by React — never as
// HTML — so "<b>" in a message shows as "<b>".
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/vntime';
import { useLive, usePending } from './context';

export function ChatPanel(): ReactElement {
  const { t, i18n } = useTranslation();
  const { live, self, act } = useLive();
  const [text, setText] = useState('');
  const [to, setTo] = useState<'all' | 'chair'>('all');
  const [pending, run] = usePending();
  const list = useRef<HTMLOListElement>(null);
  const count = live.chat.length;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = text.trim();
    if (body === '') return;
    run(async () => {
      if (await act({ type: 'chat.send', to, text: body })) setText('');
    });
  };
  return (
    <div className="live-section chat" data-testid="chat-panel">
      {count === 0 ? (
        <p className="muted">{t('liveChat.empty')}</p>
      ) : (
        <ol className="chat__list" ref={list} aria-label={t('liveChat.messages')} data-testid="chat-list">
          {live.chat.map((m) => (
            <li
              key={m.id}
              className={`chat__msg ${m.to === 'chair' ? 'chat__msg--private' : ''} ${m.from.key === self.actorKey ? 'chat__msg--mine' : ''}`}
              data-testid="chat-message"
            >
              <p className="chat__meta">
                <strong>
                  {m.from.bridgePoint && m.from.bridgePoint !== m.from.name
                    ? `${m.from.bridgePoint} – ${m.from.name}`
                    : m.from.name}
                </strong>
                {m.to === 'chair' && <span className="tag tag--private">{t('liveChat.toChairTag')}</span>}
                <time dateTime={m.at}>{formatTime(m.at, i18n.language)}</time>
              </p>
              <p className="chat__text">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="chat__form" onSubmit={submit}>
        <fieldset className="chat__to">
          <legend className="sr-only">{t('liveChat.to')}</legend>
          <label>
            <input type="radio" name="chat-to" checked={to === 'all'} onChange={() => setTo('all')} />
            {t('liveChat.toAll')}
          </label>
          <label>
            <input
              type="radio"
              name="chat-to"
              checked={to === 'chair'}
              onChange={() => setTo('chair')}
              data-testid="chat-to-chair"
            />
            {t('liveChat.toChair')}
          </label>
        </fieldset>
        <div className="chat__line">
          <label className="sr-only" htmlFor="chat-input">
            {t('liveChat.label')}
          </label>
          <input
            id="chat-input"
            value={text}
            maxLength={1000}
            autoComplete="off"
            placeholder={t('liveChat.placeholder')}
            onChange={(e) => setText(e.target.value)}
            data-testid="chat-input"
          />
          <button
            type="submit"
            className="btn btn--primary"
            disabled={pending || text.trim() === ''}
            data-testid="chat-send"
          >
            {t('liveChat.send')}
          </button>
        </div>
      </form>
    </div>
  );
}
