// Form logic: meeting form validation and body, agenda helpers, password rules, API error mapping.
import { describe, expect, it } from 'vitest';
import { ApiError, toApiError, withQuery } from './api/client';
import { formFailure, resolveField, zodFieldErrors } from './form-errors';
import {
  EDITOR_FIELDS,
  SERVER_FIELD_ALIASES,
  agendaTotal,
  emptyForm,
  moveItem,
  newAgendaRow,
  toMeetingBody,
  validateMeetingForm,
} from './meeting-form';
import { validatePasswordChange } from './validation';

const valid = () => ({
  ...emptyForm({ year: 2026, month: 12, day: 1 }),
  title: 'Họp giao ban',
  hostBridgePointId: 'bp0',
});

describe('meeting form', () => {
  it('accepts a complete form and builds the body in UTC', () => {
    const f = {
      ...valid(),
      time: '07:30',
      bridgePointIds: ['bp0', 'bp1', 'bp1'],
      agenda: [newAgendaRow('Khai mạc', 5)],
    };
    expect(validateMeetingForm(f)).toEqual({});
    const body = toMeetingBody(f);
    expect(body.startsAt).toBe('2026-12-01T00:30:00.000Z');
    expect(body.bridgePointIds).toEqual(['bp1']);
    expect(body.recurrence).toEqual({ kind: 'none' });
    expect(body.agenda).toEqual([
      { title: 'Khai mạc', presenterPersonId: null, presenterLabel: '', plannedMinutes: 5 },
    ]);
  });
  it('flags each wrong field by name', () => {
    const f = {
      ...emptyForm({ year: 2026, month: 12, day: 1 }),
      date: '2026-02-30',
      time: '25:00',
      durationMinutes: '2',
      agenda: [newAgendaRow('', 0)],
    };
    expect(validateMeetingForm(f)).toEqual({
      title: 'form.required',
      date: 'editor.errDate',
      time: 'editor.errTime',
      durationMinutes: 'editor.errDuration',
      hostBridgePointId: 'editor.errHost',
      'agenda.0.title': 'form.required',
      'agenda.0.plannedMinutes': 'editor.errMinutes',
    });
  });
  it('checks recurrence ends, confidentiality and the passcode', () => {
    expect(
      validateMeetingForm({ ...valid(), recurrence: 'weekly', endMode: 'until', until: '2026-11-01' }),
    ).toEqual({ until: 'editor.errUntilBefore' });
    expect(validateMeetingForm({ ...valid(), recurrence: 'monthly', count: '0' })).toEqual({
      count: 'editor.errCount',
    });
    expect(validateMeetingForm({ ...valid(), confidential: true })).toEqual({
      organizationId: 'editor.errConfidentialOrg',
    });
    expect(validateMeetingForm({ ...valid(), guestAccess: true, guestPasscode: '123' })).toEqual({
      guestPasscode: 'editor.errPasscode',
    });
  });
  it('sends until as the end of that VN day, or a count', () => {
    expect(
      toMeetingBody({ ...valid(), recurrence: 'weekly', endMode: 'until', until: '2027-01-31' }).recurrence,
    ).toEqual({ kind: 'weekly', until: '2027-01-31T16:59:00.000Z', count: null });
    expect(toMeetingBody({ ...valid(), recurrence: 'monthly', count: '6' }).recurrence).toEqual({
      kind: 'monthly',
      until: null,
      count: 6,
    });
  });
  it('totals and reorders the agenda', () => {
    const rows = [newAgendaRow('A', 5), newAgendaRow('B', 30), { ...newAgendaRow('C'), plannedMinutes: '' }];
    expect(agendaTotal(rows)).toBe(35);
    expect(moveItem(rows, 0, 1).map((r) => r.title)).toEqual(['B', 'A', 'C']);
    expect(moveItem(rows, 0, -1).map((r) => r.title)).toEqual(['A', 'B', 'C']);
    expect(moveItem(rows, 2, 1).map((r) => r.title)).toEqual(['A', 'B', 'C']);
  });
});

describe('password change', () => {
  it('mirrors the server policy', () => {
    expect(validatePasswordChange({ current: '', next: 'short', confirm: 'short' }, 'an')).toEqual({
      current: 'form.required',
      next: 'account.errShort',
    });
    expect(
      validatePasswordChange({ current: 'x', next: '1234567890', confirm: '1234567890' }, 'an').next,
    ).toBe('account.errDigits');
    expect(
      validatePasswordChange({ current: 'x', next: 'nguyenvanan', confirm: 'nguyenvanan' }, 'NguyenVanAn')
        .next,
    ).toBe('account.errUsername');
    expect(validatePasswordChange({ current: 'x', next: 'mật khẩu dài', confirm: 'khác' }, 'an')).toEqual({
      confirm: 'account.errConfirm',
    });
    expect(
      validatePasswordChange({ current: 'x', next: 'mật khẩu dài', confirm: 'mật khẩu dài' }, 'an'),
    ).toEqual({});
  });
});

describe('API errors', () => {
  it('reads the server body: code, field, retry', () => {
    const e = toApiError(423, { code: 'account_locked', message: 'locked', retryAfterSeconds: 600 });
    expect(e).toMatchObject({ code: 'account_locked', status: 423, field: null, retryAfterSeconds: 600 });
    expect(toApiError(429, { code: 'rate_limited', message: 'x' }, '30').retryAfterSeconds).toBe(30);
    expect(toApiError(400, { code: 'validation_failed', message: 'x', field: 'startsAt' }).field).toBe(
      'startsAt',
    );
  });
  it('falls back on the status for unknown or missing codes', () => {
    expect(toApiError(401, null).code).toBe('unauthorized');
    expect(toApiError(403, { code: 'weird' }).code).toBe('forbidden');
    expect(toApiError(404, 'x').code).toBe('not_found');
    expect(toApiError(502, {}).code).toBe('internal');
    expect(toApiError(418, {}).code).toBe('bad_response');
  });
  it('puts a server error next to the right editor field', () => {
    const err = (field: string | null) => new ApiError('validation_failed', 'x', 400, field);
    expect(formFailure(err('startsAt'), EDITOR_FIELDS, SERVER_FIELD_ALIASES)).toEqual({
      fields: { date: 'errors.validation_failed' },
      general: null,
    });
    expect(formFailure(err('recurrence.count'), EDITOR_FIELDS, SERVER_FIELD_ALIASES).fields).toEqual({
      count: 'errors.validation_failed',
    });
    expect(formFailure(err('title'), EDITOR_FIELDS).fields).toEqual({ title: 'errors.validation_failed' });
    expect(formFailure(err('nothing'), EDITOR_FIELDS)).toEqual({
      fields: {},
      general: 'errors.validation_failed',
    });
    expect(formFailure(new Error('boom'), EDITOR_FIELDS).general).toBe('errors.internal');
    expect(resolveField('invitees.3.personId', EDITOR_FIELDS)).toBe('invitees');
  });
  it('turns a lockout into minutes', () => {
    const e = new ApiError('account_locked', 'x', 423, null, 125);
    expect(formFailure(e, [])).toEqual({ fields: {}, general: 'login.lockedFor', values: { minutes: 3 } });
  });
  it('maps zod issues to fields and builds queries without empty values', () => {
    expect(
      zodFieldErrors([
        { path: ['name'], code: 'too_small' },
        { path: ['email'], code: 'invalid_format' },
      ]),
    ).toEqual({ name: 'form.required', email: 'form.invalid' });
    expect(withQuery('/api/meetings', { from: 'a', to: '', mine: true, type: undefined })).toBe(
      '/api/meetings?from=a&mine=1',
    );
  });
});
