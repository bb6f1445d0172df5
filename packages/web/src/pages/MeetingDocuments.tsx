// The documents of a meeting on its page: each with its conversion state and progress (refreshed
// while it runs), who may see it, view and download links (none for view-only documents), and for
// editors the upload form with upload progress, new versions, the download switch and hiding.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import { isApiError } from '../lib/api/client';
import type { DocumentView, DocumentVisibility, MeetingDetail } from '../lib/api/contract';
import { DOCUMENT_VISIBILITIES } from '../lib/api/contract';
import { hideDocument, listDocuments, updateDocument, uploadDocument } from '../lib/api/documents';
import { formatDateTime } from '../lib/vntime';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field, LoadState, Status } from '../ui/form';
import { useLoad } from '../ui/useLoad';

const REFRESH_MS = 2_000;
const ACCEPT = '.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg';

const busy = (d: DocumentView): boolean =>
  d.current.conversion.state !== 'ready' && d.current.conversion.state !== 'failed';

function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return (err) =>
    isApiError(err) ? `${errorText(t, err.code, err.message)} (${err.message})` : t('errors.internal');
}

function ProgressLine({
  label,
  percent,
  testId,
}: {
  label: string;
  percent: number;
  testId: string;
}): ReactElement {
  return (
    <p className="recording__progress">
      <progress max={100} value={percent} aria-label={label} /> <span data-testid={testId}>{label}</span>
    </p>
  );
}

function DocumentItem({
  d,
  agenda,
  onChanged,
}: {
  d: DocumentView;
  agenda: MeetingDetail['agenda'];
  onChanged: () => void;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const describe = useErrorText();
  const [confirm, setConfirm] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const c = d.current;
  const item = agenda.find((a) => a.id === d.agendaItemId);
  const viewUrl = c.pdfUrl ?? (c.pageUrlPrefix ? `${c.pageUrlPrefix}1` : null);

  const newVersion = (file: File): void => {
    setError(null);
    setProgress(0);
    uploadDocument({ documentId: d.id }, file, null, setProgress).done.then(
      () => {
        setProgress(null);
        onChanged();
      },
      (err: unknown) => {
        setProgress(null);
        setError(describe(err));
      },
    );
  };
  const setDownloadable = (downloadable: boolean): void => {
    updateDocument(d.id, { downloadable }).then(onChanged, (err: unknown) => setError(describe(err)));
  };

  return (
    <li className="recording" data-testid="document" data-state={c.conversion.state}>
      <div className="recording__head">
        <strong>{d.title}</strong>
        <span className="muted">{c.fileName}</span>
        <span className="tag">
          {t(`documents.visibility_${d.visibility}`)}
          {d.bridgePoint ? `: ${d.bridgePoint.name}` : ''}
        </span>
        {!d.downloadable && (
          <span className="tag" title={t('documents.viewOnlyHint')}>
            {t('documents.viewOnly')}
          </span>
        )}
        {d.hidden && <span className="tag">{t('documents.hidden')}</span>}
      </div>
      <p className="muted">
        {[
          item?.title,
          c.pageCount ? t('documents.pages', { count: c.pageCount }) : null,
          formatDateTime(c.uploadedAt, i18n.language),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {busy(d) && (
        <ProgressLine
          label={`${t(`documents.state_${c.conversion.state}`)} ${c.conversion.progress}%`}
          percent={c.conversion.progress}
          testId="document-conversion"
        />
      )}
      {c.conversion.state === 'failed' && (
        <p className="field__error">
          {t('documents.state_failed')}
          {c.conversion.error ? `: ${c.conversion.error}` : ''}
        </p>
      )}
      <p className="row">
        {viewUrl && (
          <a
            className="btn btn--ghost"
            href={viewUrl}
            target="_blank"
            rel="noopener"
            data-testid="document-view"
          >
            {t('documents.open')}
          </a>
        )}
        {c.fileUrl && (
          <a className="btn btn--ghost" href={`${c.fileUrl}?download=1`} data-testid="document-download">
            {t('documents.download')}
          </a>
        )}
        {d.canEdit && !d.hidden && (
          <>
            <label className="btn btn--ghost">
              {t('documents.newVersion')}
              <input
                type="file"
                accept={ACCEPT}
                hidden
                onChange={(e) => e.target.files?.[0] && newVersion(e.target.files[0])}
              />
            </label>
            <label className="row">
              <input
                type="checkbox"
                checked={d.downloadable}
                onChange={(e) => setDownloadable(e.target.checked)}
              />{' '}
              {t('documents.downloadable')}
            </label>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => setConfirm(true)}
              data-testid="document-hide"
            >
              {t('documents.hide')}
            </button>
          </>
        )}
      </p>
      {progress !== null && (
        <ProgressLine
          label={t('documents.uploading', { percent: progress })}
          percent={progress}
          testId="document-upload-progress"
        />
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {d.canEdit && d.versions.length > 1 && (
        <details>
          <summary>{t('documents.versions', { count: d.versions.length })}</summary>
          <ol className="recording__chapters">
            {d.versions.map((v) => (
              <li key={v.id}>
                {t('documents.version', { n: v.version })} · {v.fileName} ·{' '}
                {formatDateTime(v.uploadedAt, i18n.language)}
                {v.fileUrl && (
                  <>
                    {' '}
                    <a href={`${v.fileUrl}?download=1`}>{t('documents.download')}</a>
                  </>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      <ConfirmDialog
        open={confirm}
        title={t('documents.hideConfirm', { title: d.title })}
        confirmLabel={t('documents.hide')}
        danger
        onConfirm={() => {
          setConfirm(false);
          hideDocument(d.id).then(onChanged, (err: unknown) => setError(describe(err)));
        }}
        onCancel={() => setConfirm(false)}
      >
        <p>{t('documents.hideBody')}</p>
      </ConfirmDialog>
    </li>
  );
}

function UploadForm({
  m,
  onUploaded,
}: {
  m: MeetingDetail;
  onUploaded: (name: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const describe = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [agendaItemId, setAgendaItemId] = useState('');
  const [visibility, setVisibility] = useState<DocumentVisibility>('invited');
  const [bridgePointId, setBridgePointId] = useState('');
  const [downloadable, setDownloadable] = useState(true);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const points = [
    ...(m.hostBridgePointId
      ? [{ id: m.hostBridgePointId, name: m.hostBridgePoint ?? m.hostBridgePointId }]
      : []),
    ...m.bridgePoints.filter((b) => b.id !== m.hostBridgePointId),
  ];

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setProgress(0);
    uploadDocument(
      { meetingId: m.id },
      file,
      {
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(agendaItemId ? { agendaItemId } : {}),
        visibility,
        ...(visibility === 'bridge_point' && bridgePointId ? { bridgePointId } : {}),
        downloadable,
      },
      setProgress,
    ).done.then(
      () => {
        setProgress(null);
        setFile(null);
        setTitle('');
        (e.target as HTMLFormElement).reset();
        onUploaded(file.name);
      },
      (err: unknown) => {
        setProgress(null);
        setError(describe(err));
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} data-testid="document-upload">
      <Field label={t('documents.file')}>
        <input type="file" accept={ACCEPT} required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Field>
      <Field label={t('documents.titleField')}>
        <input type="text" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('documents.agendaItem')}>
        <select value={agendaItemId} onChange={(e) => setAgendaItemId(e.target.value)}>
          <option value="">{t('documents.wholeMeeting')}</option>
          {[...m.agenda]
            .sort((a, b) => a.position - b.position)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
        </select>
      </Field>
      <Field label={t('documents.visibility')}>
        <select value={visibility} onChange={(e) => setVisibility(e.target.value as DocumentVisibility)}>
          {DOCUMENT_VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {t(`documents.visibility_${v}`)}
            </option>
          ))}
        </select>
      </Field>
      {visibility === 'bridge_point' && (
        <Field label={t('documents.bridgePoint')}>
          <select value={bridgePointId} required onChange={(e) => setBridgePointId(e.target.value)}>
            <option value="" />
            {points.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field
        label={t('documents.downloadable')}
        hint={downloadable ? undefined : t('documents.viewOnlyHint')}
      >
        <input type="checkbox" checked={downloadable} onChange={(e) => setDownloadable(e.target.checked)} />
      </Field>
      {progress !== null && (
        <ProgressLine
          label={t('documents.uploading', { percent: progress })}
          percent={progress}
          testId="document-upload-progress"
        />
      )}
      {error && (
        <p className="field__error" role="alert" data-testid="document-upload-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn--primary" disabled={!file || progress !== null}>
        {t('documents.upload')}
      </button>
    </form>
  );
}

export function MeetingDocuments({ m }: { m: MeetingDetail }): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((s) => listDocuments(m.id, s), m.id);
  const [status, setStatus] = useState<string | null>(null);
  const running = load.data?.some(busy) ?? false;
  const { reload } = load;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, reload]);
  return (
    <section className="card" data-testid="meeting-documents">
      <h2>{t('documents.title')}</h2>
      {load.data === null ? (
        <LoadState status={load.status} error={load.error} />
      ) : load.data.length === 0 ? (
        <p className="muted">{t('documents.none')}</p>
      ) : (
        <ul className="recordings">
          {load.data.map((d) => (
            <DocumentItem key={d.id} d={d} agenda={m.agenda} onChanged={reload} />
          ))}
        </ul>
      )}
      {m.canEdit && m.status !== 'cancelled' && (
        <UploadForm
          m={m}
          onUploaded={(name) => {
            setStatus(t('documents.uploaded', { name }));
            reload();
          }}
        />
      )}
      <Status text={status} testId="documents-status" />
    </section>
  );
}
