// The readiness table of bridge points: per point its device (online or not), its last network
// test (time in Vietnam), both legs' figures and the verdict in words and colour. Shared by the
// meeting page (its points) and the admins' device board (every point); also the verdict badge.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkLeg, NetworkReason, NetworkVerdict, ReadinessRow } from '../lib/api/contract';
import { formatDateTime } from '../lib/vntime';
import '../styles/readiness.css';

const MARK: Record<NetworkVerdict, string> = { ready: '✓', degraded: '!', failed: '✕' };

/** The verdict with its mark and word (colour only adds to them). */
export function VerdictBadge({ verdict }: { verdict: NetworkVerdict | null }): ReactElement {
  const { t } = useTranslation();
  if (verdict === null) return <span className="verdict-badge verdict--none">{t('nettest.never')}</span>;
  return (
    <span className={`verdict-badge verdict--${verdict}`} data-testid="verdict" data-verdict={verdict}>
      <span aria-hidden="true">{MARK[verdict]}</span> {t(`nettest.verdict_${verdict}`)}
    </span>
  );
}

const number = (v: number | null, lang: string): string =>
  v === null
    ? '—'
    : new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(v);

/** One leg in a line: "35 ms · mất 0,2 % · ↑ 1.400 ↓ 820 kbit/s", or why it did not run. */
export function LegFigures({ leg }: { leg: NetworkLeg }): ReactElement {
  const { t, i18n } = useTranslation();
  if (leg.status === 'unavailable') return <span className="muted">{t('nettest.leg_unavailable')}</span>;
  if (leg.status === 'failed') return <span>{t('nettest.leg_failed')}</span>;
  const n = (v: number | null): string => number(v, i18n.language);
  return (
    <span>
      {t('nettest.legFigures', {
        rtt: n(leg.rttMs),
        loss: n(leg.lossPct),
        up: n(leg.upKbps),
        down: n(leg.downKbps),
      })}
    </span>
  );
}

/** The reasons behind a verdict, in words. */
export function Reasons({ reasons }: { reasons: readonly NetworkReason[] }): ReactElement | null {
  const { t, i18n } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <ul className="readiness__reasons">
      {reasons.map((r, i) => (
        <li key={`${r.code}-${r.leg ?? ''}-${i}`}>
          {t(`nettest.reason_${r.code}`, {
            leg: r.leg ? t(`nettest.leg_${r.leg}`) : '',
            value: r.value === undefined ? '' : number(r.value, i18n.language),
          })}
        </li>
      ))}
    </ul>
  );
}

function DeviceCell({ row }: { row: ReadinessRow }): ReactElement {
  const { t } = useTranslation();
  if (!row.device) return <span className="muted">{t('nettest.noDevice')}</span>;
  return (
    <span>
      <span aria-hidden="true">{row.device.online ? '●' : '○'}</span>{' '}
      {row.device.online ? t('nettest.online') : t('nettest.offline')}
      {row.device.label && <span className="muted"> · {row.device.label}</span>}
    </span>
  );
}

export function ReadinessTable({
  rows,
  caption,
}: {
  rows: readonly ReadinessRow[];
  caption: string;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const ready = rows.filter((r) => r.test?.verdict === 'ready' && !r.stale).length;
  return (
    <>
      <p className="readiness__summary" data-testid="readiness-summary">
        {t('nettest.summary', { ready, total: rows.length })}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="readiness-table">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('nettest.colPoint')}</th>
              <th scope="col">{t('nettest.colDevice')}</th>
              <th scope="col">{t('nettest.colTested')}</th>
              <th scope="col">{t('nettest.colDirect')}</th>
              <th scope="col">{t('nettest.colRelay')}</th>
              <th scope="col">{t('nettest.colVerdict')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.bridgePoint.id} data-testid="readiness-row" data-point={row.bridgePoint.id}>
                <th scope="row">
                  {row.bridgePoint.name}
                  {row.host && <span className="muted"> ({t('nettest.host')})</span>}
                </th>
                <td>
                  <DeviceCell row={row} />
                </td>
                <td>
                  {row.test ? (
                    <>
                      <time dateTime={row.test.at}>{formatDateTime(row.test.at, i18n.language)}</time>
                      <span className="muted"> · {t(`nettest.trigger_${row.test.trigger}`)}</span>
                      {row.stale && <strong> · {t('nettest.stale')}</strong>}
                    </>
                  ) : (
                    <span className="muted">{t('nettest.never')}</span>
                  )}
                </td>
                <td>{row.test ? <LegFigures leg={row.test.direct} /> : '—'}</td>
                <td>{row.test ? <LegFigures leg={row.test.relay} /> : '—'}</td>
                <td>
                  <VerdictBadge verdict={row.test?.verdict ?? null} />
                  {row.test && <Reasons reasons={row.test.reasons} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
