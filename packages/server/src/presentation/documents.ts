// Which document versions may be presented to a live meeting: only what every invitee may see
// (visibility "invited", not hidden, the current version) and that has a PDF to render.
import { AppError, MAX_PRESENT_PAGE } from '@diemcau/protocol';
import type { PresentableDocument } from '../conduct/decision.js';
import type { DocumentStore } from '../documents/store.js';

const refuse = (message: string, field: string): AppError =>
  new AppError('not_presentable', message, { field });

/**
 * The version, checked for presentation in `meetingId`. Throws not_found for a document of another
 * meeting, a hidden one or an unknown version, and not_presentable for one the whole room may not
 * see (chair-only, one bridge point's, an old version) or that has no PDF yet.
 */
export async function presentableDocument(
  store: Pick<DocumentStore, 'document' | 'version'>,
  meetingId: string,
  documentId: string,
  versionId: string,
): Promise<PresentableDocument> {
  const doc = await store.document(documentId);
  if (!doc || doc.meetingId !== meetingId || doc.hidden) throw AppError.notFound('document', 'documentId');
  if (doc.visibility === 'chair')
    throw refuse(
      'this document is for the chair and the secretary only; it cannot be shown to the room',
      'documentId',
    );
  if (doc.visibility !== 'invited')
    throw refuse('this document is for one bridge point only; it cannot be shown to the room', 'documentId');
  const v = await store.version(versionId);
  if (!v || v.documentId !== doc.id) throw AppError.notFound('version', 'versionId');
  // NOTE: invitees other than the editors see only the current version.
  if (v.id !== doc.currentVersionId) throw refuse('only the current version can be presented', 'versionId');
  if (v.kind !== 'pdf' && v.pdfSha256 === null)
    throw refuse('this version has no PDF yet (still converting, failed, or an image)', 'versionId');
  const pages = v.pageCount !== null && v.pageCount > 0 ? Math.min(v.pageCount, MAX_PRESENT_PAGE) : null;
  return { documentId: doc.id, versionId: v.id, title: doc.title.slice(0, 300), pageCount: pages };
}
