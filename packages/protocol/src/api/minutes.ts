// HTTP contract of meeting minutes (biên bản): the structured content the secretary edits (pre-filled
// from the meeting record), the versions with their approval state, and the save/approve bodies.
import { z } from 'zod';

/** Document formats: state (Nghị định 30/2020/NĐ-CP) or Party (Hướng dẫn 36-HD/VPTW). Wire strings. */
export const MINUTES_FORMATS = ['nd30', 'hd36'] as const;
export const MinutesFormatSchema = z.enum(MINUTES_FORMATS);
export type MinutesFormat = z.infer<typeof MinutesFormatSchema>;

/** draft → submitted → approved (locked); submitted → draft when the chair returns it. Wire strings. */
export const MINUTES_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

const line = (max: number) => z.string().normalize('NFC').max(max);
const para = line(20_000);
const instant = z.iso.datetime().nullable();

/** Attendance of one bridge point. */
export const MinutesPointSchema = z.object({
  name: line(200),
  host: z.boolean(),
  headCount: z.number().int().min(0).max(100_000),
  /** "08:02 – 10:15" style text, from the point's connection log. */
  connection: line(200),
  present: z.array(line(200)).max(2000),
  absent: z.array(z.object({ name: line(200), reason: line(500) })).max(2000),
});
export type MinutesPoint = z.infer<typeof MinutesPointSchema>;

export const MinutesSpeechSchema = z.object({
  at: instant,
  speaker: line(300),
  topic: line(1000),
});
export type MinutesSpeech = z.infer<typeof MinutesSpeechSchema>;

export const MinutesVoteSchema = z.object({ title: line(300), result: line(1000) });
export type MinutesVote = z.infer<typeof MinutesVoteSchema>;

/** One agenda item: who spoke, what was voted, what the secretary wrote, and the conclusion. */
export const MinutesItemSchema = z.object({
  agendaItemId: z.string().max(64).nullable(),
  title: line(300),
  presenter: line(300),
  speeches: z.array(MinutesSpeechSchema).max(500),
  votes: z.array(MinutesVoteSchema).max(100),
  discussion: para,
  conclusion: para,
});
export type MinutesItem = z.infer<typeof MinutesItemSchema>;

/** Everything printed in the minutes; every text is editable by the secretary. */
export const MinutesContentSchema = z.object({
  format: MinutesFormatSchema,
  header: z.object({
    /** NĐ30: the governing body (optional); HD36: the Party committee ("ĐẢNG BỘ PHƯỜNG …"). */
    parentBody: line(200),
    /** NĐ30: the issuing body; HD36: the cell ("CHI BỘ KHU PHỐ 4"). */
    issuingBody: line(200),
    /** "Số: 12/BB-UBND"; may be empty until the office numbers it. */
    number: line(100),
    /** "Phường An Phú Đông" — printed before ", ngày … tháng … năm …". */
    place: line(200),
    /** Calendar date of the document, YYYY-MM-DD (Vietnam). */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  subject: line(300),
  startedAt: instant,
  endedAt: instant,
  location: line(500),
  chair: line(300),
  secretary: line(300),
  points: z.array(MinutesPointSchema).max(5000),
  items: z.array(MinutesItemSchema).max(100),
  closing: para,
});
export type MinutesContent = z.infer<typeof MinutesContentSchema>;

/** `POST /api/meetings/:id/minutes` — starts a draft (the first, or a correction of the approved). */
export const MinutesCreateSchema = z.object({ format: MinutesFormatSchema.optional() });

/** `PUT /api/meetings/:id/minutes/versions/:version` — auto-save of a draft. */
export const MinutesSaveSchema = z.object({
  /** The revision the client edited; a stale one gets 409 `conflict` and nothing is lost. */
  revision: z.number().int().min(0),
  content: MinutesContentSchema,
});
export type MinutesSave = z.input<typeof MinutesSaveSchema>;

/** `POST …/versions/:version/submit` and `…/approve`: the revision the caller saw. */
export const MinutesTransitionSchema = z.object({ revision: z.number().int().min(0) });

/** `POST …/versions/:version/return` — the chair sends it back with a comment. */
export const MinutesReturnSchema = z.object({
  revision: z.number().int().min(0),
  comment: z.string().trim().normalize('NFC').min(1).max(2000),
});

export const MinutesVersionParamSchema = z.object({
  id: z.string().min(1).max(128),
  version: z.coerce.number().int().min(1).max(100_000),
});

/** One version, as listed. */
export interface MinutesVersionSummary {
  id: string;
  version: number;
  status: MinutesStatus;
  format: MinutesFormat;
  revision: number;
  sha256: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedByName: string | null;
  returnComment: string | null;
}

/** One version with its content. */
export interface MinutesVersionView extends MinutesVersionSummary {
  content: MinutesContent;
}

/** What the caller may do (UI hints; the server checks again). */
export interface MinutesPermissions {
  edit: boolean;
  submit: boolean;
  approve: boolean;
}

/** `GET /api/meetings/:id/minutes`. */
export interface MinutesOverview {
  meetingId: string;
  meetingTitle: string;
  /** The newest version the caller may see (a draft only for editors). */
  current: MinutesVersionView | null;
  versions: MinutesVersionSummary[];
  permissions: MinutesPermissions;
}
