// Report calls: the report for a month range, the admins' travel settings, and the PDF/XLSX
// download with progress (XMLHttpRequest, since fetch has no portable download progress).
import type { Report, ReportQuery, ReportSettings, ReportSettingsUpdate } from '@diemcau/protocol';
import { api, toApiError, ApiError, withQuery } from '../../lib/api/client';

export const reportUrls = {
  report: '/api/reports',
  pdf: '/api/reports/export.pdf',
  xlsx: '/api/reports/export.xlsx',
  settings: '/api/reports/settings',
} as const;

export const loadReport = (q: ReportQuery, signal?: AbortSignal): Promise<Report> =>
  api('GET', reportUrls.report, { query: { from: q.from, to: q.to }, ...(signal ? { signal } : {}) });

export const loadReportSettings = (signal?: AbortSignal): Promise<ReportSettings> =>
  api('GET', reportUrls.settings, signal ? { signal } : {});

export const saveReportSettings = (body: ReportSettingsUpdate): Promise<ReportSettings> =>
  api('PUT', reportUrls.settings, { body });

/** Downloaded bytes so far; `percent` null while the size is unknown. */
export interface DownloadProgress {
  percent: number | null;
}

/** Fetches an export as a Blob, reporting progress; rejects with ApiError. */
export function fetchExport(
  format: 'pdf' | 'xlsx',
  q: ReportQuery,
  onProgress: (p: DownloadProgress) => void,
): Promise<{ blob: Blob; fileName: string }> {
  const xhr = new XMLHttpRequest();
  return new Promise((resolve, reject) => {
    xhr.open('GET', withQuery(reportUrls[format], { from: q.from, to: q.to }));
    xhr.responseType = 'blob';
    xhr.onprogress = (e) =>
      onProgress({
        percent: e.lengthComputable ? Math.min(100, Math.round((100 * e.loaded) / e.total)) : null,
      });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const disposition = xhr.getResponseHeader('content-disposition') ?? '';
        const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `bao-cao.${format}`;
        resolve({ blob: xhr.response as Blob, fileName: name });
        return;
      }
      // The error body is JSON inside the blob.
      void (xhr.response as Blob)
        .text()
        .then((text) => {
          reject(toApiError(xhr.status, parseJson(text)));
        })
        .catch(() => reject(toApiError(xhr.status, null)));
    };
    xhr.onerror = () => reject(new ApiError('network', 'network error', 0));
    xhr.send();
  });
}

/** The parsed JSON of an error body, or null. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Hands a Blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // NOTE: revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
