// Meeting documents: list, upload with progress (XMLHttpRequest, since fetch reports no upload
// progress), settings, hiding, the admins' readiness table, and the kiosk's offline list and report.
import { api, getCsrfToken, toApiError, ApiError } from './client';
import type {
  DocumentListResponse,
  DocumentPatch,
  DocumentReadinessResponse,
  DocumentView,
  DocumentVisibility,
  KioskDocumentEntry,
  KioskDocumentsResponse,
} from './contract';
import { documentPaths } from './contract';

export async function listDocuments(meetingId: string, signal?: AbortSignal): Promise<DocumentView[]> {
  return (await api<DocumentListResponse>('GET', documentPaths.list(meetingId), signal ? { signal } : {}))
    .documents;
}

export const updateDocument = (id: string, body: DocumentPatch): Promise<DocumentView> =>
  api('PATCH', documentPaths.document(id), { body });

export const hideDocument = (id: string): Promise<DocumentView> => api('DELETE', documentPaths.document(id));

export const documentReadiness = (signal?: AbortSignal): Promise<DocumentReadinessResponse> =>
  api('GET', '/api/documents/readiness', signal ? { signal } : {});

export interface UploadSettings {
  title?: string;
  agendaItemId?: string;
  visibility: DocumentVisibility;
  bridgePointId?: string;
  downloadable: boolean;
}

export interface UploadHandle {
  done: Promise<DocumentView>;
  abort(): void;
}

/**
 * Sends a file as the raw request body. `onProgress` gets 0–100 as bytes leave the browser.
 * `target` is a meeting (new document) or a document (new version).
 */
export function uploadDocument(
  target: { meetingId: string } | { documentId: string },
  file: File,
  settings: UploadSettings | null,
  onProgress: (percent: number) => void,
): UploadHandle {
  const query = new URLSearchParams({ fileName: file.name });
  if (settings) {
    if (settings.title) query.set('title', settings.title);
    if (settings.agendaItemId) query.set('agendaItemId', settings.agendaItemId);
    query.set('visibility', settings.visibility);
    if (settings.visibility === 'bridge_point' && settings.bridgePointId)
      query.set('bridgePointId', settings.bridgePointId);
    query.set('downloadable', settings.downloadable ? '1' : '0');
  }
  const url =
    'meetingId' in target
      ? `${documentPaths.list(target.meetingId)}?${query.toString()}`
      : `${documentPaths.document(target.documentId)}/versions?${query.toString()}`;
  const xhr = new XMLHttpRequest();
  const done = new Promise<DocumentView>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(100, Math.round((100 * e.loaded) / e.total)));
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as DocumentView);
      else reject(toApiError(xhr.status, body, xhr.getResponseHeader('retry-after')));
    };
    xhr.onerror = () => reject(new ApiError('network', 'network error', 0));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

export async function kioskDocuments(token: string, signal?: AbortSignal): Promise<KioskDocumentEntry[]> {
  return (
    await api<KioskDocumentsResponse>('GET', '/api/kiosk/documents', {
      deviceToken: token,
      ...(signal ? { signal } : {}),
    })
  ).documents;
}

export const reportKioskCache = (token: string, versionIds: string[]): Promise<{ accepted: number }> =>
  api('PUT', '/api/kiosk/documents/cache', { deviceToken: token, body: { versionIds } });
