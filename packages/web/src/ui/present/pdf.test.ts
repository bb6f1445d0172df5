// Fetching the presented PDF: the document's own URL first; when it is refused (an invitation-link
// guest has no session) the ticket URL, with progress; a ticket that cannot be had, or a URL that
// is not a presentation ticket's, keeps the first refusal; a network failure asks for no ticket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// pdf.js and its worker are not needed to fetch bytes (and need a browser).
vi.mock('pdfjs-dist', () => ({ getDocument: vi.fn(), GlobalWorkerOptions: {} }));
vi.mock('pdfjs-dist/build/pdf.worker.min.mjs?url', () => ({ default: '/worker.js' }));
vi.mock('../../kiosk/device-token', () => ({ loadDeviceToken: () => null }));

const { fetchPdf, PdfLoadError, pdfUrl } = await import('./pdf');

const DOC = 'doc_bao_cao_11';
const VER = 'dv_bao_cao_11a';
const TICKET = `/api/presentations/m_giao_ban/${DOC}/${VER}.pdf?ticket=1893456000000.cF9raGFjaA.${'A'.repeat(43)}`;
const BYTES = new TextEncoder().encode('%PDF-1.7 trang 1');

let calls: string[] = [];
const answer = (url: string): Response => {
  if (url === TICKET)
    return new Response(BYTES, { status: 200, headers: { 'content-length': String(BYTES.length) } });
  return new Response('{}', { status: 401 });
};
beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url);
    return Promise.resolve(answer(url));
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchPdf', () => {
  it('falls back to a ticket when the session is refused, with progress', async () => {
    const progress: number[] = [];
    const bytes = await fetchPdf(
      DOC,
      VER,
      (p) => progress.push(p.loaded),
      new AbortController().signal,
      () => Promise.resolve(TICKET),
    );
    expect(new TextDecoder().decode(bytes)).toBe('%PDF-1.7 trang 1');
    expect(calls).toEqual([pdfUrl(DOC, VER), TICKET]);
    expect(progress.at(-1)).toBe(BYTES.length);
  });

  it('keeps the refusal when there is no ticket, or the URL is not a ticket URL', async () => {
    const signal = new AbortController().signal;
    await expect(fetchPdf(DOC, VER, () => undefined, signal)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(
      fetchPdf(
        DOC,
        VER,
        () => undefined,
        signal,
        () => Promise.reject(new Error('wrong_state')),
      ),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(
      fetchPdf(
        DOC,
        VER,
        () => undefined,
        signal,
        () => Promise.resolve('https://evil.example/x.pdf'),
      ),
    ).rejects.toBeInstanceOf(PdfLoadError);
    expect(calls.filter((u) => u !== pdfUrl(DOC, VER))).toEqual([]);
  });

  it('asks for no ticket when the network fails', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    const ticket = vi.fn(() => Promise.resolve(TICKET));
    await expect(
      fetchPdf(DOC, VER, () => undefined, new AbortController().signal, ticket),
    ).rejects.toMatchObject({
      code: 'network',
    });
    expect(ticket).not.toHaveBeenCalled();
  });
});
