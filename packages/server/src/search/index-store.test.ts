// The search index on SQLite (FTS5) and PostgreSQL (tsvector): with and without diacritics,
// đ/d, prefixes of the word being typed, phrases, ranking, updates and removal, and hostile input
// that must neither fail nor match by accident.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { SearchIndex } from './index-store.js';
import type { SearchEntry } from './index-store.js';

const AT = '2026-11-20T01:00:00.000Z';

const entries: SearchEntry[] = [
  {
    kind: 'minutes',
    refId: 'min1',
    meetingId: 'm1',
    title: 'Biên bản họp giao ban tháng 11',
    body: 'Thư ký ghi biên bản. Đồng chí Nguyễn Văn Đông phát biểu.',
    occurredAt: AT,
  },
  {
    kind: 'document',
    refId: 'doc1',
    meetingId: 'm1',
    title: 'Báo cáo tình hình',
    body: 'Tình hình an ninh trật tự khu phố 4; lập bien ban xử phạt.',
    occurredAt: AT,
  },
  {
    kind: 'meeting',
    refId: 'm2',
    meetingId: 'm2',
    title: 'Sinh hoạt chi bộ khu phố 4',
    body: 'Đảng ủy phường An Phú Đông; dòng sông',
    occurredAt: '2026-10-02T01:00:00.000Z',
  },
  {
    kind: 'notice',
    refId: 'n1',
    meetingId: 'm2',
    title: 'Thông báo kết luận',
    body: 'Giao Ban chỉ huy quân sự phường thực hiện.',
    occurredAt: AT,
  },
];

async function insertMeeting(t: TestDatabase, id: string): Promise<void> {
  await t.db
    .insertInto('meetings')
    .values({
      id,
      title: id,
      type: 'giao_ban',
      host_bridge_point_id: null,
      starts_at: AT,
      status: 'ended',
      created_at: AT,
    })
    .execute();
}

describe.each(DB_KINDS)('SearchIndex on %s', (kind) => {
  let t: TestDatabase;
  let index: SearchIndex;
  const refs = async (q: string, opts: Parameters<SearchIndex['search']>[1] = {}): Promise<string[]> =>
    (await index.search(q, opts)).map((c) => c.refId);

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await insertMeeting(t, 'm1');
    await insertMeeting(t, 'm2');
    index = new SearchIndex(t.db);
    expect(index.engine).toBe(kind);
    for (const e of entries) await index.upsert(e);
  });
  afterEach(async () => t.dispose());

  it('"bien ban" finds "Biên bản họp", and "biên bản" finds "bien ban"', async () => {
    expect(await refs('bien ban ')).toEqual(expect.arrayContaining(['min1', 'doc1']));
    expect(await refs('biên bản ')).toEqual(expect.arrayContaining(['min1', 'doc1']));
    expect(await refs('BIÊN BẢN HỌP ')).toEqual(['min1']);
  });

  it('folds đ to d: "Đông" and "dong" find the same entries', async () => {
    const a = (await refs('Đông ')).sort();
    const b = (await refs('dong ')).sort();
    expect(a).toEqual(['m2', 'min1']);
    expect(b).toEqual(a);
  });

  it('matches the start of the last word being typed, and only the last', async () => {
    expect(await refs('tình hì')).toEqual(['doc1']);
    expect(await refs('bao ca')).toEqual(['doc1']);
    // "hi" is complete here (a space follows): no word "hi" exists.
    expect(await refs('tinh hi ')).toEqual([]);
    expect(await refs('thu ky ghi bien')).toEqual(['min1']);
  });

  it('matches quoted phrases only with the words next to each other, in order', async () => {
    expect((await refs('"giao ban"')).sort()).toEqual(['min1', 'n1']);
    expect(await refs('"ban giao"')).toEqual([]);
    expect(await refs('"khu phố 4"')).toEqual(expect.arrayContaining(['doc1', 'm2']));
  });

  it('ranks a title match above a body-only match', async () => {
    const got = await refs('thông báo');
    expect(got[0]).toBe('n1');
    const ban = await refs('biên bản');
    expect(ban[0]).toBe('min1');
  });

  it('filters by kind', async () => {
    expect(await refs('bien ban', { kind: 'document' })).toEqual(['doc1']);
  });

  it('replaces an entry on upsert and forgets it on remove', async () => {
    await index.upsert({ ...entries[1]!, title: 'Kế hoạch phòng cháy', body: 'chữa cháy' });
    expect(await refs('tình hình ')).toEqual([]);
    expect(await refs('phong chay')).toEqual(['doc1']);
    const stored = await index.entry('document', 'doc1');
    expect(stored?.title).toBe('Kế hoạch phòng cháy');
    await index.remove('document', 'doc1');
    expect(await refs('phong chay')).toEqual([]);
    expect(await index.entry('document', 'doc1')).toBeNull();
    // Removing twice, or something never indexed, is fine.
    await index.remove('document', 'doc1');
  });

  it('keeps the original text for snippets', async () => {
    const [hit] = await index.search('xu phat');
    expect(hit?.refId).toBe('doc1');
    const texts = await index.texts([hit!.id]);
    expect(texts.get(hit!.id)?.body).toContain('trật tự');
  });

  it.each([
    '"',
    '*',
    'NEAR(',
    'NEAR(bien ban, 2)',
    '-',
    "'",
    '\\',
    'bien OR ban',
    'folded_title:bien',
    '^bien',
    '"bien" AND',
    "'); DROP TABLE search_entries; --",
    '!ban & (',
    'bien:* | ban',
    '(((',
    '“biên bản”',
    '\u0000\u202e',
  ])('survives hostile input %j', async (q) => {
    const got = await refs(q);
    expect(Array.isArray(got)).toBe(true);
    // Operators are words or nothing: "OR" must not widen the search to either word.
    if (q === 'bien OR ban') expect(got).toEqual([]);
    if (q === 'folded_title:bien') expect(got).toEqual([]);
    const still = await refs('bien ban');
    expect(still.length).toBeGreaterThan(0);
  });

  it('finds nothing for a query without words', async () => {
    expect(await refs('  --- !!! ')).toEqual([]);
  });

  it('handles long documents and odd characters', async () => {
    const long = `${'lorem ipsum '.repeat(20_000)}cuối cùng 😀 ${'x'.repeat(5000)} ký tự`;
    await index.upsert({
      kind: 'document',
      refId: 'big',
      meetingId: 'm1',
      title: 'Tài liệu dài 📄',
      body: long,
      occurredAt: AT,
    });
    expect(await refs('tai lieu dai')).toEqual(['big']);
    expect(await refs('ky tu ')).toEqual(['big']);
  });
});
