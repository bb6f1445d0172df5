// Create or edit a meeting: general info, VN date/time and recurrence, host and invited bridge
// points, owning organization and the MẬT flag, invited persons, agenda, guests and invitations.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { paths } from '../lib/app-route';
import { ApiError } from '../lib/api/client';
import { MEETING_TYPES, type MeetingType } from '../lib/api/contract';
import {
  createMeeting,
  getMeeting,
  replaceAgenda,
  setGuestPasscode,
  updateMeeting,
} from '../lib/api/meetings';
import { flattenTree, listBridgePoints, listOrganizations, listPersons } from '../lib/api/org';
import { formFailure, type FormFailure } from '../lib/form-errors';
import {
  EDITOR_FIELDS,
  SERVER_FIELD_ALIASES,
  emptyForm,
  fromDetail,
  toMeetingBody,
  validateMeetingForm,
  type MeetingForm,
} from '../lib/meeting-form';
import { recurrenceText } from '../lib/recurrence-text';
import { sortVi } from '../lib/search';
import { vnDateOf, vnToInstant } from '../lib/vntime';
import { Field, FormAlert, LoadState } from '../ui/form';
import { useLoad } from '../ui/useLoad';
import { AgendaEditor } from './editor/AgendaEditor';
import { InviteesEditor } from './editor/InviteesEditor';

async function loadRefs(signal: AbortSignal) {
  const [bridgePoints, orgs, people] = await Promise.all([
    listBridgePoints(signal),
    listOrganizations(signal),
    listPersons({}, signal),
  ]);
  return {
    bridgePoints: sortVi(bridgePoints, (b) => b.name),
    orgs: flattenTree(orgs),
    people: sortVi(people, (p) => p.fullName),
  };
}

async function save(id: string | null, form: MeetingForm): Promise<string> {
  const { agenda, sendInvitations, ...rest } = toMeetingBody(form);
  const passcode = form.guestAccess ? form.guestPasscode || null : null;
  if (id === null) {
    const created = await createMeeting({ ...rest, agenda, sendInvitations });
    if (passcode) await setGuestPasscode(created.id, passcode);
    return created.id;
  }
  await updateMeeting(id, { ...rest, notify: sendInvitations });
  await replaceAgenda(id, agenda);
  if (!form.guestAccess || passcode) await setGuestPasscode(id, passcode);
  return id;
}

export default function MeetingEditorPage({ id }: { id: string | null }): ReactElement {
  const { t, i18n } = useTranslation();
  const refs = useLoad(loadRefs, 'refs');
  const existing = useLoad((s) => (id ? getMeeting(id, s) : Promise.resolve(null)), id ?? 'new');
  const [form, setForm] = useState<MeetingForm>(() => emptyForm(vnDateOf(new Date())));
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (existing.data) setForm(fromDetail(existing.data));
  }, [existing.data]);

  const set = <K extends keyof MeetingForm>(key: K, value: MeetingForm[K]): void =>
    setForm((f) => ({ ...f, [key]: value }));
  const err = (k: string): string | undefined => failure?.fields[k];

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const fields = validateMeetingForm(form);
    if (Object.keys(fields).length > 0) {
      setFailure({ fields, general: 'form.fixErrors' });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = await save(id, form);
      navigate(`${paths.meeting(saved)}?saved=1`);
    } catch (error) {
      const f = formFailure(error, EDITOR_FIELDS, SERVER_FIELD_ALIASES);
      if (error instanceof ApiError && error.field?.startsWith('agenda.'))
        f.fields[error.field] = `errors.${error.code}`;
      setFailure(Object.keys(f.fields).length > 0 && !f.general ? { ...f, general: 'form.fixErrors' } : f);
    } finally {
      setBusy(false);
    }
  };

  if (refs.status !== 'ok' || (id && existing.status !== 'ok'))
    return (
      <section className="page">
        <h1 tabIndex={-1}>{t(id ? 'editor.editTitle' : 'editor.newTitle')}</h1>
        <LoadState
          status={refs.status === 'error' ? 'error' : existing.status}
          error={refs.error ?? existing.error}
        />
      </section>
    );
  const { bridgePoints, orgs, people } = refs.data;
  const duration = Number(form.durationMinutes) || 0;
  const startsAt = vnToInstant(form.date, form.time);
  const recurrenceSummary =
    startsAt && form.recurrence !== 'none'
      ? recurrenceText(
          {
            kind: form.recurrence,
            until: form.endMode === 'until' ? vnToInstant(form.until, '12:00') : null,
            count: form.endMode === 'count' ? Number(form.count) || null : null,
          },
          startsAt,
          t,
          i18n.language,
        )
      : null;

  return (
    <section className="page">
      <h1 tabIndex={-1}>{t(id ? 'editor.editTitle' : 'editor.newTitle')}</h1>
      <form className="editor" onSubmit={(e) => void submit(e)} noValidate data-testid="meeting-form">
        <FormAlert failure={failure} />
        <fieldset className="card editor__section">
          <legend>{t('editor.general')}</legend>
          <Field label={t('editor.title')} error={err('title')}>
            <input
              value={form.title}
              onChange={(e) => set('title', e.target.value)}
              maxLength={300}
              data-testid="meeting-title"
            />
          </Field>
          <Field label={t('editor.type')} error={err('type')}>
            <select
              value={form.type}
              onChange={(e) => set('type', e.target.value as MeetingType)}
              data-testid="meeting-type"
            >
              {MEETING_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`meetingType.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('editor.description')} error={err('description')}>
            <textarea
              value={form.description}
              onChange={(e) => set('description', e.target.value)}
              rows={3}
              data-testid="meeting-description"
            />
          </Field>
        </fieldset>

        <fieldset className="card editor__section">
          <legend>{t('editor.when')}</legend>
          <p className="field__hint">{t('editor.vnTimeHint')}</p>
          <div className="grid-3">
            <Field label={t('editor.date')} error={err('date')}>
              <input
                type="date"
                value={form.date}
                onChange={(e) => set('date', e.target.value)}
                data-testid="meeting-date"
              />
            </Field>
            <Field label={t('editor.time')} error={err('time')}>
              <input
                type="time"
                value={form.time}
                onChange={(e) => set('time', e.target.value)}
                data-testid="meeting-time"
              />
            </Field>
            <Field label={t('editor.duration')} error={err('durationMinutes')}>
              <input
                inputMode="numeric"
                value={form.durationMinutes}
                onChange={(e) => set('durationMinutes', e.target.value.replace(/\D/g, ''))}
                data-testid="meeting-duration"
              />
            </Field>
          </div>
          <Field label={t('editor.recurrence')} error={err('recurrence')}>
            <select
              value={form.recurrence}
              onChange={(e) => set('recurrence', e.target.value as MeetingForm['recurrence'])}
              data-testid="meeting-recurrence"
            >
              <option value="none">{t('recurrence.none')}</option>
              <option value="weekly">{t('editor.weekly')}</option>
              <option value="monthly">{t('editor.monthly')}</option>
            </select>
          </Field>
          {form.recurrence !== 'none' && (
            <div className="recurrence-end">
              <fieldset className="radio-group">
                <legend>{t('editor.ends')}</legend>
                <label>
                  <input
                    type="radio"
                    name="endMode"
                    checked={form.endMode === 'count'}
                    onChange={() => set('endMode', 'count')}
                  />
                  {t('editor.endCount')}
                </label>
                <label>
                  <input
                    type="radio"
                    name="endMode"
                    checked={form.endMode === 'until'}
                    onChange={() => set('endMode', 'until')}
                  />
                  {t('editor.endUntil')}
                </label>
              </fieldset>
              {form.endMode === 'count' ? (
                <Field label={t('editor.count')} error={err('count')}>
                  <input
                    inputMode="numeric"
                    value={form.count}
                    onChange={(e) => set('count', e.target.value.replace(/\D/g, ''))}
                    data-testid="meeting-count"
                  />
                </Field>
              ) : (
                <Field label={t('editor.until')} error={err('until')}>
                  <input
                    type="date"
                    value={form.until}
                    onChange={(e) => set('until', e.target.value)}
                    data-testid="meeting-until"
                  />
                </Field>
              )}
              {recurrenceSummary && (
                <p className="recurrence-summary" aria-live="polite">
                  {recurrenceSummary}
                </p>
              )}
            </div>
          )}
        </fieldset>

        <fieldset className="card editor__section">
          <legend>{t('editor.where')}</legend>
          <Field label={t('editor.host')} error={err('hostBridgePointId')} hint={t('editor.hostHint')}>
            <select
              value={form.hostBridgePointId}
              onChange={(e) => set('hostBridgePointId', e.target.value)}
              data-testid="meeting-host"
            >
              <option value="">{t('editor.choose')}</option>
              {bridgePoints.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                  {b.isMain ? ` (${t('bridge.main')})` : ''}
                </option>
              ))}
            </select>
          </Field>
          <fieldset className="check-list" data-testid="meeting-bridge-points">
            <legend>{t('editor.invitedPoints')}</legend>
            <div className="check-list__actions">
              <button
                type="button"
                className="btn btn--ghost"
                onClick={() =>
                  set(
                    'bridgePointIds',
                    bridgePoints.map((b) => b.id),
                  )
                }
              >
                {t('editor.selectAll')}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => set('bridgePointIds', [])}>
                {t('editor.selectNone')}
              </button>
            </div>
            {bridgePoints.map((b) => {
              const isHost = b.id === form.hostBridgePointId;
              return (
                <label key={b.id} className="check">
                  <input
                    type="checkbox"
                    checked={isHost || form.bridgePointIds.includes(b.id)}
                    disabled={isHost}
                    onChange={(e) =>
                      set(
                        'bridgePointIds',
                        e.target.checked
                          ? [...form.bridgePointIds, b.id]
                          : form.bridgePointIds.filter((x) => x !== b.id),
                      )
                    }
                    data-testid={`meeting-bp-${b.id}`}
                  />
                  <span>
                    {b.name}
                    {isHost && <span className="tag tag--host">{t('editor.hostTag')}</span>}
                  </span>
                </label>
              );
            })}
          </fieldset>
        </fieldset>

        <fieldset className="card editor__section">
          <legend>{t('editor.who')}</legend>
          <Field label={t('editor.organization')} error={err('organizationId')}>
            <select
              value={form.organizationId}
              onChange={(e) => set('organizationId', e.target.value)}
              data-testid="meeting-organization"
            >
              <option value="">{t('editor.noOrganization')}</option>
              {orgs.map(({ node, depth }) => (
                <option key={node.id} value={node.id}>
                  {'\u00a0\u00a0'.repeat(depth)}
                  {node.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="confidential-box">
            <label className="check check--strong">
              <input
                type="checkbox"
                checked={form.confidential}
                onChange={(e) => set('confidential', e.target.checked)}
                aria-describedby="confidential-help"
                data-testid="meeting-confidential"
              />
              <span>
                {t('editor.confidential')} <span className="mat-badge">{t('meeting.mat')}</span>
              </span>
            </label>
            <p id="confidential-help" className="field__hint">
              {t('editor.confidentialHelp')}
            </p>
          </div>
          <h3 className="editor__sub">{t('editor.invitees')}</h3>
          <InviteesEditor
            rows={form.invitees}
            people={people}
            error={err('invitees')}
            onChange={(r) => set('invitees', r)}
          />
        </fieldset>

        <fieldset className="card editor__section">
          <legend>{t('editor.agenda')}</legend>
          {err('agenda') && <p className="field__error">{t(err('agenda') ?? '')}</p>}
          <AgendaEditor
            rows={form.agenda}
            people={people}
            errors={failure?.fields ?? {}}
            durationMinutes={duration}
            onChange={(r) => set('agenda', r)}
          />
        </fieldset>

        <fieldset className="card editor__section">
          <legend>{t('editor.guestsAndInvites')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.guestAccess}
              onChange={(e) => set('guestAccess', e.target.checked)}
              data-testid="meeting-guest-access"
            />
            <span>{t('editor.guestAccess')}</span>
          </label>
          {form.guestAccess && (
            <Field
              label={t('editor.passcode')}
              error={err('guestPasscode')}
              hint={t(id ? 'editor.passcodeHintEdit' : 'editor.passcodeHint')}
            >
              <input
                inputMode="numeric"
                value={form.guestPasscode}
                onChange={(e) => set('guestPasscode', e.target.value.replace(/\D/g, '').slice(0, 12))}
                autoComplete="off"
                data-testid="meeting-passcode"
              />
            </Field>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={form.sendInvitations}
              onChange={(e) => set('sendInvitations', e.target.checked)}
              data-testid="meeting-send-invitations"
            />
            <span>{t(id ? 'editor.notifyChanges' : 'editor.sendInvitations')}</span>
          </label>
        </fieldset>

        <div className="editor__actions">
          <button
            type="submit"
            className="btn btn--primary btn--large"
            disabled={busy}
            data-testid="meeting-save"
          >
            {busy ? t('common.saving') : t('editor.save')}
          </button>
          <button type="button" className="btn btn--ghost btn--large" onClick={() => window.history.back()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
