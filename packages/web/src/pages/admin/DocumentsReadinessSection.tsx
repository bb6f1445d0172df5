// "Tài liệu": for each meeting of the next 7 days that has documents, which bridge points' kiosks
// already hold which documents offline (reported by the kiosks), so staff can act before it starts.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadinessMeeting } from '../../lib/api/contract';
import { documentReadiness } from '../../lib/api/documents';
import { formatDateTime } from '../../lib/vntime';
import { LoadState } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';

function MeetingTable({ m }: { m: ReadinessMeeting }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="readiness-meeting">
      <h2>
        {m.title} <span className="muted">· {formatDateTime(m.occurrenceStart, i18n.language)}</span>
      </h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('docReadiness.point')}</th>
              <th scope="col">{t('docReadiness.device')}</th>
              {m.documents.map((d) => (
                <th scope="col" key={d.id}>
                  {d.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.points.map((p) => (
              <tr key={p.bridgePoint.id} data-testid="readiness-point">
                <th scope="row">
                  {p.bridgePoint.name}
                  <div className="muted">
                    {t('docReadiness.summary', { ready: p.ready.length, expected: p.expected.length })}
                  </div>
                </th>
                <td>
                  {p.device ? (
                    <>
                      {p.device.label || p.device.id}
                      <div className="muted">
                        {p.device.lastReportAt
                          ? t('docReadiness.lastReport', {
                              when: formatDateTime(p.device.lastReportAt, i18n.language),
                            })
                          : t('docReadiness.neverReported')}
                      </div>
                    </>
                  ) : (
                    <span className="muted">{t('docReadiness.noDevice')}</span>
                  )}
                </td>
                {m.documents.map((d) => {
                  const state = !p.expected.includes(d.id)
                    ? 'notExpected'
                    : p.ready.includes(d.id)
                      ? 'ready'
                      : 'missing';
                  return (
                    <td key={d.id} data-state={state}>
                      <span
                        className={state === 'missing' ? 'field__error' : state === 'ready' ? '' : 'muted'}
                      >
                        {state === 'ready' ? '✓ ' : state === 'missing' ? '✗ ' : ''}
                        {t(`docReadiness.${state}`)}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DocumentsReadinessSection(): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((s) => documentReadiness(s), 'readiness');
  return (
    <div data-testid="documents-readiness">
      <p className="muted">{t('docReadiness.intro')}</p>
      {load.data === null ? (
        <LoadState status={load.status} error={load.error} />
      ) : load.data.meetings.length === 0 ? (
        <p className="muted">{t('docReadiness.none')}</p>
      ) : (
        load.data.meetings.map((m) => <MeetingTable key={m.meetingId} m={m} />)
      )}
    </div>
  );
}
