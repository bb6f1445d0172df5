// Converts document records into the wire shapes of @diemcau/protocol, with the URLs the caller
// may use: the edge between the documents domain and its HTTP routes.
import { documentPaths } from '@diemcau/protocol';
import type { DocumentVersionView, DocumentView } from '@diemcau/protocol';
import type { DocumentFacts } from './authz.js';
import type { DocumentRecord, VersionRecord } from './store.js';

export const factsOf = (d: DocumentRecord): DocumentFacts => ({
  visibility: d.visibility,
  bridgePointId: d.bridgePointId,
  downloadable: d.downloadable,
  hidden: d.hidden,
});

const isImage = (v: VersionRecord): boolean => v.kind === 'png' || v.kind === 'jpeg';

/** The URLs of a version's renditions that exist (the conversion may still run). */
export function renditionUrls(
  d: DocumentRecord,
  v: VersionRecord,
  mayDownload: boolean,
): Pick<DocumentVersionView, 'fileUrl' | 'pdfUrl' | 'pageUrlPrefix' | 'thumbUrlPrefix'> {
  const base = documentPaths.version(d.id, v.id);
  const pdf = v.kind === 'pdf' || v.pdfSha256 !== null;
  const pages = v.state === 'ready' && (v.pageCount ?? 0) > 0;
  return {
    fileUrl: mayDownload ? `${base}/file` : null,
    pdfUrl: pdf && !isImage(v) ? `${base}/pdf` : null,
    pageUrlPrefix: pages ? `${base}/pages/` : null,
    thumbUrlPrefix: pages ? `${base}/thumbs/` : null,
  };
}

export function versionView(d: DocumentRecord, v: VersionRecord, mayDownload: boolean): DocumentVersionView {
  return {
    id: v.id,
    version: v.version,
    fileName: v.fileName,
    kind: v.kind,
    mime: v.mime,
    sizeBytes: v.sizeBytes,
    sha256: v.sha256,
    uploadedAt: v.uploadedAt,
    uploadedBy: v.uploadedBy,
    conversion: { state: v.state, progress: v.progress, error: v.error },
    pageCount: v.pageCount,
    ...renditionUrls(d, v, mayDownload),
  };
}

/** The document as the caller may see it: every version for editors, the current one for others. */
export function documentView(
  d: DocumentRecord,
  versions: readonly VersionRecord[],
  opts: { editor: boolean; mayDownload: boolean },
): DocumentView | null {
  const current = versions.find((v) => v.id === d.currentVersionId) ?? versions[0];
  if (!current) return null;
  const shown = opts.editor ? versions : [current];
  return {
    id: d.id,
    meetingId: d.meetingId,
    agendaItemId: d.agendaItemId,
    title: d.title,
    visibility: d.visibility,
    bridgePoint:
      d.bridgePointId === null ? null : { id: d.bridgePointId, name: d.bridgePointName ?? d.bridgePointId },
    downloadable: d.downloadable,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    hidden: d.hidden,
    current: versionView(d, current, opts.mayDownload),
    versions: shown.map((v) => versionView(d, v, opts.mayDownload)),
    canEdit: opts.editor,
  };
}
