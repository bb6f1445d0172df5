// Form pieces shared by every editor: a labelled field with hint and error (wired with
// aria-describedby / aria-invalid), the form's alert, and a status line announced politely.
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormFailure } from '../lib/form-errors';
import { AlertIcon } from './icons';

interface FieldProps {
  label: ReactNode;
  /** i18n key or text of the error; shown below the input. */
  error?: string | undefined;
  hint?: ReactNode;
  /** One input, select or textarea; it receives id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  className?: string;
}

export function Field({ label, error, hint, children, className }: FieldProps): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // NOTE: the child's own aria-describedby / aria-invalid (e.g. a form-level error) are kept.
  const own = children.props;
  const ownDescription = typeof own['aria-describedby'] === 'string' ? own['aria-describedby'] : null;
  const describedBy =
    [ownDescription, hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : own['aria-invalid'],
        'aria-describedby': describedBy,
      })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {t(error)}
        </p>
      )}
    </div>
  );
}

/** The form-level error, announced as an alert. */
export function FormAlert({ failure }: { failure: FormFailure | null }): ReactElement | null {
  const { t } = useTranslation();
  if (!failure?.general) return null;
  return (
    <div className="alert alert--error" role="alert" data-testid="form-error">
      <AlertIcon />
      <p>{t(failure.general, failure.values ?? {})}</p>
    </div>
  );
}

/** A polite live region for "Đã lưu" and similar confirmations. */
export function Status({ text, testId }: { text: string | null; testId?: string }): ReactElement {
  return (
    <p className="status-line" role="status" aria-live="polite" data-testid={testId}>
      {text ?? ''}
    </p>
  );
}

/** A page-level loading / error line for data screens. */
export function LoadState({ status, error }: { status: string; error: unknown }): ReactElement | null {
  const { t } = useTranslation();
  if (status === 'loading')
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  if (status === 'error') {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'internal';
    return (
      <div className="alert alert--error" role="alert">
        <AlertIcon />
        <p>{t(`errors.${code}`)}</p>
      </div>
    );
  }
  return null;
}
