// The stage during a presentation: the presented page for everyone, rendered from each browser's
// own copy of the PDF; the presenter's page controls (buttons, PageUp/PageDown and arrow keys) and
// pointer; for the others "Xem tự do" (browse on their own) and "Quay về trang của người trình
// bày"; "Trang 3/12" announced on every change; full screen for the hall TV; private notes.
import type { Presentation, PresentPointer } from '@diemcau/protocol';
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallHandle } from '../../lib/call';
import {
  browse,
  controlsPresentation,
  FOLLOW,
  pageStep,
  pointsOnPresentation,
  POINTER_INTERVAL_MS,
  shownPage,
  stepPage,
  type Follow,
} from '../../state/present';
import { useShortcuts } from '../hooks';
import { useLive } from '../live/context';
import { NotesPanel } from './NotesPanel';
import { PageCanvas } from './PageCanvas';
import { PresentToolbar } from './PresentToolbar';
import { usePdf, type PdfState } from './usePdf';
import './present.css';

interface Props {
  presentation: Presentation;
  call: Pick<CallHandle, 'on' | 'sendPointer' | 'presentTicket'>;
}

export function PresentationView({ presentation: p, call }: Props): ReactElement {
  const { t } = useTranslation();
  const { self, act, participants } = useLive();
  const [attempt, setAttempt] = useState(0);
  // Invitation-link guests have no session the PDF route accepts: they ask for a ticket.
  const pdf = usePdf(p.documentId, p.versionId, attempt, () => call.presentTicket());
  const count = pdf.kind === 'ready' ? pdf.doc.numPages : p.pageCount;
  const [follow, setFollow] = useState<Follow>(FOLLOW);
  const [notesOpen, setNotesOpen] = useState(false);
  const controls = controlsPresentation(p, self);
  const page = shownPage(p, controls ? FOLLOW : follow, count);
  const region = useRef<HTMLElement>(null);
  const pointer = useRemotePointer(call, p, participants, self.id);
  const sendPoint = useThrottledPointer(call, pointsOnPresentation(p, self));

  // A new document (or version) starts everyone following again.
  useEffect(() => setFollow(FOLLOW), [p.documentId, p.versionId]);

  const go = useCallback(
    (step: -1 | 1 | 'first' | 'last') => {
      if (controls) {
        const next = stepPage(p.page, step, count);
        if (next !== null) void act({ type: 'present.page', page: next });
        return;
      }
      if (step === 'first' || step === 'last') {
        const next = stepPage(page, step, count);
        if (next !== null) setFollow({ mode: 'free', page: next });
        return;
      }
      setFollow((f) => browse(p, f, count, step));
    },
    [controls, p, count, page, act],
  );
  useShortcuts({ pageup: () => go(-1), pagedown: () => go(1) });
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.target !== e.currentTarget && (e.target as HTMLElement).closest('button, select, textarea, input'))
      return;
    // PageUp/PageDown work anywhere in the room (useShortcuts); arrows, Home, End on the page.
    const step = pageStep(e.key);
    if (step === null || e.key.startsWith('Page')) return;
    e.preventDefault();
    go(step);
  };

  const indicator = count ? t('present.pageOf', { page, count }) : t('present.pageOnly', { page });
  return (
    <section
      className="present"
      ref={region}
      aria-label={t('present.region')}
      data-testid="presentation"
      data-page={page}
      data-presenter-page={p.page}
      data-mode={controls ? 'control' : follow.mode}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <header className="present__head">
        <h2 className="present__title">{p.title}</h2>
        <p className="present__presenter" data-testid="present-presenter">
          {t('present.presenter', { name: p.presenterName })}
        </p>
      </header>
      <div className="present__body" data-notes={notesOpen}>
        <div className="present__stage">
          <PdfBody
            pdf={pdf}
            page={page}
            pointer={pointer}
            onPoint={sendPoint}
            onRetry={() => setAttempt((n) => n + 1)}
          />
        </div>
        {notesOpen && (
          <NotesPanel
            documentId={p.documentId}
            versionId={p.versionId}
            page={page}
            onClose={() => setNotesOpen(false)}
          />
        )}
      </div>
      <PresentToolbar
        presentation={p}
        page={page}
        count={count}
        indicator={indicator}
        controls={controls}
        follow={follow}
        notesOpen={notesOpen}
        region={region}
        onStep={go}
        onFree={() => setFollow({ mode: 'free', page })}
        onReturn={() => setFollow(FOLLOW)}
        onNotes={() => setNotesOpen((o) => !o)}
      />
    </section>
  );
}

function PdfBody({
  pdf,
  page,
  pointer,
  onPoint,
  onRetry,
}: {
  pdf: PdfState;
  page: number;
  pointer: PresentPointer | null;
  onPoint: ((p: PresentPointer | null) => void) | undefined;
  onRetry: () => void;
}): ReactElement {
  const { t } = useTranslation();
  if (pdf.kind === 'ready')
    return <PageCanvas doc={pdf.doc} page={page} pointer={pointer} {...(onPoint ? { onPoint } : {})} />;
  if (pdf.kind === 'error')
    return (
      <div className="present__card" role="alert" data-testid="present-error" data-code={pdf.code}>
        <p>
          {pdf.code === 'unauthorized' || pdf.code === 'not_found'
            ? t('present.loadFailedSignIn')
            : t('present.loadFailed')}
        </p>
        <button type="button" className="btn btn--ghost btn--large" onClick={onRetry}>
          {t('present.retry')}
        </button>
      </div>
    );
  const pr = pdf.progress;
  const percent = pr?.total ? Math.min(100, Math.round((pr.loaded / pr.total) * 100)) : null;
  return (
    <div className="present__card" data-testid="present-progress">
      <p>
        {pr?.cached
          ? t('present.fromCache')
          : percent !== null
            ? t('present.downloading', { percent })
            : t('present.downloadingBytes', { kb: Math.round((pr?.loaded ?? 0) / 1024) })}
      </p>
      <progress
        max={100}
        {...(percent !== null ? { value: percent } : {})}
        aria-label={t('present.downloading', { percent: percent ?? 0 })}
      />
    </div>
  );
}

/** The presenter's pointer as relayed by the server; hidden on page changes until it moves again. */
function useRemotePointer(
  call: Pick<CallHandle, 'on'>,
  p: Presentation,
  participants: readonly { id: string; actorKey: string }[],
  selfId: string,
): PresentPointer | null {
  const [pointer, setPointer] = useState<PresentPointer | null>(null);
  const presenterIds = useRef(new Set<string>());
  presenterIds.current = new Set(
    participants.filter((x) => x.actorKey === p.presenterKey && x.id !== selfId).map((x) => x.id),
  );
  useEffect(
    () =>
      call.on('message', (msg) => {
        if (msg.type === 'present.pointer' && presenterIds.current.has(msg.participantId))
          setPointer(msg.pointer);
      }),
    [call],
  );
  useEffect(() => setPointer(null), [p.page, p.presenterKey, p.versionId]);
  return pointer;
}

/**
 * Sends the presenter's pointer at most every POINTER_INTERVAL_MS; the latest position always goes
 * out (trailing), so the others see the dot where the hand stopped.
 */
function useThrottledPointer(
  call: Pick<CallHandle, 'sendPointer'>,
  enabled: boolean,
): ((p: PresentPointer | null) => void) | undefined {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const held = useRef<PresentPointer | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const send = useCallback(
    (pt: PresentPointer | null) => {
      held.current = pt;
      if (timer.current) return;
      const wait = last.current + POINTER_INTERVAL_MS - Date.now();
      const flush = (): void => {
        timer.current = null;
        last.current = Date.now();
        call.sendPointer(held.current);
      };
      if (wait <= 0) flush();
      else timer.current = setTimeout(flush, wait);
    },
    [call],
  );
  return enabled ? send : undefined;
}
