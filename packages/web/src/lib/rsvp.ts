// Answering a giấy mời (signed in or through the personal e-mail link): the reason rule of
// "Vắng có lý do", the request body, and what a failed call means for the screen.
import { ApiError } from './api/client';
import type { RsvpStatus } from './api/types';
import { formFailure, type FormFailure } from './form-errors';
import { formatDate, formatTime } from './vntime';

/** An answer a person can give (never back to "pending"). */
export type RsvpAnswer = Exclude<RsvpStatus, 'pending'>;

/** Longest reason the server accepts (RsvpInputSchema, after trimming). */
export const RSVP_REASON_MAX = 500;

/** i18n key of what is wrong with the reason for `status`, or null when it may be sent. */
export function reasonError(status: RsvpAnswer, reason: string): string | null {
  if (status !== 'absent_with_reason') return null;
  const r = reason.trim();
  if (!r) return 'rsvp.reasonRequired';
  if (r.length > RSVP_REASON_MAX) return 'rsvp.reasonTooLong';
  return null;
}

/** The body of an RSVP request: the reason only with "Vắng có lý do", trimmed. */
export function rsvpBody(status: RsvpAnswer, reason?: string): { status: RsvpAnswer; reason?: string } {
  const r = reason?.trim();
  return status === 'absent_with_reason' && r ? { status, reason: r } : { status };
}

/**
 * Whether an error of the personal link means the link itself is no good: unknown, expired or
 * withdrawn (the server answers all three with not_found) or not even a well-formed token.
 */
export function isDeadLink(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.code === 'not_found' || (err.code === 'validation_failed' && err.field === 'token');
}

/** A failed answer as a form: a server complaint about `reason` sits next to that field. */
export function rsvpFailure(err: unknown): FormFailure {
  const f = formFailure(err, ['reason']);
  if (f.fields.reason) return { fields: { reason: 'rsvp.reasonInvalid' }, general: null };
  // The only conflict an answer meets: the meeting was cancelled meanwhile.
  if (err instanceof ApiError && err.code === 'conflict')
    return { fields: {}, general: 'rsvpPage.cancelled' };
  return f;
}

/** When the meeting is, in Vietnam time: "08:00–10:00, Thứ Năm, 26/11/2026". */
export function invitationWhen(startsAt: string, minutes: number, lang: string): string {
  const end = new Date(Date.parse(startsAt) + minutes * 60_000);
  return `${formatTime(startsAt, lang)}–${formatTime(end, lang)}, ${formatDate(startsAt, lang)}`;
}

/** Whether the invitation can still be answered (the server refuses a cancelled meeting). */
export const canAnswer = (meetingStatus: string): boolean =>
  meetingStatus !== 'cancelled' && meetingStatus !== 'ended';
