// HTTP contract of the archive and full-text search: past meetings with their records, and a
// Vietnamese search (with or without diacritics) over meetings, documents, minutes and notices.
import { z } from 'zod';
import { MeetingTypeSchema } from './meetings.js';
import type { MeetingType, NamedRef } from './meetings.js';
import type { Vote } from '../live/schema.js';

/** What an index entry stands for. Wire strings: never rename one. */
export const SEARCH_KINDS = ['meeting', 'document', 'minutes', 'notice'] as const;
export const SearchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKindSchema>;

/** Longest query accepted (characters). */
export const SEARCH_QUERY_MAX = 200;

/**
 * `GET /api/search?q=…&kind=…&limit=…`. NOTE: `q` is not trimmed: a trailing space says the last
 * word is complete; without it the last word is matched as a prefix (search as you type).
 */
export const SearchQuerySchema = z.object({
  q: z.string().min(1).max(SEARCH_QUERY_MAX),
  kind: SearchKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(40),
});
export type SearchQuery = z.input<typeof SearchQuerySchema>;

/**
 * Text with the matched words marked. Plain strings only: clients render `hit` parts as <mark>
 * elements, never as HTML, so nothing in a title or document can inject markup.
 */
export type HighlightedText = { text: string; hit: boolean }[];

export interface SearchHit {
  kind: SearchKind;
  refId: string;
  title: HighlightedText;
  /** A window of the body around the first match (empty when only the title matched). */
  snippet: HighlightedText;
  /** ISO 8601 UTC instant. */
  occurredAt: string;
  /** For documents: the current version, so the client can open its PDF. */
  documentVersionId: string | null;
}

export interface SearchMeetingRef {
  id: string;
  title: string;
  type: MeetingType;
  startsAt: string;
  status: 'scheduled' | 'open' | 'ended' | 'cancelled';
  confidential: boolean;
  organizationName: string | null;
}

/** Hits grouped by meeting, best group first. */
export interface SearchGroup {
  meeting: SearchMeetingRef;
  hits: SearchHit[];
}

export interface SearchResponse {
  /** Hits the caller may see (among the best candidates, see `more`). */
  total: number;
  /** True when there were more candidates than the server looks at: refine the query. */
  more: boolean;
  groups: SearchGroup[];
}

/** `GET /api/archive?month=YYYY-MM&type=…&organizationId=…` (month in Vietnam time). */
export const ArchiveQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  type: MeetingTypeSchema.optional(),
  organizationId: z.string().trim().min(1).max(64).optional(),
});
export type ArchiveQuery = z.input<typeof ArchiveQuerySchema>;

export interface ArchiveMeeting extends SearchMeetingRef {
  hostBridgePointName: string | null;
  /** Documents the caller may see. */
  documentCount: number;
  /** May the caller export the attendance sheet (the meeting's editors)? */
  mayExport: boolean;
}

export interface ArchiveResponse {
  meetings: ArchiveMeeting[];
  /** Organizations for the filter. */
  organizations: NamedRef[];
}

/** `GET /api/archive/meetings/:id` — what the archive shows when a meeting is opened. */
export interface ArchiveMeetingRecord {
  /**
   * The meeting's published votes, as its participants saw them at publication but without who
   * voted or how (no voters, named ballots nor point counts): the archive is read more widely.
   */
  votes: Vote[];
}
