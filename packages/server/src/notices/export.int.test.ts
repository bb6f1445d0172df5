// The exported conclusion notice as a reader sees it, drafted and issued through the HTTP routes.
// The DOCX is opened by the real LibreOffice (in our sandbox) and converted to PDF; `pdftotext` of
// that PDF and of our own PDF must hold the NĐ30 header lines, the number "Số: …/TB-UBND", the
// conclusions, the tasks and every Vietnamese name exactly, and the header lines must each fit on one
// printed line (a header column narrower than the page wraps them). Page 1 of each is saved as a PNG
// under artifacts/notices/ for a person to look at.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { NoticeView } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  libreOfficePdf,
  pdfFonts,
  pdfInfo,
  pdfLines,
  pdfText,
  sandboxTempDir,
  savePage1Png,
} from '../docs-layout/testing.js';
import { PEOPLE } from '../meetings/testing.js';
import { asUser } from '../testing/fake-auth.js';
import { buildNoticeTestApp } from './testing.js';
import type { NoticeTestApp } from './testing.js';

const H = {
  admin: asUser(['admin'], { userId: 'u_admin' }),
  chair: asUser(['chair'], { userId: 'u_chair', personId: PEOPLE.chair.id }),
  secretary: asUser(['secretary'], { userId: 'u_sec', personId: PEOPLE.secretary.id }),
} as const;

let t: NoticeTestApp;
let dir = '';
let artifacts = '';
let notice: NoticeView;

const req = async (who: keyof typeof H, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const res = await t.app.inject({ method, url, headers: H[who], ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
  return res;
};

beforeAll(async () => {
  dir = await sandboxTempDir('diemcau-notices-');
  artifacts = await artifactsDir('notices');
  t = await buildNoticeTestApp();
  const meeting = (
    await req('admin', 'POST', '/api/meetings', {
      title: 'Họp giao ban tháng 12',
      type: 'giao_ban',
      startsAt: '2030-12-01T01:00:00.000Z',
      hostBridgePointId: 'bp_hoi_truong',
      organizationId: 'org_ubnd',
      bridgePointIds: ['bp_kp4'],
      invitees: [
        { personId: PEOPLE.chair.id, role: 'chair' },
        { personId: PEOPLE.secretary.id, role: 'secretary' },
      ],
    })
  ).json<{ meeting: { id: string } }>().meeting.id;
  t.conclusions.approve(meeting, 3);
  notice = (await req('secretary', 'POST', `/api/meetings/${meeting}/notice`)).json<NoticeView>();
  await req('secretary', 'PATCH', `/api/notices/${notice.id}`, {
    parentBody: 'UBND Thành phố Hồ Chí Minh',
    intro: 'Ngày 01/12/2030, Ủy ban nhân dân phường tổ chức cuộc họp giao ban trực tuyến với các khu phố.',
    signerTitle: 'Chủ tịch',
  });
  const tasks = `/api/notices/${notice.id}/tasks`;
  await req('secretary', 'POST', tasks, {
    itemIndex: 0,
    title: 'Ra quân tổng vệ sinh',
    assignee: { kind: 'org', organizationId: 'org_kp4' },
    dueDate: '2030-12-10',
  });
  await req('secretary', 'POST', tasks, {
    itemIndex: 1,
    title: 'Rà soát điểm lấn chiếm vỉa hè',
    assignee: { kind: 'person', personId: PEOPLE.cell.id },
    dueDate: '2030-12-15',
  });
});
afterAll(async () => {
  await t.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** What both PDFs of the notice must say, whitespace-normalised, whatever its state. */
const BODY = [
  'UBND THÀNH PHỐ HỒ CHÍ MINH',
  'UBND PHƯỜNG AN PHÚ ĐÔNG',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'THÔNG BÁO',
  'Kết luận của đồng chí Nguyễn Thị Hồng Nhung tại cuộc họp Họp giao ban tháng 12',
  'Ngày 01/12/2030, Ủy ban nhân dân phường tổ chức cuộc họp giao ban trực tuyến với các khu phố.',
  '1. Công tác vệ sinh môi trường, phòng chống sốt xuất huyết',
  'Các khu phố ra quân tổng vệ sinh vào sáng Chủ nhật hằng tuần.',
  'Ủy ban MTTQ phối hợp tuyên truyền đến từng hộ dân.',
  '- Giao Khu phố 4: Ra quân tổng vệ sinh. Thời hạn: 10/12/2030.',
  '2. Chỉnh trang đô thị, lấn chiếm vỉa hè',
  'Khu phố 4 rà soát các điểm lấn chiếm, báo cáo trước ngày 15/12.',
  '- Giao Lê Văn Hai: Rà soát điểm lấn chiếm vỉa hè. Thời hạn: 15/12/2030.',
  'Nơi nhận:',
  'CHỦ TỊCH',
  'Nguyễn Thị Hồng Nhung',
  `Theo biên bản phiên bản 3, SHA-256 ${'3'.repeat(64)}`,
];

/** Header lines that must each be printed on one line, not wrapped in a narrow column. */
const ONE_LINE = [
  'UBND THÀNH PHỐ HỒ CHÍ MINH',
  'UBND PHƯỜNG AN PHÚ ĐÔNG',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
];

/** Writes both files, converts the DOCX, and checks the text, fonts and page of both PDFs. */
async function readsTheSame(
  state: 'draft' | 'issued',
  expected: string[],
  absent: string[],
  oneLine: string[],
): Promise<void> {
  const docx = path.join(dir, `${state}.docx`);
  const ours = path.join(dir, `${state}.pdf`);
  for (const [file, format] of [
    [docx, 'docx'],
    [ours, 'pdf'],
  ] as const)
    await fsp.writeFile(file, (await req('chair', 'GET', `/api/notices/${notice.id}/${format}`)).rawPayload);
  fs.copyFileSync(docx, path.join(artifacts, `thong-bao-${state}.docx`));
  const converted = await libreOfficePdf(docx, path.join(dir, `${state}-lo`));

  for (const [name, file] of [
    ['ours', ours],
    ['libreoffice', converted],
  ] as const) {
    const text = pdfText(file);
    for (const line of expected) expect(text, `${name}: ${line}`).toContain(line);
    for (const line of absent) expect(text, `${name}: ${line}`).not.toContain(line);
    const printed = pdfLines(file);
    for (const line of [...ONE_LINE, ...oneLine])
      expect(
        printed.some((l) => l.includes(line)),
        `${name}: "${line}" on one line of\n${printed.slice(0, 8).join('\n')}`,
      ).toBe(true);
    expect(pdfInfo(file), name).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // The declared font is Times New Roman; our PDF embeds its metric twin Liberation Serif.
    expect(pdfFonts(file)).toMatch(
      name === 'ours' ? /LiberationSerif/ : /LiberationSerif|TimesNewRoman|Times/,
    );
    expect(savePage1Png(file, path.join(artifacts, `thong-bao-${state}-${name}`))).toBeGreaterThan(10_000);
  }
}

describe('notice export', () => {
  it('reads the same as a draft: marked, number and date left blank', async () => {
    await readsTheSame(
      'draft',
      [...BODY, 'DỰ THẢO', 'Số: /TB-UBND'],
      ['Số: 1/TB-UBND', 'ngày 01 tháng 12'],
      ['An Phú Đông, ngày tháng năm'],
    );
  });

  it('reads the same once issued: numbered and dated, in our PDF and in LibreOffice’s conversion', async () => {
    await req('chair', 'POST', `/api/notices/${notice.id}/issue`);
    await readsTheSame(
      'issued',
      [...BODY, 'Số: 1/TB-UBND', 'An Phú Đông, ngày 01 tháng 12 năm 2030'],
      ['DỰ THẢO'],
      ['An Phú Đông, ngày 01 tháng 12 năm 2030'],
    );
  });
});
