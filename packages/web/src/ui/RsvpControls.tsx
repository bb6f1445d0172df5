// My answer to an invitation: Tham dự / Vắng có lý do (with a reason) / Không tham dự; the
// current answer is pressed, and the result is announced.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { rsvp } from '../lib/api/meetings';
import type { RsvpStatus } from '../lib/api/types';
import { errorKey } from '../lib/form-errors';
import { ApiError } from '../lib/api/client';

type Answer = Exclude<RsvpStatus, 'pending'>;

interface Props {
  meetingId: string;
  status: RsvpStatus | null;
  title: string;
  onChange?: (status: RsvpStatus) => void;
}

export function RsvpControls({ meetingId, status, title, onChange }: Props): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [current, setCurrent] = useState(status);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (next: Answer, why?: string): Promise<void> => {
    setBusy(true);
    try {
      await rsvp(meetingId, next, why);
      setCurrent(next);
      setAsking(false);
      setMessage(t('rsvp.saved', { status: t(`rsvp.${next}`) }));
      onChange?.(next);
    } catch (e) {
      setMessage(t(errorKey(e instanceof ApiError ? e.code : 'internal')));
    } finally {
      setBusy(false);
    }
  };
  const submitReason = (e: FormEvent): void => {
    e.preventDefault();
    if (reason.trim()) void send('absent_with_reason', reason.trim());
    else setMessage(t('rsvp.reasonRequired'));
  };
  const choice = (s: Answer, label: string, testId: string): ReactElement => (
    <button
      type="button"
      className={`btn btn--choice rsvp-choice--${s}`}
      aria-pressed={current === s}
      disabled={busy}
      onClick={() => (s === 'absent_with_reason' ? setAsking(true) : void send(s))}
      data-testid={testId}
    >
      {label}
    </button>
  );
  return (
    <div className="rsvp">
      <div className="rsvp__buttons" role="group" aria-label={t('rsvp.groupLabel', { title })}>
        {choice('accepted', t('rsvp.accept'), 'rsvp-accept')}
        {choice('absent_with_reason', t('rsvp.absent'), 'rsvp-absent')}
        {choice('declined', t('rsvp.decline'), 'rsvp-decline')}
      </div>
      {asking && (
        <form className="rsvp__reason" onSubmit={submitReason}>
          <label htmlFor={`${id}-reason`}>{t('rsvp.reasonLabel')}</label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            maxLength={500}
            autoFocus
            data-testid="rsvp-reason"
          />
          <div className="row">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="rsvp-reason-send">
              {t('rsvp.send')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <p className="status-line" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
}
