// HTTP contract of meeting recordings: the list on a meeting's page (with processing progress)
// and where the finished file is fetched. A recording is one playable file per live meeting.
import { z } from 'zod';

/**
 * Lifecycle of a recording. Wire strings: never rename one.
 * recording → queued (the meeting ended) → processing → ready | failed; ready → expired (retention).
 */
export const RECORDING_STATUSES = [
  'recording',
  'queued',
  'processing',
  'ready',
  'failed',
  'expired',
] as const;
export const RecordingStatusSchema = z.enum(RECORDING_STATUSES);
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

/** A chapter mark in the file (an agenda item that became current). */
export interface RecordingChapterView {
  title: string;
  agendaItemId: string | null;
  /** Offset into the file, in milliseconds. */
  offsetMs: number;
}

/** One recording as the meeting page lists it. */
export interface RecordingView {
  id: string;
  meetingId: string;
  status: RecordingStatus;
  /** Processing progress 0–100 (100 once ready). */
  progress: number;
  /** ISO 8601 UTC instants. */
  startedAt: string;
  endedAt: string | null;
  /** Length of the processed file (or of the recorded spans so far). */
  durationMs: number;
  sizeBytes: number | null;
  /** When the retention sweeper deletes the file (null while it is still recording). */
  expiresAt: string | null;
  chapters: RecordingChapterView[];
  /** Same-origin URL of the file (play in the browser, or `?download=1` to save it); null until ready. */
  fileUrl: string | null;
  error: string | null;
}

export interface RecordingListResponse {
  recordings: RecordingView[];
}

/** Where a recording's file is served. */
export const recordingFilePath = (recordingId: string): string =>
  `/api/recordings/${encodeURIComponent(recordingId)}/file`;

/** Recording ids: `rec_` and 22 base64url characters. */
export const RecordingIdSchema = z.string().regex(/^rec_[A-Za-z0-9_-]{10,40}$/);
