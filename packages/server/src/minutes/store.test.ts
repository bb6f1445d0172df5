// The minutes store on SQLite and PostgreSQL: versions in order, compare-and-set updates (a stale
// revision or a wrong state changes nothing), approved rows never change, one version number per
// meeting, Vietnamese text intact, and the conclusions contract for other modules.
import type { MinutesContent } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS, createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { loadApprovedConclusions } from './conclusions.js';
import { MinutesStore } from './store.js';
import { seedMinutesMeeting } from './testing.js';

const NOW = new Date('2026-11-26T03:00:00.000Z');

const content = (conclusion: string): MinutesContent => ({
  format: 'nd30',
  header: {
    parentBody: '',
    issuingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
    number: 'Số: 12/BB-UBND',
    place: 'Phường An Phú Đông',
    date: '2026-11-26',
  },
  subject: 'Họp giao ban tháng 11',
  startedAt: '2026-11-26T01:00:00.000Z',
  endedAt: null,
  location: 'Hội trường UBND phường',
  chair: 'Nguyễn Thị Hồng Nhung',
  secretary: 'Lê Thị Thu Hà',
  points: [
    {
      name: 'Văn phòng khu phố 1',
      host: false,
      headCount: 12,
      connection: '08:02 – 09:15',
      present: ['Lê Văn Hai'],
      absent: [{ name: 'Bùi Đức Thưởng', reason: 'Ốm' }],
    },
  ],
  items: [
    {
      agendaItemId: 'a1',
      title: 'An ninh trật tự',
      presenter: '',
      speeches: [],
      votes: [],
      discussion: '',
      conclusion,
    },
    {
      agendaItemId: null,
      title: 'Các nội dung khác',
      presenter: '',
      speeches: [],
      votes: [],
      discussion: '',
      conclusion: 'Không',
    },
  ],
  closing: '',
});

describe.each(DB_KINDS)('MinutesStore on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function setup(): Promise<{ store: MinutesStore; meetingId: string; t: TestDatabase }> {
    t = await createTestDatabase(kind);
    const { meetingId } = await seedMinutesMeeting(t.db, 'm_store');
    return { store: new MinutesStore(t.db), meetingId, t };
  }

  it('keeps drafts under a revision check and never changes an approved version', async () => {
    const { store, meetingId, t } = await setup();
    const v1 = await store.createDraft({
      meetingId,
      version: 1,
      content: content('Giao Công an phường'),
      basedOnId: null,
      by: 'u_sec',
      now: NOW,
    });
    expect(v1.revision).toBe(1);
    expect(
      await store.update(v1.id, 'draft', 1, {
        status: 'draft',
        content: content('Giao Công an phường theo dõi'),
        by: 'u_sec',
        now: NOW,
      }),
    ).toBe(true);
    // A second writer that still holds revision 1 changes nothing.
    expect(
      await store.update(v1.id, 'draft', 1, {
        status: 'draft',
        content: content('mất'),
        by: 'u_chair',
        now: NOW,
      }),
    ).toBe(false);
    expect((await store.get(meetingId, 1))?.content.items[0]?.conclusion).toBe(
      'Giao Công an phường theo dõi',
    );
    // Wrong state: a draft cannot be treated as submitted.
    expect(
      await store.update(v1.id, 'submitted', 2, { status: 'approved', sha256: 'x', by: 'u_chair', now: NOW }),
    ).toBe(false);
    expect(await store.update(v1.id, 'draft', 2, { status: 'submitted', by: 'u_sec', now: NOW })).toBe(true);
    expect(
      await store.update(v1.id, 'submitted', 3, {
        status: 'approved',
        sha256: 'a'.repeat(64),
        by: 'u_chair',
        now: NOW,
      }),
    ).toBe(true);
    const approved = await store.get(meetingId, 1);
    expect(approved).toMatchObject({
      status: 'approved',
      revision: 4,
      sha256: 'a'.repeat(64),
      approvedBy: 'u_chair',
      submittedBy: 'u_sec',
    });
    for (const from of ['draft', 'submitted'] as const)
      expect(
        await store.update(v1.id, from, 4, {
          status: 'draft',
          content: content('sửa'),
          by: 'u_sec',
          now: NOW,
        }),
      ).toBe(false);
    expect((await store.get(meetingId, 1))?.content).toEqual(approved?.content);
    expect((await store.userNames(['u_chair', 'u_sec'])).get('u_chair')).toBe('Nguyễn Thị Hồng Nhung');
    // The raw row keeps the diacritics as typed.
    const raw = await t.db
      .selectFrom('minutes_versions')
      .select('content')
      .where('id', '=', v1.id)
      .executeTakeFirstOrThrow();
    expect(raw.content).toContain('Giao Công an phường theo dõi');
  });

  it('gives each version number once and lists versions in order', async () => {
    const { store, meetingId } = await setup();
    const v1 = await store.createDraft({
      meetingId,
      version: 1,
      content: content('một'),
      basedOnId: null,
      by: null,
      now: NOW,
    });
    await expect(
      store.createDraft({
        meetingId,
        version: 1,
        content: content('hai'),
        basedOnId: null,
        by: null,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await store.createDraft({
      meetingId,
      version: 2,
      content: content('hai'),
      basedOnId: v1.id,
      by: null,
      now: NOW,
    });
    expect((await store.list(meetingId)).map((v) => [v.version, v.basedOnId])).toEqual([
      [1, null],
      [2, v1.id],
    ]);
  });

  it('serves the latest approved conclusions to other modules', async () => {
    const { store, meetingId, t } = await setup();
    expect(await loadApprovedConclusions(t.db, meetingId)).toBeNull();
    const approve = async (version: number, conclusion: string) => {
      const v = await store.createDraft({
        meetingId,
        version,
        content: content(conclusion),
        basedOnId: null,
        by: null,
        now: NOW,
      });
      await store.update(v.id, 'draft', 1, { status: 'submitted', by: 'u_sec', now: NOW });
      await store.update(v.id, 'submitted', 2, {
        status: 'approved',
        sha256: String(version).repeat(64),
        by: 'u_chair',
        now: NOW,
      });
      return v;
    };
    await approve(1, 'Lần đầu');
    const v2 = await approve(2, 'Đính chính: giao Khu phố 4 thực hiện');
    // A newer draft does not hide the approved version.
    await store.createDraft({
      meetingId,
      version: 3,
      content: content('nháp'),
      basedOnId: v2.id,
      by: null,
      now: NOW,
    });
    expect(await loadApprovedConclusions(t.db, meetingId)).toEqual({
      meetingId,
      minutesId: v2.id,
      version: 2,
      sha256: '2'.repeat(64),
      approvedAt: NOW.toISOString(),
      items: [
        { agendaItemId: 'a1', title: 'An ninh trật tự', conclusion: 'Đính chính: giao Khu phố 4 thực hiện' },
        { agendaItemId: null, title: 'Các nội dung khác', conclusion: 'Không' },
      ],
    });
  });
});
