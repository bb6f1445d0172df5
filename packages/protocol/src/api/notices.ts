// HTTP contract of conclusion notices (thông báo kết luận) and their follow-up tasks: the notice
// drafted from a meeting's approved minutes and issued by the chair, the tasks assigned to
// neighborhoods or people with due dates, their progress reports and evidence files, and the
// ward's follow-up board (overdue tasks per organization unit).
import { z } from 'zod';

/** Notice lifecycle. Wire strings: never rename one. */
export const NOTICE_STATUSES = ['draft', 'issued'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** Task lifecycle: open → in_progress → done, or cancelled by the ward. Never rename one. */
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** Evidence files: images and PDFs only. */
export const EVIDENCE_KINDS = ['pdf', 'png', 'jpeg'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
/** Largest evidence file, in bytes. */
export const EVIDENCE_MAX_BYTES = 15 * 1024 * 1024;

export const NoticeIdSchema = z.string().regex(/^ntc_[A-Za-z0-9_-]{6,40}$/);
export const TaskIdSchema = z.string().regex(/^tsk_[A-Za-z0-9_-]{6,40}$/);
export const EvidenceIdSchema = z.string().regex(/^evd_[A-Za-z0-9_-]{6,40}$/);

const text = (max: number) => z.string().trim().normalize('NFC').max(max);
const entityId = z.string().trim().min(1).max(64);

/** A calendar day (YYYY-MM-DD) in Asia/Ho_Chi_Minh that exists. */
export const DayDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real date');

/** Number symbol after "Số: 12/", e.g. "TB-UBND" (letters, digits, hyphens; Vietnamese letters allowed). */
export const NoticeSymbolSchema = text(40).pipe(
  z
    .string()
    .min(2)
    .regex(/^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u, 'letters and digits joined by “-”'),
);

/** `PATCH /api/notices/:id` — the editable header and text of a draft. */
export const NoticePatchSchema = z
  .object({
    issuingBody: text(300).pipe(z.string().min(1)),
    parentBody: text(300),
    symbol: NoticeSymbolSchema,
    place: text(100).pipe(z.string().min(1)),
    title: text(500).pipe(z.string().min(1)),
    intro: text(10_000),
    signerTitle: text(200).pipe(z.string().min(1)),
    signerName: text(200).pipe(z.string().min(1)),
  })
  .partial()
  .strict();
export type NoticePatch = z.input<typeof NoticePatchSchema>;

/** Who a task is assigned to: an organization unit (a neighborhood) or a person. */
export const TaskAssigneeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('org'), organizationId: entityId }),
  z.object({ kind: z.literal('person'), personId: entityId }),
]);
export type TaskAssignee = z.infer<typeof TaskAssigneeSchema>;

/** `POST /api/notices/:id/tasks` (the ward). */
export const TaskCreateSchema = z.object({
  itemIndex: z.number().int().min(0).max(999),
  title: text(500).pipe(z.string().min(1)),
  assignee: TaskAssigneeSchema,
  dueDate: DayDateSchema,
  notes: text(4000).default(''),
});
export type TaskCreate = z.input<typeof TaskCreateSchema>;

/** `PATCH /api/tasks/:id` (the ward). */
export const TaskPatchSchema = TaskCreateSchema.omit({ itemIndex: true }).partial().strict();
export type TaskPatch = z.input<typeof TaskPatchSchema>;

/** `POST /api/tasks/:id/reports` (the assignee). */
export const TaskReportSchema = z.object({
  percent: z.number().int().min(0).max(100),
  text: text(4000).pipe(z.string().min(1)),
});
export type TaskReportInput = z.input<typeof TaskReportSchema>;

/** `POST /api/tasks/:id/cancel` (the ward). */
export const TaskCancelSchema = z.object({ reason: text(1000).pipe(z.string().min(1)) });

/** `POST /api/tasks/:id/accept` (the ward): done, with an optional remark. */
export const TaskAcceptSchema = z.object({ text: text(4000).default('') });

/** `POST /api/tasks/:id/evidence?fileName=…` — the raw file as the body. */
export const EvidenceUploadQuerySchema = z.object({ fileName: z.string().min(1).max(1000) });

/** `GET /api/tasks/board?from=&to=` — tasks due in [from, to] (days, Vietnam time). */
export const TaskBoardQuerySchema = z
  .object({ from: DayDateSchema, to: DayDateSchema })
  .refine((q) => q.from <= q.to, { message: 'from after to', path: ['to'] });

/** One conclusion item of the approved minutes, as copied into the notice. */
export interface NoticeItem {
  agendaItemId: string | null;
  title: string;
  conclusion: string;
}

export interface NoticeView {
  id: string;
  meetingId: string;
  meetingTitle: string;
  status: NoticeStatus;
  issuingBody: string;
  parentBody: string;
  symbol: string;
  /** "12/TB-UBND" once issued; null for a draft. */
  numberText: string | null;
  place: string;
  title: string;
  intro: string;
  signerTitle: string;
  signerName: string;
  minutes: { id: string; version: number; sha256: string };
  items: NoticeItem[];
  issuedAt: string | null;
  createdAt: string;
  updatedAt: string;
  tasks: TaskView[];
}

/** `GET /api/meetings/:id/notice`. */
export interface NoticeResponse {
  notice: NoticeView | null;
  /** The latest approved minutes, when there are any (a draft may lag behind them). */
  approved: { minutesId: string; version: number; sha256: string; approvedAt: string } | null;
  /** May draft and edit the notice and its tasks (the meeting's editors). */
  canManage: boolean;
  /** May issue it (admins and the meeting's chair). */
  canIssue: boolean;
}

export interface TaskAssigneeView {
  kind: 'org' | 'person';
  id: string;
  name: string;
}

export interface TaskReportView {
  id: string;
  kind: 'progress' | 'accepted' | 'cancelled';
  percent: number;
  text: string;
  by: string;
  at: string;
}

export interface EvidenceView {
  id: string;
  fileName: string;
  kind: EvidenceKind;
  sizeBytes: number;
  uploadedBy: string;
  uploadedAt: string;
  url: string;
}

export interface TaskView {
  id: string;
  noticeId: string;
  meetingId: string;
  meetingTitle: string;
  /** "12/TB-UBND" once the notice is issued. */
  noticeNumber: string | null;
  itemIndex: number;
  itemTitle: string;
  title: string;
  assignee: TaskAssigneeView;
  dueDate: string;
  notes: string;
  status: TaskStatus;
  progress: number;
  overdue: boolean;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** What the caller may do. */
  mayReport: boolean;
  mayManage: boolean;
}

export interface TaskDetail extends TaskView {
  reports: TaskReportView[];
  evidence: EvidenceView[];
}

/** `GET /api/tasks/mine`. */
export interface MyTasksResponse {
  tasks: TaskView[];
}

/** One organization unit's row of the follow-up board. */
export interface TaskBoardRow {
  orgUnitId: string;
  name: string;
  total: number;
  done: number;
  overdue: number;
  open: number;
}

/** `GET /api/tasks/board`. */
export interface TaskBoardResponse {
  from: string;
  to: string;
  /** Today in Vietnam: what "overdue" was computed against. */
  today: string;
  rows: TaskBoardRow[];
  /** Overdue tasks the caller may see, oldest due first. */
  overdue: TaskView[];
}

/** Organization units and persons a task may be assigned to. */
export interface AssigneeOptionsResponse {
  organizations: { id: string; name: string; kind: string }[];
  persons: { id: string; name: string }[];
}
