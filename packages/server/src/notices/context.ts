// What the notice and task services share: their dependencies, the caller, loading a meeting with
// its access facts, the caller as an assignee, and audit entries.
import { AppError } from '@diemcau/protocol';
import type { AuditAction, AuditSink } from '../audit/log.js';
import type { AuthContext } from '../auth/context.js';
import type { BlobStore } from '../documents/blobs.js';
import type { MeetingAccess, Viewer } from '../meetings/authz.js';
import { canSee } from '../meetings/authz.js';
import type { MeetingService } from '../meetings/service.js';
import { accessOf } from '../meetings/store.js';
import type { MeetingRecord } from '../meetings/store.js';
import type { AssigneeIdentity } from './authz.js';
import type { NoticeStore } from './store.js';

/** The conclusions of a meeting's latest approved minutes (the minutes module's contract). */
export interface ApprovedConclusions {
  meetingId: string;
  minutesId: string;
  version: number;
  sha256: string;
  approvedAt: string;
  items: { agendaItemId: string | null; title: string; conclusion: string }[];
}

/** Where approved conclusions come from (`loadApprovedConclusions` of the minutes module). */
export type ConclusionSource = (meetingId: string) => Promise<ApprovedConclusions | null>;

/** The search index, told (best effort) about every issued notice. */
export interface NoticeSearch {
  upsert(entry: {
    kind: 'notice';
    refId: string;
    meetingId: string;
    title: string;
    body: string;
    occurredAt: string;
  }): Promise<void>;
}

export interface NoticeDeps {
  store: NoticeStore;
  meetings: MeetingService;
  audit: AuditSink;
  conclusions: ConclusionSource;
  blobs: BlobStore;
  now: () => Date;
  search?: NoticeSearch | undefined;
  /** Largest evidence file (default EVIDENCE_MAX_BYTES). */
  maxEvidenceBytes?: number;
  /** Logs a failed best-effort step (the search hook). */
  warn?: (obj: object, msg: string) => void;
}

export interface Caller {
  auth: AuthContext;
  ip: string;
}

export interface LoadedMeeting {
  meeting: MeetingRecord;
  access: MeetingAccess;
}

export class NoticeContext {
  constructor(readonly deps: NoticeDeps) {}

  get store(): NoticeStore {
    return this.deps.store;
  }

  now(): Date {
    return this.deps.now();
  }

  /** A signed-in user as the access rules see them; 401 for devices and anonymous callers. */
  async user(caller: Caller): Promise<Extract<Viewer, { kind: 'user' }>> {
    const viewer = await this.deps.meetings.viewer(caller.auth);
    if (viewer.kind !== 'user') throw AppError.unauthorized();
    return viewer;
  }

  async meeting(meetingId: string): Promise<LoadedMeeting> {
    const meeting = await this.deps.meetings.store.load(meetingId);
    if (!meeting) throw AppError.meetingNotFound(meetingId);
    const access = accessOf(
      meeting,
      meeting.bridgePoints.map((b) => b.id),
      meeting.invitees,
    );
    return { meeting, access };
  }

  /** The meeting if the viewer may see it; 404 (as for an unknown id) otherwise. */
  async visibleMeeting(meetingId: string, viewer: Viewer): Promise<LoadedMeeting> {
    const m = await this.meeting(meetingId);
    if (!canSee(m.access, viewer)) throw AppError.meetingNotFound(meetingId);
    return m;
  }

  /** The caller's person, units, and an operator's point's unit. */
  async assigneeIdentity(viewer: Extract<Viewer, { kind: 'user' }>): Promise<AssigneeIdentity> {
    const orgs = new Set(viewer.organizationIds);
    if (viewer.roles.includes('operator') && viewer.bridgePointId !== null) {
      const org = await this.store.organizationOfPoint(viewer.bridgePointId);
      if (org !== null) orgs.add(org);
    }
    return { personId: viewer.personId, organizationIds: [...orgs] };
  }

  /** The name stored with a report or a file: the account's person, else its username. */
  async label(caller: Caller): Promise<string> {
    const a = caller.auth;
    if (a.kind !== 'user') return '';
    const name = a.personId === null ? null : await this.store.personName(a.personId);
    return name ?? a.username;
  }

  async audit(
    caller: Caller,
    action: AuditAction,
    target: { type: 'notice' | 'task'; id: string },
    detail: object,
  ): Promise<void> {
    const a = caller.auth;
    await this.deps.audit.record({
      action,
      actorUserId: a.kind === 'user' ? a.userId : null,
      actorDeviceId: a.kind === 'device' ? a.deviceId : null,
      ...(a.kind === 'user' ? { actorLabel: a.username } : {}),
      targetType: target.type,
      targetId: target.id,
      ip: caller.ip,
      detail,
    });
  }
}

export const userIdOf = (caller: Caller): string | null =>
  caller.auth.kind === 'user' ? caller.auth.userId : null;
