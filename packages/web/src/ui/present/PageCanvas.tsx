// One page of the presented PDF drawn by pdf.js on a canvas that fits the stage (at the device
// pixel ratio), the presenter's pointer as a dot over it, and the page's text for screen readers.
// The presenter's own pointer movements over the page are reported (throttled by the caller).
import type { PresentPointer } from '@diemcau/protocol';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { toPagePointer } from '../../state/present';
import { renderPage } from './pdf';

interface Props {
  doc: PDFDocumentProxy;
  page: number;
  pointer: PresentPointer | null;
  /** Set for the presenter: pointer positions over the page (null when it leaves). */
  onPoint?: (p: PresentPointer | null) => void;
}

export function PageCanvas({ doc, page, pointer, onPoint }: Props): ReactElement {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [rendered, setRendered] = useState(0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = (): void => {
      const r = el.getBoundingClientRect();
      setSize((s) =>
        s && Math.abs(s.width - r.width) < 2 && Math.abs(s.height - r.height) < 2
          ? s
          : { width: r.width, height: r.height },
      );
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // NOTE: pdf.js refuses two renders on one canvas at once: renders run one after another, and a
  // page asked for while one renders is drawn next (only the latest one).
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    const c = canvas.current;
    if (!c || !size || size.width < 10 || size.height < 10) return;
    let stale = false;
    queue.current = queue.current.then(async () => {
      if (stale) return;
      try {
        const r = await renderPage(doc, page, c, size);
        if (!stale) {
          setText(r.text);
          setRendered((n) => n + 1);
        }
      } catch (err) {
        if (!stale) console.warn('[diemcau] page render', err);
      }
    });
    return () => {
      stale = true;
    };
  }, [doc, page, size]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    if (!onPoint || !canvas.current) return;
    onPoint(toPagePointer(e.clientX, e.clientY, canvas.current.getBoundingClientRect()));
  };

  return (
    <div className="present__box" ref={box}>
      <div className="present__page">
        <canvas
          ref={canvas}
          className="present__canvas"
          data-testid="present-canvas"
          data-page={page}
          data-rendered={rendered}
          role="img"
          aria-label={t('present.pageOnly', { page })}
          onPointerMove={onPoint ? point : undefined}
          onPointerDown={onPoint ? point : undefined}
          onPointerLeave={onPoint ? () => onPoint(null) : undefined}
        />
        {pointer && (
          <span
            className="present__pointer"
            data-testid="present-pointer"
            data-x={pointer.x}
            data-y={pointer.y}
            role="img"
            aria-label={t('present.pointer')}
            style={{ left: `${pointer.x * 100}%`, top: `${pointer.y * 100}%` }}
          />
        )}
      </div>
      <div className="sr-only" role="region" aria-label={t('present.pageText', { page })}>
        {text === null ? null : text || t('present.noPageText')}
      </div>
    </div>
  );
}
