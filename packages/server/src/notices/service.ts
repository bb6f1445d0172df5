// The conclusion notice of a meeting: drafted from the latest approved minutes (refused before
// approval), edited by the meeting's editors, issued by the chair — which numbers it per issuing
// organization and year and locks it — and exported as NĐ30 DOCX/PDF. Every write is audited.
import { AppError } from '@diemcau/protocol';
import type { NoticePatch, NoticeResponse, NoticeView } from '@diemcau/protocol';
import type { Viewer } from '../meetings/authz.js';
import { canSee } from '../meetings/authz.js';
import type { MeetingRecord } from '../meetings/store.js';
import { placeDateLine } from '../docs-layout/page.js';
import { newRowId } from '../ids.js';
import { canIssueNotice, canManageNotice } from './authz.js';
import type { ApprovedConclusions, Caller, LoadedMeeting, NoticeContext } from './context.js';
import { userIdOf } from './context.js';
import { dayText, longVnDate, vnDay } from './dates.js';
import { noticeDocx } from './docx.js';
import type { NoticeDocument } from './document.js';
import { noticePdf } from './pdf.js';
import type { NoticeHeader, NoticeRecord } from './store.js';
import { TaskService } from './tasks.js';
import { noticeView } from './views.js';

const notApproved = (): AppError =>
  new AppError(
    'conclusions_not_approved',
    'the minutes of this meeting are not approved yet: approve them before drafting the notice',
    { field: 'minutes' },
  );

const SYMBOLS: Record<string, string> = {
  people_committee: 'TB-UBND',
  party_committee: 'TB-ĐU',
  fatherland_front: 'TB-MTTQ',
  neighborhood: 'TB-KP',
  party_cell: 'TB-CB',
};

/** An exported file. */
export interface NoticeFile {
  body: Buffer;
  fileName: string;
  mime: string;
}

export class NoticeService {
  readonly tasks: TaskService;

  constructor(private readonly ctx: NoticeContext) {
    this.tasks = new TaskService(ctx);
  }

  async #notice(
    caller: Caller,
    noticeId: string,
  ): Promise<{ notice: NoticeRecord; viewer: Viewer } & LoadedMeeting> {
    const viewer = await this.ctx.user(caller);
    const notice = await this.ctx.store.notice(noticeId);
    if (!notice) throw AppError.notFound('notice', 'noticeId');
    const m = await this.ctx.meeting(notice.meetingId);
    // NOTE: a draft is the editors' working copy; others learn of the notice when it is issued.
    const visible =
      canManageNotice(m.access, viewer) || (notice.status === 'issued' && canSee(m.access, viewer));
    if (!visible) throw AppError.notFound('notice', 'noticeId');
    return { notice, viewer, ...m };
  }

  async #managed(caller: Caller, noticeId: string) {
    const r = await this.#notice(caller, noticeId);
    if (!canManageNotice(r.access, r.viewer))
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    return r;
  }

  async #view(n: NoticeRecord, meeting: MeetingRecord, viewer: Viewer, manage: boolean): Promise<NoticeView> {
    const tasks = await this.tasks.viewsOfNotice(n, meeting, viewer, manage);
    return noticeView(n, meeting.title, tasks);
  }

  /** GET /api/meetings/:id/notice — the notice (or null), the approved minutes, what the caller may do. */
  async forMeeting(caller: Caller, meetingId: string): Promise<NoticeResponse> {
    const viewer = await this.ctx.user(caller);
    const { meeting, access } = await this.ctx.visibleMeeting(meetingId, viewer);
    const manage = canManageNotice(access, viewer);
    const notice = await this.ctx.store.noticeOfMeeting(meetingId);
    const approved = manage ? await this.ctx.deps.conclusions(meetingId) : null;
    const shown = notice && (manage || notice.status === 'issued') ? notice : null;
    return {
      notice: shown ? await this.#view(shown, meeting, viewer, manage) : null,
      approved: approved && {
        minutesId: approved.minutesId,
        version: approved.version,
        sha256: approved.sha256,
        approvedAt: approved.approvedAt,
      },
      canManage: manage,
      canIssue: canIssueNotice(access, viewer),
    };
  }

  /** POST /api/meetings/:id/notice — a draft from the latest approved conclusions (409 before approval). */
  async draft(caller: Caller, meetingId: string): Promise<NoticeView> {
    const viewer = await this.ctx.user(caller);
    const { meeting, access } = await this.ctx.visibleMeeting(meetingId, viewer);
    if (!canManageNotice(access, viewer))
      throw AppError.forbidden('only the meeting’s chair, secretary or an admin');
    if (await this.ctx.store.noticeOfMeeting(meetingId))
      throw new AppError('conflict', 'this meeting already has a notice', { field: 'meetingId' });
    const approved = await this.ctx.deps.conclusions(meetingId);
    if (!approved || approved.meetingId !== meetingId) throw notApproved();
    const id = newRowId('ntc');
    const issuer = await this.#issuer(meeting);
    const header = this.#defaultHeader(meeting, issuer);
    await this.ctx.store.createNotice(
      {
        id,
        meetingId,
        numberingKey: issuer?.id ?? '',
        minutes: { id: approved.minutesId, version: approved.version, sha256: approved.sha256 },
        items: itemsOf(approved),
        createdBy: userIdOf(caller),
        ...header,
      },
      this.ctx.now(),
    );
    await this.ctx.audit(
      caller,
      'notice.drafted',
      { type: 'notice', id },
      {
        meetingId,
        minutesVersion: approved.version,
        minutesSha256: approved.sha256,
      },
    );
    const created = await this.ctx.store.notice(id);
    if (!created) throw AppError.internal();
    return this.#view(created, meeting, viewer, true);
  }

  /**
   * The issuing organization: the meeting's own, else the one whose bridge point hosts it (a
   * meeting in the UBND hall is the UBND's). It names the notice and scopes its numbering.
   */
  async #issuer(m: MeetingRecord): Promise<{ id: string; name: string; kind: string } | null> {
    const id =
      m.organizationId ??
      (m.hostBridgePointId === null ? null : await this.ctx.store.organizationOfPoint(m.hostBridgePointId));
    if (id === null) return null;
    const org = await this.ctx.store.organization(id);
    return org && { id, ...org };
  }

  #defaultHeader(m: MeetingRecord, issuer: { name: string; kind: string } | null): NoticeHeader {
    const org = issuer?.name ?? '';
    const kind = issuer?.kind ?? null;
    const chair = m.invitees.find((i) => i.role === 'chair');
    const place = /phường\s+(.+)$/iu.exec(org)?.[1] ?? org;
    const day = dayText(vnDay(new Date(m.startsAt)));
    const by = chair ? `đồng chí ${chair.fullName}` : 'chủ trì cuộc họp';
    return {
      issuingBody: org.toLocaleUpperCase('vi') || 'ỦY BAN NHÂN DÂN PHƯỜNG',
      parentBody: '',
      symbol: (kind && SYMBOLS[kind]) ?? 'TB-UBND',
      place: place || 'Phường',
      title: `Kết luận của ${by} tại cuộc họp ${m.title}`,
      intro:
        `Ngày ${day}, ${org || 'phường'} tổ chức cuộc họp ${m.title}. ` +
        `Sau khi nghe báo cáo và ý kiến của các đại biểu, ${by} kết luận như sau:`,
      signerTitle: 'CHỦ TRÌ CUỘC HỌP',
      signerName: chair?.fullName ?? '',
    };
  }

  /** PATCH /api/notices/:id — a draft's header and text (409 wrong_state once issued). */
  async update(caller: Caller, noticeId: string, patch: NoticePatch): Promise<NoticeView> {
    const r = await this.#managed(caller, noticeId);
    const changes = Object.fromEntries(
      Object.entries(patch).filter(([, v]) => v !== undefined),
    ) as Partial<NoticeHeader>;
    if (!(await this.ctx.store.updateDraft(noticeId, changes, this.ctx.now())))
      throw new AppError('wrong_state', 'an issued notice cannot be changed');
    await this.ctx.audit(
      caller,
      'notice.updated',
      { type: 'notice', id: noticeId },
      { fields: Object.keys(changes) },
    );
    return this.#reload(r.meeting, r.viewer, noticeId);
  }

  /** POST /api/notices/:id/refresh — a draft takes the conclusions of newer approved minutes. */
  async refresh(caller: Caller, noticeId: string): Promise<NoticeView> {
    const r = await this.#managed(caller, noticeId);
    if (r.notice.status !== 'draft') throw new AppError('wrong_state', 'an issued notice cannot be changed');
    const approved = await this.ctx.deps.conclusions(r.notice.meetingId);
    if (!approved) throw notApproved();
    const minutes = { id: approved.minutesId, version: approved.version, sha256: approved.sha256 };
    if (!(await this.ctx.store.refreshDraft(noticeId, minutes, itemsOf(approved), this.ctx.now())))
      throw new AppError('wrong_state', 'an issued notice cannot be changed');
    await this.ctx.audit(
      caller,
      'notice.updated',
      { type: 'notice', id: noticeId },
      {
        minutesVersion: approved.version,
        minutesSha256: approved.sha256,
      },
    );
    return this.#reload(r.meeting, r.viewer, noticeId);
  }

  /**
   * POST /api/notices/:id/issue — the chair (or an admin) issues the draft: it must still stand
   * on the latest approved minutes; it gets its number and is locked with the tasks it lists.
   */
  async issue(caller: Caller, noticeId: string): Promise<NoticeView> {
    const r = await this.#managed(caller, noticeId);
    if (!canIssueNotice(r.access, r.viewer))
      throw AppError.forbidden('only the meeting’s chair or an admin issues the notice');
    if (r.notice.status !== 'draft') throw new AppError('wrong_state', 'the notice is already issued');
    const approved = await this.ctx.deps.conclusions(r.notice.meetingId);
    if (!approved) throw notApproved();
    if (approved.sha256 !== r.notice.minutes.sha256)
      throw new AppError('wrong_state', 'newer minutes were approved: take their conclusions first', {
        field: 'minutes',
      });
    const tasks = await this.ctx.store.tasksOfNotice(noticeId);
    const now = this.ctx.now();
    const issued = await this.ctx.store.issue(
      noticeId,
      {
        userId: userIdOf(caller),
        year: Number(vnDay(now).slice(0, 4)),
        tasks: tasks
          .filter((t) => t.status !== 'cancelled')
          .map((t) => ({
            itemIndex: t.itemIndex,
            title: t.title,
            assignee: t.assigneeName,
            dueDate: t.dueDate,
          })),
      },
      now,
    );
    if (!issued) throw new AppError('wrong_state', 'the notice is already issued');
    await this.ctx.audit(
      caller,
      'notice.issued',
      { type: 'notice', id: noticeId },
      {
        meetingId: issued.meetingId,
        number: `${issued.number ?? ''}/${issued.symbol}`,
        year: issued.year,
        minutesVersion: issued.minutes.version,
        minutesSha256: issued.minutes.sha256,
        tasks: tasks.length,
      },
    );
    await this.#index(issued);
    return this.#reload(r.meeting, r.viewer, noticeId);
  }

  /** Best effort: a search index that is down must not undo an issued notice. */
  async #index(n: NoticeRecord): Promise<void> {
    const search = this.ctx.deps.search;
    if (!search) return;
    try {
      await search.upsert({
        kind: 'notice',
        refId: n.id,
        meetingId: n.meetingId,
        title: `Thông báo ${n.number ?? ''}/${n.symbol}: ${n.title}`,
        body: [n.intro, ...n.items.map((i) => `${i.title}: ${i.conclusion}`)].join('\n'),
        occurredAt: n.issuedAt ?? n.updatedAt,
      });
    } catch (err) {
      this.ctx.deps.warn?.({ err, noticeId: n.id }, 'search index not updated for an issued notice');
    }
  }

  async #reload(meeting: MeetingRecord, viewer: Viewer, noticeId: string): Promise<NoticeView> {
    const n = await this.ctx.store.notice(noticeId);
    if (!n) throw AppError.notFound('notice', 'noticeId');
    return this.#view(n, meeting, viewer, true);
  }

  /** GET /api/notices/:id/notice.docx|pdf — editors any time (a draft is marked), others once issued. */
  async export(caller: Caller, noticeId: string, format: 'docx' | 'pdf'): Promise<NoticeFile> {
    const r = await this.#notice(caller, noticeId);
    const doc = await this.#document(r.notice, r.meeting);
    const body = format === 'docx' ? await noticeDocx(doc) : await noticePdf(doc);
    await this.ctx.audit(
      caller,
      'notice.exported',
      { type: 'notice', id: noticeId },
      { format, status: r.notice.status },
    );
    const base =
      r.notice.number === null
        ? 'Du-thao-thong-bao-ket-luan'
        : `Thong-bao-${r.notice.number}-${r.notice.year ?? ''}`;
    return {
      body,
      fileName: `${base}.${format}`,
      mime:
        format === 'docx'
          ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
          : 'application/pdf',
    };
  }

  async #document(n: NoticeRecord, meeting: MeetingRecord): Promise<NoticeDocument> {
    const tasks =
      n.issuedTasks ??
      (await this.ctx.store.tasksOfNotice(n.id))
        .filter((t) => t.status !== 'cancelled')
        .map((t) => ({
          itemIndex: t.itemIndex,
          title: t.title,
          assignee: t.assigneeName,
          dueDate: t.dueDate,
        }));
    return {
      draft: n.status === 'draft',
      issuingBody: n.issuingBody,
      parentBody: n.parentBody,
      numberText: n.number === null ? `     /${n.symbol}` : `${n.number}/${n.symbol}`,
      placeDate: placeDateLine(n.place, n.issuedAt ? longDate(n.issuedAt) : 'ngày     tháng     năm     '),
      title: n.title,
      intro: n.intro,
      items: n.items,
      tasks,
      signerTitle: n.signerTitle,
      signerName: n.signerName,
      meetingTitle: meeting.title,
      footer: `Theo biên bản phiên bản ${n.minutes.version}, SHA-256 ${n.minutes.sha256}`,
    };
  }
}

const itemsOf = (a: ApprovedConclusions) =>
  a.items.map((i) => ({ agendaItemId: i.agendaItemId, title: i.title, conclusion: i.conclusion }));

const longDate = (iso: string): string => longVnDate(new Date(iso));
