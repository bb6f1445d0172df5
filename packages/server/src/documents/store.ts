// SQL of the documents domain: documents, their versions and rendered pages, the durable conversion
// queue, and what each kiosk reports it holds. Rows never leave this file; callers get records.
import type { ConversionState, DocumentKind, DocumentVisibility } from '@diemcau/protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { DocumentTable, DocumentVersionTable } from '../db/schema.js';
import { newRowId } from '../ids.js';

export interface DocumentRecord {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  title: string;
  visibility: DocumentVisibility;
  bridgePointId: string | null;
  bridgePointName: string | null;
  downloadable: boolean;
  currentVersionId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  hidden: boolean;
}

export interface VersionRecord {
  id: string;
  documentId: string;
  version: number;
  fileName: string;
  kind: DocumentKind;
  mime: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
  state: ConversionState;
  progress: number;
  error: string | null;
  pdfSha256: string | null;
  pageCount: number | null;
}

export interface PageRecord {
  page: number;
  imageSha256: string;
  thumbSha256: string;
}

export type NewVersion = Omit<
  VersionRecord,
  'id' | 'documentId' | 'version' | 'progress' | 'error' | 'pdfSha256'
>;

export interface NewDocument {
  meetingId: string;
  agendaItemId: string | null;
  title: string;
  visibility: DocumentVisibility;
  bridgePointId: string | null;
  downloadable: boolean;
  createdBy: string | null;
}

export type DocumentChanges = Partial<
  Pick<DocumentRecord, 'title' | 'agendaItemId' | 'visibility' | 'bridgePointId' | 'downloadable'>
>;

type DocRow = Selectable<DocumentTable> & { bridge_point_name: string | null };

const toDocument = (r: DocRow): DocumentRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  title: r.title,
  visibility: r.visibility as DocumentVisibility,
  bridgePointId: r.bridge_point_id,
  bridgePointName: r.bridge_point_name,
  downloadable: r.downloadable === 1,
  currentVersionId: r.current_version_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  hidden: r.hidden_at !== null,
});

const toVersion = (r: Selectable<DocumentVersionTable>): VersionRecord => ({
  id: r.id,
  documentId: r.document_id,
  version: r.version,
  fileName: r.file_name,
  kind: r.kind as DocumentKind,
  mime: r.mime,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
  state: r.conversion_state as ConversionState,
  progress: r.conversion_progress,
  error: r.conversion_error,
  pdfSha256: r.pdf_sha256,
  pageCount: r.page_count,
});

export class DocumentStore {
  constructor(private readonly db: Db) {}

  #documents() {
    return this.db
      .selectFrom('documents')
      .leftJoin('bridge_points', 'bridge_points.id', 'documents.bridge_point_id')
      .selectAll('documents')
      .select('bridge_points.name as bridge_point_name');
  }

  async document(id: string): Promise<DocumentRecord | null> {
    const row = await this.#documents().where('documents.id', '=', id).executeTakeFirst();
    return row ? toDocument(row) : null;
  }

  /** Documents of meetings, oldest first (hidden ones only when asked). */
  async ofMeetings(meetingIds: readonly string[], withHidden: boolean): Promise<DocumentRecord[]> {
    if (meetingIds.length === 0) return [];
    let q = this.#documents().where('documents.meeting_id', 'in', [...meetingIds]);
    if (!withHidden) q = q.where('documents.hidden_at', 'is', null);
    const rows = await q.orderBy('documents.created_at').orderBy('documents.id').execute();
    return rows.map(toDocument);
  }

  async version(id: string): Promise<VersionRecord | null> {
    const row = await this.db
      .selectFrom('document_versions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  /** Versions of documents, newest first per document. */
  async versionsOf(documentIds: readonly string[]): Promise<VersionRecord[]> {
    if (documentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('document_versions')
      .selectAll()
      .where('document_id', 'in', [...documentIds])
      .orderBy('document_id')
      .orderBy('version', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  /** Creates a document with its first version; returns both ids. */
  async create(
    doc: NewDocument,
    first: NewVersion,
    now: Date,
  ): Promise<{ documentId: string; versionId: string }> {
    const documentId = newRowId('doc');
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('documents')
        .values({
          id: documentId,
          meeting_id: doc.meetingId,
          agenda_item_id: doc.agendaItemId,
          title: doc.title,
          visibility: doc.visibility,
          bridge_point_id: doc.bridgePointId,
          downloadable: doc.downloadable ? 1 : 0,
          current_version_id: null,
          created_by: doc.createdBy,
          created_at: at,
          updated_at: at,
          hidden_at: null,
          hidden_by: null,
        })
        .execute();
      const versionId = await new DocumentStore(trx).#insertVersion(documentId, 1, first);
      await trx
        .updateTable('documents')
        .set({ current_version_id: versionId })
        .where('id', '=', documentId)
        .execute();
      return { documentId, versionId };
    });
  }

  /** Adds a version (number = last + 1) and makes it current. */
  async addVersion(documentId: string, v: NewVersion, now: Date): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('document_versions')
        .select((eb) => eb.fn.max('version').as('n'))
        .where('document_id', '=', documentId)
        .executeTakeFirst();
      const versionId = await new DocumentStore(trx).#insertVersion(documentId, Number(last?.n ?? 0) + 1, v);
      await trx
        .updateTable('documents')
        .set({ current_version_id: versionId, updated_at: now.toISOString() })
        .where('id', '=', documentId)
        .execute();
      return versionId;
    });
  }

  async #insertVersion(documentId: string, version: number, v: NewVersion): Promise<string> {
    const id = newRowId('dv');
    await this.db
      .insertInto('document_versions')
      .values({
        id,
        document_id: documentId,
        version,
        file_name: v.fileName,
        kind: v.kind,
        mime: v.mime,
        size_bytes: v.sizeBytes,
        sha256: v.sha256,
        uploaded_by: v.uploadedBy,
        uploaded_at: v.uploadedAt,
        conversion_state: v.state,
        conversion_progress: v.state === 'ready' ? 100 : 0,
        conversion_error: null,
        pdf_sha256: null,
        page_count: v.pageCount,
      })
      .execute();
    return id;
  }

  async update(id: string, changes: DocumentChanges, now: Date): Promise<void> {
    await this.db
      .updateTable('documents')
      .set({
        ...(changes.title === undefined ? {} : { title: changes.title }),
        ...(changes.agendaItemId === undefined ? {} : { agenda_item_id: changes.agendaItemId }),
        ...(changes.visibility === undefined ? {} : { visibility: changes.visibility }),
        ...(changes.bridgePointId === undefined ? {} : { bridge_point_id: changes.bridgePointId }),
        ...(changes.downloadable === undefined ? {} : { downloadable: changes.downloadable ? 1 : 0 }),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Hides a document (retention: its rows and files stay). */
  async hide(id: string, by: string | null, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .updateTable('documents')
      .set({ hidden_at: at, hidden_by: by, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async pages(versionId: string): Promise<PageRecord[]> {
    const rows = await this.db
      .selectFrom('document_pages')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('page')
      .execute();
    return rows.map((r) => ({ page: r.page, imageSha256: r.image_sha256, thumbSha256: r.thumb_sha256 }));
  }

  async page(versionId: string, page: number): Promise<PageRecord | null> {
    const r = await this.db
      .selectFrom('document_pages')
      .selectAll()
      .where('version_id', '=', versionId)
      .where('page', '=', page)
      .executeTakeFirst();
    return r ? { page: r.page, imageSha256: r.image_sha256, thumbSha256: r.thumb_sha256 } : null;
  }

  async setProgress(
    versionId: string,
    state: ConversionState,
    progress: number,
    error: string | null = null,
  ): Promise<void> {
    await this.db
      .updateTable('document_versions')
      .set({ conversion_state: state, conversion_progress: progress, conversion_error: error })
      .where('id', '=', versionId)
      .execute();
  }

  /** Records a finished conversion: the PDF, the page count and the rendered pages, in one go. */
  async finishConversion(
    versionId: string,
    pdfSha256: string | null,
    pageCount: number,
    pages: readonly { imageSha256: string; thumbSha256: string }[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('document_pages').where('version_id', '=', versionId).execute();
      if (pages.length > 0)
        await trx
          .insertInto('document_pages')
          .values(
            pages.map((p, i) => ({
              version_id: versionId,
              page: i + 1,
              image_sha256: p.imageSha256,
              thumb_sha256: p.thumbSha256,
            })),
          )
          .execute();
      await trx
        .updateTable('document_versions')
        .set({
          pdf_sha256: pdfSha256,
          page_count: pageCount,
          conversion_state: 'ready',
          conversion_progress: 100,
          conversion_error: null,
        })
        .where('id', '=', versionId)
        .execute();
    });
  }

  // --- the durable conversion queue ---

  async enqueueJob(versionId: string, now: Date): Promise<void> {
    await this.db
      .insertInto('document_jobs')
      .values({ id: newRowId('job'), version_id: versionId, status: 'queued', created_at: now.toISOString() })
      .execute();
  }

  /** Jobs a previous process left running go back to the queue (called once at start). */
  async requeueRunning(): Promise<number> {
    const r = await this.db
      .updateTable('document_jobs')
      .set({ status: 'queued' })
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Takes the oldest queued job (marks it running, counts the attempt). */
  async takeJob(now: Date): Promise<{ id: string; versionId: string; attempts: number } | null> {
    const job = await this.db
      .selectFrom('document_jobs')
      .select(['id', 'version_id', 'attempts'])
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    if (!job) return null;
    const taken = await this.db
      .updateTable('document_jobs')
      .set({ status: 'running', attempts: job.attempts + 1, started_at: now.toISOString() })
      .where('id', '=', job.id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return null;
    return { id: job.id, versionId: job.version_id, attempts: job.attempts + 1 };
  }

  async finishJob(
    id: string,
    status: 'done' | 'failed' | 'queued',
    now: Date,
    error: string | null = null,
  ): Promise<void> {
    await this.db
      .updateTable('document_jobs')
      .set({ status, finished_at: status === 'queued' ? null : now.toISOString(), error })
      .where('id', '=', id)
      .execute();
  }

  // --- kiosk caches ---

  /** Replaces what a device reports it holds (only versions that exist are kept). */
  async replaceDeviceCache(deviceId: string, versionIds: readonly string[], now: Date): Promise<number> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('device_document_cache').where('device_id', '=', deviceId).execute();
      const known =
        versionIds.length === 0
          ? []
          : await trx
              .selectFrom('document_versions')
              .select('id')
              .where('id', 'in', [...new Set(versionIds)])
              .execute();
      if (known.length > 0)
        await trx
          .insertInto('device_document_cache')
          .values(known.map((k) => ({ device_id: deviceId, version_id: k.id, reported_at: at })))
          .execute();
      await trx.deleteFrom('device_document_reports').where('device_id', '=', deviceId).execute();
      await trx
        .insertInto('device_document_reports')
        .values({ device_id: deviceId, reported_at: at })
        .execute();
      return known.length;
    });
  }

  /** Paired devices of bridge points, with their last report and the versions they hold. */
  async devicesOf(bridgePointIds: readonly string[]): Promise<
    {
      id: string;
      bridgePointId: string;
      label: string;
      lastHeartbeatAt: string | null;
      reportedAt: string | null;
      versionIds: Set<string>;
    }[]
  > {
    if (bridgePointIds.length === 0) return [];
    const devices = await this.db
      .selectFrom('devices')
      .leftJoin('device_document_reports', 'device_document_reports.device_id', 'devices.id')
      .select([
        'devices.id',
        'devices.bridge_point_id',
        'devices.label',
        'devices.last_heartbeat_at',
        'device_document_reports.reported_at',
      ])
      .where('devices.status', '=', 'paired')
      .where('devices.bridge_point_id', 'in', [...bridgePointIds])
      .execute();
    const held =
      devices.length === 0
        ? []
        : await this.db
            .selectFrom('device_document_cache')
            .select(['device_id', 'version_id'])
            .where(
              'device_id',
              'in',
              devices.map((d) => d.id),
            )
            .execute();
    return devices.map((d) => ({
      id: d.id,
      bridgePointId: d.bridge_point_id ?? '',
      label: d.label,
      lastHeartbeatAt: d.last_heartbeat_at,
      reportedAt: d.reported_at,
      versionIds: new Set(held.filter((h) => h.device_id === d.id).map((h) => h.version_id)),
    }));
  }
}
