// The kiosk's offline copies of its meetings' documents: registers the service worker (/sw.js),
// downloads every URL the server lists for this bridge point into Cache Storage (with the device
// token), drops what is no longer listed (a withdrawn document or invitation), and reports which
// versions it holds so administrators see that the point is ready.
import { useEffect, useState } from 'react';
import { kioskDocuments, reportKioskCache } from '../lib/api/documents';

/** Cache Storage name; the service worker reads the same one. */
export const DOCUMENT_CACHE = 'diemcau-docs-v1';
export const OFFLINE_SYNC_MS = 5 * 60_000;

export interface OfflineState {
  ready: number;
  total: number;
}

export async function registerDocumentWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
}

/** One pass: fetch what is missing, delete what is not listed, report. */
export async function syncOfflineDocuments(token: string, signal: AbortSignal): Promise<OfflineState> {
  const list = await kioskDocuments(token, signal);
  if (!('caches' in window)) return { ready: 0, total: list.length };
  const cache = await caches.open(DOCUMENT_CACHE);
  const wanted = new Set(list.flatMap((e) => e.urls));
  for (const req of await cache.keys()) {
    if (!wanted.has(new URL(req.url).pathname)) await cache.delete(req);
  }
  const held: string[] = [];
  for (const entry of list) {
    let complete = true;
    for (const url of entry.urls) {
      if (await cache.match(url)) continue;
      const res = await fetch(url, { headers: { authorization: `Device ${token}` }, signal });
      if (!res.ok) {
        complete = false;
        break;
      }
      await cache.put(url, res);
    }
    if (complete) held.push(entry.versionId);
  }
  await reportKioskCache(token, held);
  return { ready: held.length, total: list.length };
}

/** Keeps the offline copies in step while the kiosk is paired; null until the first pass ends. */
export function useOfflineDocuments(token: string | null): OfflineState | null {
  const [state, setState] = useState<OfflineState | null>(null);
  useEffect(() => {
    if (!token) return;
    const ctrl = new AbortController();
    const run = (): void => {
      syncOfflineDocuments(token, ctrl.signal).then(
        (s) => !ctrl.signal.aborted && setState(s),
        () => undefined, // Offline or server busy: the cached copies stay; the next pass retries.
      );
    };
    registerDocumentWorker().then(run, run);
    const timer = window.setInterval(run, OFFLINE_SYNC_MS);
    return () => {
      ctrl.abort();
      window.clearInterval(timer);
    };
  }, [token]);
  return state;
}
