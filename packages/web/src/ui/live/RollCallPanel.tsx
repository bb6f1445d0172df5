// Điểm danh at a bridge point, for its operator: the head count with big − / + buttons and the
// invitees sitting in the room to tick, sent to the chair in one press.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/vntime';
import { inviteesForPoint } from '../../state/live-logic';
import { parseCount } from '../../state/live-votes';
import { useLive, usePending } from './context';

export function RollCallPanel({ pointId }: { pointId: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const { live, act } = useLive();
  const reported = live.points[pointId];
  const [count, setCount] = useState(String(reported?.headCount ?? 0));
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(reported?.presentPersonIds ?? []));
  const [invalid, setInvalid] = useState(false);
  const [pending, run] = usePending();
  const invitees = inviteesForPoint(live, pointId);
  const n = parseCount(count);
  const step = (d: number): void => setCount(String(Math.max(0, Math.min(10_000, (n ?? 0) + d))));
  const toggle = (id: string): void =>
    setTicked((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (n === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    // NOTE: the people ticked are in the room, so the head count is at least their number.
    const headCount = Math.max(n, ticked.size);
    setCount(String(headCount));
    run(() =>
      act({ type: 'attendance.report', bridgePointId: pointId, headCount, presentPersonIds: [...ticked] }),
    );
  };
  return (
    <form className="live-section rollcall" onSubmit={submit} noValidate data-testid="rollcall-panel">
      <p className="muted">{t('liveRoll.hint')}</p>
      <div className="stepper" role="group" aria-labelledby="rollcall-count-label">
        <span id="rollcall-count-label" className="field__label">
          {t('liveRoll.headCount')}
        </span>
        <button
          type="button"
          className="stepper__btn"
          aria-label={t('liveRoll.minus')}
          onClick={() => step(-1)}
        >
          −
        </button>
        <input
          className="stepper__input"
          type="number"
          inputMode="numeric"
          min={0}
          max={10000}
          value={count}
          aria-labelledby="rollcall-count-label"
          aria-invalid={invalid}
          onChange={(e) => setCount(e.target.value)}
          data-testid="rollcall-count"
        />
        <button
          type="button"
          className="stepper__btn"
          aria-label={t('liveRoll.plus')}
          onClick={() => step(1)}
        >
          +
        </button>
      </div>
      {invalid && (
        <p className="field-error" role="alert">
          {t('liveRoll.invalid')}
        </p>
      )}
      {invitees.length > 0 && (
        <fieldset className="rollcall__people">
          <legend>{t('liveRoll.ticked', { count: ticked.size })}</legend>
          {invitees.map((p) => (
            <label key={p.personId} className="check">
              <input
                type="checkbox"
                checked={ticked.has(p.personId)}
                onChange={() => toggle(p.personId)}
                data-testid={`rollcall-person-${p.personId}`}
              />
              <span>{p.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <button
        type="submit"
        className="btn btn--primary btn--large"
        disabled={pending}
        data-testid="rollcall-send"
      >
        {t('liveRoll.send')}
      </button>
      {reported?.reportedAt && (
        <p className="live-ok" role="status" data-testid="rollcall-sent">
          {t('liveRoll.sent', {
            count: reported.headCount,
            time: formatTime(reported.reportedAt, i18n.language),
          })}
        </p>
      )}
    </form>
  );
}
