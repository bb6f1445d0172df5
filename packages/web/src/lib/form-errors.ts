// Where an error belongs on a form: a server ApiError with `field`, or a zod issue path, becomes
// a message next to that input; anything else becomes the form's general alert.
import { ApiError } from './api/client';

/** Field name → i18n key (or text) of its message. */
export type FieldErrors = Record<string, string>;

export interface FormFailure {
  fields: FieldErrors;
  /** i18n key of the message shown above the form, or null when every error sits on a field. */
  general: string | null;
  /** Extra interpolation values (e.g. minutes of a lockout). */
  values?: Record<string, number | string>;
}

/** The i18n key of an error code: `errors.<code>`. */
export const errorKey = (code: string): string => `errors.${code}`;

/**
 * Maps an error to a form. `aliases` maps server field paths to form fields (e.g. `startsAt` →
 * `date`); a field path like `agenda.2.title` falls back to its first segment when not known.
 */
export function formFailure(
  err: unknown,
  known: readonly string[],
  aliases: Record<string, string> = {},
): FormFailure {
  if (!(err instanceof ApiError)) return { fields: {}, general: errorKey('internal') };
  const field = err.field ? resolveField(err.field, known, aliases) : null;
  if (field) return { fields: { [field]: errorKey(err.code) }, general: null };
  if (err.code === 'account_locked' && err.retryAfterSeconds !== null)
    return {
      fields: {},
      general: 'login.lockedFor',
      values: { minutes: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) },
    };
  return { fields: {}, general: errorKey(err.code) };
}

/** The form field a server path belongs to, or null. */
export function resolveField(
  path: string,
  known: readonly string[],
  aliases: Record<string, string> = {},
): string | null {
  const candidates = [path, path.split('.')[0] ?? path];
  for (const c of candidates) {
    const alias = aliases[c];
    if (alias) return alias;
    if (known.includes(c)) return c;
  }
  return null;
}

/** zod issues (from safeParse) as field errors with generic messages. */
export function zodFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; code: string }[],
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    if (!field || out[field]) continue;
    out[field] =
      issue.code === 'too_small'
        ? 'form.required'
        : issue.code === 'too_big'
          ? 'form.tooLong'
          : 'form.invalid';
  }
  return out;
}
