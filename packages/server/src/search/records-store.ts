// Reads what search and the archive need from the other domains' tables, in batches: the access
// facts of many meetings at once (for filtering hits), document facts, the archive's meeting
// list, and the text of meetings and documents to index. Read-only; rows become domain objects.
import { sql } from 'kysely';
import type { DocumentVisibility, InviteeRole, MeetingType, NamedRef } from '@diemcau/protocol';
import type { DocumentFacts } from '../documents/authz.js';
import type { Db } from '../db/database.js';
import type { MeetingAccess } from '../meetings/authz.js';
import type { MeetingStatus } from '../meetings/store.js';

/** A meeting as search results and the archive show it, with its access facts. */
export interface MeetingFacts {
  id: string;
  title: string;
  type: MeetingType;
  startsAt: string;
  status: MeetingStatus;
  confidential: boolean;
  organizationName: string | null;
  hostBridgePointName: string | null;
  access: MeetingAccess;
}

export interface DocumentFactsRow extends DocumentFacts {
  id: string;
  meetingId: string;
  currentVersionId: string | null;
}

/** The text of a meeting to index. */
export interface MeetingText {
  id: string;
  title: string;
  type: MeetingType;
  description: string;
  startsAt: string;
  organizationName: string | null;
  hostName: string | null;
  hostLocation: string | null;
  agenda: { title: string; presenter: string }[];
}

/** A document whose index entry is missing or out of date. */
export interface DocumentToIndex {
  id: string;
  meetingId: string;
  title: string;
  versionId: string;
  revision: string;
  state: string;
  kind: string;
  /** The PDF to extract text from (the original, or the converted one), if any. */
  pdfSha256: string | null;
  uploadedAt: string;
}

export interface ArchiveFilter {
  from: Date;
  to: Date;
  type?: MeetingType | undefined;
  organizationId?: string | undefined;
}

type MeetingBaseRow = {
  id: string;
  title: string;
  type: string;
  starts_at: string;
  status: string;
  confidential: number;
  organization_id: string | null;
  host_bridge_point_id: string | null;
  created_by: string | null;
  guest_passcode_hash: string | null;
  org_name: string | null;
  host_name: string | null;
};

/** SQLite allows many bound values, but lists are chunked so that no query grows unbounded. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export class SearchRecordsStore {
  constructor(private readonly db: Db) {}

  #meetingsBase() {
    return this.db
      .selectFrom('meetings')
      .leftJoin('organizations', 'organizations.id', 'meetings.organization_id')
      .leftJoin('bridge_points', 'bridge_points.id', 'meetings.host_bridge_point_id')
      .select([
        'meetings.id',
        'meetings.title',
        'meetings.type',
        'meetings.starts_at',
        'meetings.status',
        'meetings.confidential',
        'meetings.organization_id',
        'meetings.host_bridge_point_id',
        'meetings.created_by',
        'meetings.guest_passcode_hash',
        'organizations.name as org_name',
        'bridge_points.name as host_name',
      ]);
  }

  /** Meetings by id with their access facts (missing ids are left out). */
  async meetings(ids: readonly string[]): Promise<Map<string, MeetingFacts>> {
    const out = new Map<string, MeetingFacts>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.#meetingsBase().where('meetings.id', 'in', part).execute();
      for (const m of await this.#withAccess(rows)) out.set(m.id, m);
    }
    return out;
  }

  /** Past meetings (started before `to`, from `from` on), newest first, cancelled ones left out. */
  async archive(filter: ArchiveFilter, limit = 500): Promise<MeetingFacts[]> {
    let q = this.#meetingsBase()
      .where('meetings.starts_at', '>=', filter.from.toISOString())
      .where('meetings.starts_at', '<', filter.to.toISOString())
      .where('meetings.status', '<>', 'cancelled');
    if (filter.type) q = q.where('meetings.type', '=', filter.type);
    if (filter.organizationId) q = q.where('meetings.organization_id', '=', filter.organizationId);
    const rows = await q.orderBy('meetings.starts_at', 'desc').orderBy('meetings.id').limit(limit).execute();
    return this.#withAccess(rows);
  }

  async #withAccess(rows: MeetingBaseRow[]): Promise<MeetingFacts[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [bps, invs] = await Promise.all([
      this.db.selectFrom('meeting_bridge_points').selectAll().where('meeting_id', 'in', ids).execute(),
      this.db
        .selectFrom('meeting_invitees')
        .select(['meeting_id', 'person_id', 'role'])
        .where('meeting_id', 'in', ids)
        .execute(),
    ]);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      type: r.type as MeetingType,
      startsAt: r.starts_at,
      status: r.status as MeetingStatus,
      confidential: Number(r.confidential) === 1,
      organizationName: r.org_name,
      hostBridgePointName: r.host_name,
      access: {
        id: r.id,
        status: r.status as MeetingStatus,
        confidential: Number(r.confidential) === 1,
        organizationId: r.organization_id,
        hostBridgePointId: r.host_bridge_point_id,
        bridgePointIds: bps.filter((b) => b.meeting_id === r.id).map((b) => b.bridge_point_id),
        invitees: invs
          .filter((i) => i.meeting_id === r.id)
          .map((i) => ({ personId: i.person_id, role: i.role as InviteeRole })),
        createdBy: r.created_by,
        guestAccess: r.guest_passcode_hash !== null,
      },
    }));
  }

  /** Documents by id (for filtering hits). */
  async documents(ids: readonly string[]): Promise<Map<string, DocumentFactsRow>> {
    const out = new Map<string, DocumentFactsRow>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.#documentsWhere('id', part);
      for (const d of rows) out.set(d.id, d);
    }
    return out;
  }

  /** Every document of some meetings (for the archive's counts). */
  async documentsOfMeetings(meetingIds: readonly string[]): Promise<DocumentFactsRow[]> {
    const out: DocumentFactsRow[] = [];
    for (const part of chunks([...new Set(meetingIds)]))
      out.push(...(await this.#documentsWhere('meeting_id', part)));
    return out;
  }

  async #documentsWhere(column: 'id' | 'meeting_id', values: string[]): Promise<DocumentFactsRow[]> {
    if (values.length === 0) return [];
    const rows = await this.db
      .selectFrom('documents')
      .select([
        'id',
        'meeting_id',
        'visibility',
        'bridge_point_id',
        'downloadable',
        'hidden_at',
        'current_version_id',
      ])
      .where(column, 'in', values)
      .execute();
    return rows.map((d) => ({
      id: d.id,
      meetingId: d.meeting_id,
      visibility: d.visibility as DocumentVisibility,
      bridgePointId: d.bridge_point_id,
      downloadable: Number(d.downloadable) === 1,
      hidden: d.hidden_at !== null,
      currentVersionId: d.current_version_id,
    }));
  }

  async organizations(): Promise<NamedRef[]> {
    return this.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
  }

  /** The text of meetings to index: the given ids, or every meeting when ids is null. */
  async meetingTexts(ids: readonly string[] | null): Promise<MeetingText[]> {
    let q = this.db
      .selectFrom('meetings')
      .leftJoin('organizations', 'organizations.id', 'meetings.organization_id')
      .leftJoin('bridge_points', 'bridge_points.id', 'meetings.host_bridge_point_id')
      .select([
        'meetings.id',
        'meetings.title',
        'meetings.type',
        'meetings.description',
        'meetings.starts_at',
        'organizations.name as org_name',
        'bridge_points.name as host_name',
        'bridge_points.location as host_location',
      ]);
    if (ids !== null) {
      if (ids.length === 0) return [];
      q = q.where('meetings.id', 'in', [...ids]);
    }
    const rows = await q.orderBy('meetings.id').execute();
    if (rows.length === 0) return [];
    const agenda = await this.db
      .selectFrom('agenda_items')
      .leftJoin('persons', 'persons.id', 'agenda_items.presenter_person_id')
      .select([
        'agenda_items.meeting_id',
        'agenda_items.title',
        'agenda_items.presenter_label',
        'persons.full_name',
      ])
      .$if(ids !== null, (qb) =>
        qb.where(
          'agenda_items.meeting_id',
          'in',
          rows.map((r) => r.id),
        ),
      )
      .orderBy('agenda_items.meeting_id')
      .orderBy('agenda_items.position')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      type: r.type as MeetingType,
      description: r.description,
      startsAt: r.starts_at,
      organizationName: r.org_name,
      hostName: r.host_name,
      hostLocation: r.host_location,
      agenda: agenda
        .filter((a) => a.meeting_id === r.id)
        .map((a) => ({ title: a.title, presenter: a.full_name ?? a.presenter_label })),
    }));
  }

  /** Ids of meetings that have no index entry yet. */
  async unindexedMeetings(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('meetings')
      .leftJoin('search_entries', (j) =>
        j.onRef('search_entries.ref_id', '=', 'meetings.id').on('search_entries.kind', '=', 'meeting'),
      )
      .select('meetings.id')
      .where('search_entries.id', 'is', null)
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Documents whose current version is done converting (ready or failed) and whose index entry
   * is missing or was made from another version or before the last change of the document.
   */
  async documentsToIndex(limit: number): Promise<DocumentToIndex[]> {
    const rows = await this.db
      .selectFrom('documents')
      .innerJoin('document_versions', 'document_versions.id', 'documents.current_version_id')
      .leftJoin('search_entries', (j) =>
        j.onRef('search_entries.ref_id', '=', 'documents.id').on('search_entries.kind', '=', 'document'),
      )
      .select([
        'documents.id',
        'documents.meeting_id',
        'documents.title',
        'documents.updated_at',
        'document_versions.id as version_id',
        'document_versions.conversion_state',
        'document_versions.kind',
        'document_versions.sha256',
        'document_versions.pdf_sha256',
        'document_versions.uploaded_at',
        'search_entries.revision',
      ])
      .where('document_versions.conversion_state', 'in', ['ready', 'failed'])
      // NOTE: the same revision string as below, so that only changed documents come back.
      .where(
        sql<boolean>`coalesce(search_entries.revision, '') <> (document_versions.id || '@' || documents.updated_at)`,
      )
      .orderBy('documents.updated_at')
      .limit(limit)
      .execute();
    const out: DocumentToIndex[] = [];
    for (const r of rows) {
      const revision = `${r.version_id}@${r.updated_at}`;
      if (r.revision === revision) continue;
      out.push({
        id: r.id,
        meetingId: r.meeting_id,
        title: r.title,
        versionId: r.version_id,
        revision,
        state: r.conversion_state,
        kind: r.kind,
        pdfSha256: r.kind === 'pdf' ? r.sha256 : r.pdf_sha256,
        uploadedAt: r.uploaded_at,
      });
      if (out.length >= limit) break;
    }
    return out;
  }
}
