// Private notes beside the presented page: one note per page of this version, read and written
// only by the signed-in user (or the bridge point's kiosk), autosaved after a short pause, and
// "Đã lưu" shown only once the server stored the text.
import type { DocumentNoteView } from '@diemcau/protocol';
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api/client';
import { NoteSaver, type SaveStatus } from '../../state/present';
import { myNotes, saveNote } from './api';

interface Props {
  documentId: string;
  versionId: string;
  page: number;
  onClose: () => void;
}

type Load = { kind: 'loading' } | { kind: 'ready' } | { kind: 'signin' } | { kind: 'error' };

export function NotesPanel({ documentId, versionId, page, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [status, setStatus] = useState<SaveStatus>('idle');

  useEffect(() => {
    const ctrl = new AbortController();
    setLoad({ kind: 'loading' });
    myNotes(documentId, versionId, ctrl.signal).then(
      (notes: DocumentNoteView[]) => {
        setTexts(Object.fromEntries(notes.map((n) => [n.page, n.text])));
        setLoad({ kind: 'ready' });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setLoad(isApiError(err) && err.status === 401 ? { kind: 'signin' } : { kind: 'error' });
      },
    );
    return () => ctrl.abort();
  }, [documentId, versionId]);

  const saver = useMemo(
    () =>
      new NoteSaver({
        save: async (p, text) => {
          await saveNote(documentId, versionId, p, text);
        },
        onStatus: setStatus,
      }),
    [documentId, versionId],
  );
  const saverRef = useRef(saver);
  saverRef.current = saver;
  useEffect(
    () => () => {
      void saver.flush();
      saver.dispose();
    },
    [saver],
  );
  // Turning the page saves what was typed on the previous one at once.
  useEffect(() => {
    void saverRef.current.flush();
  }, [page]);

  const statusText =
    status === 'saving'
      ? t('present.saving')
      : status === 'saved'
        ? t('present.saved')
        : status === 'pending'
          ? t('present.pending')
          : status === 'error'
            ? t('present.saveFailed')
            : '';
  return (
    <aside className="present__notes" aria-labelledby={`${id}-title`} data-testid="notes-panel">
      <div className="present__notes-head">
        <h3 id={`${id}-title`}>{t('present.notesTitle', { page })}</h3>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('present.closeNotes')}
        </button>
      </div>
      <p className="present__notes-hint">{t('present.notesHint')}</p>
      {load.kind === 'signin' && <p role="status">{t('present.notesSignIn')}</p>}
      {load.kind === 'error' && <p role="alert">{t('present.pickFailed')}</p>}
      {load.kind === 'ready' && (
        <>
          <label className="sr-only" htmlFor={`${id}-text`}>
            {t('present.notesTitle', { page })}
          </label>
          <textarea
            id={`${id}-text`}
            className="present__notes-text"
            data-testid="notes-text"
            rows={10}
            maxLength={5000}
            placeholder={t('present.notesPlaceholder')}
            value={texts[page] ?? ''}
            onChange={(e) => {
              const text = e.target.value;
              setTexts((m) => ({ ...m, [page]: text }));
              saver.edit(page, text);
            }}
            onBlur={() => void saver.flush()}
          />
          <p
            className="present__notes-status"
            aria-live="polite"
            data-testid="notes-status"
            data-status={status}
          >
            {statusText}
          </p>
        </>
      )}
    </aside>
  );
}
