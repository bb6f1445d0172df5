// Store for the audit log: append-only rows, read back newest first with filters and paging.
// The only place with SQL for the audit_log table.
import type { AuditAction } from '@diemcau/protocol';
import type { Db } from '../db/database.js';

export interface AuditRecord {
  id: string;
  at: string;
  action: AuditAction;
  actorUserId: string | null;
  actorDeviceId: string | null;
  actorLabel: string;
  targetType: string | null;
  targetId: string | null;
  ip: string;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  action?: AuditAction | undefined;
  /** Matches the actor's user id, device id or label (username). */
  actor?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  /** ISO 8601 UTC: from ≤ at < to. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  /** The id of the last entry of the previous page: return older entries only. */
  before?: string | undefined;
}

export interface AuditPage {
  entries: AuditRecord[];
  nextBefore: string | null;
}

export class AuditStore {
  constructor(private readonly db: Db) {}

  async append(r: AuditRecord): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: r.id,
        at: r.at,
        action: r.action,
        actor_user_id: r.actorUserId,
        actor_device_id: r.actorDeviceId,
        actor_label: r.actorLabel.slice(0, 200),
        target_type: r.targetType?.slice(0, 40) ?? null,
        target_id: r.targetId?.slice(0, 128) ?? null,
        ip: r.ip.slice(0, 64),
        detail: JSON.stringify(r.detail),
      })
      .execute();
  }

  /** Entries newest first (ties on `at` broken by id, so paging never skips or repeats one). */
  async query(f: AuditFilter): Promise<AuditPage> {
    let q = this.db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .selectAll('audit_log')
      .select('users.username as actor_username');
    if (f.action) q = q.where('audit_log.action', '=', f.action);
    if (f.actor) {
      const actor = f.actor;
      q = q.where((eb) =>
        eb.or([
          eb('audit_log.actor_user_id', '=', actor),
          eb('audit_log.actor_device_id', '=', actor),
          eb('audit_log.actor_label', '=', actor),
          eb('users.username', '=', actor),
        ]),
      );
    }
    if (f.targetType) q = q.where('audit_log.target_type', '=', f.targetType);
    if (f.targetId) q = q.where('audit_log.target_id', '=', f.targetId);
    if (f.from) q = q.where('audit_log.at', '>=', f.from);
    if (f.to) q = q.where('audit_log.at', '<', f.to);
    if (f.before) {
      const cursor = await this.db
        .selectFrom('audit_log')
        .select(['at', 'id'])
        .where('id', '=', f.before)
        .executeTakeFirst();
      if (!cursor) return { entries: [], nextBefore: null };
      q = q.where((eb) =>
        eb.or([
          eb('audit_log.at', '<', cursor.at),
          eb.and([eb('audit_log.at', '=', cursor.at), eb('audit_log.id', '<', cursor.id)]),
        ]),
      );
    }
    const rows = await q
      .orderBy('audit_log.at', 'desc')
      .orderBy('audit_log.id', 'desc')
      .limit(f.limit + 1)
      .execute();
    const more = rows.length > f.limit;
    const entries = rows.slice(0, f.limit).map(toRecord);
    return { entries, nextBefore: more ? (entries[entries.length - 1]?.id ?? null) : null };
  }
}

function toRecord(r: {
  id: string;
  at: string;
  action: string;
  actor_user_id: string | null;
  actor_device_id: string | null;
  actor_label: string;
  target_type: string | null;
  target_id: string | null;
  ip: string;
  detail: string;
  actor_username: string | null;
}): AuditRecord {
  let detail: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(r.detail);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      detail = parsed as Record<string, unknown>;
  } catch {
    detail = {};
  }
  return {
    id: r.id,
    at: r.at,
    action: r.action as AuditAction,
    actorUserId: r.actor_user_id,
    actorDeviceId: r.actor_device_id,
    // Entries recorded with a user id but no label show the account's current username.
    actorLabel: r.actor_label || (r.actor_username ?? ''),
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    detail,
  };
}
