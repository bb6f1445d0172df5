// Recordings of live meetings: a moderator starts and stops them (through the live room), the
// meeting's end queues them for processing, people who may see the meeting list and fetch them
// (every fetch audited), chapter marks come from the agenda, and a retention sweep deletes them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@diemcau/protocol';
import type { RecordingView } from '@diemcau/protocol';
import { recordingFilePath } from '@diemcau/protocol';
import { TypedEmitter, type Logger } from '@diemcau/media';
import type { AuditSink } from '../audit/log.js';
import type { AuthContext } from '../auth/context.js';
import type { Db } from '../db/database.js';
import { newRowId } from '../ids.js';
import { canSee } from '../meetings/authz.js';
import { MeetingService } from '../meetings/service.js';
import { NOT_RECORDING } from './live-recorder.js';
import type {
  LiveRecorder,
  LiveRecorderFactory,
  RecordableMedia,
  RecordingActor,
  RecordingState,
} from './live-recorder.js';
import { chapterMarks, totalMs } from './plan.js';
import { recordingPaths, spansOf } from './processor.js';
import { RecordingStore, type RecordingRecord, type SpanIso } from './store.js';

export interface RecordingsConfig {
  /** Folder of the recordings (one folder per recording; Janus writes the raw files there). */
  dir: string;
  /** Days a recording is kept after the meeting (RECORDING_RETENTION_DAYS). */
  retentionDays: number;
  /** Length of a processing segment (RECORDING_SEGMENT_SECONDS). */
  segmentSeconds: number;
}

export interface RecordingServiceDeps {
  db: Db;
  audit: AuditSink;
  log: Logger;
  /** Null: this server does not record (no Janus); lists still work. */
  config: RecordingsConfig | null;
  now?: () => Date;
}

export type RecordingServiceEvents = {
  /** A recording waits for processing (the worker picks it up). */
  queued: [string];
  listenererror: [string, unknown];
};

/** The file of a ready recording, for the route that streams it. */
export interface RecordingFile {
  path: string;
  size: number;
  /** Suggested file name (ASCII) and its Unicode form. */
  asciiName: string;
  unicodeName: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const newRecordingId = (): string => `rec_${randomBytes(16).toString('base64url')}`;

export class RecordingService extends TypedEmitter<RecordingServiceEvents> {
  readonly store: RecordingStore;
  readonly #meetings: MeetingService;
  readonly #now: () => Date;

  constructor(private readonly deps: RecordingServiceDeps) {
    super();
    this.#now = deps.now ?? (() => new Date());
    this.store = new RecordingStore(deps.db, this.#now);
    this.#meetings = new MeetingService({
      db: deps.db,
      audit: deps.audit,
      invitations: null,
      clock: this.#now,
    });
  }

  /** The service's clock (tests move it). */
  now(): Date {
    return this.#now();
  }

  get config(): RecordingsConfig | null {
    return this.deps.config;
  }

  /** Makes the recorder of a live meeting (LiveHub's `recorder` option). */
  readonly liveRecorder: LiveRecorderFactory = (meetingId, media) =>
    new MeetingRecorder(this, meetingId, media);

  /**
   * Marks a chapter (an agenda item became current) at `at`. The processed file of the meeting's
   * recording gets it as a chapter; marks outside any recorded span move to where recording resumed.
   */
  async addChapter(
    meetingId: string,
    title: string,
    at: Date,
    agendaItemId: string | null = null,
  ): Promise<void> {
    await this.store.addChapter({
      id: newRowId('chap'),
      meetingId,
      agendaItemId,
      title: title.trim() || '—',
      at: at.toISOString(),
    });
  }

  /** The recordings of a meeting the caller may see (404 otherwise, as for the meeting itself). */
  async list(auth: AuthContext, meetingId: string): Promise<RecordingView[]> {
    await this.#visible(auth, meetingId);
    const records = await this.store.listByMeeting(meetingId);
    return Promise.all(records.map((r) => this.#view(r)));
  }

  /**
   * The file of a ready recording, for someone who may see its meeting. The fetch is audited
   * (`audit: false` for the follow-up range requests of one playback); a refusal is audited too.
   */
  async file(auth: AuthContext, id: string, ip: string, audit: boolean): Promise<RecordingFile> {
    const rec = await this.store.get(id);
    if (!rec) throw AppError.notFound('recording', 'id');
    try {
      await this.#visible(auth, rec.meetingId);
    } catch (err) {
      if (auth.kind !== 'anonymous')
        await this.#audit('recording.access_denied', auth, id, ip, { recording: true });
      throw err instanceof AppError && err.code === 'meeting_not_found'
        ? AppError.notFound('recording', 'id')
        : err;
    }
    const dir = this.deps.config?.dir;
    if (rec.status !== 'ready' || !rec.filePath || !dir)
      throw new AppError('conflict', `recording is ${rec.status}, not ready`);
    const file = path.join(dir, rec.filePath);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) throw AppError.notFound('recording file', 'id');
    if (audit) await this.#audit('recording.access', auth, id, ip, { meetingId: rec.meetingId });
    const date = rec.startedAt.slice(0, 10);
    const meeting = await this.#meetings.store.get(rec.meetingId);
    const title = (meeting?.title ?? 'cuoc-hop').replace(/[\\/:*?"<>|\n\r]+/g, ' ').trim();
    return {
      path: file,
      size: stat.size,
      asciiName: `ghi-hinh-${date}.mp4`,
      unicodeName: `${title} ${date}.mp4`,
    };
  }

  /**
   * After a restart: recordings left 'recording' (the server died during a meeting) end where
   * their files end and are queued; interrupted processing is queued again.
   */
  async recover(): Promise<void> {
    const dir = this.deps.config?.dir;
    for (const rec of await this.store.withStatus(['recording'])) {
      const lastWrite = dir ? await lastModified(recordingPaths(dir, rec.id).raw) : null;
      const end = new Date(Math.max(lastWrite ?? 0, Date.parse(rec.spans.at(-1)?.start ?? rec.startedAt)));
      await this.#close(rec.id, closeSpans(rec.spans, end.toISOString()), end.toISOString());
    }
    for (const rec of await this.store.withStatus(['processing'])) {
      await this.store.update(rec.id, { status: 'queued' });
      this.emit('queued', rec.id);
    }
  }

  /** Deletes the files of recordings whose retention ended, and marks their rows expired. */
  async sweep(): Promise<number> {
    const config = this.deps.config;
    if (!config) return 0;
    const now = this.#now();
    const cutoff = new Date(now.getTime() - config.retentionDays * DAY_MS).toISOString();
    let n = 0;
    for (const rec of await this.store.endedBefore(cutoff)) {
      await fs.rm(recordingPaths(config.dir, rec.id).root, { recursive: true, force: true });
      await this.store.update(rec.id, { status: 'expired', expired_at: now.toISOString(), file_path: null });
      await this.deps.audit.record({
        action: 'recording.expired',
        actorLabel: 'system',
        targetType: 'recording',
        targetId: rec.id,
        detail: { meetingId: rec.meetingId, retentionDays: config.retentionDays },
      });
      n++;
    }
    return n;
  }

  /** @internal The recorder's steps, kept here so that the rules sit with the store. */
  async beginSpan(meetingId: string, id: string, by: RecordingActor, at: string): Promise<void> {
    const rec = await this.store.get(id);
    if (!rec) await this.store.create({ id, meetingId, startedAt: at, startedBy: by.name });
    else await this.store.setSpans(id, [...rec.spans, { start: at, end: null }]);
    await this.#auditActor('recording.started', by, id, { meetingId, resumed: rec !== null });
  }

  /** @internal */
  async endSpan(id: string, by: RecordingActor | null, at: string): Promise<void> {
    const rec = await this.store.get(id);
    if (!rec) return;
    await this.store.setSpans(id, closeSpans(rec.spans, at));
    if (by) await this.#auditActor('recording.stopped', by, id, { meetingId: rec.meetingId });
  }

  /** @internal The live meeting closed: the recording waits for processing. */
  async queue(id: string, at: string): Promise<void> {
    const rec = await this.store.get(id);
    if (!rec) return;
    await this.#close(id, closeSpans(rec.spans, at), at);
  }

  /** @internal */
  rawDir(id: string): string {
    const dir = this.deps.config?.dir;
    if (!dir) throw new AppError('media_unavailable', 'this server does not record meetings');
    return recordingPaths(dir, id).raw;
  }

  async #close(id: string, spans: SpanIso[], endedAt: string): Promise<void> {
    await this.store.setSpans(id, spans);
    await this.store.update(id, { status: 'queued', ended_at: endedAt });
    this.emit('queued', id);
  }

  async #visible(auth: AuthContext, meetingId: string): Promise<void> {
    const viewer = await this.#meetings.viewer(auth);
    if (viewer.kind === 'anonymous') throw AppError.unauthorized();
    const access = await this.#meetings.store.access(meetingId);
    if (!access || !canSee(access, viewer)) throw AppError.meetingNotFound(meetingId);
  }

  async #view(r: RecordingRecord): Promise<RecordingView> {
    const now = this.#now().toISOString();
    const spans = spansOf({ ...r, endedAt: r.endedAt ?? now });
    const chapters = await this.store.chapters(r.meetingId, r.endedAt ?? now);
    const days = this.deps.config?.retentionDays;
    return {
      id: r.id,
      meetingId: r.meetingId,
      status: r.status,
      progress: r.status === 'ready' ? 100 : r.progress,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      durationMs: r.status === 'ready' ? r.durationMs : totalMs(spans),
      sizeBytes: r.sizeBytes,
      expiresAt:
        r.endedAt && days !== undefined
          ? new Date(Date.parse(r.endedAt) + days * DAY_MS).toISOString()
          : null,
      chapters: chapterMarks(
        chapters.map((c) => ({ title: c.title, agendaItemId: c.agendaItemId, atMs: Date.parse(c.at) })),
        spans,
      ).map((c) => ({ title: c.title, agendaItemId: c.agendaItemId, offsetMs: c.startMs })),
      fileUrl: r.status === 'ready' ? recordingFilePath(r.id) : null,
      error: r.error,
    };
  }

  async #audit(
    action: 'recording.access' | 'recording.access_denied',
    auth: AuthContext,
    id: string,
    ip: string,
    detail: object,
  ): Promise<void> {
    await this.deps.audit.record({
      action,
      actorUserId: auth.kind === 'user' ? auth.userId : null,
      actorDeviceId: auth.kind === 'device' ? auth.deviceId : null,
      ...(auth.kind === 'user' ? { actorLabel: auth.username } : {}),
      targetType: 'recording',
      targetId: id,
      ip,
      detail,
    });
  }

  async #auditActor(
    action: 'recording.started' | 'recording.stopped',
    by: RecordingActor,
    id: string,
    detail: object,
  ): Promise<void> {
    await this.deps.audit.record({
      action,
      actorUserId: by.userId,
      actorDeviceId: by.deviceId,
      actorLabel: by.name,
      targetType: 'recording',
      targetId: id,
      detail,
    });
  }
}

/** Closes the open span (if any) at `at`. */
export function closeSpans(spans: readonly SpanIso[], at: string): SpanIso[] {
  return spans.map((s) => (s.end === null ? { start: s.start, end: at < s.start ? s.start : at } : s));
}

async function lastModified(dir: string): Promise<number | null> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let last: number | null = null;
  for (const n of names) {
    const stat = await fs.stat(path.join(dir, n)).catch(() => null);
    if (stat && (last === null || stat.mtimeMs > last)) last = stat.mtimeMs;
  }
  return last;
}

/** One live meeting's recorder: one recording row per live session, one span per start/stop. */
class MeetingRecorder implements LiveRecorder {
  #id: string | null = null;
  #since: string | null = null;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly service: RecordingService,
    private readonly meetingId: string,
    private readonly media: () => Promise<RecordableMedia>,
  ) {}

  state(): RecordingState {
    return this.#since === null ? NOT_RECORDING : { recording: true, since: this.#since };
  }

  start(by: RecordingActor): Promise<RecordingState> {
    return this.#serial(async () => {
      if (this.#since !== null) return this.state();
      const media = await this.media();
      const at = this.service.now().toISOString();
      const id = this.#id ?? newRecordingId();
      const dir = this.service.rawDir(id);
      await fs.mkdir(dir, { recursive: true });
      await media.setRecording(dir);
      try {
        await this.service.beginSpan(this.meetingId, id, by, at);
      } catch (err) {
        await media.setRecording(null).catch(() => undefined);
        throw err;
      }
      this.#id = id;
      this.#since = at;
      return this.state();
    });
  }

  stop(by: RecordingActor): Promise<RecordingState> {
    return this.#serial(async () => this.#stop(by));
  }

  finish(): Promise<void> {
    return this.#serial(async () => {
      await this.#stop(null);
      if (this.#id !== null) await this.service.queue(this.#id, this.service.now().toISOString());
      this.#id = null;
    });
  }

  async #stop(by: RecordingActor | null): Promise<RecordingState> {
    if (this.#since === null || this.#id === null) return this.state();
    const at = this.service.now().toISOString();
    this.#since = null;
    // NOTE: when Janus is down nothing records anyway; the span ends now whatever Janus says, and
    // the processor only uses the media inside the spans.
    await this.media()
      .then((media) => media.setRecording(null))
      .catch(() => undefined);
    await this.service.endSpan(this.#id, by, at);
    return this.state();
  }

  /** Start, stop and finish run one at a time (two moderators clicking at once). */
  #serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#busy.then(step, step);
    this.#busy = next.catch(() => undefined);
    return next;
  }
}
