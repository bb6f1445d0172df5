// Follow-up tasks of a conclusion notice: the ward (the meeting's editors) creates, edits,
// cancels and accepts them; the assignee (the person, or members and point operators of the unit)
// reports progress and attaches evidence (PDF or images, content-addressed like documents). Every
// write is one transaction, validated and audited; a task the caller may not see is a 404.
import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError, EVIDENCE_MAX_BYTES } from '@diemcau/protocol';
import type {
  AssigneeOptionsResponse,
  TaskAssignee,
  TaskBoardResponse,
  TaskDetail,
  TaskStatus,
  TaskView,
} from '@diemcau/protocol';
import { sanitizeFileName } from '../documents/filename.js';
import { typeRefused } from '../documents/refusals.js';
import { nameForType } from '../documents/sniff.js';
import { receiveUpload } from '../documents/upload.js';
import { canSee } from '../meetings/authz.js';
import type { UserViewer, Viewer } from '../meetings/authz.js';
import type { MeetingRecord } from '../meetings/store.js';
import { newRowId } from '../ids.js';
import { canManageNotice, isAssignee } from './authz.js';
import type { AssigneeIdentity } from './authz.js';
import type { Caller, NoticeContext } from './context.js';
import { userIdOf } from './context.js';
import { vnDay } from './dates.js';
import { taskStatsByOrg } from './stats.js';
import type { Assignee, EvidenceRecord, NoticeRecord, TaskRecord, TaskTransition } from './store.js';
import { taskDetail, taskView } from './views.js';

const ACTIVE: readonly TaskStatus[] = ['open', 'in_progress'];

interface Resolved {
  task: TaskRecord;
  notice: NoticeRecord;
  meeting: MeetingRecord;
  viewer: UserViewer;
  manage: boolean;
  assignee: boolean;
}

export interface ServedEvidence {
  sha256: string;
  mime: string;
  fileName: string;
}

export class TaskService {
  constructor(private readonly ctx: NoticeContext) {}

  get maxEvidenceBytes(): number {
    return this.ctx.deps.maxEvidenceBytes ?? EVIDENCE_MAX_BYTES;
  }

  #view(r: Omit<Resolved, 'viewer'>): TaskView {
    return taskView(r.task, {
      notice: r.notice,
      meetingTitle: r.meeting.title,
      mayReport: r.assignee && ACTIVE.includes(r.task.status),
      mayManage: r.manage,
      now: this.ctx.now(),
    });
  }

  /** The tasks listed with a notice, with what this viewer may do on each. */
  async viewsOfNotice(
    n: NoticeRecord,
    meeting: MeetingRecord,
    viewer: Viewer,
    manage: boolean,
  ): Promise<TaskView[]> {
    const who = viewer.kind === 'user' ? await this.ctx.assigneeIdentity(viewer) : null;
    return (await this.ctx.store.tasksOfNotice(n.id)).map((task) =>
      this.#view({
        task,
        notice: n,
        meeting,
        manage,
        assignee: n.status === 'issued' && who !== null && isAssignee(task.assignee, who),
      }),
    );
  }

  /**
   * The task if the caller manages its meeting or is its assignee (once the notice is issued).
   * Otherwise 404 — as for an unknown id — and an audit entry for a real task.
   */
  async #resolve(caller: Caller, taskId: string): Promise<Resolved> {
    const viewer = await this.ctx.user(caller);
    const task = await this.ctx.store.task(taskId);
    if (!task) throw AppError.notFound('task', 'taskId');
    const notice = await this.ctx.store.notice(task.noticeId);
    if (!notice) throw AppError.notFound('task', 'taskId');
    const { meeting, access } = await this.ctx.meeting(task.meetingId);
    const manage = canManageNotice(access, viewer);
    const assignee =
      notice.status === 'issued' && isAssignee(task.assignee, await this.ctx.assigneeIdentity(viewer));
    if (!manage && !assignee) {
      await this.ctx.audit(caller, 'task.access_denied', { type: 'task', id: taskId }, {});
      throw AppError.notFound('task', 'taskId');
    }
    return { task, notice, meeting, viewer, manage, assignee };
  }

  async #managed(caller: Caller, taskId: string): Promise<Resolved> {
    const r = await this.#resolve(caller, taskId);
    if (!r.manage) throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    return r;
  }

  async #reported(caller: Caller, taskId: string): Promise<Resolved> {
    const r = await this.#resolve(caller, taskId);
    if (!r.assignee) throw AppError.forbidden('only the assignee reports on a task');
    if (!ACTIVE.includes(r.task.status)) throw new AppError('wrong_state', `the task is ${r.task.status}`);
    return r;
  }

  async #detail(r: Resolved): Promise<TaskDetail> {
    const task = (await this.ctx.store.task(r.task.id)) ?? r.task;
    const view = this.#view({ ...r, task });
    return taskDetail(view, await this.ctx.store.reports(task.id), await this.ctx.store.evidence(task.id));
  }

  /** GET /api/tasks/:id — the task with its reports and evidence. */
  async detail(caller: Caller, taskId: string): Promise<TaskDetail> {
    return this.#detail(await this.#resolve(caller, taskId));
  }

  async #checkAssignee(a: TaskAssignee): Promise<{ assignee: Assignee; name: string }> {
    if (a.kind === 'org') {
      const name = await this.ctx.store.organizationName(a.organizationId);
      if (name === null) throw AppError.validation('no such organization', 'assignee.organizationId');
      return { assignee: { kind: 'org', id: a.organizationId }, name };
    }
    const name = await this.ctx.store.personName(a.personId);
    if (name === null) throw AppError.validation('no such person', 'assignee.personId');
    return { assignee: { kind: 'person', id: a.personId }, name };
  }

  /** POST /api/notices/:id/tasks — a task for one conclusion item (drafts and issued notices). */
  async create(
    caller: Caller,
    noticeId: string,
    input: { itemIndex: number; title: string; assignee: TaskAssignee; dueDate: string; notes: string },
  ): Promise<TaskDetail> {
    const viewer = await this.ctx.user(caller);
    const notice = await this.ctx.store.notice(noticeId);
    if (!notice) throw AppError.notFound('notice', 'noticeId');
    const { access } = await this.ctx.meeting(notice.meetingId);
    if (!canManageNotice(access, viewer)) {
      if (!canSee(access, viewer) || notice.status !== 'issued')
        throw AppError.notFound('notice', 'noticeId');
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    }
    if (input.itemIndex >= notice.items.length)
      throw AppError.validation('no such conclusion item', 'itemIndex');
    const { assignee } = await this.#checkAssignee(input.assignee);
    const id = newRowId('tsk');
    await this.ctx.store.createTask(
      { ...input, assignee, id, noticeId, meetingId: notice.meetingId, createdBy: userIdOf(caller) },
      this.ctx.now(),
    );
    await this.ctx.audit(
      caller,
      'task.created',
      { type: 'task', id },
      {
        noticeId,
        itemIndex: input.itemIndex,
        assignee,
        dueDate: input.dueDate,
      },
    );
    return this.detail(caller, id);
  }

  /** PATCH /api/tasks/:id — title, assignee, due date, notes of an open task. */
  async update(
    caller: Caller,
    taskId: string,
    patch: {
      title?: string | undefined;
      assignee?: TaskAssignee | undefined;
      dueDate?: string | undefined;
      notes?: string | undefined;
    },
  ): Promise<TaskDetail> {
    const r = await this.#managed(caller, taskId);
    const assignee = patch.assignee ? (await this.#checkAssignee(patch.assignee)).assignee : undefined;
    const changes = {
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(assignee === undefined ? {} : { assignee }),
      ...(patch.dueDate === undefined ? {} : { dueDate: patch.dueDate }),
      ...(patch.notes === undefined ? {} : { notes: patch.notes }),
    };
    if (!(await this.ctx.store.updateTask(taskId, changes, this.ctx.now())))
      throw new AppError('wrong_state', 'a done or cancelled task cannot be changed');
    await this.ctx.audit(
      caller,
      'task.updated',
      { type: 'task', id: taskId },
      {
        before: { title: r.task.title, assignee: r.task.assignee, dueDate: r.task.dueDate },
        after: changes,
      },
    );
    return this.#detail(r);
  }

  async #transition(
    caller: Caller,
    r: Resolved,
    t: Omit<TaskTransition, 'report'>,
    report: { kind: 'progress' | 'accepted' | 'cancelled'; text: string },
  ): Promise<void> {
    const at = this.ctx.now().toISOString();
    const ok = await this.ctx.store.transition(r.task.id, ACTIVE, {
      ...t,
      report: {
        id: newRowId('trp'),
        taskId: r.task.id,
        kind: report.kind,
        percent: t.progress,
        text: report.text,
        byUserId: userIdOf(caller),
        byLabel: await this.ctx.label(caller),
        at,
      },
    });
    if (!ok) throw new AppError('wrong_state', 'the task was closed in the meantime');
  }

  /** POST /api/tasks/:id/reports — the assignee's progress (open → in progress). */
  async report(
    caller: Caller,
    taskId: string,
    input: { percent: number; text: string },
  ): Promise<TaskDetail> {
    const r = await this.#reported(caller, taskId);
    await this.#transition(
      caller,
      r,
      { status: 'in_progress', progress: input.percent },
      { kind: 'progress', text: input.text },
    );
    await this.ctx.audit(caller, 'task.reported', { type: 'task', id: taskId }, { percent: input.percent });
    return this.#detail(r);
  }

  /** POST /api/tasks/:id/accept — the ward accepts the result: done. */
  async accept(caller: Caller, taskId: string, text: string): Promise<TaskDetail> {
    const r = await this.#managed(caller, taskId);
    if (!ACTIVE.includes(r.task.status)) throw new AppError('wrong_state', `the task is ${r.task.status}`);
    if (r.notice.status !== 'issued') throw new AppError('wrong_state', 'issue the notice first');
    const at = this.ctx.now().toISOString();
    await this.#transition(
      caller,
      r,
      { status: 'done', progress: 100, closedBy: userIdOf(caller), closedAt: at },
      { kind: 'accepted', text },
    );
    await this.ctx.audit(
      caller,
      'task.accepted',
      { type: 'task', id: taskId },
      { progressBefore: r.task.progress },
    );
    return this.#detail(r);
  }

  /** POST /api/tasks/:id/cancel — the ward cancels it, with a reason. */
  async cancel(caller: Caller, taskId: string, reason: string): Promise<TaskDetail> {
    const r = await this.#managed(caller, taskId);
    if (!ACTIVE.includes(r.task.status)) throw new AppError('wrong_state', `the task is ${r.task.status}`);
    const at = this.ctx.now().toISOString();
    await this.#transition(
      caller,
      r,
      {
        status: 'cancelled',
        progress: r.task.progress,
        closedBy: userIdOf(caller),
        closedAt: at,
        cancelReason: reason,
      },
      { kind: 'cancelled', text: reason },
    );
    await this.ctx.audit(caller, 'task.cancelled', { type: 'task', id: taskId }, { reason });
    return this.#detail(r);
  }

  /** POST /api/tasks/:id/evidence — the assignee attaches a PDF, PNG or JPEG (type from the bytes). */
  async addEvidence(caller: Caller, taskId: string, rawName: string, body: Readable): Promise<TaskDetail> {
    const r = await this.#reported(caller, taskId);
    const received = await receiveUpload(body, this.ctx.deps.blobs.tempDir, this.maxEvidenceBytes);
    let record: EvidenceRecord;
    try {
      const kind = received.type.kind;
      if (kind !== 'pdf' && kind !== 'png' && kind !== 'jpeg')
        throw typeRefused(`evidence must be a PDF, PNG or JPEG file, not ${kind.toUpperCase()}`);
      const fileName = nameForType(sanitizeFileName(rawName), received.type);
      await this.ctx.deps.blobs.adoptFile(received.tempPath, received.sha256);
      record = {
        id: newRowId('evd'),
        taskId,
        fileName,
        kind,
        mime: received.type.mime,
        sizeBytes: received.size,
        sha256: received.sha256,
        uploadedBy: userIdOf(caller),
        uploadedLabel: await this.ctx.label(caller),
        uploadedAt: this.ctx.now().toISOString(),
      };
    } finally {
      await fsp.rm(received.tempPath, { force: true });
    }
    await this.ctx.store.addEvidence(record);
    await this.ctx.audit(
      caller,
      'task.evidence_uploaded',
      { type: 'task', id: taskId },
      {
        evidenceId: record.id,
        fileName: record.fileName,
        kind: record.kind,
        size: record.sizeBytes,
        sha256: record.sha256,
      },
    );
    return this.#detail(r);
  }

  /** GET /api/tasks/:id/evidence/:evidenceId — for the ward and the assignee, audited. */
  async openEvidence(caller: Caller, taskId: string, evidenceId: string): Promise<ServedEvidence> {
    await this.#resolve(caller, taskId);
    const e = (await this.ctx.store.evidence(taskId)).find((x) => x.id === evidenceId);
    if (!e) throw AppError.notFound('evidence', 'evidenceId');
    await this.ctx.audit(
      caller,
      'task.evidence_access',
      { type: 'task', id: taskId },
      { evidenceId, sha256: e.sha256 },
    );
    return { sha256: e.sha256, mime: e.mime, fileName: e.fileName };
  }

  /** GET /api/tasks/mine — tasks of issued notices assigned to me or my units. */
  async mine(caller: Caller): Promise<TaskView[]> {
    const viewer = await this.ctx.user(caller);
    const who = await this.ctx.assigneeIdentity(viewer);
    const tasks = await this.ctx.store.tasksAssignedTo(who.personId, who.organizationIds);
    return this.#views(tasks, viewer, who);
  }

  async #views(tasks: readonly TaskRecord[], viewer: UserViewer, who: AssigneeIdentity): Promise<TaskView[]> {
    const notices = new Map(
      (await this.ctx.store.noticesByIds([...new Set(tasks.map((t) => t.noticeId))])).map((n) => [n.id, n]),
    );
    const meetings = new Map<string, Awaited<ReturnType<NoticeContext['meeting']>>>();
    for (const id of new Set(tasks.map((t) => t.meetingId))) meetings.set(id, await this.ctx.meeting(id));
    return tasks.flatMap((task) => {
      const notice = notices.get(task.noticeId);
      const m = meetings.get(task.meetingId);
      if (!notice || !m) return [];
      const manage = canManageNotice(m.access, viewer);
      const assignee = notice.status === 'issued' && isAssignee(task.assignee, who);
      return [this.#view({ task, notice, meeting: m.meeting, manage, assignee })];
    });
  }

  /**
   * GET /api/tasks/board — per organization unit: tasks due in the range, done, open, overdue
   * (counts over every meeting: they name no task), and the overdue tasks whose meeting the caller
   * may see. For admins, chairs and secretaries.
   */
  async board(caller: Caller, range: { from: string; to: string }): Promise<TaskBoardResponse> {
    const viewer = await this.ctx.user(caller);
    if (!viewer.roles.some((r) => r === 'admin' || r === 'chair' || r === 'secretary'))
      throw AppError.forbidden('the follow-up board is for the ward’s admins, chairs and secretaries');
    const now = this.ctx.now();
    const today = vnDay(now);
    const stats = await taskStatsByOrg(this.ctx.deps.store.db, range, now);
    const names = new Map((await this.ctx.store.assigneeOptions()).organizations.map((o) => [o.id, o.name]));
    const overdue = await this.ctx.store.overdue(today, range);
    const who = await this.ctx.assigneeIdentity(viewer);
    const views = await this.#views(overdue, viewer, who);
    const visible: TaskView[] = [];
    for (const v of views) {
      const m = await this.ctx.meeting(v.meetingId);
      if (canSee(m.access, viewer)) visible.push(v);
    }
    return {
      from: range.from,
      to: range.to,
      today,
      rows: stats.map((s) => ({ ...s, name: names.get(s.orgUnitId) ?? s.orgUnitId })),
      overdue: visible,
    };
  }

  /** GET /api/tasks/assignees — units and persons to assign to (for those who create meetings). */
  async assigneeOptions(caller: Caller): Promise<AssigneeOptionsResponse> {
    const viewer = await this.ctx.user(caller);
    if (!viewer.roles.some((r) => r === 'admin' || r === 'chair' || r === 'secretary'))
      throw AppError.forbidden();
    return this.ctx.store.assigneeOptions();
  }
}
