// Migration 0002: accounts, sessions and the audit log (scheduling issue).
import type { Kysely, Migration } from 'kysely';

export const migration0002: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('persons')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('email', 'varchar(254)')
      .addColumn('phone', 'varchar(40)')
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    // A person's place in an organization: "Bí thư Chi bộ khu phố 4" = (person, org_cb_kp4, 'Bí thư').
    await db.schema
      .createTable('memberships')
      .addColumn('person_id', 'varchar(64)', (c) => c.notNull().references('persons.id').onDelete('cascade'))
      .addColumn('organization_id', 'varchar(64)', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('title', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('memberships_pk', ['person_id', 'organization_id'])
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('username', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('person_id', 'varchar(64)', (c) => c.references('persons.id').onDelete('set null'))
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      /** JSON array of account roles: admin, chair, secretary, operator, delegate. */
      .addColumn('roles', 'varchar(200)', (c) => c.notNull())
      /** For an operator: the bridge point they run. */
      .addColumn('bridge_point_id', 'varchar(64)', (c) =>
        c.references('bridge_points.id').onDelete('set null'),
      )
      .addColumn('totp_secret', 'varchar(64)')
      .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'varchar(40)')
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      /** SHA-256 of the secret in the user's iCalendar feed URL. */
      .addColumn('calendar_token_hash', 'varchar(64)')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
      .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('last_seen_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('at', 'varchar(40)', (c) => c.notNull())
      .addColumn('actor_user_id', 'varchar(64)')
      .addColumn('actor_device_id', 'varchar(64)')
      .addColumn('actor_label', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      /** e.g. login.success, login.failure, user.role_change, meeting.join, document.read */
      .addColumn('action', 'varchar(60)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(40)')
      .addColumn('target_id', 'varchar(128)')
      .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      /** JSON object with details; never secrets. */
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute();
  },
};
