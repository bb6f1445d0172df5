// Search and archive for a caller: index candidates filtered by the meetings' and documents' own
// access rules (meetings/authz.ts, documents/authz.ts) before anything is counted, grouped or
// snippeted, so a hidden meeting or document never shows in a result, a count or a snippet.
import { AppError } from '@diemcau/protocol';
import type {
  ArchiveMeeting,
  ArchiveMeetingRecord,
  ArchiveResponse,
  MeetingType,
  SearchGroup,
  SearchHit,
  SearchKind,
  SearchMeetingRef,
  SearchResponse,
} from '@diemcau/protocol';
import type { AuthContext } from '../auth/context.js';
import type { ConductService } from '../conduct/service.js';
import { canSeeDocument } from '../documents/authz.js';
import { canEdit, canSee } from '../meetings/authz.js';
import type { UserViewer } from '../meetings/authz.js';
import { fromVnWall } from '../meetings/recurrence.js';
import type { MeetingService } from '../meetings/service.js';
import { highlight, snippet } from './highlight.js';
import type { SearchIndex } from './index-store.js';
import { parseQuery, wordMatcher } from './query.js';
import type { MeetingFacts, SearchRecordsStore } from './records-store.js';

/** Candidates looked at per query; past this the answer says `more` (refine the query). */
export const CANDIDATES = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SearchServiceDeps {
  index: SearchIndex;
  records: SearchRecordsStore;
  meetings: MeetingService;
  conduct: ConductService;
  now: () => Date;
}

const meetingRef = (m: MeetingFacts): SearchMeetingRef => ({
  id: m.id,
  title: m.title,
  type: m.type,
  startsAt: m.startsAt,
  status: m.status,
  confidential: m.confidential,
  organizationName: m.organizationName,
});

export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  /** Signed-in accounts only: kiosks have nothing to search, anonymous callers see nothing. */
  async #viewer(auth: AuthContext): Promise<UserViewer> {
    if (auth.kind === 'anonymous') throw AppError.unauthorized();
    const viewer = await this.deps.meetings.viewer(auth);
    if (viewer.kind !== 'user') throw AppError.forbidden('search is for signed-in accounts');
    return viewer;
  }

  /** GET /api/search */
  async search(
    auth: AuthContext,
    input: { q: string; kind?: SearchKind | undefined; limit: number },
  ): Promise<SearchResponse> {
    const viewer = await this.#viewer(auth);
    const parsed = parseQuery(input.q);
    if (parsed.terms.length === 0) throw AppError.validation('type at least one word', 'q');
    const { index, records } = this.deps;
    const candidates = await index.search(parsed, { kind: input.kind, limit: CANDIDATES });
    const meetings = await records.meetings(candidates.map((c) => c.meetingId));
    const docs = await records.documents(candidates.filter((c) => c.kind === 'document').map((c) => c.refId));
    const visible = candidates.filter((c) => {
      const m = meetings.get(c.meetingId);
      if (!m || !canSee(m.access, viewer)) return false;
      if (c.kind !== 'document') return true;
      const d = docs.get(c.refId);
      return d !== undefined && d.meetingId === m.id && canSeeDocument(m.access, d, viewer);
    });
    const page = visible.slice(0, input.limit);
    const texts = await index.texts(page.map((c) => c.id));
    const matches = wordMatcher(parsed);
    const groups = new Map<string, SearchGroup>();
    for (const c of page) {
      const m = meetings.get(c.meetingId);
      const text = texts.get(c.id);
      if (!m || !text) continue;
      const hit: SearchHit = {
        kind: c.kind,
        refId: c.refId,
        title: highlight(text.title, matches),
        snippet: snippet(text.body, matches),
        occurredAt: c.occurredAt,
        documentVersionId: c.kind === 'document' ? (docs.get(c.refId)?.currentVersionId ?? null) : null,
      };
      const group = groups.get(m.id) ?? { meeting: meetingRef(m), hits: [] };
      group.hits.push(hit);
      groups.set(m.id, group);
    }
    return { total: visible.length, more: candidates.length >= CANDIDATES, groups: [...groups.values()] };
  }

  /** GET /api/archive — past meetings the caller may see (a month, Vietnam time, or the last year). */
  async archive(
    auth: AuthContext,
    q: { month?: string | undefined; type?: MeetingType | undefined; organizationId?: string | undefined },
  ): Promise<ArchiveResponse> {
    const viewer = await this.#viewer(auth);
    const now = this.deps.now();
    let from = new Date(now.getTime() - 366 * DAY_MS);
    let to = now;
    if (q.month) {
      const [y, m] = q.month.split('-').map(Number) as [number, number];
      from = fromVnWall(y, m, 1);
      to = new Date(
        Math.min(fromVnWall(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1).getTime(), now.getTime()),
      );
    }
    const { records } = this.deps;
    const rows =
      from < to
        ? (await records.archive({ from, to, type: q.type, organizationId: q.organizationId })).filter((m) =>
            canSee(m.access, viewer),
          )
        : [];
    const docs = await records.documentsOfMeetings(rows.map((m) => m.id));
    const meetings: ArchiveMeeting[] = rows.map((m) => ({
      ...meetingRef(m),
      hostBridgePointName: m.hostBridgePointName,
      documentCount: docs.filter((d) => d.meetingId === m.id && canSeeDocument(m.access, d, viewer)).length,
      mayExport: canEdit(m.access, viewer),
    }));
    return { meetings, organizations: await records.organizations() };
  }

  /** GET /api/archive/meetings/:id — the published vote results of a meeting (404 if not visible). */
  async record(auth: AuthContext, meetingId: string): Promise<ArchiveMeetingRecord> {
    const viewer = await this.#viewer(auth);
    const m = (await this.deps.records.meetings([meetingId])).get(meetingId);
    if (!m || !canSee(m.access, viewer)) throw AppError.meetingNotFound(meetingId);
    const state = await this.deps.conduct.state(meetingId);
    const votes = (state?.votes ?? [])
      .filter((v) => v.status === 'published' && v.result !== null)
      .map((v) => ({ ...v, voters: [], ballots: null, pointCounts: null }));
    return { votes };
  }
}
