// Loading a presented PDF once per version and rendering its pages with pdf.js. The PDF is fetched
// from the same URL the kiosk's service worker answers from its offline cache (so a prepared
// bridge point uses no bandwidth), otherwise from the server with download progress; the bytes are
// kept in memory for the rest of the presentation, so turning pages costs nothing on the line.
// A viewer without an account session or kiosk token gets a presentation ticket instead.
import { documentPaths } from '@diemcau/protocol';
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { loadDeviceToken } from '../../kiosk/device-token';

GlobalWorkerOptions.workerSrc = workerUrl;

export interface LoadProgress {
  loaded: number;
  /** Bytes expected, when the server said so. */
  total: number | null;
  /** Answered by the kiosk's offline copy (the service worker), not the network. */
  cached: boolean;
}

/** A failed load: `unauthorized`/`not_found` (the viewer may not fetch it) or `network`. */
export class PdfLoadError extends Error {
  constructor(readonly code: 'unauthorized' | 'not_found' | 'network' | 'bad_pdf') {
    super(code);
  }
}

export const pdfUrl = (documentId: string, versionId: string): string =>
  `${documentPaths.version(documentId, versionId)}/pdf`;

async function isCached(url: string): Promise<boolean> {
  try {
    return 'caches' in window && (await caches.match(url)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Asks the server (over the call's signalling) for a short-lived URL of the presented PDF; used by
 * viewers without an account session or kiosk token (invitation links, admitted guests).
 */
export type TicketSource = () => Promise<string>;

/** Ticket URLs the server mints (presentation/ticket.ts); anything else is not fetched. */
const TICKET_PATH = /^\/api\/presentations\/[^?#]+\.pdf\?ticket=[A-Za-z0-9_.-]+$/;

/**
 * Fetches the PDF's bytes, reporting progress: the document's own URL first (the kiosk's offline
 * copy, or the viewer's session), then — when that is refused and `ticket` is given — the ticket URL.
 */
export async function fetchPdf(
  documentId: string,
  versionId: string,
  onProgress: (p: LoadProgress) => void,
  signal: AbortSignal,
  ticket?: TicketSource,
): Promise<Uint8Array> {
  const url = pdfUrl(documentId, versionId);
  const cached = await isCached(url);
  const token = loadDeviceToken();
  const headers: Record<string, string> = token ? { authorization: `Device ${token}` } : {};
  let refused: PdfLoadError;
  try {
    return await download(url, headers, cached, onProgress, signal);
  } catch (err) {
    if (
      !(err instanceof PdfLoadError) ||
      !ticket ||
      (err.code !== 'unauthorized' && err.code !== 'not_found')
    )
      throw err;
    refused = err;
  }
  let ticketUrl: string;
  try {
    ticketUrl = await ticket();
  } catch {
    throw refused; // no ticket (nothing presented any more, or not admitted): the first answer stands
  }
  signal.throwIfAborted();
  if (!TICKET_PATH.test(ticketUrl)) throw refused;
  return download(ticketUrl, {}, false, onProgress, signal);
}

async function download(
  url: string,
  headers: Record<string, string>,
  cached: boolean,
  onProgress: (p: LoadProgress) => void,
  signal: AbortSignal,
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', signal, headers });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new PdfLoadError('network');
  }
  if (res.status === 401 || res.status === 403) throw new PdfLoadError('unauthorized');
  if (res.status === 404) throw new PdfLoadError('not_found');
  if (!res.ok || !res.body) throw new PdfLoadError('network');
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(declared) && declared > 0 ? declared : null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress({ loaded, total, cached });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ loaded, total, cached });
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** Opens fetched bytes with pdf.js (in its worker). */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  try {
    return await getDocument({ data: bytes, isEvalSupported: false }).promise;
  } catch {
    throw new PdfLoadError('bad_pdf');
  }
}

export interface RenderedPage {
  /** The page's text for screen readers (may be empty for scanned pages). */
  text: string;
  /** Width / height of the page. */
  aspect: number;
}

/**
 * Renders one page into the canvas so it fits `box` (CSS pixels) at the device pixel ratio; the
 * canvas's CSS size is the page's shown size, so pointer coordinates map onto it.
 */
export async function renderPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
): Promise<RenderedPage> {
  const page = await doc.getPage(pageNumber);
  const base = page.getViewport({ scale: 1 });
  const fit = Math.max(0.05, Math.min(box.width / base.width, box.height / base.height));
  const dpr = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
  const viewport = page.getViewport({ scale: fit * dpr });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / dpr)}px`;
  canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
  await page.render({ canvas, viewport }).promise;
  const content = await page.getTextContent();
  const text = content.items
    .map((i) => ('str' in i ? i.str : ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, aspect: base.width / base.height };
}
