// Domain records → the wire views of protocol/api/notices.ts (the only place that shapes them).
import type { EvidenceView, NoticeView, TaskDetail, TaskReportView, TaskView } from '@diemcau/protocol';
import { isOverdue } from './dates.js';
import type { EvidenceRecord, NoticeRecord, ReportRecord, TaskRecord } from './store.js';

/** "12/TB-UBND" of an issued notice; null for a draft. */
export const numberText = (n: Pick<NoticeRecord, 'number' | 'symbol'>): string | null =>
  n.number === null ? null : `${n.number}/${n.symbol}`;

export interface TaskViewContext {
  notice: NoticeRecord;
  meetingTitle: string;
  mayReport: boolean;
  mayManage: boolean;
  now: Date;
}

export function taskView(t: TaskRecord, c: TaskViewContext): TaskView {
  return {
    id: t.id,
    noticeId: t.noticeId,
    meetingId: t.meetingId,
    meetingTitle: c.meetingTitle,
    noticeNumber: numberText(c.notice),
    itemIndex: t.itemIndex,
    itemTitle: c.notice.items[t.itemIndex]?.title ?? '',
    title: t.title,
    assignee: { kind: t.assignee.kind, id: t.assignee.id, name: t.assigneeName },
    dueDate: t.dueDate,
    notes: t.notes,
    status: t.status,
    progress: t.progress,
    overdue: c.notice.status === 'issued' && isOverdue(t.dueDate, t.status, c.now),
    cancelReason: t.cancelReason,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    closedAt: t.closedAt,
    mayReport: c.mayReport,
    mayManage: c.mayManage,
  };
}

const reportView = (r: ReportRecord): TaskReportView => ({
  id: r.id,
  kind: r.kind,
  percent: r.percent,
  text: r.text,
  by: r.byLabel,
  at: r.at,
});

const evidenceView = (e: EvidenceRecord): EvidenceView => ({
  id: e.id,
  fileName: e.fileName,
  kind: e.kind,
  sizeBytes: e.sizeBytes,
  uploadedBy: e.uploadedLabel,
  uploadedAt: e.uploadedAt,
  url: `/api/tasks/${e.taskId}/evidence/${e.id}`,
});

export const taskDetail = (
  view: TaskView,
  reports: readonly ReportRecord[],
  evidence: readonly EvidenceRecord[],
): TaskDetail => ({ ...view, reports: reports.map(reportView), evidence: evidence.map(evidenceView) });

export function noticeView(n: NoticeRecord, meetingTitle: string, tasks: TaskView[]): NoticeView {
  return {
    id: n.id,
    meetingId: n.meetingId,
    meetingTitle,
    status: n.status,
    issuingBody: n.issuingBody,
    parentBody: n.parentBody,
    symbol: n.symbol,
    numberText: numberText(n),
    place: n.place,
    title: n.title,
    intro: n.intro,
    signerTitle: n.signerTitle,
    signerName: n.signerName,
    minutes: n.minutes,
    items: n.items,
    issuedAt: n.issuedAt,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    tasks,
  };
}
