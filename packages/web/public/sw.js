// Service worker of the kiosk: answers meeting-document URLs (immutable per version) from the
// Cache Storage the kiosk fills before its meetings (src/kiosk/offline-documents.ts), so showing
// a document costs no bandwidth and works offline. Every other request goes to the network as is.
const CACHE = 'diemcau-docs-v1';
// Mirrors DOCUMENT_CONTENT_URL in packages/protocol/src/api/documents.ts.
const DOCUMENT_CONTENT_URL =
  /^\/api\/documents\/doc_[A-Za-z0-9_-]+\/versions\/dv_[A-Za-z0-9_-]+\/(file|pdf|pages\/\d+|thumbs\/\d+)$/;

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search !== '' || !DOCUMENT_CONTENT_URL.test(url.pathname))
    return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(url.pathname))
      .then((hit) => hit ?? fetch(request)),
  );
});
