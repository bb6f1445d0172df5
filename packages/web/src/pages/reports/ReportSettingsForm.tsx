// The admins' settings of "travel saved": the ward's rates and each bridge point's distance to
// the ward hall. Numbers may be typed with a decimal comma ("2,5"); errors sit on their field.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportSettingsUpdateSchema } from '@diemcau/protocol';
import type { ReportSettings } from '@diemcau/protocol';
import { formFailure, type FormFailure } from '../../lib/form-errors';
import { Field, FormAlert, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { loadReportSettings, saveReportSettings } from './report-api';

interface Draft {
  costPerKmVnd: string;
  speedKmh: string;
  hourValueVnd: string;
  distances: Record<string, string>;
}

const toDraft = (s: ReportSettings): Draft => ({
  costPerKmVnd: String(s.rates.costPerKmVnd),
  speedKmh: String(s.rates.speedKmh),
  hourValueVnd: String(s.rates.hourValueVnd),
  distances: Object.fromEntries(
    s.points.map((p) => [p.bridgePointId, String(p.distanceKm).replace('.', ',')]),
  ),
});

/** "2,5" or "2.5" → 2.5; "1.000" (VND grouping) → 1000 for whole amounts; NaN when not a number. */
export function parseViNumber(text: string, integer: boolean): number {
  const s = text.trim().replace(/\s/g, '');
  if (s === '') return Number.NaN;
  if (integer) return /^\d{1,3}(\.\d{3})+$/.test(s) ? Number(s.replace(/\./g, '')) : Number(s);
  return Number(s.replace(',', '.'));
}

export function ReportSettingsForm({ onSaved }: { onSaved: () => void }): ReactElement {
  const { t } = useTranslation();
  const load = useLoad(loadReportSettings, 'report-settings');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (load.data) setDraft(toDraft(load.data));
  }, [load.data]);

  if (!load.data || !draft) return <LoadState status={load.status} error={load.error} />;
  const points = load.data.points;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setStatus(null);
    const body = {
      rates: {
        costPerKmVnd: parseViNumber(draft.costPerKmVnd, true),
        speedKmh: parseViNumber(draft.speedKmh, true),
        hourValueVnd: parseViNumber(draft.hourValueVnd, true),
      },
      distances: points.map((p) => ({
        bridgePointId: p.bridgePointId,
        distanceKm: parseViNumber(draft.distances[p.bridgePointId] ?? '', false),
      })),
    };
    const parsed = ReportSettingsUpdateSchema.safeParse(body);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues)
        fields[issue.path.map(String).join('.')] = 'reports.invalidNumber';
      setFailure({ fields, general: null });
      return;
    }
    setBusy(true);
    try {
      const saved = await saveReportSettings(parsed.data);
      setDraft(toDraft(saved));
      setFailure(null);
      setStatus(t('reports.settingsSaved'));
      onSaved();
    } catch (err) {
      const known = [
        'rates.costPerKmVnd',
        'rates.speedKmh',
        'rates.hourValueVnd',
        ...points.map((_, i) => `distances.${i}.distanceKm`),
      ];
      setFailure(formFailure(err, known));
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string): string | undefined => failure?.fields[field];
  const rate = (key: 'costPerKmVnd' | 'speedKmh' | 'hourValueVnd', label: string): ReactElement => (
    <Field label={label} error={err(`rates.${key}`)}>
      <input
        inputMode="numeric"
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        data-testid={`report-rate-${key}`}
      />
    </Field>
  );

  return (
    <section className="card report-settings" aria-labelledby="report-settings-title">
      <h2 id="report-settings-title">{t('reports.settings')}</h2>
      <p className="muted">{t('reports.settingsIntro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert failure={failure} />
        <div className="report-settings__rates">
          {rate('costPerKmVnd', t('reports.costPerKm'))}
          {rate('speedKmh', t('reports.speed'))}
          {rate('hourValueVnd', t('reports.hourValue'))}
        </div>
        <table className="table report-settings__points">
          <thead>
            <tr>
              <th scope="col">{t('reports.point')}</th>
              <th scope="col">{t('reports.distance')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => {
              const e = err(`distances.${i}.distanceKm`);
              const errorId = `report-distance-error-${i}`;
              return (
                <tr key={p.bridgePointId}>
                  <th scope="row">
                    {p.name}
                    <span className="muted"> · {p.organizationName}</span>
                    {p.isMain && <span className="tag">{t('reports.mainPoint')}</span>}
                  </th>
                  <td>
                    <input
                      inputMode="decimal"
                      className="report-settings__distance"
                      aria-label={t('reports.distanceFor', { name: p.name })}
                      aria-invalid={e ? true : undefined}
                      aria-describedby={e ? errorId : undefined}
                      value={draft.distances[p.bridgePointId] ?? ''}
                      onChange={(ev) =>
                        setDraft({
                          ...draft,
                          distances: { ...draft.distances, [p.bridgePointId]: ev.target.value },
                        })
                      }
                      data-testid={`report-distance-${p.bridgePointId}`}
                    />
                    {e && (
                      <p className="field__error" id={errorId}>
                        {t(e)}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="report-settings-save">
          {busy ? t('reports.saving') : t('reports.save')}
        </button>
        <Status text={status} testId="report-settings-status" />
      </form>
    </section>
  );
}
