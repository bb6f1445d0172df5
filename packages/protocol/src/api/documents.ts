// HTTP contract of meeting documents: upload (raw body, metadata in the query), the list on a
// meeting's page with conversion progress, where files, PDF renditions and page images are
// fetched, and the kiosk's offline cache report with the administrators' readiness table.
import { z } from 'zod';

/** Who may see a document besides the meeting's editors. Wire strings: never rename one. */
export const DOCUMENT_VISIBILITIES = ['invited', 'bridge_point', 'chair'] as const;
export const DocumentVisibilitySchema = z.enum(DOCUMENT_VISIBILITIES);
export type DocumentVisibility = z.infer<typeof DocumentVisibilitySchema>;

/** File kinds accepted, as recognised from the content (never from the name alone). */
export const DOCUMENT_KINDS = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'png', 'jpeg'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Kinds converted to PDF with LibreOffice before they can be shown page by page. */
export const OFFICE_KINDS: readonly DocumentKind[] = ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'];

/**
 * Conversion state of a version. Wire strings: never rename one.
 * queued → converting (office → PDF) → rendering (page images) → ready | failed.
 * Images are `ready` at once; a PDF starts at `rendering`.
 */
export const CONVERSION_STATES = ['queued', 'converting', 'rendering', 'ready', 'failed'] as const;
export type ConversionState = (typeof CONVERSION_STATES)[number];

/** Largest upload, in bytes, unless the server is configured otherwise. */
export const DOCUMENT_MAX_BYTES_DEFAULT = 50 * 1024 * 1024;

export const DocumentIdSchema = z.string().regex(/^doc_[A-Za-z0-9_-]{6,40}$/);
export const DocumentVersionIdSchema = z.string().regex(/^dv_[A-Za-z0-9_-]{6,40}$/);

const optionalId = z.string().trim().min(1).max(64);
const boolFlag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/**
 * `POST /api/meetings/:id/documents` — the body is the file itself (`application/octet-stream`),
 * so the browser can report upload progress; these fields travel in the query string.
 */
export const DocumentUploadQuerySchema = z.object({
  fileName: z.string().min(1).max(1000),
  title: z.string().trim().normalize('NFC').max(300).optional(),
  agendaItemId: optionalId.optional(),
  visibility: DocumentVisibilitySchema.default('invited'),
  bridgePointId: optionalId.optional(),
  downloadable: boolFlag.default(true),
});
export type DocumentUploadQuery = z.input<typeof DocumentUploadQuerySchema>;
/** The upload settings after parsing (defaults applied). */
export type DocumentUploadSettings = z.output<typeof DocumentUploadQuerySchema>;

/** `POST /api/documents/:id/versions` — a new version of the same document (same query fields). */
export const DocumentVersionQuerySchema = z.object({ fileName: z.string().min(1).max(1000) });

/** `PATCH /api/documents/:id` (the meeting's editors). */
export const DocumentPatchSchema = z
  .object({
    title: z.string().trim().normalize('NFC').min(1).max(300),
    agendaItemId: optionalId.nullable(),
    visibility: DocumentVisibilitySchema,
    bridgePointId: optionalId.nullable(),
    downloadable: z.boolean(),
  })
  .partial();
export type DocumentPatch = z.input<typeof DocumentPatchSchema>;

/** The conversion of one version, polled by the meeting page while it runs. */
export interface ConversionView {
  state: ConversionState;
  /** 0–100. */
  progress: number;
  /** Why it failed (for the uploader); null otherwise. */
  error: string | null;
}

/** One stored version. URLs are same-origin and null until that rendition exists. */
export interface DocumentVersionView {
  id: string;
  version: number;
  fileName: string;
  kind: DocumentKind;
  mime: string;
  sizeBytes: number;
  /** SHA-256 of the original file (hex). */
  sha256: string;
  uploadedAt: string;
  uploadedBy: string | null;
  conversion: ConversionView;
  pageCount: number | null;
  /** The original file; null when the caller may not download it (view-only document). */
  fileUrl: string | null;
  /** The PDF to view (the original for a PDF, the conversion for office files; null for images). */
  pdfUrl: string | null;
  /** Page image and thumbnail URL prefixes: append the 1-based page number. */
  pageUrlPrefix: string | null;
  thumbUrlPrefix: string | null;
}

export interface DocumentView {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  title: string;
  visibility: DocumentVisibility;
  /** For visibility `bridge_point`: which point. */
  bridgePoint: { id: string; name: string } | null;
  downloadable: boolean;
  createdAt: string;
  updatedAt: string;
  /** Hidden documents are listed to editors only; their versions are kept. */
  hidden: boolean;
  current: DocumentVersionView;
  /** Every version, newest first (editors); only the current one for others. */
  versions: DocumentVersionView[];
  /** May the caller change it, add versions or hide it. */
  canEdit: boolean;
}

export interface DocumentListResponse {
  documents: DocumentView[];
}

/** What a kiosk should hold offline: one entry per document version of its upcoming meetings. */
export interface KioskDocumentEntry {
  meetingId: string;
  meetingTitle: string;
  occurrenceStart: string;
  documentId: string;
  versionId: string;
  title: string;
  sha256: string;
  /** Same-origin URLs to fetch (with the device token) and keep in Cache Storage. */
  urls: string[];
  /** Sum of the sizes of what the URLs return, when known (bytes). */
  bytes: number;
}

/** `GET /api/kiosk/documents` (device token). */
export interface KioskDocumentsResponse {
  documents: KioskDocumentEntry[];
}

/** `PUT /api/kiosk/documents/cache` (device token): the versions fully held offline now. */
export const KioskDocumentCacheSchema = z.object({
  versionIds: z.array(DocumentVersionIdSchema).max(2000),
});
export type KioskDocumentCache = z.infer<typeof KioskDocumentCacheSchema>;

/** One bridge point of a meeting in the readiness table: its paired device and what it holds. */
export interface ReadinessPoint {
  bridgePoint: { id: string; name: string };
  device: { id: string; label: string; online: boolean; lastReportAt: string | null } | null;
  /** Document ids this point should hold (visible to it) and which of their current versions it holds. */
  expected: string[];
  ready: string[];
}

export interface ReadinessMeeting {
  meetingId: string;
  title: string;
  occurrenceStart: string;
  documents: { id: string; title: string; versionId: string }[];
  points: ReadinessPoint[];
}

/** `GET /api/documents/readiness` (admin): upcoming meetings (next 7 days) with documents. */
export interface DocumentReadinessResponse {
  meetings: ReadinessMeeting[];
}

/** Where things are served (the server's routes; the kiosk's service worker matches these). */
export const documentPaths = {
  list: (meetingId: string): string => `/api/meetings/${encodeURIComponent(meetingId)}/documents`,
  document: (documentId: string): string => `/api/documents/${encodeURIComponent(documentId)}`,
  version: (documentId: string, versionId: string): string =>
    `/api/documents/${encodeURIComponent(documentId)}/versions/${encodeURIComponent(versionId)}`,
};

/** Every cacheable document URL: immutable per version, so a cache may keep it forever. */
export const DOCUMENT_CONTENT_URL =
  /^\/api\/documents\/doc_[A-Za-z0-9_-]+\/versions\/dv_[A-Za-z0-9_-]+\/(file|pdf|pages\/\d+|thumbs\/\d+)$/;
