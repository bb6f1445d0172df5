// Store of live meetings' conduct: the append-only event log per meeting and the counters of
// secret ballots. The only place with SQL for them; rows become SequencedEvents here.
import { AppError, LiveEvent } from '@diemcau/protocol';
import type { SequencedEvent } from '@diemcau/protocol';
import type { Db } from '../db/database.js';

/** One secret ballot to count: +1 on the option's counter, nothing else. */
export interface SecretIncrement {
  voteId: string;
  optionId: string;
}

/** True for a unique/primary-key violation on SQLite or PostgreSQL. */
function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object' || !('code' in err)) return false;
  const code = err.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class LiveStore {
  constructor(private readonly db: Db) {}

  /**
   * Appends events after `afterSeq` (they get afterSeq+1, +2, …) and counts the secret ballots, in
   * one transaction; resolves once committed (durable: SQLite synchronous=FULL, PostgreSQL commit).
   * A secret vote's counters are created, at zero for every option, with its `vote.opened`.
   * Throws AppError('conflict') when another writer already used one of these sequence numbers:
   * reload and decide again.
   */
  async append(
    meetingId: string,
    afterSeq: number,
    events: readonly LiveEvent[],
    secret: readonly SecretIncrement[] = [],
    now: Date = new Date(),
  ): Promise<SequencedEvent[]> {
    const sequenced = events.map((event, i) => ({ seq: afterSeq + i + 1, event }));
    if (sequenced.length === 0 && secret.length === 0) return sequenced;
    try {
      await this.db.transaction().execute(async (trx) => {
        if (sequenced.length > 0)
          await trx
            .insertInto('live_events')
            .values(
              sequenced.map(({ seq, event }) => ({
                meeting_id: meetingId,
                seq,
                type: event.type,
                payload: JSON.stringify(event),
                created_at: now.toISOString(),
              })),
            )
            .execute();
        for (const { event } of sequenced)
          if (event.type === 'vote.opened' && event.vote.secret)
            await trx
              .insertInto('secret_tallies')
              .values(event.vote.options.map((o) => ({ vote_id: event.vote.id, option_id: o.id, count: 0 })))
              .execute();
        // NOTE: a group commit carries many ballots: one UPDATE per option, not one per ballot.
        const increments = new Map<string, { voteId: string; optionId: string; n: number }>();
        for (const s of secret) {
          const key = `${s.voteId}\u0000${s.optionId}`;
          const prev = increments.get(key);
          if (prev) prev.n += 1;
          else increments.set(key, { voteId: s.voteId, optionId: s.optionId, n: 1 });
        }
        for (const inc of increments.values()) {
          const res = await trx
            .updateTable('secret_tallies')
            .set((eb) => ({ count: eb('count', '+', inc.n) }))
            .where('vote_id', '=', inc.voteId)
            .where('option_id', '=', inc.optionId)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1)
            throw AppError.internal(new Error(`no secret tally ${inc.voteId}/${inc.optionId}`));
        }
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('conflict', 'another writer appended to this meeting first', { cause: err });
      throw err;
    }
    return sequenced;
  }

  /** The meeting's events after `afterSeq`, in order. */
  async load(meetingId: string, afterSeq = 0): Promise<SequencedEvent[]> {
    const rows = await this.db
      .selectFrom('live_events')
      .select(['seq', 'payload'])
      .where('meeting_id', '=', meetingId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), event: LiveEvent.parse(JSON.parse(r.payload)) }));
  }

  /** The counters of a secret vote: option → ballots. */
  async secretTallies(voteId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('secret_tallies')
      .select(['option_id', 'count'])
      .where('vote_id', '=', voteId)
      .execute();
    const out: Record<string, number> = {};
    for (const r of rows) out[r.option_id] = Number(r.count);
    return out;
  }

  /**
   * Rewrites a closed secret vote's counters in place. NOTE: on PostgreSQL each row version keeps
   * the id of the transaction that wrote it (xmin), the same as the last ballot's event row; a
   * fresh version written by another transaction removes that link to the last voter.
   */
  async sealSecretTallies(voteId: string): Promise<void> {
    await this.db
      .updateTable('secret_tallies')
      .set((eb) => ({ count: eb('count', '+', 0) }))
      .where('vote_id', '=', voteId)
      .execute();
  }

  /** The bridge point each person usually sits at: their organization's point, among `pointIds`. */
  async homePoints(personIds: readonly string[], pointIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (personIds.length === 0 || pointIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('bridge_points', 'bridge_points.organization_id', 'memberships.organization_id')
      .select(['memberships.person_id', 'bridge_points.id'])
      .where('memberships.person_id', 'in', [...personIds])
      .where('bridge_points.id', 'in', [...pointIds])
      .orderBy('memberships.sort_order')
      .orderBy('bridge_points.sort_order')
      .execute();
    for (const r of rows) if (!out.has(r.person_id)) out.set(r.person_id, r.id);
    return out;
  }
}
