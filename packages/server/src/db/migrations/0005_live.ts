// Migration 0005: the conduct of live meetings (issue 4): the append-only event log of each
// meeting, and the anonymous counters of secret ballots.
import type { Kysely, Migration } from 'kysely';

export const migration0005: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('live_events')
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      /** 1, 2, 3… per meeting; the primary key makes two writers of the same seq conflict. */
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'varchar(40)', (c) => c.notNull())
      /** The LiveEvent as JSON (a secret ballot's event carries the voter, never the option). */
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('live_events_pk', ['meeting_id', 'seq'])
      .execute();
    // NOTE: one row per option of a secret vote, incremented in place: no row per ballot, no time,
    // no voter, so nothing here or in live_events links a voter to a choice.
    await db.schema
      .createTable('secret_tallies')
      .addColumn('vote_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('option_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('secret_tallies_pk', ['vote_id', 'option_id'])
      .execute();
  },
};
