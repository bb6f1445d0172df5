// The indexer on SQLite and PostgreSQL: old data is caught up at start, unchanged records are not
// rewritten, changed meetings and documents are, and a document's PDF text is extracted once per
// version (a failing extraction still indexes the title and is not retried forever).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger as silent } from '@diemcau/media';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedPeople } from '../meetings/testing.js';
import { SearchIndex } from './index-store.js';
import { SearchIndexer } from './indexer.js';
import { SearchRecordsStore } from './records-store.js';
import type { TextExtractor } from './extract.js';

const AT = '2026-11-20T01:00:00.000Z';
const PDF_SHA = 'a'.repeat(64);

class CountingExtractor implements TextExtractor {
  calls: string[] = [];
  fail = false;
  pdfText(sha256: string): Promise<string> {
    this.calls.push(sha256);
    if (this.fail) return Promise.reject(new Error('broken PDF'));
    return Promise.resolve('Kế hoạch tổng vệ sinh môi trường khu phố');
  }
}

describe.each(DB_KINDS)('SearchIndexer on %s', (kind) => {
  let t: TestDatabase;
  let index: SearchIndex;
  let extractor: CountingExtractor;
  let indexer: SearchIndexer;
  const refs = async (q: string): Promise<string[]> => (await index.search(q)).map((c) => c.refId).sort();

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    await t.db
      .insertInto('meetings')
      .values({
        id: 'm_old',
        title: 'Hội nghị tổng kết năm 2025',
        type: 'hoi_nghi',
        host_bridge_point_id: 'bp_hoi_truong',
        organization_id: 'org_ubnd',
        starts_at: AT,
        status: 'ended',
        created_at: AT,
      })
      .execute();
    await t.db
      .insertInto('agenda_items')
      .values({ id: 'ai1', meeting_id: 'm_old', position: 0, title: 'Khen thưởng tập thể xuất sắc' })
      .execute();
    await t.db
      .insertInto('documents')
      .values({
        id: 'doc_old1',
        meeting_id: 'm_old',
        title: 'Kế hoạch vệ sinh',
        visibility: 'invited',
        current_version_id: 'dv_old1',
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    await t.db
      .insertInto('document_versions')
      .values({
        id: 'dv_old1',
        document_id: 'doc_old1',
        version: 1,
        file_name: 'ke-hoach.pdf',
        kind: 'pdf',
        mime: 'application/pdf',
        size_bytes: 10,
        sha256: PDF_SHA,
        uploaded_at: AT,
        conversion_state: 'ready',
      })
      .execute();
    index = new SearchIndex(t.db);
    extractor = new CountingExtractor();
    indexer = new SearchIndexer({
      index,
      records: new SearchRecordsStore(t.db),
      extractor,
      log: silent,
      pollMs: 0,
    });
  });
  afterEach(async () => {
    await indexer.stop();
    await t.dispose();
  });

  it('catches up with data that was never indexed, once', async () => {
    const first = await indexer.pass(true);
    expect(first.documents).toBe(1);
    expect(first.meetings).toBeGreaterThanOrEqual(1);
    // Meeting fields: agenda, type word, organization and place are searchable.
    expect(await refs('khen thuong')).toEqual(['m_old']);
    expect(await refs('hoi nghi ubnd hoi truong')).toEqual(['m_old']);
    expect(await refs('tong ve sinh moi truong')).toEqual(['doc_old1']);
    expect(extractor.calls).toEqual([PDF_SHA]);
    // Nothing changed: nothing is written or extracted again.
    expect(await indexer.pass(true)).toEqual({ meetings: 0, documents: 0 });
    expect(extractor.calls).toHaveLength(1);
  });

  it('indexes a changed meeting and a changed document again', async () => {
    await indexer.pass(true);
    await t.db
      .updateTable('agenda_items')
      .set({ title: 'Bầu ban chấp hành' })
      .where('id', '=', 'ai1')
      .execute();
    indexer.start();
    indexer.meetingChanged('m_old');
    await indexer.idle();
    expect(await refs('bau ban chap hanh')).toEqual(['m_old']);
    expect(await refs('khen thuong')).toEqual([]);
    await t.db
      .updateTable('documents')
      .set({ title: 'Kế hoạch đã sửa', updated_at: '2026-11-21T00:00:00.000Z' })
      .where('id', '=', 'doc_old1')
      .execute();
    expect((await indexer.pass()).documents).toBe(1);
    expect(await refs('ke hoach da sua')).toEqual(['doc_old1']);
  });

  it('indexes the title when the text cannot be extracted, and does not retry the same version', async () => {
    extractor.fail = true;
    await indexer.pass(true);
    expect(await refs('ke hoach ve sinh')).toEqual(['doc_old1']);
    expect(await refs('moi truong')).toEqual([]);
    await indexer.pass();
    expect(extractor.calls).toHaveLength(1);
  });

  it('waits for a document whose conversion has not finished', async () => {
    await t.db.updateTable('document_versions').set({ conversion_state: 'converting' }).execute();
    expect((await indexer.pass(true)).documents).toBe(0);
    expect(await refs('ke hoach ve sinh')).toEqual([]);
  });
});
