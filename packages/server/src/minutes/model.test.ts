// The pre-fill from a meeting record (headers per format, attendance per bridge point with absences
// and reasons, speeches and votes per agenda item), the canonical JSON, its SHA-256 and plain text.
import { silentLogger } from '@diemcau/media';
import type { MinutesContent } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ConductService } from '../conduct/service.js';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { MeetingStore } from '../meetings/store.js';
import {
  canonicalJson,
  headerFor,
  minutesPlainText,
  minutesSha256,
  placeOf,
  prefillMinutes,
  vnLongTime,
} from './model.js';
import { headerLines } from './layout.js';
import { seedMinutesMeeting } from './testing.js';

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

async function prefill(
  type: 'giao_ban' | 'chi_bo',
): Promise<{ content: MinutesContent; agendaIds: string[] }> {
  t = await createTestDatabase('sqlite');
  const { meetingId, agendaIds } = await seedMinutesMeeting(t.db, 'm_prefill', type);
  const m = await new MeetingStore(t.db).load(meetingId);
  const state = await new ConductService({ db: t.db, log: silentLogger }).state(meetingId);
  if (!m || !state) throw new Error('fixture missing');
  const org =
    type === 'chi_bo'
      ? { name: 'Chi bộ khu phố 4', kind: 'party_cell', parentName: 'Đảng ủy phường An Phú Đông' }
      : { name: 'UBND phường An Phú Đông', kind: 'people_committee', parentName: null };
  return { content: prefillMinutes(m, state, org), agendaIds };
}

describe('prefillMinutes', () => {
  it('fills a state meeting in the NĐ30 format from its record', async () => {
    const { content: c, agendaIds } = await prefill('giao_ban');
    expect(c.format).toBe('nd30');
    expect(c.header).toEqual({
      parentBody: '',
      issuingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
      number: 'Số:      /BB-UBND',
      place: 'Phường An Phú Đông',
      date: '2026-11-26',
    });
    expect(c.subject).toBe('Họp giao ban tình hình an ninh tháng 11');
    expect(c.startedAt).toBe('2026-11-26T01:00:00.000Z');
    expect(c.endedAt).toBe('2026-11-26T02:15:00.000Z');
    expect(c.chair).toBe('Nguyễn Thị Hồng Nhung');
    expect(c.secretary).toBe('Lê Thị Thu Hà');
    expect(c.location).toBe(
      'Điểm cầu chính: Hội trường UBND phường, Trụ sở UBND phường An Phú Đông; kết nối trực tuyến với 2 điểm cầu: Văn phòng khu phố 1, Văn phòng khu phố 4.',
    );
    // Per bridge point: the host, the two invited points, then those on their own devices.
    expect(c.points.map((p) => [p.name, p.headCount, p.connection, p.present, p.absent])).toEqual([
      ['Hội trường UBND phường', 0, 'Không kết nối', [], []],
      ['Văn phòng khu phố 1', 12, '08:02 – 09:15', ['Lê Văn Hai'], []],
      ['Văn phòng khu phố 4', 0, 'Không kết nối', [], []],
      [
        'Tham dự bằng thiết bị riêng',
        2,
        '',
        ['Châu Minh Khải (đến lúc 08:12, rời lúc 08:40)', 'Lê Thị Thu Hà', 'Nguyễn Thị Hồng Nhung'],
        [],
      ],
      ['Đại biểu khác', 0, '', [], [{ name: 'Bùi Đức Thưởng', reason: 'Ốm, nằm viện' }]],
    ]);
    expect(c.items).toEqual([
      {
        agendaItemId: agendaIds[0],
        title: 'Báo cáo tình hình an ninh trật tự',
        presenter: 'Công an phường',
        speeches: [
          {
            at: '2026-11-26T01:10:00.000Z',
            speaker: 'Văn phòng khu phố 1 – Lê Văn Hai',
            topic: 'Tình hình trộm cắp xe máy',
          },
        ],
        votes: [],
        discussion: '',
        conclusion: '',
      },
      {
        agendaItemId: agendaIds[1],
        title: 'Kế hoạch ra quân vệ sinh môi trường',
        presenter: 'Khu phố 4',
        speeches: [],
        votes: [
          {
            title: 'Thông qua kế hoạch ra quân vệ sinh môi trường',
            result:
              'Biểu quyết; 3/5 người tham gia. Tán thành: 2/5 (40,0%); Không tán thành: 1/5 (20,0%); Không biểu quyết: 0/5 (0,0%). Kết quả: thông qua.',
          },
        ],
        discussion: '',
        conclusion: '',
      },
    ]);
    expect(c.closing).toBe('Cuộc họp kết thúc vào lúc 09 giờ 15 phút, ngày 26 tháng 11 năm 2026.');
  });

  it('uses the HD36 Party header for a party-cell meeting', async () => {
    const { content: c } = await prefill('chi_bo');
    expect(c.format).toBe('hd36');
    expect(c.header.parentBody).toBe('ĐẢNG BỘ PHƯỜNG AN PHÚ ĐÔNG');
    expect(c.header.issuingBody).toBe('CHI BỘ KHU PHỐ 4');
    expect(c.header.number).toBe('Số      -BB/CB');
    expect(c.header.place).toBe('Phường An Phú Đông');
    expect(c.subject).toBe('Sinh hoạt chi bộ định kỳ tháng 11');
  });
});

describe('headers and dates', () => {
  it('writes the date line the NĐ30 way: a zero before days below 10 and months 1 and 2 only', async () => {
    const { content } = await prefill('giao_ban');
    const dateLine = (date: string): string | undefined =>
      headerLines({ ...content, header: { ...content.header, date } }).right.at(-1)?.text;
    expect(dateLine('2026-03-05')).toBe('Phường An Phú Đông, ngày 05 tháng 3 năm 2026');
    expect(dateLine('2026-02-15')).toBe('Phường An Phú Đông, ngày 15 tháng 02 năm 2026');
    expect(dateLine('2026-11-26')).toBe('Phường An Phú Đông, ngày 26 tháng 11 năm 2026');
    // 2026-03-05 01:00 UTC is 08:00 in Vietnam; the times in the body write the date the same way.
    expect(vnLongTime('2026-03-05T01:00:00.000Z')).toBe('08 giờ 00 phút, ngày 05 tháng 3 năm 2026');
    expect(vnLongTime('2026-02-14T17:30:00.000Z')).toBe('00 giờ 30 phút, ngày 15 tháng 02 năm 2026');
  });

  it('derives the place and the issuing body', () => {
    expect(placeOf(null, 'Đảng ủy phường An Phú Đông')).toBe('Phường An Phú Đông');
    expect(placeOf('Khu phố 4')).toBe('');
    expect(
      headerFor(
        'nd30',
        { name: 'Ủy ban MTTQ phường An Phú Đông', kind: 'fatherland_front', parentName: null },
        '2026-11-26',
      ).issuingBody,
    ).toBe('ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM PHƯỜNG AN PHÚ ĐÔNG');
  });
});

describe('canonical JSON and seal', () => {
  it('does not depend on key order or Unicode normalization', () => {
    const nfd = 'Nguyễn'.normalize('NFD');
    expect(canonicalJson({ b: 1, a: [{ y: nfd, x: null }] })).toBe('{"a":[{"x":null,"y":"Nguyễn"}],"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('changes the SHA-256 with any word, the version or the meeting', async () => {
    const { content } = await prefill('giao_ban');
    const sha = minutesSha256('m1', 1, content);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(minutesSha256('m1', 1, JSON.parse(JSON.stringify(content)) as MinutesContent)).toBe(sha);
    expect(minutesSha256('m1', 1, { ...content, closing: `${content.closing} ` })).not.toBe(sha);
    expect(minutesSha256('m1', 2, content)).not.toBe(sha);
    expect(minutesSha256('m2', 1, content)).not.toBe(sha);
  });

  it('puts names, votes and conclusions into the plain text', async () => {
    const { content } = await prefill('giao_ban');
    const text = minutesPlainText({
      ...content,
      items: content.items.map((i) => ({ ...i, conclusion: `Giao Công an phường theo dõi ${i.title}` })),
    });
    for (const s of [
      'Lê Văn Hai',
      'Vắng: Bùi Đức Thưởng (Ốm, nằm viện)',
      'Kết luận: Giao Công an phường theo dõi Báo cáo tình hình an ninh trật tự',
      'Thông qua kế hoạch ra quân vệ sinh môi trường: Biểu quyết',
    ])
      expect(text).toContain(s);
  });
});
