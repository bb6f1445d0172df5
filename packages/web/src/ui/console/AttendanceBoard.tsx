// The chair's roll call: members present against the invited list with the quorum indicator (and
// its rule), every bridge point's head count and ticked invitees, each invitee's status with times
// and reasons, and the attendance sheet to download (CSV, PDF).
import type { QuorumRule } from '@diemcau/protocol';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/vntime';
import { attendanceBoard, pointRows } from '../../state/live-logic';
import { useLive } from '../live/context';

const RULES: QuorumRule['kind'][] = ['more_than_half', 'two_thirds', 'none'];

/** Where the server serves the attendance sheet. */
export const attendanceUrl = (meetingId: string, format: 'csv' | 'pdf'): string =>
  `/api/meetings/${encodeURIComponent(meetingId)}/attendance.${format}`;

export function AttendanceBoard(): ReactElement {
  const { t, i18n } = useTranslation();
  const { live, act } = useLive();
  const board = attendanceBoard(live);
  const points = pointRows(live);
  const pointName = (id: string | null): string =>
    points.find((p) => p.bridgePointId === id)?.name ?? id ?? '';
  const time = (at: string | null): string => (at ? formatTime(at, i18n.language) : '');
  const q = board.quorum;
  return (
    <div className="live-section attendance" data-testid="console-attendance">
      <div className="attendance__totals">
        <p className="big-number">
          <strong data-testid="attendance-members">{board.membersPresent}</strong>
          <span>/ {board.membersInvited}</span>
          <small>{t('consoleAtt.members')}</small>
        </p>
        <p className="big-number">
          <strong data-testid="attendance-total">{board.totalPresent}</strong>
          <small>{t('consoleAtt.total')}</small>
        </p>
        <p className="quorum" data-met={q.met} data-testid="quorum">
          {q.rule.kind === 'none'
            ? t('consoleAtt.noQuorum')
            : q.met
              ? t('consoleAtt.quorumMet', { required: q.required })
              : t('consoleAtt.quorumNotMet', { required: q.required })}
        </p>
      </div>
      <label className="field field--inline">
        <span className="field__label">{t('consoleAtt.rule')}</span>
        <select
          value={q.rule.kind === 'at_least' ? 'more_than_half' : q.rule.kind}
          onChange={(e) =>
            void act({
              type: 'quorum.set',
              rule: { kind: e.target.value as Exclude<QuorumRule['kind'], 'at_least'> },
            })
          }
        >
          {RULES.map((r) => (
            <option key={r} value={r}>
              {t(`consoleAtt.rule_${r}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="row-actions">
        <a className="btn btn--ghost" href={attendanceUrl(live.context.meetingId, 'csv')} download>
          {t('consoleAtt.csv')}
        </a>
        <a
          className="btn btn--ghost"
          href={attendanceUrl(live.context.meetingId, 'pdf')}
          target="_blank"
          rel="noreferrer"
        >
          {t('consoleAtt.pdf')}
        </a>
      </p>
      <h3 className="live-h3">{t('consoleAtt.points')}</h3>
      <table className="att-table" data-testid="attendance-points">
        <thead>
          <tr>
            <th scope="col">{t('consoleAtt.point')}</th>
            <th scope="col">{t('consoleAtt.heads')}</th>
            <th scope="col">{t('consoleAtt.tickedCol')}</th>
            <th scope="col">{t('consoleAtt.state')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.bridgePointId} data-testid="attendance-point" data-point={p.bridgePointId}>
              <th scope="row">{p.name}</th>
              <td data-testid="attendance-heads">{p.headCount}</td>
              <td>{p.ticked}</td>
              <td>
                {p.connected
                  ? t('consoleAtt.online', { time: time(p.connectedAt) })
                  : p.disconnectedAt
                    ? t('consoleAtt.leftAt', { time: time(p.disconnectedAt) })
                    : t('consoleAtt.notYet')}
                {p.reportedAt && (
                  <span className="muted"> · {t('consoleAtt.reported', { time: time(p.reportedAt) })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {board.persons.length > 0 && (
        <>
          <h3 className="live-h3">
            {t('consoleAtt.invited', {
              present: board.byStatus.present,
              excused: board.byStatus.absent_with_reason,
              absent: board.byStatus.absent,
            })}
          </h3>
          <ul className="att-people">
            {board.persons.map((p) => (
              <li key={p.personId} className="att-person" data-status={p.status}>
                <span className="att-person__name">{p.name}</span>
                <span className={`tag tag--att-${p.status}`}>{t(`consoleAtt.status_${p.status}`)}</span>
                <span className="muted">
                  {p.status === 'present' && p.via === 'point' && pointName(p.bridgePointId)}
                  {p.status === 'present' &&
                    p.via === 'device' &&
                    t('consoleAtt.ownDevice', { time: time(p.arrivedAt) })}
                  {p.status === 'left' && t('consoleAtt.leftAt', { time: time(p.leftAt) })}
                  {p.status === 'absent_with_reason' && p.reason}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
