// My answer to an invitation: Tham dự / Vắng có lý do (with a reason) / Không tham dự; the
// current answer is pressed, and the result is announced. Signed in it answers through the
// meeting; the personal e-mail link page passes its own `submit`.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { rsvp } from '../lib/api/meetings';
import type { RsvpStatus } from '../lib/api/types';
import { reasonError, RSVP_REASON_MAX, rsvpBody, rsvpFailure, type RsvpAnswer } from '../lib/rsvp';

interface Props {
  meetingId: string;
  status: RsvpStatus | null;
  title: string;
  /** The reason given earlier, to edit when answering "Vắng có lý do" again. */
  reason?: string | null;
  /** Sends the answer; by default POST /api/meetings/:id/rsvp. */
  submit?: (status: RsvpAnswer, reason?: string) => Promise<unknown>;
  /** No answers yet (e.g. while the session is still being read). */
  disabled?: boolean;
  onChange?: (status: RsvpAnswer, reason: string | null) => void;
}

export function RsvpControls(props: Props): ReactElement {
  const { meetingId, status, title, onChange, disabled = false } = props;
  const { t } = useTranslation();
  const id = useId();
  const [current, setCurrent] = useState(status);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState(props.reason ?? '');
  const [reasonErr, setReasonErr] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (next: RsvpAnswer): Promise<void> => {
    const body = rsvpBody(next, reason);
    setBusy(true);
    setError(null);
    setReasonErr(null);
    setSaved('');
    try {
      await (props.submit ?? ((s, r) => rsvp(meetingId, s, r)))(body.status, body.reason);
      setCurrent(next);
      setAsking(false);
      setSaved(t('rsvp.saved', { status: t(`rsvp.${next}`) }));
      onChange?.(next, body.reason ?? null);
    } catch (e) {
      const failure = rsvpFailure(e);
      if (failure.fields.reason) {
        setAsking(true);
        setReasonErr(failure.fields.reason);
      } else setError(failure.general);
    } finally {
      setBusy(false);
    }
  };
  const submitReason = (e: FormEvent): void => {
    e.preventDefault();
    const problem = reasonError('absent_with_reason', reason);
    setReasonErr(problem);
    if (!problem) void send('absent_with_reason');
  };
  const choice = (s: RsvpAnswer, label: string, testId: string): ReactElement => (
    <button
      type="button"
      className={`btn btn--choice rsvp-choice--${s}`}
      aria-pressed={current === s}
      aria-expanded={s === 'absent_with_reason' ? asking : undefined}
      disabled={busy || disabled}
      onClick={() => (s === 'absent_with_reason' ? setAsking(true) : void send(s))}
      data-testid={testId}
    >
      {label}
    </button>
  );
  const reasonId = `${id}-reason`;
  return (
    <div className="rsvp">
      <div className="rsvp__buttons" role="group" aria-label={t('rsvp.groupLabel', { title })}>
        {choice('accepted', t('rsvp.accept'), 'rsvp-accept')}
        {choice('absent_with_reason', t('rsvp.absent'), 'rsvp-absent')}
        {choice('declined', t('rsvp.decline'), 'rsvp-decline')}
      </div>
      {asking && (
        <form className="rsvp__reason" onSubmit={submitReason} noValidate>
          <label htmlFor={reasonId}>{t('rsvp.reasonLabel')}</label>
          <textarea
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            maxLength={RSVP_REASON_MAX}
            required
            aria-invalid={reasonErr ? true : undefined}
            aria-describedby={`${reasonId}-count${reasonErr ? ` ${reasonId}-error` : ''}`}
            autoFocus
            data-testid="rsvp-reason"
          />
          <p className="field__hint rsvp__count" id={`${reasonId}-count`}>
            {t('rsvp.reasonCount', { count: reason.trim().length, max: RSVP_REASON_MAX })}
          </p>
          {reasonErr && (
            <p className="field__error" id={`${reasonId}-error`} data-testid="rsvp-reason-error">
              {t(reasonErr, { max: RSVP_REASON_MAX })}
            </p>
          )}
          <div className="row">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={busy || disabled}
              data-testid="rsvp-reason-send"
            >
              {t('rsvp.send')}
            </button>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => {
                setAsking(false);
                setReasonErr(null);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="field__error" role="alert" data-testid="rsvp-error">
          {t(error)}
        </p>
      )}
      <p className="status-line" role="status" aria-live="polite">
        {saved && <span data-testid="rsvp-done">{saved}</span>}
      </p>
    </div>
  );
}
