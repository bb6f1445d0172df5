// One view of the report as a data table (the text alternative of the charts): a row per month or
// per neighborhood, then the total. Wide, so it scrolls sideways in a focusable region on phones.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFigures } from '@diemcau/protocol';
import { formatNumberVi, formatPercentVi, formatVnd } from '@diemcau/protocol';

export interface TableRow {
  key: string;
  name: string;
  figures: ReportFigures;
}

/** The figure cells of a row, in column order (exported for tests). */
export function figureTexts(f: ReportFigures, noData: string): string[] {
  return [
    formatNumberVi(f.meetings),
    `${formatPercentVi(f.invitedPresent, f.invited)} (${f.invitedPresent}/${f.invited})`,
    `${f.pointsAttended}/${f.pointsInvited}`,
    formatNumberVi(f.people),
    formatNumberVi(f.speeches),
    `${f.pointsSpoke}/${f.pointsAttended}`,
    `${formatPercentVi(f.ballotsCast, f.ballotsEligible)} (${f.ballotsCast}/${f.ballotsEligible})`,
    f.tasks ? `${f.tasks.done}/${f.tasks.total}` : noData,
    f.tasks ? formatNumberVi(f.tasks.overdue) : noData,
    formatNumberVi(f.travelKm, 1),
    formatNumberVi(f.travelHours, 1),
    formatVnd(f.savedVnd),
  ];
}

const COLUMN_KEYS = [
  'meetings',
  'attendance',
  'pointsAttended',
  'people',
  'speeches',
  'pointsSpoke',
  'votes',
  'tasksDone',
  'tasksOverdue',
  'km',
  'hours',
  'saved',
] as const;

export function ReportTable({
  caption,
  firstColumn,
  rows,
  total,
  testId,
}: {
  caption: string;
  firstColumn: string;
  rows: readonly TableRow[];
  total: ReportFigures | null;
  testId: string;
}): ReactElement {
  const { t } = useTranslation();
  const noData = t('reports.noTaskData');
  return (
    <div className="report-table" role="region" aria-label={caption} tabIndex={0}>
      <table className="table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            {COLUMN_KEYS.map((k) => (
              <th scope="col" key={k} className="num">
                {t(`reports.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-row={r.key}>
              <th scope="row">{r.name}</th>
              {figureTexts(r.figures, noData).map((c, i) => (
                <td key={COLUMN_KEYS[i]} className="num">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr data-row="total">
              <th scope="row">{t('reports.total')}</th>
              {figureTexts(total, noData).map((c, i) => (
                <td key={COLUMN_KEYS[i]} className="num">
                  {c}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
