// Minutes of a meeting: start a draft (pre-filled from the record, or a correction of the approved
// version), auto-save under a revision check, submit, return, approve (lock + SHA-256), export.
// Every transition is audited; an approval is announced to the search hook, best-effort.
import type { Logger } from '@diemcau/media';
import { AppError } from '@diemcau/protocol';
import type {
  MinutesContent,
  MinutesFormat,
  MinutesOverview,
  MinutesPermissions,
  MinutesVersionSummary,
  MinutesVersionView,
} from '@diemcau/protocol';
import type { AuditAction, AuditActor, AuditSink } from '../audit/log.js';
import type { ConductService } from '../conduct/service.js';
import type { Db } from '../db/database.js';
import type { Viewer } from '../meetings/authz.js';
import { accessOf } from '../meetings/store.js';
import type { MeetingRecord, MeetingStore } from '../meetings/store.js';
import { OrgStore } from '../org/store.js';
import { minutesDocx } from './docx.js';
import { defaultFormat, headerFor, minutesPlainText, minutesSha256, prefillMinutes } from './model.js';
import type { MinutesOrg } from './model.js';
import { minutesPdf } from './pdf.js';
import { checkTransition, minutesPermissions, minutesReadAccess } from './rules.js';
import type { MinutesReadAccess, MinutesTransition } from './rules.js';
import { MinutesStore } from './store.js';
import type { MinutesVersion } from './store.js';

/** Where approved minutes are indexed for search (wired by the lead; optional here). */
export interface MinutesSearchHook {
  upsert(entry: {
    kind: 'minutes';
    refId: string;
    meetingId: string;
    title: string;
    body: string;
    occurredAt: string;
  }): Promise<void>;
}

/** Who acts: the access-rule viewer plus what the audit log records. */
export interface MinutesCaller {
  viewer: Viewer;
  actor: AuditActor;
  ip: string;
}

export interface MinutesServiceDeps {
  db: Db;
  meetings: Pick<MeetingStore, 'load'>;
  conduct: Pick<ConductService, 'state'>;
  audit: AuditSink;
  log: Logger;
  now?: () => Date;
  search?: MinutesSearchHook | undefined;
}

interface Scope {
  meeting: MeetingRecord;
  perms: MinutesPermissions;
  read: MinutesReadAccess;
}

const AUDITED: Record<Exclude<MinutesTransition, 'save'>, AuditAction> = {
  submit: 'minutes.submitted',
  return: 'minutes.returned',
  approve: 'minutes.approved',
};

const userIdOf = (v: Viewer): string | null => (v.kind === 'user' ? v.userId : null);

export class MinutesService {
  readonly store: MinutesStore;
  readonly #orgs: OrgStore;
  readonly #now: () => Date;

  constructor(private readonly deps: MinutesServiceDeps) {
    this.store = new MinutesStore(deps.db);
    this.#orgs = new OrgStore(deps.db);
    this.#now = deps.now ?? (() => new Date());
  }

  /** The meeting and what the caller may do; 404 for whoever may not know about its minutes. */
  async #scope(meetingId: string, viewer: Viewer): Promise<Scope> {
    const meeting = await this.deps.meetings.load(meetingId);
    if (!meeting) throw AppError.meetingNotFound(meetingId);
    const access = accessOf(
      meeting,
      meeting.bridgePoints.map((b) => b.id),
      meeting.invitees,
    );
    const read = minutesReadAccess(access, viewer);
    if (read === 'none') throw AppError.meetingNotFound(meetingId);
    return { meeting, perms: minutesPermissions(access, viewer), read };
  }

  async #audit(c: MinutesCaller, action: AuditAction, v: MinutesVersion, detail: object = {}): Promise<void> {
    await this.deps.audit.record({
      action,
      ...c.actor,
      targetType: 'minutes',
      targetId: v.id,
      ip: c.ip,
      detail: { meetingId: v.meetingId, version: v.version, ...detail },
    });
  }

  async #org(meeting: MeetingRecord): Promise<MinutesOrg | null> {
    if (!meeting.organizationId) return null;
    const org = await this.#orgs.getOrganization(meeting.organizationId);
    if (!org) return null;
    const parent = org.parentId ? await this.#orgs.getOrganization(org.parentId) : null;
    return { name: org.name, kind: org.kind, parentName: parent?.name ?? null };
  }

  async #view(v: MinutesVersion): Promise<MinutesVersionView> {
    return { ...(await this.#summaries([v]))[0]!, content: v.content };
  }

  async #summaries(list: MinutesVersion[]): Promise<MinutesVersionSummary[]> {
    const names = await this.store.userNames(list.flatMap((v) => (v.approvedBy ? [v.approvedBy] : [])));
    return list.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      format: v.format,
      revision: v.revision,
      sha256: v.sha256,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
      submittedAt: v.submittedAt,
      approvedAt: v.approvedAt,
      approvedByName: v.approvedBy ? (names.get(v.approvedBy) ?? null) : null,
      returnComment: v.returnComment,
    }));
  }

  /** The versions the caller may see and the newest of them in full. */
  async overview(meetingId: string, viewer: Viewer): Promise<MinutesOverview> {
    const { meeting, perms, read } = await this.#scope(meetingId, viewer);
    const all = await this.store.list(meetingId);
    const visible = read === 'all' ? all : all.filter((v) => v.status === 'approved');
    const newest = visible.at(-1);
    return {
      meetingId,
      meetingTitle: meeting.title,
      current: newest ? await this.#view(newest) : null,
      versions: await this.#summaries(visible),
      permissions: perms,
    };
  }

  /** One version in full (drafts only for editors and the chair). */
  async version(meetingId: string, version: number, viewer: Viewer): Promise<MinutesVersionView> {
    return this.#view(await this.#visible(meetingId, version, viewer));
  }

  async #visible(meetingId: string, version: number, viewer: Viewer): Promise<MinutesVersion> {
    const { read } = await this.#scope(meetingId, viewer);
    const v = await this.store.get(meetingId, version);
    if (!v || (read === 'approved' && v.status !== 'approved'))
      throw AppError.notFound('minutes version', 'version');
    return v;
  }

  /**
   * Starts the next draft: the first one pre-filled from the meeting record, or — after an
   * approval — a correction that starts from the approved text. Only one open draft at a time.
   */
  async create(
    meetingId: string,
    format: MinutesFormat | undefined,
    c: MinutesCaller,
  ): Promise<MinutesVersionView> {
    const { meeting, perms } = await this.#scope(meetingId, c.viewer);
    if (!perms.edit) throw AppError.forbidden('only the meeting’s editors start the minutes');
    const all = await this.store.list(meetingId);
    const last = all.at(-1);
    if (last && last.status !== 'approved')
      throw new AppError('wrong_state', `version ${last.version} is still ${last.status}`, {
        field: 'status',
      });
    let content: MinutesContent;
    if (last) {
      content = last.content;
      if (format && format !== content.format)
        content = {
          ...content,
          format,
          header: headerFor(format, await this.#org(meeting), content.header.date),
        };
    } else {
      const state = await this.deps.conduct.state(meetingId);
      if (!state) throw AppError.meetingNotFound(meetingId);
      content = prefillMinutes(
        meeting,
        state,
        await this.#org(meeting),
        format ?? defaultFormat(meeting.type),
      );
    }
    const v = await this.store.createDraft({
      meetingId,
      version: (last?.version ?? 0) + 1,
      content,
      basedOnId: last?.id ?? null,
      by: userIdOf(c.viewer),
      now: this.#now(),
    });
    await this.#audit(c, 'minutes.created', v, {
      correctionOf: last?.version ?? null,
      format: content.format,
    });
    return this.#view(v);
  }

  /** Auto-save of a draft. A stale revision gets `conflict`; the client keeps its text. */
  save(meetingId: string, version: number, revision: number, content: MinutesContent, c: MinutesCaller) {
    return this.#transition(meetingId, version, 'save', revision, c, { status: 'draft', content });
  }

  submit(meetingId: string, version: number, revision: number, c: MinutesCaller) {
    return this.#transition(meetingId, version, 'submit', revision, c, { status: 'submitted' });
  }

  returnToDraft(meetingId: string, version: number, revision: number, comment: string, c: MinutesCaller) {
    return this.#transition(meetingId, version, 'return', revision, c, {
      status: 'draft',
      returnComment: comment,
    });
  }

  /** Locks the version with the SHA-256 of its canonical content, then tells search. */
  async approve(
    meetingId: string,
    version: number,
    revision: number,
    c: MinutesCaller,
  ): Promise<MinutesVersionView> {
    const v = await this.#get(meetingId, version);
    const sha256 = minutesSha256(meetingId, version, v.content);
    const approved = await this.#transition(meetingId, version, 'approve', revision, c, {
      status: 'approved',
      sha256,
    });
    await this.#indexForSearch(meetingId, approved);
    return approved;
  }

  async #get(meetingId: string, version: number): Promise<MinutesVersion> {
    const v = await this.store.get(meetingId, version);
    if (!v) throw AppError.notFound('minutes version', 'version');
    return v;
  }

  async #transition(
    meetingId: string,
    version: number,
    t: MinutesTransition,
    revision: number,
    c: MinutesCaller,
    change: {
      status: 'draft' | 'submitted' | 'approved';
      content?: MinutesContent;
      sha256?: string;
      returnComment?: string;
    },
  ): Promise<MinutesVersionView> {
    const { perms, read } = await this.#scope(meetingId, c.viewer);
    const v = await this.#get(meetingId, version);
    // A draft does not exist for those who may only read approved minutes.
    if (read !== 'all' && v.status !== 'approved') throw AppError.notFound('minutes version', 'version');
    const refused = checkTransition(t, v, revision, perms);
    if (refused) throw refused;
    // NOTE: saving clears nothing else; a returned draft keeps the chair's comment until resubmitted.
    const ok = await this.store.update(v.id, v.status as 'draft' | 'submitted', revision, {
      ...change,
      by: userIdOf(c.viewer),
      now: this.#now(),
    });
    if (!ok)
      throw new AppError('conflict', 'the minutes were changed since you loaded them', { field: 'revision' });
    const after = await this.#get(meetingId, version);
    if (t !== 'save')
      await this.#audit(c, AUDITED[t], after, {
        ...(t === 'approve' ? { sha256: after.sha256 } : {}),
        ...(t === 'return' ? { comment: change.returnComment } : {}),
      });
    return this.#view(after);
  }

  async #indexForSearch(meetingId: string, v: MinutesVersionView): Promise<void> {
    if (!this.deps.search) return;
    try {
      await this.deps.search.upsert({
        kind: 'minutes',
        refId: v.id,
        meetingId,
        title: `Biên bản ${v.content.subject}`,
        body: minutesPlainText(v.content),
        occurredAt: v.content.startedAt ?? v.approvedAt ?? this.#now().toISOString(),
      });
    } catch (err) {
      // NOTE: search is a convenience; the approval is already durable and audited.
      this.deps.log.warn({ err, minutesId: v.id }, 'minutes: search indexing failed');
    }
  }

  /** The version as DOCX or PDF; audited. A draft prints as a draft (no seal). */
  async export(
    meetingId: string,
    version: number,
    kind: 'docx' | 'pdf',
    c: MinutesCaller,
  ): Promise<{ bytes: Buffer; title: string; version: MinutesVersion }> {
    const v = await this.#visible(meetingId, version, c.viewer);
    const meta = { title: v.content.subject, version: v.version, sha256: v.sha256, approvedAt: v.approvedAt };
    const bytes = kind === 'docx' ? await minutesDocx(v.content, meta) : await minutesPdf(v.content, meta);
    await this.#audit(c, 'minutes.exported', v, { kind, status: v.status });
    return { bytes, title: v.content.subject, version: v };
  }
}
