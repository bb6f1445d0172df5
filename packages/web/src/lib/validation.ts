// Client-side checks that mirror the server's rules, so a form says what is wrong before sending.
import { PASSWORD_MIN_LENGTH } from './api/contract';
import type { FieldErrors } from './form-errors';

/** Own password change: current given, new long enough, not all digits, not the username, confirmed. */
export function validatePasswordChange(
  v: { current: string; next: string; confirm: string },
  username: string,
): FieldErrors {
  const e: FieldErrors = {};
  if (!v.current) e.current = 'form.required';
  if (v.next.length < PASSWORD_MIN_LENGTH) e.next = 'account.errShort';
  else if (/^\d+$/.test(v.next)) e.next = 'account.errDigits';
  else if (username && v.next.toLowerCase() === username.toLowerCase()) e.next = 'account.errUsername';
  else if (v.next === v.current) e.next = 'account.errSame';
  if (!e.next && v.confirm !== v.next) e.confirm = 'account.errConfirm';
  return e;
}

/** A pairing code as the admin types it: spaces and dashes ignored, case-insensitive. */
export const normalizePairingCode = (s: string): string => s.replace(/[\s-]/g, '').toUpperCase();
