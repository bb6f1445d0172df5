// "Trình chiếu tài liệu": a dialog listing the meeting's documents that may be shown to the whole
// room (every invitee may see them and they have a PDF); choosing one opens it for everyone at
// page 1. The server checks the same rule again.
import type { DocumentView } from '@diemcau/protocol';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api/client';
import { useLive } from '../live/context';
import { presentableDocuments } from './api';

type Load =
  { kind: 'loading' } | { kind: 'ready'; docs: DocumentView[] } | { kind: 'error'; signin: boolean };

export function PresentPicker({ open, onClose }: { open: boolean; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const { live, act } = useLive();
  const ref = useRef<HTMLDialogElement>(null);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const meetingId = live.context.meetingId;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    setLoad({ kind: 'loading' });
    presentableDocuments(meetingId, ctrl.signal).then(
      (docs) => setLoad({ kind: 'ready', docs }),
      (err: unknown) => {
        if (!ctrl.signal.aborted) setLoad({ kind: 'error', signin: isApiError(err) && err.status === 401 });
      },
    );
    return () => ctrl.abort();
  }, [open, meetingId]);

  const present = (d: DocumentView): void => {
    setBusy(true);
    void act({ type: 'present.open', documentId: d.id, versionId: d.current.id, page: 1 }).then((ok) => {
      setBusy(false);
      if (ok) onClose();
    });
  };

  return (
    <dialog
      ref={ref}
      className="dialog present-picker"
      aria-labelledby="present-pick-title"
      onCancel={onClose}
    >
      <h2 id="present-pick-title">{t('present.pickTitle')}</h2>
      <p>{t('present.pickHint')}</p>
      {load.kind === 'loading' && <p role="status">{t('present.pickLoading')}</p>}
      {load.kind === 'error' && (
        <p role="alert">{load.signin ? t('present.pickSignIn') : t('present.pickFailed')}</p>
      )}
      {load.kind === 'ready' && load.docs.length === 0 && <p>{t('present.pickNone')}</p>}
      {load.kind === 'ready' && load.docs.length > 0 && (
        <ul className="present-picker__list">
          {load.docs.map((d) => (
            <li key={d.id} data-testid="present-pick-item" data-document-id={d.id}>
              <span className="present-picker__name">{d.title}</span>
              {d.current.pageCount !== null && (
                <span className="present-picker__pages">
                  {t('present.pageOf', { page: 1, count: d.current.pageCount })}
                </span>
              )}
              <button
                type="button"
                className="btn btn--primary"
                data-testid="present-pick-open"
                disabled={busy}
                onClick={() => present(d)}
              >
                {t('present.pickOpen')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose} autoFocus>
          {t('present.cancel')}
        </button>
      </div>
    </dialog>
  );
}
