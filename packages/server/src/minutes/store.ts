// Store of minutes versions: the only place with SQL for them. A draft changes in place under a
// revision check; an approved row is never updated again (every UPDATE here excludes it).
import { AppError, MinutesContentSchema } from '@diemcau/protocol';
import type { MinutesContent, MinutesFormat, MinutesStatus } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import type { MinutesVersionTable } from '../db/schema.js';
import { newRowId } from '../ids.js';

/** One stored version of a meeting's minutes. */
export interface MinutesVersion {
  id: string;
  meetingId: string;
  version: number;
  status: MinutesStatus;
  format: MinutesFormat;
  content: MinutesContent;
  revision: number;
  sha256: string | null;
  basedOnId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  returnComment: string | null;
}

function toVersion(r: MinutesVersionTable): MinutesVersion {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    version: Number(r.version),
    status: r.status as MinutesStatus,
    format: r.format as MinutesFormat,
    content: MinutesContentSchema.parse(JSON.parse(r.content)),
    revision: Number(r.revision),
    sha256: r.sha256,
    basedOnId: r.based_on_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    returnedBy: r.returned_by,
    returnedAt: r.returned_at,
    returnComment: r.return_comment,
  };
}

function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object' || !('code' in err)) return false;
  return (
    err.code === '23505' ||
    err.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

export class MinutesStore {
  constructor(private readonly db: Db) {}

  /** Every version of a meeting, oldest first. */
  async list(meetingId: string): Promise<MinutesVersion[]> {
    const rows = await this.db
      .selectFrom('minutes_versions')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('version')
      .execute();
    return rows.map(toVersion);
  }

  async get(meetingId: string, version: number): Promise<MinutesVersion | null> {
    const row = await this.db
      .selectFrom('minutes_versions')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  /** The newest approved version, or null. */
  async latestApproved(meetingId: string): Promise<MinutesVersion | null> {
    const row = await this.db
      .selectFrom('minutes_versions')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('status', '=', 'approved')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  /** Display names of accounts (their person's full name, else the username). */
  async userNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (userIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('users')
      .leftJoin('persons', 'persons.id', 'users.person_id')
      .select(['users.id', 'users.username', 'persons.full_name'])
      .where('users.id', 'in', [...new Set(userIds)])
      .execute();
    for (const r of rows) out.set(r.id, r.full_name ?? r.username);
    return out;
  }

  /**
   * Inserts a new draft version. Two editors starting one at once: the second gets `conflict`
   * from the (meeting, version) unique key.
   */
  async createDraft(input: {
    meetingId: string;
    version: number;
    content: MinutesContent;
    basedOnId: string | null;
    by: string | null;
    now: Date;
  }): Promise<MinutesVersion> {
    const at = input.now.toISOString();
    const row: MinutesVersionTable = {
      id: newRowId('min'),
      meeting_id: input.meetingId,
      version: input.version,
      status: 'draft',
      format: input.content.format,
      content: JSON.stringify(input.content),
      revision: 1,
      sha256: null,
      based_on_id: input.basedOnId,
      created_by: input.by,
      created_at: at,
      updated_by: input.by,
      updated_at: at,
      submitted_by: null,
      submitted_at: null,
      approved_by: null,
      approved_at: null,
      returned_by: null,
      returned_at: null,
      return_comment: null,
    };
    try {
      await this.db.insertInto('minutes_versions').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('conflict', 'another version of these minutes was started first', { cause: err });
      throw err;
    }
    return toVersion(row);
  }

  /**
   * Applies a change to a version only if it is still in `from` at `revision` (compare-and-set),
   * bumping the revision. Returns false when someone else changed it first.
   */
  async update(
    id: string,
    from: Exclude<MinutesStatus, 'approved'>,
    revision: number,
    change: {
      status: MinutesStatus;
      content?: MinutesContent;
      sha256?: string;
      by: string | null;
      now: Date;
      returnComment?: string | null;
    },
  ): Promise<boolean> {
    const at = change.now.toISOString();
    const res = await this.db
      .updateTable('minutes_versions')
      .set({
        status: change.status,
        revision: revision + 1,
        updated_by: change.by,
        updated_at: at,
        ...(change.content ? { content: JSON.stringify(change.content), format: change.content.format } : {}),
        ...(change.status === 'submitted' ? { submitted_by: change.by, submitted_at: at } : {}),
        ...(change.status === 'approved'
          ? { approved_by: change.by, approved_at: at, sha256: change.sha256 ?? null }
          : {}),
        ...(change.returnComment !== undefined
          ? { returned_by: change.by, returned_at: at, return_comment: change.returnComment }
          : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
