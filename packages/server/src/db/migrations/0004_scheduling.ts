// Migration 0004: scheduled meetings with recurrence, invitations, roles, agenda, RSVP, join
// tokens and reminders (scheduling issue). Extends the meetings table of 0001.
import type { Kysely, Migration } from 'kysely';

export const migration0004: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('meetings')
      .addColumn('duration_minutes', 'integer', (c) => c.notNull().defaultTo(60))
      .execute();
    await db.schema
      .alterTable('meetings')
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    /** none | weekly | monthly */
    await db.schema
      .alterTable('meetings')
      .addColumn('recurrence', 'varchar(20)', (c) => c.notNull().defaultTo('none'))
      .execute();
    await db.schema.alterTable('meetings').addColumn('recurrence_until', 'varchar(40)').execute();
    await db.schema.alterTable('meetings').addColumn('recurrence_count', 'integer').execute();
    /** The organization that owns the meeting (for a confidential party-cell meeting: the cell). */
    await db.schema
      .alterTable('meetings')
      .addColumn('organization_id', 'varchar(64)', (c) => c.references('organizations.id'))
      .execute();
    await db.schema
      .alterTable('meetings')
      .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    /** Hash of the guests' passcode; null = no guests by link. */
    await db.schema.alterTable('meetings').addColumn('guest_passcode_hash', 'varchar(255)').execute();
    /** iCalendar SEQUENCE: bumped on every change that calendars must apply. */
    await db.schema
      .alterTable('meetings')
      .addColumn('ics_sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('meetings').addColumn('created_by', 'varchar(64)').execute();
    await db.schema.alterTable('meetings').addColumn('updated_at', 'varchar(40)').execute();
    await db.schema.alterTable('meetings').addColumn('cancelled_at', 'varchar(40)').execute();
    await db.schema
      .createTable('meeting_bridge_points')
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('bridge_point_id', 'varchar(64)', (c) => c.notNull().references('bridge_points.id'))
      .addPrimaryKeyConstraint('meeting_bridge_points_pk', ['meeting_id', 'bridge_point_id'])
      .execute();
    await db.schema
      .createTable('meeting_invitees')
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('person_id', 'varchar(64)', (c) => c.notNull().references('persons.id'))
      /** chair | secretary | delegate | presenter | trainee */
      .addColumn('role', 'varchar(20)', (c) => c.notNull())
      /** pending | accepted | declined | absent_with_reason */
      .addColumn('rsvp', 'varchar(30)', (c) => c.notNull().defaultTo('pending'))
      .addColumn('rsvp_reason', 'varchar(500)')
      .addColumn('rsvp_at', 'varchar(40)')
      .addColumn('invited_at', 'varchar(40)')
      .addPrimaryKeyConstraint('meeting_invitees_pk', ['meeting_id', 'person_id'])
      .execute();
    await db.schema
      .createIndex('meeting_invitees_person')
      .on('meeting_invitees')
      .column('person_id')
      .execute();
    await db.schema
      .createTable('agenda_items')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('presenter_person_id', 'varchar(64)', (c) => c.references('persons.id'))
      .addColumn('presenter_label', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('planned_minutes', 'integer', (c) => c.notNull().defaultTo(10))
      .execute();
    await db.schema
      .createIndex('agenda_items_meeting')
      .on('agenda_items')
      .columns(['meeting_id', 'position'])
      .execute();
    await db.schema
      .createTable('join_tokens')
      /** SHA-256 of the token carried by a join link (`t=`). */
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('person_id', 'varchar(64)', (c) => c.references('persons.id').onDelete('cascade'))
      .addColumn('bridge_point_id', 'varchar(64)', (c) =>
        c.references('bridge_points.id').onDelete('cascade'),
      )
      .addColumn('label', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('reminders_sent')
      .addColumn('meeting_id', 'varchar(64)', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('occurrence_start', 'varchar(40)', (c) => c.notNull())
      .addColumn('person_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('sent_at', 'varchar(40)', (c) => c.notNull())
      .addPrimaryKeyConstraint('reminders_sent_pk', ['meeting_id', 'occurrence_start', 'person_id', 'kind'])
      .execute();
    await db.schema
      .createTable('outbox_emails')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('to_address', 'varchar(254)', (c) => c.notNull())
      .addColumn('subject', 'varchar(500)', (c) => c.notNull())
      /** JSON of the message (text, html, attachments) as handed to the mailer. */
      .addColumn('payload', 'text', (c) => c.notNull())
      /** queued | sent | failed */
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'varchar(1000)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('sent_at', 'varchar(40)')
      .execute();
  },
};
