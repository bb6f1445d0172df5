// The reports page (/bao-cao, also /reports): a month range (month and year selects), the key figures, charts per month and
// per neighborhood with their tables, PDF/XLSX downloads with progress, how each figure is
// computed, and (admins) the travel settings. Operators see their own bridge point only.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPORT_MAX_MONTHS,
  ReportQuerySchema,
  formatNumberVi,
  formatPercentVi,
  formatVnd,
  percent,
} from '@diemcau/protocol';
import type { Report, ReportQuery } from '@diemcau/protocol';
import { hasRole, useAuth } from '../../auth/AuthContext';
import { addMonths, vnDateOf } from '../../lib/vntime';
import { LoadState, Status } from '../../ui/form';
import { MonthSelect } from '../../ui/MonthSelect';
import { useLoad } from '../../ui/useLoad';
import { ReportBarChart } from './ReportBarChart';
import { ReportSettingsForm } from './ReportSettingsForm';
import { ReportTable } from './ReportTable';
import { fetchExport, loadReport, saveBlob } from './report-api';
import './reports.css';

const monthKey = (d: { year: number; month: number }): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}`;

/** The last six months up to the current one, in Vietnam. */
export function defaultRange(now: Date): ReportQuery {
  const today = vnDateOf(now);
  return { from: monthKey(addMonths(today, -5)), to: monthKey(today) };
}

type Download =
  | { state: 'idle' }
  | { state: 'busy'; format: string; percent: number | null }
  | { state: 'done' | 'failed'; format: string };

/** One end of the month range: a group of month and year selects pointing at the range's error. */
function MonthField(props: {
  legend: string;
  value: string;
  invalid: boolean;
  onValue: (value: string) => void;
  idPrefix: string;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <fieldset className="report-range__end">
      <legend>{props.legend}</legend>
      <MonthSelect
        idPrefix={props.idPrefix}
        monthLabel={t('reports.month')}
        yearLabel={t('reports.year')}
        value={props.value}
        onChange={props.onValue}
        {...(props.invalid ? { errorId: 'report-range-error' } : {})}
      />
    </fieldset>
  );
}

function Summary({ r }: { r: Report }): ReactElement {
  const { t } = useTranslation();
  const f = r.totals;
  const items = [
    ['summaryMeetings', formatNumberVi(f.meetings)],
    ['summaryAttendance', formatPercentVi(f.invitedPresent, f.invited)],
    ['summaryKm', t('reports.kmValue', { km: formatNumberVi(f.travelKm, 1) })],
    ['summarySaved', formatVnd(f.savedVnd)],
  ] as const;
  return (
    <dl className="report-summary" data-testid="report-summary">
      {items.map(([key, value]) => (
        <div key={key} className="report-summary__item">
          <dt>{t(`reports.${key}`)}</dt>
          <dd data-testid={`report-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Help({ r }: { r: Report }): ReactElement {
  const { t } = useTranslation();
  const keys = ['helpMeetings', 'helpAttendance', 'helpPeople', 'helpSpeeches', 'helpVotes', 'helpTasks'];
  return (
    <details className="report-help">
      <summary>{t('reports.help')}</summary>
      <ul>
        {keys.map((k) => (
          <li key={k}>{t(`reports.${k}`)}</li>
        ))}
        <li>
          {t('reports.helpTravel', {
            speed: r.rates.speedKmh,
            cost: formatVnd(r.rates.costPerKmVnd),
            hour: formatVnd(r.rates.hourValueVnd),
          })}
        </li>
      </ul>
    </details>
  );
}

export default function ReportsPage(): ReactElement {
  const { t } = useTranslation();
  const { auth } = useAuth();
  const isAdmin = auth.status === 'signedIn' && hasRole(auth.user, 'admin');
  const [draft, setDraft] = useState<ReportQuery>(() => defaultRange(new Date()));
  const [query, setQuery] = useState<ReportQuery>(draft);
  const [rangeError, setRangeError] = useState(false);
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const load = useLoad((signal) => loadReport(query, signal), `${query.from}..${query.to}`);
  const r = load.data;

  const monthName = (m: string): string => {
    const [year, month] = m.split('-');
    return t('reports.monthLabel', { month, year });
  };
  const period = r ? t('reports.period', { from: monthName(r.from), to: monthName(r.to) }) : '';

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = ReportQuerySchema.safeParse(draft);
    setRangeError(!parsed.success);
    if (parsed.success) {
      setQuery(parsed.data);
      if (parsed.data.from === query.from && parsed.data.to === query.to) load.reload();
    }
  };

  const exportAs = async (format: 'pdf' | 'xlsx'): Promise<void> => {
    const label = format.toUpperCase();
    setDownload({ state: 'busy', format: label, percent: null });
    try {
      const file = await fetchExport(format, query, (p) =>
        setDownload({ state: 'busy', format: label, percent: p.percent }),
      );
      saveBlob(file.blob, file.fileName);
      setDownload({ state: 'done', format: label });
    } catch {
      setDownload({ state: 'failed', format: label });
    }
  };

  const downloadText =
    download.state === 'busy'
      ? download.percent === null
        ? t('reports.downloadingNoSize', { format: download.format })
        : t('reports.downloading', { format: download.format, percent: `${download.percent}%` })
      : download.state === 'done'
        ? t('reports.downloaded', { format: download.format })
        : download.state === 'failed'
          ? t('reports.downloadFailed', { format: download.format })
          : null;

  return (
    <section className="page page--wide report-page" aria-labelledby="reports-title">
      <h1 id="reports-title" tabIndex={-1}>
        {t('reports.title')}
      </h1>
      <p className="muted">{t('reports.intro')}</p>

      <form className="report-range" onSubmit={apply} noValidate>
        <MonthField
          legend={t('reports.from')}
          value={draft.from}
          invalid={rangeError}
          onValue={(from) => setDraft({ ...draft, from })}
          idPrefix="report-from"
        />
        <MonthField
          legend={t('reports.to')}
          value={draft.to}
          invalid={rangeError}
          onValue={(to) => setDraft({ ...draft, to })}
          idPrefix="report-to"
        />
        <button type="submit" className="btn btn--primary" data-testid="report-show">
          {t('reports.show')}
        </button>
        {rangeError && (
          <p className="field__error" id="report-range-error" role="alert">
            {t('reports.rangeInvalid', { max: REPORT_MAX_MONTHS })}
          </p>
        )}
      </form>

      <LoadState status={load.status} error={load.error} />
      <Status
        text={load.status === 'ok' && r ? t('reports.loaded', { period }) : null}
        testId="report-status"
      />

      {r && (
        <div className="report-body" aria-busy={load.status === 'loading'}>
          <p className="report-scope">
            <strong>{period}</strong> ·{' '}
            {r.scope === 'ward' ? t('reports.scopeWard') : t('reports.scopePoint')}
          </p>
          <Summary r={r} />
          {r.totals.meetings === 0 && <p className="muted">{t('reports.empty')}</p>}

          <div className="report-downloads" role="group" aria-label={t('reports.download')}>
            <button
              type="button"
              className="btn"
              onClick={() => void exportAs('pdf')}
              disabled={download.state === 'busy'}
              data-testid="report-download-pdf"
            >
              {t('reports.downloadPdf')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => void exportAs('xlsx')}
              disabled={download.state === 'busy'}
              data-testid="report-download-xlsx"
            >
              {t('reports.downloadXlsx')}
            </button>
            {download.state === 'busy' && (
              <progress
                max={100}
                {...(download.percent === null ? {} : { value: download.percent })}
                aria-label={downloadText ?? ''}
              />
            )}
            <Status text={downloadText} testId="report-download-status" />
          </div>

          <h2>{t('reports.byMonth')}</h2>
          <ReportBarChart
            title={t('reports.chartMeetings')}
            desc={t('reports.chartMeetingsDesc')}
            colour="blue"
            testId="report-chart-months"
            rows={r.months.map((m) => ({
              key: m.month,
              label: monthName(m.month),
              value: m.meetings,
              text: formatNumberVi(m.meetings),
            }))}
          />
          <ReportTable
            caption={t('reports.byMonth')}
            firstColumn={t('reports.month')}
            testId="report-table-months"
            rows={r.months.map((m) => ({ key: m.month, name: monthName(m.month), figures: m }))}
            total={r.totals}
          />
          {Object.keys(r.totals.meetingsByType).length > 0 && (
            <p className="muted">
              {t('reports.byType')}:{' '}
              {Object.entries(r.totals.meetingsByType)
                .map(([type, n]) => `${t(`reports.type_${type}`, { defaultValue: type })}: ${n}`)
                .join('; ')}
            </p>
          )}

          <h2>{t('reports.byUnit')}</h2>
          <div className="report-charts">
            <ReportBarChart
              title={t('reports.chartAttendance')}
              desc={t('reports.chartAttendanceDesc')}
              colour="green"
              testId="report-chart-attendance"
              rows={r.units.map((u) => ({
                key: u.organizationId,
                label: u.organizationName,
                value: percent(u.invitedPresent, u.invited) ?? 0,
                text: formatPercentVi(u.invitedPresent, u.invited),
              }))}
            />
            <ReportBarChart
              title={t('reports.chartSaved')}
              desc={t('reports.chartSavedDesc')}
              colour="vermillion"
              testId="report-chart-saved"
              rows={r.units.map((u) => ({
                key: u.organizationId,
                label: u.organizationName,
                value: u.savedVnd,
                text: formatVnd(u.savedVnd),
              }))}
            />
          </div>
          <ReportTable
            caption={t('reports.byUnit')}
            firstColumn={t('reports.unit')}
            testId="report-table-units"
            rows={r.units.map((u) => ({ key: u.organizationId, name: u.organizationName, figures: u }))}
            total={null}
          />
          <Help r={r} />
        </div>
      )}

      {isAdmin && <ReportSettingsForm onSaved={load.reload} />}
    </section>
  );
}
