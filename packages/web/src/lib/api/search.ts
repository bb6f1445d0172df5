// Search and archive calls: Vietnamese full-text search (with or without diacritics) and the past
// meetings with their records.
import type {
  ArchiveMeetingRecord,
  ArchiveQuery,
  ArchiveResponse,
  SearchKind,
  SearchResponse,
} from '@diemcau/protocol';
import { api } from './client';

/** GET /api/search. `q` is sent as typed: a trailing space says the last word is complete. */
export const searchArchive = (
  q: string,
  opts: { kind?: SearchKind | undefined; limit?: number; signal?: AbortSignal } = {},
): Promise<SearchResponse> =>
  api('GET', '/api/search', {
    query: { q, kind: opts.kind, limit: opts.limit },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });

export const listArchive = (query: ArchiveQuery, signal?: AbortSignal): Promise<ArchiveResponse> =>
  api('GET', '/api/archive', {
    query: { month: query.month, type: query.type, organizationId: query.organizationId },
    ...(signal ? { signal } : {}),
  });

export const archiveRecord = (meetingId: string, signal?: AbortSignal): Promise<ArchiveMeetingRecord> =>
  api('GET', `/api/archive/meetings/${encodeURIComponent(meetingId)}`, signal ? { signal } : {});
