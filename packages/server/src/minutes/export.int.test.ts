// The exported minutes as a reader sees them. The DOCX is opened by the real LibreOffice (in our
// sandbox) and converted to PDF; `pdftotext` of that PDF and of our own PDF must hold the header
// lines, the meeting data and every Vietnamese name exactly, in both formats (NĐ30 and HD36), and
// the national (or Party) line and the place and date must each fit on one printed line.
// Page 1 of each is saved as a PNG under artifacts/minutes/ for a person to look at.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { MinutesContent } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  libreOfficePdf,
  pdfFonts as fonts,
  pdfLines,
  pdfText,
  sandboxTempDir,
  savePage1Png,
} from '../docs-layout/testing.js';
import { minutesDocx } from './docx.js';
import { minutesPdf } from './pdf.js';

let ARTIFACTS = '';

/** A filled-in set of minutes with every Vietnamese letter and tone the names use. */
function sample(format: 'nd30' | 'hd36'): MinutesContent {
  return {
    format,
    header:
      format === 'nd30'
        ? {
            parentBody: '',
            issuingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
            number: 'Số: 125/BB-UBND',
            place: 'Phường An Phú Đông',
            date: '2026-11-26',
          }
        : {
            parentBody: 'ĐẢNG BỘ PHƯỜNG AN PHÚ ĐÔNG',
            issuingBody: 'CHI BỘ KHU PHỐ 4',
            number: 'Số 07-BB/CB',
            place: 'Phường An Phú Đông',
            date: '2026-11-26',
          },
    subject:
      format === 'nd30' ? 'Họp giao ban tình hình an ninh tháng 11' : 'Sinh hoạt chi bộ định kỳ tháng 11',
    startedAt: '2026-11-26T01:00:00.000Z',
    endedAt: '2026-11-26T02:15:00.000Z',
    location:
      'Điểm cầu chính: Hội trường UBND phường; kết nối trực tuyến với 2 điểm cầu: Văn phòng khu phố 1, Văn phòng khu phố 4.',
    chair: 'Nguyễn Thị Hồng Nhung',
    secretary: 'Lê Thị Thu Hà',
    points: [
      {
        name: 'Hội trường UBND phường',
        host: true,
        headCount: 25,
        connection: '08:00 – 09:15',
        present: ['Nguyễn Thị Hồng Nhung', 'Lê Thị Thu Hà'],
        absent: [],
      },
      {
        name: 'Văn phòng khu phố 4',
        host: false,
        headCount: 12,
        connection: '08:02 – 09:15',
        present: ['Lê Văn Hai', 'Võ Thị Ngọc Ẩn', 'Đỗ Thị Ánh Tuyết'],
        absent: [{ name: 'Bùi Đức Thưởng', reason: 'Ốm, nằm viện' }],
      },
    ],
    items: [
      {
        agendaItemId: 'a1',
        title: 'Báo cáo tình hình an ninh trật tự',
        presenter: 'Trần Quốc Việt',
        speeches: [
          {
            at: '2026-11-26T01:10:00.000Z',
            speaker: 'Văn phòng khu phố 4 – Phạm Văn Ơn',
            topic: 'Tình hình trộm cắp xe máy ở hẻm 12',
          },
        ],
        votes: [
          {
            title: 'Thông qua kế hoạch tuần tra',
            result: 'Biểu quyết; 3/5 người tham gia. Tán thành: 2/5 (40,0%). Kết quả: thông qua.',
          },
        ],
        discussion: 'Các khu phố thống nhất tăng cường tuần tra ban đêm.',
        conclusion: 'Giao Công an phường phối hợp Khu phố 4 lắp thêm đèn chiếu sáng trước ngày 15 tháng 12.',
      },
    ],
    closing: 'Cuộc họp kết thúc vào lúc 09 giờ 15 phút, ngày 26 tháng 11 năm 2026.',
  };
}

/** What must be found, whitespace-normalised, in the text of both PDFs. */
function expectedLines(c: MinutesContent): string[] {
  const header =
    c.format === 'nd30'
      ? [
          'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'Độc lập - Tự do - Hạnh phúc',
          'Số: 125/BB-UBND',
        ]
      : ['ĐẢNG BỘ PHƯỜNG AN PHÚ ĐÔNG', 'CHI BỘ KHU PHỐ 4', 'ĐẢNG CỘNG SẢN VIỆT NAM', 'Số 07-BB/CB'];
  return [
    ...header,
    'Phường An Phú Đông, ngày 26 tháng 11 năm 2026',
    'BIÊN BẢN',
    c.subject,
    'Thời gian bắt đầu: 08 giờ 00 phút, ngày 26 tháng 11 năm 2026.',
    'Chủ trì: Nguyễn Thị Hồng Nhung',
    'Thư ký: Lê Thị Thu Hà',
    'Văn phòng khu phố 4 (12 người; kết nối 08:02 – 09:15)',
    'Có mặt: Lê Văn Hai, Võ Thị Ngọc Ẩn, Đỗ Thị Ánh Tuyết.',
    'Vắng mặt: Bùi Đức Thưởng (Ốm, nằm viện).',
    '1. Báo cáo tình hình an ninh trật tự',
    '08:10 Văn phòng khu phố 4 – Phạm Văn Ơn: Tình hình trộm cắp xe máy ở hẻm 12',
    'Kết luận: Giao Công an phường phối hợp Khu phố 4 lắp thêm đèn chiếu sáng trước ngày 15 tháng 12.',
    'Cuộc họp kết thúc vào lúc 09 giờ 15 phút, ngày 26 tháng 11 năm 2026.',
    'THƯ KÝ',
    'CHỦ TRÌ',
    'Trần Quốc Việt',
    `Phiên bản 2, duyệt lúc 10 giờ 30 phút, ngày 26 tháng 11 năm 2026. Mã kiểm tra SHA-256: ${'ab'.repeat(32)}`,
  ];
}

/** Header lines that must each be printed on one line, not wrapped in a narrow column. */
const oneLine = (c: MinutesContent): string[] => [
  c.format === 'nd30' ? 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' : 'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Phường An Phú Đông, ngày 26 tháng 11 năm 2026',
];

let dir: string;
beforeAll(async () => {
  dir = await sandboxTempDir('diemcau-minutes-');
  ARTIFACTS = await artifactsDir('minutes');
});
afterAll(async () => fsp.rm(dir, { recursive: true, force: true }));

describe.each(['nd30', 'hd36'] as const)('minutes export in %s', (format) => {
  it('reads the same in our PDF and in LibreOffice’s conversion of our DOCX', async () => {
    const c = sample(format);
    const meta = {
      title: c.subject,
      version: 2,
      sha256: 'ab'.repeat(32),
      approvedAt: '2026-11-26T03:30:00.000Z',
    };
    const ours = path.join(dir, `${format}.pdf`);
    const docx = path.join(dir, `${format}.docx`);
    await fsp.writeFile(ours, await minutesPdf(c, meta));
    await fsp.writeFile(docx, await minutesDocx(c, meta));
    fs.copyFileSync(docx, path.join(ARTIFACTS, `bien-ban-${format}.docx`));

    const converted = await libreOfficePdf(docx, path.join(dir, `${format}-lo`));

    for (const [name, file] of [
      ['ours', ours],
      ['libreoffice', converted],
    ] as const) {
      const text = pdfText(file);
      for (const line of expectedLines(c)) expect(text, `${name}: ${line}`).toContain(line);
      const printed = pdfLines(file);
      for (const line of oneLine(c))
        expect(
          printed.some((l) => l.includes(line)),
          `${name}: "${line}" on one line of\n${printed.slice(0, 8).join('\n')}`,
        ).toBe(true);
      // The declared font is Times New Roman; our PDF embeds its metric twin Liberation Serif.
      expect(fonts(file)).toMatch(
        name === 'ours' ? /LiberationSerif/ : /LiberationSerif|TimesNewRoman|Times/,
      );
      expect(savePage1Png(file, path.join(ARTIFACTS, `bien-ban-${format}-${name}`))).toBeGreaterThan(10_000);
    }
  });
});
