// Answering a giấy mời: the reason rule, the request body, dead links and where errors go.
import { describe, expect, it } from 'vitest';
import { RsvpInputSchema } from '@diemcau/protocol';
import { ApiError } from './api/client';
import {
  canAnswer,
  invitationWhen,
  isDeadLink,
  reasonError,
  rsvpBody,
  rsvpFailure,
  RSVP_REASON_MAX,
} from './rsvp';

describe('reasonError', () => {
  it('asks for a reason only with "Vắng có lý do"', () => {
    expect(reasonError('accepted', '')).toBeNull();
    expect(reasonError('declined', '  ')).toBeNull();
    expect(reasonError('absent_with_reason', '   ')).toBe('rsvp.reasonRequired');
    expect(reasonError('absent_with_reason', 'Đi công tác')).toBeNull();
  });
  it('allows at most 500 characters after trimming', () => {
    expect(reasonError('absent_with_reason', ` ${'a'.repeat(RSVP_REASON_MAX)} `)).toBeNull();
    expect(reasonError('absent_with_reason', 'a'.repeat(RSVP_REASON_MAX + 1))).toBe('rsvp.reasonTooLong');
  });
});

describe('rsvpBody', () => {
  it('sends a trimmed reason only with "Vắng có lý do", and the server accepts it', () => {
    expect(rsvpBody('absent_with_reason', '  Ốm  ')).toEqual({ status: 'absent_with_reason', reason: 'Ốm' });
    expect(rsvpBody('accepted', 'left over')).toEqual({ status: 'accepted' });
    expect(rsvpBody('declined')).toEqual({ status: 'declined' });
    for (const body of [rsvpBody('absent_with_reason', 'Ốm'), rsvpBody('accepted', 'x')])
      expect(RsvpInputSchema.safeParse(body).success).toBe(true);
  });
});

describe('isDeadLink', () => {
  it('treats unknown, expired and malformed tokens alike', () => {
    expect(isDeadLink(new ApiError('not_found', 'invitation', 404, 'token'))).toBe(true);
    expect(isDeadLink(new ApiError('validation_failed', 'invalid token', 400, 'token'))).toBe(true);
    expect(isDeadLink(new ApiError('validation_failed', 'reason', 400, 'reason'))).toBe(false);
    expect(isDeadLink(new ApiError('network', 'offline', 0))).toBe(false);
    expect(isDeadLink(new Error('boom'))).toBe(false);
  });
});

describe('rsvpFailure', () => {
  it('puts a complaint about the reason next to the field', () => {
    expect(rsvpFailure(new ApiError('validation_failed', 'x', 400, 'reason'))).toEqual({
      fields: { reason: 'rsvp.reasonInvalid' },
      general: null,
    });
  });
  it('explains a cancelled meeting and keeps other errors general', () => {
    expect(rsvpFailure(new ApiError('conflict', 'cancelled', 409)).general).toBe('rsvpPage.cancelled');
    expect(rsvpFailure(new ApiError('network', 'offline', 0)).general).toBe('errors.network');
    expect(rsvpFailure(new Error('boom')).general).toBe('errors.internal');
  });
});

describe('invitation details', () => {
  it('shows the time range and date in Vietnam time', () => {
    expect(invitationWhen('2026-11-26T01:00:00.000Z', 90, 'vi')).toBe('08:00–09:30, Thứ Năm, 26/11/2026');
    // 23:30 UTC is already the next day in Hà Nội.
    expect(invitationWhen('2026-11-30T23:30:00Z', 60, 'vi')).toBe('06:30–07:30, Thứ Ba, 01/12/2026');
  });
  it('takes answers until the meeting is cancelled or over', () => {
    expect(canAnswer('scheduled')).toBe(true);
    expect(canAnswer('open')).toBe(true);
    expect(canAnswer('cancelled')).toBe(false);
    expect(canAnswer('ended')).toBe(false);
  });
});
