// The audit log service every domain uses to record security-relevant actions (sign-in, role
// changes, meeting and document access, device pairing): `await audit.record({...})`.
import { randomBytes } from 'node:crypto';
import type { AuditAction } from '@diemcau/protocol';
import type { AuthContext } from '../auth/context.js';
import type { Db } from '../db/database.js';
import { AuditStore } from './store.js';
import type { AuditFilter, AuditPage } from './store.js';

export type { AuditAction } from '@diemcau/protocol';
export type { AuditFilter, AuditPage, AuditRecord } from './store.js';

/** Who did it. `AuditLog.actorOf(req.auth)` builds it from a request. */
export interface AuditActor {
  actorUserId?: string | null;
  actorDeviceId?: string | null;
  /** A readable name: the username, or the name typed at a failed sign-in. */
  actorLabel?: string;
}

/** One entry to record. */
export interface AuditEntry extends AuditActor {
  action: AuditAction;
  /** What it was done to, e.g. 'meeting', 'user', 'device', 'document'. */
  targetType?: string;
  targetId?: string;
  /** The client's address (`req.ip`). */
  ip?: string;
  /** Details (e.g. {before, after}); keys that look like secrets are dropped. */
  detail?: object;
}

/** Where security-relevant actions go: the AuditLog in production, an array in tests. */
export interface AuditSink {
  record(entry: AuditEntry): Promise<void>;
}

const MAX_DETAIL_CHARS = 4000;
// NOTE: a careless caller must not turn the audit log into a password store.
const SECRET_KEY = /pass(word|code)?|secret|token|totp|hash|cookie|csrf|^code$/i;

export class AuditLog {
  readonly #store: AuditStore;

  constructor(
    db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#store = new AuditStore(db);
  }

  /** The actor fields of a request's auth context (spread them into an entry). */
  static actorOf(auth: AuthContext): AuditActor {
    if (auth.kind === 'user') return { actorUserId: auth.userId, actorLabel: auth.username };
    if (auth.kind === 'device') return { actorDeviceId: auth.deviceId };
    return {};
  }

  /**
   * Appends one entry. Resolves once it is stored; rejects if the database refuses it (callers
   * let that fail the request: an action that cannot be audited should not pass silently).
   */
  async record(entry: AuditEntry): Promise<void> {
    const at = this.now();
    await this.#store.append({
      id: newAuditId(at),
      at: at.toISOString(),
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      actorDeviceId: entry.actorDeviceId ?? null,
      actorLabel: entry.actorLabel ?? '',
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? '',
      detail: sanitize(entry.detail ?? {}),
    });
  }

  /** Entries newest first. */
  query(filter: AuditFilter): Promise<AuditPage> {
    return this.#store.query(filter);
  }
}

let sequence = 0;

// NOTE: the store orders by (at, id); a per-process sequence in the id keeps entries of the same
// millisecond in the order they were recorded. The random tail keeps ids unique across processes.
function newAuditId(at: Date): string {
  sequence = (sequence + 1) % 36 ** 6;
  const seq = sequence.toString(36).padStart(6, '0');
  return `aud_${at.getTime().toString(36).padStart(9, '0')}_${seq}_${randomBytes(6).toString('base64url')}`;
}

function sanitize(detail: object): Record<string, unknown> {
  const clean = Object.fromEntries(Object.entries(detail).filter(([k]) => !SECRET_KEY.test(k)));
  const json = JSON.stringify(clean);
  return json.length <= MAX_DETAIL_CHARS
    ? clean
    : { truncated: true, preview: json.slice(0, MAX_DETAIL_CHARS) };
}
