// The presented PDF for one version: fetched once (or from the kiosk's offline copy) with
// progress, opened with pdf.js, and released when the presentation changes or ends.
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { fetchPdf, openPdf, PdfLoadError, type LoadProgress, type TicketSource } from './pdf';

export type PdfState =
  | { kind: 'loading'; progress: LoadProgress | null }
  | { kind: 'ready'; doc: PDFDocumentProxy; cached: boolean }
  | { kind: 'error'; code: PdfLoadError['code'] };

/** `ticket`: asks for a presentation ticket when the viewer's own session is refused. */
export function usePdf(
  documentId: string,
  versionId: string,
  attempt: number,
  ticket?: TicketSource,
): PdfState {
  const [state, setState] = useState<PdfState>({ kind: 'loading', progress: null });
  // NOTE: a ref, so a new function each render does not refetch the PDF.
  const ticketRef = useRef(ticket);
  ticketRef.current = ticket;
  useEffect(() => {
    const ctrl = new AbortController();
    let doc: PDFDocumentProxy | null = null;
    let cached = false;
    setState({ kind: 'loading', progress: null });
    fetchPdf(
      documentId,
      versionId,
      (progress) => {
        cached = progress.cached;
        if (!ctrl.signal.aborted) setState({ kind: 'loading', progress });
      },
      ctrl.signal,
      ticketRef.current,
    )
      .then(openPdf)
      .then((d) => {
        doc = d;
        if (ctrl.signal.aborted) void d.destroy();
        else setState({ kind: 'ready', doc: d, cached });
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        setState({ kind: 'error', code: err instanceof PdfLoadError ? err.code : 'network' });
      });
    return () => {
      ctrl.abort();
      if (doc) void doc.destroy();
    };
  }, [documentId, versionId, attempt]);
  return state;
}
