// Reminders before each occurrence (24 h and 30 min by default), mailed once per invitee: the
// reminders_sent primary key makes a reminder idempotent across ticks, restarts and replicas.
import type { Logger } from '@diemcau/media';
import type { Db } from '../db/database.js';
import { expandOccurrences } from '../meetings/recurrence.js';
import { MeetingStore } from '../meetings/store.js';
import type { MeetingRecord } from '../meetings/store.js';
import { meetingMail } from '../mail/compose.js';
import { personalLink, rsvpLink } from '../mail/invitations.js';
import { OutboxStore } from '../mail/outbox.js';

export interface ReminderKind {
  /** Stored in reminders_sent.kind; never rename one. */
  kind: string;
  beforeMs: number;
}

export const DEFAULT_REMINDERS: ReminderKind[] = [
  { kind: '24h', beforeMs: 24 * 60 * 60_000 },
  { kind: '30m', beforeMs: 30 * 60_000 },
];

export interface ReminderSchedulerOptions {
  db: Db;
  publicOrigin: string;
  clock?: () => Date;
  /** Default one minute. */
  intervalMs?: number;
  reminders?: ReminderKind[];
  log?: Pick<Logger, 'warn'>;
}

export class ReminderScheduler {
  readonly #db: Db;
  readonly #clock: () => Date;
  /** Tightest first: the one whose window we are in wins, so a late start sends one mail, not two. */
  readonly #kinds: ReminderKind[];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.#db = options.db;
    this.#clock = options.clock ?? (() => new Date());
    this.#kinds = [...(options.reminders ?? DEFAULT_REMINDERS)].sort((a, b) => a.beforeMs - b.beforeMs);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 60_000);
    this.#timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** Queues every reminder due now; returns how many mails were queued. Never throws. */
  tick(): Promise<number> {
    this.#running ??= this.#run()
      .catch((err: unknown) => {
        this.options.log?.warn({ err }, 'reminders failed');
        return 0;
      })
      .finally(() => (this.#running = null));
    return this.#running;
  }

  async #run(): Promise<number> {
    const now = this.#clock();
    const widest = this.#kinds.at(-1)?.beforeMs ?? 0;
    const to = new Date(now.getTime() + widest + 1);
    const store = new MeetingStore(this.#db);
    let queued = 0;
    for (const { row } of await store.listCandidates({ from: now, to })) {
      if (row.status !== 'scheduled' && row.status !== 'open') continue;
      const starts = expandOccurrences(row, now, to).filter((o) => o.start > now);
      if (starts.length === 0) continue;
      const m = await store.load(row.id);
      if (!m) continue;
      for (const o of starts) {
        const kind = this.#kinds.find((k) => o.start.getTime() - k.beforeMs <= now.getTime());
        if (kind) queued += await this.#remind(m, o.start, kind, now);
      }
    }
    return queued;
  }

  async #remind(m: MeetingRecord, start: Date, kind: ReminderKind, now: Date): Promise<number> {
    let queued = 0;
    const due = new Date(start.getTime() - kind.beforeMs).toISOString();
    for (const invitee of m.invitees) {
      const email = invitee.email?.trim();
      if (!email) continue;
      // Invited after the reminder point: the giấy mời itself was the reminder.
      if (invitee.invitedAt !== null && invitee.invitedAt > due) continue;
      await this.#db.transaction().execute(async (trx) => {
        const res = await trx
          .insertInto('reminders_sent')
          .values({
            meeting_id: m.id,
            occurrence_start: start.toISOString(),
            person_id: invitee.personId,
            kind: kind.kind,
            sent_at: now.toISOString(),
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0n) === 0) return;
        const link = await personalLink(trx, this.options.publicOrigin, m, invitee, now);
        await new OutboxStore(trx).enqueue(
          meetingMail({
            kind: 'reminder',
            meeting: m,
            recipient: { fullName: invitee.fullName, email, role: invitee.role },
            start,
            joinLink: link.joinLink,
            rsvpLink: rsvpLink(this.options.publicOrigin, link.token),
            ics: null,
          }),
          now,
        );
        queued++;
      });
    }
    return queued;
  }
}
