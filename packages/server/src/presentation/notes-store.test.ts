// The private-notes store on SQLite and PostgreSQL: one note per author, version and page; an
// empty text deletes it; one author never reads another's; Vietnamese text survives intact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { DocumentStore } from '../documents/store.js';
import { seedPeople } from '../meetings/testing.js';
import { NoteStore } from './notes-store.js';

const NOW = new Date('2030-11-28T03:00:00.000Z');
const LATER = new Date('2030-11-28T03:05:00.000Z');
const TEXT = 'Hỏi thêm: kinh phí chiếu sáng hẻm 12 – ăn, ân, ên, ôn, ơn, ưng, đường; ả ã á ạ à.';

describe.each(DB_KINDS)('NoteStore on %s', (kind) => {
  let t: TestDatabase;
  let notes: NoteStore;
  let versionId: string;

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await seedPeople(t.db);
    await t.db
      .insertInto('meetings')
      .values({
        id: 'm1',
        title: 'Họp giao ban',
        type: 'giao_ban',
        host_bridge_point_id: 'bp_kp4',
        starts_at: NOW.toISOString(),
        status: 'scheduled',
        created_at: NOW.toISOString(),
      })
      .execute();
    const created = await new DocumentStore(t.db).create(
      {
        meetingId: 'm1',
        agendaItemId: null,
        title: 'Báo cáo',
        visibility: 'invited',
        bridgePointId: null,
        downloadable: true,
        createdBy: null,
      },
      {
        fileName: 'Báo cáo.pdf',
        kind: 'pdf',
        mime: 'application/pdf',
        sizeBytes: 10,
        sha256: 'a'.repeat(64),
        uploadedBy: null,
        uploadedAt: NOW.toISOString(),
        state: 'ready',
        pageCount: 3,
      },
      NOW,
    );
    versionId = created.versionId;
    notes = new NoteStore(t.db);
  });
  afterEach(async () => t.dispose());

  it('writes, rewrites and deletes one note per page of its author only', async () => {
    await notes.put('user:u_a', versionId, 2, TEXT, NOW);
    await notes.put('user:u_a', versionId, 1, 'Trang đầu', NOW);
    await notes.put('device:d_kp4', versionId, 2, 'Ghi chú của điểm cầu', NOW);
    expect(await notes.list('user:u_a', versionId)).toEqual([
      { page: 1, text: 'Trang đầu', updatedAt: NOW.toISOString() },
      { page: 2, text: TEXT, updatedAt: NOW.toISOString() },
    ]);
    await notes.put('user:u_a', versionId, 2, 'Đã sửa', LATER);
    expect(await notes.get('user:u_a', versionId, 2)).toEqual({
      page: 2,
      text: 'Đã sửa',
      updatedAt: LATER.toISOString(),
    });
    expect(await notes.get('user:u_b', versionId, 2)).toBeNull();
    expect(await notes.list('user:u_b', versionId)).toEqual([]);
    expect((await notes.get('device:d_kp4', versionId, 2))?.text).toBe('Ghi chú của điểm cầu');
    await notes.put('user:u_a', versionId, 2, '   ', LATER);
    expect(await notes.get('user:u_a', versionId, 2)).toBeNull();
    expect(await notes.list('user:u_a', versionId)).toHaveLength(1);
  });
});
