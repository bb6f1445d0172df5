// The recordings of a meeting on its page: status, processing progress (refreshed while it runs),
// length, chapters (agenda items), when it will be deleted, and links to play or download it.
import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingView } from '@diemcau/protocol';
import { listRecordings } from '../lib/api/recordings';
import { formatDateTime } from '../lib/vntime';
import { LoadState } from '../ui/form';
import { useLoad } from '../ui/useLoad';

const REFRESH_MS = 5_000;

/** 1:05:09 or 4:07. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const busy = (r: RecordingView): boolean =>
  r.status === 'recording' || r.status === 'queued' || r.status === 'processing';

function Recording({ r }: { r: RecordingView }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <li className="recording" data-testid="recording" data-status={r.status}>
      <div className="recording__head">
        <strong>{formatDateTime(r.startedAt, i18n.language)}</strong>
        <span className="muted">{formatDuration(r.durationMs)}</span>
        <span className="tag">{t(`recordings.status_${r.status}`)}</span>
      </div>
      {(r.status === 'queued' || r.status === 'processing') && (
        <p className="recording__progress">
          <progress max={100} value={r.progress} aria-label={t('recordings.progress')} />{' '}
          <span data-testid="recording-progress">{r.progress}%</span>
        </p>
      )}
      {r.status === 'failed' && <p className="field__error">{t('recordings.failed')}</p>}
      {r.fileUrl && (
        <p className="row">
          <a
            className="btn btn--ghost"
            href={r.fileUrl}
            target="_blank"
            rel="noopener"
            data-testid="recording-play"
          >
            {t('recordings.play')}
          </a>
          <a className="btn btn--ghost" href={`${r.fileUrl}?download=1`} data-testid="recording-download">
            {t('recordings.download')}
          </a>
        </p>
      )}
      {r.chapters.length > 0 && (
        <ol className="recording__chapters">
          {r.chapters.map((c) => (
            <li key={`${c.offsetMs}-${c.title}`}>
              <span className="muted">{formatDuration(c.offsetMs)}</span> {c.title}
            </li>
          ))}
        </ol>
      )}
      {r.expiresAt && r.status === 'ready' && (
        <p className="muted">
          {t('recordings.expires', { when: formatDateTime(r.expiresAt, i18n.language) })}
        </p>
      )}
    </li>
  );
}

export function MeetingRecordings({ meetingId }: { meetingId: string }): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((s) => listRecordings(meetingId, s), meetingId);
  const running = load.data?.some(busy) ?? false;
  const { reload } = load;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, reload]);
  return (
    <section className="card" data-testid="meeting-recordings">
      <h2>{t('recordings.title')}</h2>
      {load.data === null ? (
        <LoadState status={load.status} error={load.error} />
      ) : load.data.length === 0 ? (
        <p className="muted">{t('recordings.none')}</p>
      ) : (
        <ul className="recordings">
          {load.data.map((r) => (
            <Recording key={r.id} r={r} />
          ))}
        </ul>
      )}
    </section>
  );
}
