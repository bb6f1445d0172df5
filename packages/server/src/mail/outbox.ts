// The e-mail outbox: a message is first written durably to outbox_emails, then a sender hands it
// to the SMTP transport, retrying with backoff, and marks it sent or failed. Without a transport
// (no SMTP_URL) messages stay queued where an admin can see them.
import type { Logger } from '@diemcau/media';
import type { Db } from '../db/database.js';
import { newRowId } from '../ids.js';

export interface MailAttachment {
  filename: string;
  content: string;
  /** e.g. `text/calendar; charset=utf-8; method=REQUEST` */
  contentType: string;
}

/** A message as stored in the outbox and handed to the transport. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** Sends one message; throws on failure (the outbox retries). */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

export type OutboxStatus = 'queued' | 'sent' | 'failed';

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** The outbox table. */
export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Writes a message to the outbox; returns its id. */
  async enqueue(message: MailMessage, now: Date = new Date()): Promise<string> {
    const id = newRowId('mail');
    await this.db
      .insertInto('outbox_emails')
      .values({
        id,
        to_address: message.to,
        subject: message.subject.slice(0, 500),
        payload: JSON.stringify(message),
        status: 'queued',
        created_at: now.toISOString(),
      })
      .execute();
    return id;
  }

  async list(filter: { status?: OutboxStatus | undefined; limit?: number } = {}): Promise<OutboxEntry[]> {
    let q = this.db.selectFrom('outbox_emails').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      status: r.status as OutboxStatus,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    }));
  }

  /** Queued messages, oldest first, with their payload. */
  async queued(limit: number): Promise<{ id: string; attempts: number; message: MailMessage }[]> {
    const rows = await this.db
      .selectFrom('outbox_emails')
      .select(['id', 'attempts', 'payload'])
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      attempts: Number(r.attempts),
      message: JSON.parse(r.payload) as MailMessage,
    }));
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('outbox_emails')
      .set((eb) => ({
        status: 'sent',
        sent_at: now.toISOString(),
        attempts: eb('attempts', '+', 1),
        last_error: null,
      }))
      .where('id', '=', id)
      .execute();
  }

  async markAttemptFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.db
      .updateTable('outbox_emails')
      .set((eb) => ({
        status: final ? 'failed' : 'queued',
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 1000),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Puts a failed message back in the queue (an admin's "retry"); false if it was not failed. */
  async requeue(id: string): Promise<boolean> {
    const res = await this.db
      .updateTable('outbox_emails')
      .set({ status: 'queued', attempts: 0 })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}

export interface OutboxSenderOptions {
  db: Db;
  /** null: nothing is sent (no SMTP_URL); the queue waits. */
  transport: MailTransport | null;
  log?: Pick<Logger, 'warn' | 'info'>;
  clock?: () => Date;
  /** How often the queue is looked at (default 15 s). */
  intervalMs?: number;
  /** Attempts before a message is marked failed (default 6). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 30 s). */
  backoffMs?: number;
}

/** Drains the outbox through the transport: one message at a time, in order, with retries. */
export class OutboxSender {
  readonly store: OutboxStore;
  readonly #opts: Required<Omit<OutboxSenderOptions, 'log' | 'transport'>> &
    Pick<OutboxSenderOptions, 'log' | 'transport'>;
  /** When each message may be tried again; in memory: after a restart everything is due at once. */
  readonly #notBefore = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;

  constructor(options: OutboxSenderOptions) {
    this.store = new OutboxStore(options.db);
    this.#opts = {
      clock: () => new Date(),
      intervalMs: 15_000,
      maxAttempts: 6,
      backoffMs: 30_000,
      ...options,
    };
  }

  start(): void {
    if (this.#timer || !this.#opts.transport) return;
    this.#timer = setInterval(() => void this.flush(), this.#opts.intervalMs);
    this.#timer.unref();
    void this.flush();
  }

  /** Stops the timer and waits for the send in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
    this.#opts.transport?.close?.();
  }

  /** Sends every due queued message now; returns how many were sent. Never throws. */
  flush(): Promise<number> {
    this.#running ??= this.#drain().finally(() => (this.#running = null));
    return this.#running;
  }

  async #drain(): Promise<number> {
    const transport = this.#opts.transport;
    if (!transport) return 0;
    let sent = 0;
    try {
      for (const entry of await this.store.queued(100)) {
        const now = this.#opts.clock();
        if ((this.#notBefore.get(entry.id) ?? 0) > now.getTime()) continue;
        try {
          await transport.send(entry.message);
          await this.store.markSent(entry.id, this.#opts.clock());
          this.#notBefore.delete(entry.id);
          sent++;
        } catch (err) {
          const attempts = entry.attempts + 1;
          const final = attempts >= this.#opts.maxAttempts;
          await this.store.markAttemptFailed(
            entry.id,
            err instanceof Error ? err.message : String(err),
            final,
          );
          if (final) this.#notBefore.delete(entry.id);
          else this.#notBefore.set(entry.id, now.getTime() + this.#opts.backoffMs * 2 ** (attempts - 1));
          this.#opts.log?.warn({ mailId: entry.id, attempts, final, err }, 'sending e-mail failed');
        }
      }
    } catch (err) {
      this.#opts.log?.warn({ err }, 'outbox unavailable');
    }
    return sent;
  }
}
