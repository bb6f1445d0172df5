// Reads of the ward directory the meetings domain needs (memberships for confidential meetings,
// existence checks, names and e-mail addresses). The org module owns and writes those tables.
import type { Db } from '../db/database.js';

export class MeetingDirectory {
  constructor(private readonly db: Db) {}

  /** The organizations a person is a member of (for confidential meetings). */
  async organizationIdsOf(personId: string | null): Promise<string[]> {
    if (personId === null) return [];
    const rows = await this.db
      .selectFrom('memberships')
      .select('organization_id')
      .where('person_id', '=', personId)
      .execute();
    return rows.map((r) => r.organization_id);
  }

  /** Which of `ids` are missing from a directory table. */
  async missing(table: 'persons' | 'bridge_points' | 'organizations', ids: string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    const rows = await this.db.selectFrom(table).select('id').where('id', 'in', unique).execute();
    const found = new Set(rows.map((r) => r.id));
    return new Set(unique.filter((i) => !found.has(i)));
  }

  async personName(personId: string): Promise<string | null> {
    return (await this.person(personId))?.fullName ?? null;
  }

  /** A person's name and e-mail from the directory. */
  async person(personId: string): Promise<{ fullName: string; email: string | null } | null> {
    const row = await this.db
      .selectFrom('persons')
      .select(['full_name', 'email'])
      .where('id', '=', personId)
      .executeTakeFirst();
    return row ? { fullName: row.full_name, email: row.email } : null;
  }
}
