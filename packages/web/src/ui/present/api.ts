// HTTP calls of the presentation: the meeting's presentable documents and the caller's own
// private notes on a document version.
import type { DocumentNoteView, DocumentNotesResponse, DocumentView } from '@diemcau/protocol';
import { documentPaths } from '@diemcau/protocol';
import { api } from '../../lib/api/client';
import { listDocuments } from '../../lib/api/documents';

/** Documents that every invitee may see and that have a PDF (what the server lets us present). */
export async function presentableDocuments(meetingId: string, signal?: AbortSignal): Promise<DocumentView[]> {
  const all = await listDocuments(meetingId, signal);
  return all.filter((d) => !d.hidden && d.visibility === 'invited' && d.current.pdfUrl !== null);
}

const notesPath = (documentId: string, versionId: string): string =>
  `${documentPaths.version(documentId, versionId)}/notes`;

export async function myNotes(
  documentId: string,
  versionId: string,
  signal?: AbortSignal,
): Promise<DocumentNoteView[]> {
  const res = await api<DocumentNotesResponse>(
    'GET',
    notesPath(documentId, versionId),
    signal ? { signal } : {},
  );
  return res.notes;
}

/** Stores the note of one page (an empty text deletes it); resolves once the server holds it. */
export const saveNote = (
  documentId: string,
  versionId: string,
  page: number,
  text: string,
): Promise<DocumentNoteView> => api('PUT', `${notesPath(documentId, versionId)}/${page}`, { body: { text } });
