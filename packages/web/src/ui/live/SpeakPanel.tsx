// "Đăng ký phát biểu" for everyone: who speaks now (with the running time), the queue in order, my
// own requests (withdraw), the request form — a bridge point may ask on behalf of a named person
// sitting in its room — and raise hand.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, inviteesForPoint, pointIdOf, requestLabel } from '../../state/live-logic';
import { useLive, useNow, usePending } from './context';
import { HandIcon } from '../icons';

/** Who has the floor, and for how long. */
export function CurrentSpeech(): ReactElement | null {
  const { t } = useTranslation();
  const { live } = useLive();
  const now = useNow();
  const speech = live.current;
  if (!speech) return null;
  return (
    <div className="current-speech" data-testid="current-speech">
      <span className="current-speech__dot" aria-hidden="true" />
      <div>
        <p className="current-speech__who">
          {t('liveSpeak.speakingNow')} <strong data-testid="current-speaker">{speech.label}</strong>
        </p>
        {speech.topic && <p className="current-speech__topic">{speech.topic}</p>}
      </div>
      <time className="current-speech__timer" role="timer" aria-label={t('liveSpeak.timerLabel')}>
        {formatDuration(now - Date.parse(speech.startedAt))}
      </time>
    </div>
  );
}

const OTHER = '__other__';

function RequestForm(): ReactElement {
  const { t } = useTranslation();
  const { live, self, act } = useLive();
  const pointId = pointIdOf(self.actorKey);
  const invitees = inviteesForPoint(live, pointId);
  const [who, setWho] = useState(pointId ? '' : 'self');
  const [otherName, setOtherName] = useState('');
  const [topic, setTopic] = useState('');
  const [missing, setMissing] = useState(false);
  const [pending, run] = usePending();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    let onBehalfOf: { personId: string | null; name: string } | null = null;
    if (who === OTHER) {
      if (otherName.trim() === '') {
        setMissing(true);
        return;
      }
      onBehalfOf = { personId: null, name: otherName.trim() };
    } else if (who !== '' && who !== 'self') {
      const p = invitees.find((i) => i.personId === who);
      if (p) onBehalfOf = { personId: p.personId, name: p.name };
    }
    setMissing(false);
    run(async () => {
      if (await act({ type: 'speak.request', onBehalfOf, topic: topic.trim() })) {
        setTopic('');
        setOtherName('');
      }
    });
  };
  return (
    <form className="speak-form" onSubmit={submit} noValidate data-testid="speak-form">
      {pointId !== null && (
        <label className="field">
          <span className="field__label">{t('liveSpeak.onBehalf')}</span>
          <select value={who} onChange={(e) => setWho(e.target.value)} data-testid="speak-on-behalf">
            <option value="">{t('liveSpeak.thePoint')}</option>
            {invitees.map((p) => (
              <option key={p.personId} value={p.personId}>
                {p.name}
              </option>
            ))}
            <option value={OTHER}>{t('liveSpeak.someoneElse')}</option>
          </select>
        </label>
      )}
      {who === OTHER && (
        <label className="field">
          <span className="field__label">{t('liveSpeak.otherName')}</span>
          <input
            value={otherName}
            maxLength={160}
            aria-invalid={missing}
            onChange={(e) => setOtherName(e.target.value)}
            data-testid="speak-other-name"
          />
          {missing && (
            <span className="field-error" role="alert">
              {t('liveSpeak.nameRequired')}
            </span>
          )}
        </label>
      )}
      <label className="field">
        <span className="field__label">{t('liveSpeak.topic')}</span>
        <input
          value={topic}
          maxLength={300}
          placeholder={t('liveSpeak.topicPlaceholder')}
          onChange={(e) => setTopic(e.target.value)}
          data-testid="speak-topic"
        />
      </label>
      <button
        type="submit"
        className="btn btn--primary btn--large"
        disabled={pending}
        data-testid="speak-request"
      >
        {t('liveSpeak.request')}
      </button>
    </form>
  );
}

export function HandButton(): ReactElement {
  const { t } = useTranslation();
  const { live, self, act } = useLive();
  const [pending, run] = usePending();
  const raised = self.actorKey in live.hands;
  return (
    <button
      type="button"
      className={`btn btn--large ${raised ? 'btn--gold' : 'btn--ghost'}`}
      aria-pressed={raised}
      disabled={pending}
      data-testid="hand-raise"
      onClick={() => run(() => act({ type: 'hand.raise', raised: !raised }))}
    >
      <HandIcon /> {raised ? t('live.hand_lower') : t('live.hand_raise')}
    </button>
  );
}

export function SpeakPanel(): ReactElement {
  const { t } = useTranslation();
  const { live, self, act } = useLive();
  const mine = live.queue.filter((r) => r.by.key === self.actorKey);
  return (
    <div className="live-section" data-testid="speak-panel">
      <CurrentSpeech />
      {mine.length > 0 && (
        <ul className="my-requests" aria-label={t('liveSpeak.mine')}>
          {mine.map((r) => (
            <li key={r.id} className="my-request" data-testid="my-request">
              <span>
                {t('liveSpeak.waitingAt', { position: live.queue.indexOf(r) + 1 })}{' '}
                <strong>{requestLabel(r)}</strong>
                {r.topic && <span className="muted"> — {r.topic}</span>}
              </span>
              <button
                type="button"
                className="btn btn--ghost"
                onClick={() => void act({ type: 'speak.withdraw', requestId: r.id })}
              >
                {t('liveSpeak.withdraw')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <RequestForm />
      <HandButton />
      <h3 className="live-h3">{t('liveSpeak.queue', { count: live.queue.length })}</h3>
      {live.queue.length === 0 ? (
        <p className="muted">{t('liveSpeak.queueEmpty')}</p>
      ) : (
        <ol className="queue-list" data-testid="queue-public">
          {live.queue.map((r) => (
            <li key={r.id}>
              {requestLabel(r)}
              {r.topic && <span className="muted"> — {r.topic}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
