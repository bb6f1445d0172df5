// One past meeting in the archive: what it was, and on request its record — documents the caller
// may see, minutes, attendance sheet (editors), published vote results and recordings.
import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveMeeting } from '@diemcau/protocol';
import { Link } from '../../app/router';
import { paths } from '../../lib/app-route';
import { listDocuments } from '../../lib/api/documents';
import { listRecordings } from '../../lib/api/recordings';
import { archiveRecord } from '../../lib/api/search';
import { formatDateTime } from '../../lib/vntime';
import { LoadState } from '../../ui/form';
import { ResultChart } from '../../ui/live/ResultChart';
import { ConfidentialBadge, TypeBadge } from '../../ui/meeting-bits';
import { useLoad } from '../../ui/useLoad';
import { formatDuration } from '../MeetingRecordings';

const attendanceUrl = (id: string, ext: 'csv' | 'pdf'): string =>
  `/api/meetings/${encodeURIComponent(id)}/attendance.${ext}`;

function MeetingRecord({ meeting }: { meeting: ArchiveMeeting }): ReactElement {
  const { t, i18n } = useTranslation();
  const load = useLoad(async (signal) => {
    const [documents, recordings, record] = await Promise.all([
      listDocuments(meeting.id, signal),
      listRecordings(meeting.id, signal),
      archiveRecord(meeting.id, signal),
    ]);
    return { documents, recordings, votes: record.votes };
  }, meeting.id);
  if (!load.data) return <LoadState status={load.status} error={load.error} />;
  const { documents, recordings, votes } = load.data;
  const playable = recordings.filter((r) => r.fileUrl !== null);
  return (
    <div className="archive-record" data-testid="archive-record">
      <section>
        <h4>{t('archive.documents')}</h4>
        {documents.length === 0 ? (
          <p className="muted">{t('archive.noDocuments')}</p>
        ) : (
          <ul>
            {documents.map((d) => {
              const url = d.current.pdfUrl ?? d.current.fileUrl;
              return (
                <li key={d.id} data-testid="archive-document">
                  {url ? (
                    <a href={url} target="_blank" rel="noopener">
                      {d.title}
                    </a>
                  ) : (
                    d.title
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <h4>{t('archive.minutes')}</h4>
        <p>
          <Link to={paths.meetingMinutes(meeting.id)}>{t('archive.openMinutes')}</Link>
        </p>
        {meeting.mayExport && (
          <>
            <h4>{t('archive.attendance')}</h4>
            <ul>
              <li>
                <a href={attendanceUrl(meeting.id, 'csv')} download>
                  {t('archive.attendanceCsv')}
                </a>
              </li>
              <li>
                <a href={attendanceUrl(meeting.id, 'pdf')} download>
                  {t('archive.attendancePdf')}
                </a>
              </li>
            </ul>
          </>
        )}
      </section>
      <section>
        <h4>{t('archive.votes')}</h4>
        {votes.length === 0 && <p className="muted">{t('archive.noVotes')}</p>}
        {votes.map((v) => (
          <div key={v.id} data-testid="archive-vote">
            <p>
              <strong>{v.title}</strong>
              {v.secret && <span className="tag"> {t('archive.secretBallot')}</span>}
            </p>
            <ResultChart vote={v} />
          </div>
        ))}
      </section>
      <section>
        <h4>{t('archive.recordings')}</h4>
        {playable.length === 0 ? (
          <p className="muted">{t('archive.noRecordings')}</p>
        ) : (
          <ul>
            {playable.map((r) => (
              <li key={r.id}>
                <a
                  href={r.fileUrl ?? undefined}
                  target="_blank"
                  rel="noopener"
                  data-testid="archive-recording"
                >
                  {t('archive.play')}
                </a>{' '}
                <span className="muted">
                  {formatDateTime(r.startedAt, i18n.language)} · {formatDuration(r.durationMs)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ArchiveMeetingCard({ meeting }: { meeting: ArchiveMeeting }): ReactElement {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const headingId = useId();
  return (
    <li className="card archive-card" aria-labelledby={headingId} data-testid="archive-meeting">
      <h3 id={headingId}>
        <Link to={paths.meeting(meeting.id)}>{meeting.title}</Link>
      </h3>
      <p className="archive-card__meta">
        <TypeBadge type={meeting.type} />
        {meeting.confidential && <ConfidentialBadge />}
        <span>{formatDateTime(meeting.startsAt, i18n.language)}</span>
        {meeting.organizationName && <span className="muted">{meeting.organizationName}</span>}
        {meeting.hostBridgePointName && (
          <span className="muted">{t('archive.host', { name: meeting.hostBridgePointName })}</span>
        )}
        <span className="tag">{t(`archive.status_${meeting.status}`)}</span>
        <span>{t('archive.documentCount', { count: meeting.documentCount })}</span>
      </p>
      <button
        type="button"
        className="btn btn--ghost"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="archive-toggle"
      >
        {open ? t('archive.hideRecord') : t('archive.showRecord')}
      </button>
      <div id={panelId} role="region" aria-label={`${t('archive.record')}: ${meeting.title}`} hidden={!open}>
        {open && <MeetingRecord meeting={meeting} />}
      </div>
    </li>
  );
}
