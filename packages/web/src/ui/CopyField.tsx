// A read-only value with a "Sao chép" button that announces when the value was copied.
import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

export function CopyField({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  testId?: string;
}): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [done, setDone] = useState('');
  const copy = (): void => {
    void navigator.clipboard.writeText(value).then(
      () => setDone(t('common.copied')),
      () => setDone(t('common.copyFailed')),
    );
  };
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field__row">
        <input id={id} value={value} readOnly onFocus={(e) => e.target.select()} data-testid={testId} />
        <button type="button" className="btn btn--ghost" onClick={copy}>
          {t('common.copy')}
        </button>
      </div>
      <p className="status-line" role="status" aria-live="polite">
        {done}
      </p>
    </div>
  );
}
