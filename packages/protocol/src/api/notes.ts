// HTTP contract of private notes on meeting documents: one note per author, document version and
// page; only its author (a signed-in user, or a bridge point's kiosk) can ever read it.
import { z } from 'zod';

/** Longest note on one page (characters). */
export const NOTE_MAX_CHARS = 5000;

/** `PUT /api/documents/:id/versions/:versionId/notes/:page` — an empty text deletes the note. */
export const DocumentNotePutSchema = z.object({
  text: z
    .string()
    .max(NOTE_MAX_CHARS)
    .transform((s) => s.normalize('NFC')),
});
export type DocumentNotePut = z.input<typeof DocumentNotePutSchema>;

export interface DocumentNoteView {
  page: number;
  text: string;
  updatedAt: string;
}

/** `GET /api/documents/:id/versions/:versionId/notes` — the caller's own notes, by page. */
export interface DocumentNotesResponse {
  notes: DocumentNoteView[];
}
