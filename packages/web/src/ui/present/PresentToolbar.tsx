// The bar under the presented page: previous/next, "Trang 3/12" (announced with aria-live), for
// the others "Xem tự do" and "Quay về trang của người trình bày", full screen, private notes, and
// for the chair stopping the presentation and handing it to someone in the room.
import type { Presentation } from '@diemcau/protocol';
import { useEffect, useState, type ReactElement, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Follow } from '../../state/present';
import { labelOf } from '../../state/layout';
import { useLive } from '../live/context';

interface Props {
  presentation: Presentation;
  page: number;
  count: number | null;
  indicator: string;
  controls: boolean;
  follow: Follow;
  notesOpen: boolean;
  region: RefObject<HTMLElement | null>;
  onStep: (step: -1 | 1) => void;
  onFree: () => void;
  onReturn: () => void;
  onNotes: () => void;
}

export function PresentToolbar(props: Props): ReactElement {
  const { t } = useTranslation();
  const { presentation: p, page, count, controls, follow } = props;
  const fullscreen = useFullscreen();
  const free = !controls && follow.mode === 'free';
  return (
    <div className="present__bar" role="toolbar" aria-label={t('present.region')}>
      <button
        type="button"
        className="btn btn--ghost btn--large present__nav"
        data-testid="present-prev"
        onClick={() => props.onStep(-1)}
        disabled={page <= 1}
      >
        <span aria-hidden="true">‹</span> {t('present.prev')}
      </button>
      <p
        className="present__indicator"
        aria-live="polite"
        aria-atomic="true"
        data-testid="present-page-indicator"
      >
        {props.indicator}
      </p>
      <button
        type="button"
        className="btn btn--ghost btn--large present__nav"
        data-testid="present-next"
        onClick={() => props.onStep(1)}
        disabled={count !== null && page >= count}
      >
        {t('present.next')} <span aria-hidden="true">›</span>
      </button>
      {!controls && !free && (
        <button
          type="button"
          className="btn btn--ghost btn--large"
          data-testid="present-free"
          onClick={props.onFree}
        >
          {t('present.free')}
        </button>
      )}
      {free && (
        <div className="present__free" role="status">
          <span>{t('present.freeHint', { page: p.page })}</span>
          <button
            type="button"
            className="btn btn--primary btn--large"
            data-testid="present-return"
            onClick={props.onReturn}
          >
            {t('present.returnToPresenter')}
          </button>
        </div>
      )}
      <span className="present__spacer" />
      <button
        type="button"
        className="btn btn--ghost btn--large"
        data-testid="present-notes-toggle"
        aria-pressed={props.notesOpen}
        onClick={props.onNotes}
      >
        {t('present.notes')}
      </button>
      {fullscreen.supported && (
        <button
          type="button"
          className="btn btn--ghost btn--large"
          data-testid="present-fullscreen"
          aria-pressed={fullscreen.on}
          onClick={() => fullscreen.toggle(props.region.current)}
        >
          {fullscreen.on ? t('present.exitFullscreen') : t('present.fullscreen')}
        </button>
      )}
      <ChairControls presentation={p} />
    </div>
  );
}

/** Stop and hand over: the chair and the secretary (and the presenter may stop). */
function ChairControls({ presentation: p }: { presentation: Presentation }): ReactElement | null {
  const { t } = useTranslation();
  const { self, participants, act } = useLive();
  const presenter = p.presenterKey === self.actorKey;
  if (!self.moderator && !presenter) return null;
  const others = new Map<string, string>();
  for (const x of participants)
    if (x.actorKey !== self.actorKey && !others.has(x.actorKey)) others.set(x.actorKey, labelOf(x));
  return (
    <>
      {self.moderator && (
        <label className="present__handover">
          <span>{t('present.handover')}</span>
          <select
            data-testid="present-handover"
            value={p.presenterKey === self.actorKey ? '' : p.presenterKey}
            onChange={(e) => void act({ type: 'present.handover', actorKey: e.target.value || null })}
          >
            <option value="">{t('present.handoverSelf')}</option>
            {[...others].map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="btn btn--danger btn--large"
        data-testid="present-stop"
        onClick={() => void act({ type: 'present.close' })}
      >
        {t('present.stop')}
      </button>
    </>
  );
}

function useFullscreen(): { supported: boolean; on: boolean; toggle: (el: HTMLElement | null) => void } {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const sync = (): void => setOn(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, []);
  return {
    supported: typeof document !== 'undefined' && document.fullscreenEnabled,
    on,
    toggle: (el) => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void el?.requestFullscreen().catch(() => undefined);
    },
  };
}
