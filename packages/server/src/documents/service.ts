// The documents service: upload (type checked by content, stored content-addressed, conversion
// queued), listing, settings, versions, hiding, and every access to a file, PDF, page image or
// thumbnail — authorized by the rules of authz.ts and audited. Routes are a thin layer over it.
import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError, DOCUMENT_MAX_BYTES_DEFAULT } from '@diemcau/protocol';
import type { DocumentPatch, DocumentUploadSettings, DocumentView } from '@diemcau/protocol';
import type { AuditAction, AuditSink } from '../audit/log.js';
import type { AuthContext } from '../auth/context.js';
import type { MeetingAccess, Viewer } from '../meetings/authz.js';
import { bridgePointInvited, canSee as canSeeMeeting } from '../meetings/authz.js';
import type { MeetingService } from '../meetings/service.js';
import { accessOf } from '../meetings/store.js';
import type { MeetingRecord } from '../meetings/store.js';
import { canDownload, canManageDocuments, canSeeDocument } from './authz.js';
import type { BlobStore } from './blobs.js';
import { sanitizeFileName } from './filename.js';
import type { ConversionQueue } from './queue.js';
import { nameForType } from './sniff.js';
import type { DocumentRecord, NewVersion, VersionRecord } from './store.js';
import type { DocumentStore } from './store.js';
import { receiveUpload } from './upload.js';
import { documentView, factsOf } from './views.js';

export interface DocumentServiceDeps {
  store: DocumentStore;
  blobs: BlobStore;
  meetings: MeetingService;
  audit: AuditSink;
  queue: ConversionQueue;
  now: () => Date;
  maxBytes?: number;
}

/** What a route serves: a blob, its type and name, inline or as a download. */
export interface Served {
  sha256: string;
  mime: string;
  fileName: string;
  disposition: 'inline' | 'attachment';
}

export type Rendition =
  { kind: 'file' | 'pdf'; download: boolean } | { kind: 'page' | 'thumb'; page: number };

/** Page and thumbnail fetches are audited once per caller, version and kind in this window. */
const PAGE_AUDIT_WINDOW_MS = 10 * 60_000;

export interface Caller {
  auth: AuthContext;
  ip: string;
}

interface Resolved {
  doc: DocumentRecord;
  meeting: MeetingRecord;
  access: MeetingAccess;
  viewer: Viewer;
}

export class DocumentService {
  readonly store: DocumentStore;
  readonly #recentPageAudits = new Map<string, number>();

  constructor(private readonly deps: DocumentServiceDeps) {
    this.store = deps.store;
  }

  get maxBytes(): number {
    return this.deps.maxBytes ?? DOCUMENT_MAX_BYTES_DEFAULT;
  }

  async #meeting(meetingId: string): Promise<{ meeting: MeetingRecord; access: MeetingAccess }> {
    const meeting = await this.deps.meetings.store.load(meetingId);
    if (!meeting) throw AppError.meetingNotFound(meetingId);
    const access = accessOf(
      meeting,
      meeting.bridgePoints.map((b) => b.id),
      meeting.invitees,
    );
    return { meeting, access };
  }

  async #audit(caller: Caller, action: AuditAction, targetId: string, detail: object): Promise<void> {
    const a = caller.auth;
    await this.deps.audit.record({
      action,
      actorUserId: a.kind === 'user' ? a.userId : null,
      actorDeviceId: a.kind === 'device' ? a.deviceId : null,
      ...(a.kind === 'user' ? { actorLabel: a.username } : {}),
      targetType: 'document',
      targetId,
      ip: caller.ip,
      detail,
    });
  }

  /**
   * The document if the caller may see it. Otherwise 404 — the same answer as for an id that does
   * not exist — and, for a known caller and a real document, an audit entry.
   */
  async #resolve(caller: Caller, documentId: string): Promise<Resolved> {
    const viewer = await this.deps.meetings.viewer(caller.auth);
    const doc = await this.store.document(documentId);
    if (!doc) throw AppError.notFound('document', 'documentId');
    const { meeting, access } = await this.#meeting(doc.meetingId);
    if (!canSeeDocument(access, factsOf(doc), viewer)) {
      if (viewer.kind !== 'anonymous') await this.#audit(caller, 'document.access_denied', doc.id, {});
      throw AppError.notFound('document', 'documentId');
    }
    return { doc, meeting, access, viewer };
  }

  async #editable(caller: Caller, documentId: string): Promise<Resolved> {
    const r = await this.#resolve(caller, documentId);
    if (!canManageDocuments(r.access, r.viewer))
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    return r;
  }

  #view(
    r: Pick<Resolved, 'access' | 'viewer'>,
    doc: DocumentRecord,
    versions: readonly VersionRecord[],
  ): DocumentView | null {
    return documentView(doc, versions, {
      editor: canManageDocuments(r.access, r.viewer),
      mayDownload: canDownload(r.access, factsOf(doc), r.viewer),
    });
  }

  /** GET /api/meetings/:id/documents — the documents the caller may see (404 if not the meeting). */
  async list(caller: Caller, meetingId: string): Promise<DocumentView[]> {
    const viewer = await this.deps.meetings.viewer(caller.auth);
    if (viewer.kind === 'anonymous') throw AppError.unauthorized();
    const { access } = await this.#meeting(meetingId);
    if (!canSeeMeeting(access, viewer)) throw AppError.meetingNotFound(meetingId);
    const editor = canManageDocuments(access, viewer);
    const docs = (await this.store.ofMeetings([meetingId], editor)).filter((d) =>
      canSeeDocument(access, factsOf(d), viewer),
    );
    const versions = await this.store.versionsOf(docs.map((d) => d.id));
    return docs.flatMap(
      (d) =>
        this.#view(
          { access, viewer },
          d,
          versions.filter((v) => v.documentId === d.id),
        ) ?? [],
    );
  }

  async get(caller: Caller, documentId: string): Promise<DocumentView> {
    const r = await this.#resolve(caller, documentId);
    const view = this.#view(r, r.doc, await this.store.versionsOf([r.doc.id]));
    if (!view) throw AppError.notFound('document', 'documentId');
    return view;
  }

  /** POST /api/meetings/:id/documents — a new document from the request body. */
  async upload(
    caller: Caller,
    meetingId: string,
    q: DocumentUploadSettings,
    body: Readable,
  ): Promise<DocumentView> {
    const viewer = await this.deps.meetings.viewer(caller.auth);
    if (viewer.kind === 'anonymous') throw AppError.unauthorized();
    const { meeting, access } = await this.#meeting(meetingId);
    if (!canSeeMeeting(access, viewer)) throw AppError.meetingNotFound(meetingId);
    if (!canManageDocuments(access, viewer))
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    if (meeting.status === 'cancelled') throw new AppError('conflict', 'meeting is cancelled');
    const settings = checkSettings(meeting, access, q);
    const version = await this.#receive(body, q.fileName, caller);
    const { documentId, versionId } = await this.store.create(
      {
        meetingId,
        agendaItemId: settings.agendaItemId,
        title: q.title?.trim() || version.fileName.replace(/\.[^.]+$/, ''),
        visibility: settings.visibility,
        bridgePointId: settings.bridgePointId,
        downloadable: q.downloadable,
        createdBy: caller.auth.kind === 'user' ? caller.auth.userId : null,
      },
      version,
      this.deps.now(),
    );
    await this.#afterUpload(caller, documentId, versionId, version);
    return this.get(caller, documentId);
  }

  /** POST /api/documents/:id/versions — a new version; the old ones are kept. */
  async addVersion(
    caller: Caller,
    documentId: string,
    fileName: string,
    body: Readable,
  ): Promise<DocumentView> {
    const r = await this.#editable(caller, documentId);
    const version = await this.#receive(body, fileName, caller);
    const versionId = await this.store.addVersion(r.doc.id, version, this.deps.now());
    await this.#afterUpload(caller, r.doc.id, versionId, version);
    return this.get(caller, documentId);
  }

  async #receive(body: Readable, rawName: string, caller: Caller): Promise<NewVersion> {
    const received = await receiveUpload(body, this.deps.blobs.tempDir, this.maxBytes);
    try {
      const fileName = nameForType(sanitizeFileName(rawName), received.type);
      await this.deps.blobs.adoptFile(received.tempPath, received.sha256);
      const image = received.type.kind === 'png' || received.type.kind === 'jpeg';
      return {
        fileName,
        kind: received.type.kind,
        mime: received.type.mime,
        sizeBytes: received.size,
        sha256: received.sha256,
        uploadedBy: caller.auth.kind === 'user' ? caller.auth.userId : null,
        uploadedAt: this.deps.now().toISOString(),
        state: image ? 'ready' : received.type.kind === 'pdf' ? 'rendering' : 'queued',
        pageCount: image ? 1 : null,
      };
    } finally {
      await fsp.rm(received.tempPath, { force: true });
    }
  }

  async #afterUpload(caller: Caller, documentId: string, versionId: string, v: NewVersion): Promise<void> {
    if (v.state !== 'ready') {
      await this.store.enqueueJob(versionId, this.deps.now());
      this.deps.queue.kick();
    }
    await this.#audit(caller, 'document.uploaded', documentId, {
      versionId,
      fileName: v.fileName,
      kind: v.kind,
      size: v.sizeBytes,
      sha256: v.sha256,
    });
  }

  /** PATCH /api/documents/:id — title, agenda item, visibility, download permission. */
  async update(caller: Caller, documentId: string, patch: DocumentPatch): Promise<DocumentView> {
    const r = await this.#editable(caller, documentId);
    const visibility = patch.visibility ?? r.doc.visibility;
    const next = checkSettings(r.meeting, r.access, {
      visibility,
      bridgePointId:
        patch.bridgePointId === undefined
          ? (r.doc.bridgePointId ?? undefined)
          : (patch.bridgePointId ?? undefined),
      agendaItemId:
        patch.agendaItemId === undefined
          ? (r.doc.agendaItemId ?? undefined)
          : (patch.agendaItemId ?? undefined),
    });
    await this.store.update(
      r.doc.id,
      {
        ...(patch.title === undefined ? {} : { title: patch.title }),
        ...(patch.downloadable === undefined ? {} : { downloadable: patch.downloadable }),
        ...next,
      },
      this.deps.now(),
    );
    await this.#audit(caller, 'document.updated', r.doc.id, { before: factsOf(r.doc), changes: patch });
    return this.get(caller, documentId);
  }

  /** DELETE /api/documents/:id — hides it; versions and files are kept (retention). */
  async hide(caller: Caller, documentId: string): Promise<DocumentView> {
    const r = await this.#editable(caller, documentId);
    await this.store.hide(r.doc.id, caller.auth.kind === 'user' ? caller.auth.userId : null, this.deps.now());
    await this.#audit(caller, 'document.hidden', r.doc.id, {});
    return this.get(caller, documentId);
  }

  /** Authorizes and audits one fetch of a file, PDF, page image or thumbnail. */
  async open(caller: Caller, documentId: string, versionId: string, what: Rendition): Promise<Served> {
    const r = await this.#resolve(caller, documentId);
    const v = await this.store.version(versionId);
    const editor = canManageDocuments(r.access, r.viewer);
    // NOTE: non-editors reach only the current version; older ones are the editors' history.
    if (!v || v.documentId !== r.doc.id || (!editor && v.id !== r.doc.currentVersionId))
      throw AppError.notFound('version', 'versionId');
    const served = await this.#rendition(r, v, what);
    const key = `${caller.auth.kind === 'user' ? caller.auth.userId : caller.auth.kind === 'device' ? caller.auth.deviceId : '-'}|${v.id}|${what.kind}`;
    if (what.kind === 'file' || what.kind === 'pdf' || this.#pageAuditDue(key)) {
      await this.#audit(caller, 'document.access', r.doc.id, {
        versionId: v.id,
        rendition: what.kind,
        ...('page' in what ? { page: what.page } : { download: served.disposition === 'attachment' }),
      });
    }
    return served;
  }

  async #rendition(r: Resolved, v: VersionRecord, what: Rendition): Promise<Served> {
    const mayDownload = canDownload(r.access, factsOf(r.doc), r.viewer);
    const image = v.kind === 'png' || v.kind === 'jpeg';
    const pdfName = v.fileName.replace(/\.[^.]+$/, '') + '.pdf';
    switch (what.kind) {
      case 'file':
        if (!mayDownload) throw AppError.forbidden('this document is view-only');
        return {
          sha256: v.sha256,
          mime: v.mime,
          fileName: v.fileName,
          disposition: what.download ? 'attachment' : 'inline',
        };
      case 'pdf': {
        if (what.download && !mayDownload) throw AppError.forbidden('this document is view-only');
        const sha = v.kind === 'pdf' ? v.sha256 : v.pdfSha256;
        if (!sha) throw AppError.notFound('pdf', 'versionId');
        return {
          sha256: sha,
          mime: 'application/pdf',
          fileName: pdfName,
          disposition: what.download ? 'attachment' : 'inline',
        };
      }
      case 'page':
      case 'thumb': {
        if (image && what.page === 1)
          return { sha256: v.sha256, mime: v.mime, fileName: v.fileName, disposition: 'inline' };
        const page = await this.store.page(v.id, what.page);
        if (!page) throw AppError.notFound('page', 'page');
        const sha = what.kind === 'page' ? page.imageSha256 : page.thumbSha256;
        return {
          sha256: sha,
          mime: 'image/png',
          fileName: `${pdfName.slice(0, -4)}-${what.page}.png`,
          disposition: 'inline',
        };
      }
    }
  }

  #pageAuditDue(key: string): boolean {
    const now = this.deps.now().getTime();
    const last = this.#recentPageAudits.get(key);
    if (last !== undefined && now - last < PAGE_AUDIT_WINDOW_MS) return false;
    if (this.#recentPageAudits.size > 10_000) this.#recentPageAudits.clear();
    this.#recentPageAudits.set(key, now);
    return true;
  }
}

/** Checks an agenda item and a bridge point against the meeting (400 naming the field). */
function checkSettings(
  meeting: MeetingRecord,
  access: MeetingAccess,
  s: {
    visibility: DocumentView['visibility'];
    bridgePointId?: string | undefined;
    agendaItemId?: string | undefined;
  },
): { visibility: DocumentView['visibility']; bridgePointId: string | null; agendaItemId: string | null } {
  if (s.agendaItemId !== undefined && !meeting.agenda.some((a) => a.id === s.agendaItemId))
    throw AppError.validation('no such agenda item in this meeting', 'agendaItemId');
  if (s.visibility === 'bridge_point') {
    if (s.bridgePointId === undefined) throw AppError.validation('choose the bridge point', 'bridgePointId');
    if (!bridgePointInvited(access, s.bridgePointId))
      throw AppError.validation('that bridge point is not invited to this meeting', 'bridgePointId');
  }
  return {
    visibility: s.visibility,
    bridgePointId: s.visibility === 'bridge_point' ? (s.bridgePointId ?? null) : null,
    agendaItemId: s.agendaItemId ?? null,
  };
}
