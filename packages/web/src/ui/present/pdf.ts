// Loading a presented PDF once per version and rendering its pages with pdf.js. The PDF is fetched
// from the same URL the kiosk's service worker answers from its offline cache (so a prepared
// bridge point uses no bandwidth), otherwise from the server with download progress; the bytes are
// kept in memory for the rest of the presentation, so turning pages costs nothing on the line.
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

/** Fetches the PDF's bytes, reporting progress. */
export async function fetchPdf(
  documentId: string,
  versionId: string,
  onProgress: (p: LoadProgress) => void,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const url = pdfUrl(documentId, versionId);
  const cached = await isCached(url);
  const token = loadDeviceToken();
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      signal,
      ...(token ? { headers: { authorization: `Device ${token}` } } : {}),
    });
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
