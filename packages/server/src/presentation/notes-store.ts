// SQL of private document notes: one row per author, version and page. Rows never leave this file.
import type { Db } from '../db/database.js';

export interface NoteRecord {
  page: number;
  text: string;
  updatedAt: string;
}

export class NoteStore {
  constructor(private readonly db: Db) {}

  /** The author's notes on a version, by page. */
  async list(ownerKey: string, versionId: string): Promise<NoteRecord[]> {
    const rows = await this.db
      .selectFrom('document_notes')
      .select(['page', 'text', 'updated_at'])
      .where('owner_key', '=', ownerKey)
      .where('version_id', '=', versionId)
      .orderBy('page')
      .execute();
    return rows.map((r) => ({ page: r.page, text: r.text, updatedAt: r.updated_at }));
  }

  async get(ownerKey: string, versionId: string, page: number): Promise<NoteRecord | null> {
    const r = await this.db
      .selectFrom('document_notes')
      .select(['page', 'text', 'updated_at'])
      .where('owner_key', '=', ownerKey)
      .where('version_id', '=', versionId)
      .where('page', '=', page)
      .executeTakeFirst();
    return r ? { page: r.page, text: r.text, updatedAt: r.updated_at } : null;
  }

  /**
   * Writes (or, for an empty text, deletes) the author's note on a page; committed when it returns
   * (the caller answers "saved" only then).
   */
  async put(ownerKey: string, versionId: string, page: number, text: string, now: Date): Promise<NoteRecord> {
    const updatedAt = now.toISOString();
    if (text.trim() === '') {
      await this.db
        .deleteFrom('document_notes')
        .where('owner_key', '=', ownerKey)
        .where('version_id', '=', versionId)
        .where('page', '=', page)
        .execute();
      return { page, text: '', updatedAt };
    }
    await this.db
      .insertInto('document_notes')
      .values({ owner_key: ownerKey, version_id: versionId, page, text, updated_at: updatedAt })
      .onConflict((oc) =>
        oc.columns(['owner_key', 'version_id', 'page']).doUpdateSet({ text, updated_at: updatedAt }),
      )
      .execute();
    return { page, text, updatedAt };
  }
}
