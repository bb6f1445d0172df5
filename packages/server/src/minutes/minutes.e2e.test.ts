// End-to-end in Chromium: the secretary drafts the minutes of a held meeting (pre-filled from its
// record), edits the header and a conclusion (auto-saved), submits; the chair approves; the PDF and
// the DOCX downloaded from the page carry the header, the names and the conclusion with their
// diacritics, and the SHA-256 shown is the one the server sealed; searching the archive without
// diacritics finds them again. Steps live in flow.test-helper.ts.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { MinutesOverview } from '@diemcau/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';
import { MinutesStore } from './store.js';
import {
  approveMinutesAsChair,
  downloadMinutes,
  draftAndSubmitMinutes,
  holdMeeting,
} from './flow.test-helper.js';

const CONCLUSION = 'Giao Công an phường phối hợp Khu phố 4 lắp đèn chiếu sáng hẻm 12 trước ngày 15 tháng 12.';
let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'minutes', system: { janus: false } });
  await holdMeeting(e2e.sys.db, e2e.sys.demoMeetingId);
});

afterAll(() => e2e?.close());

const signedIn = (label: string, username: string, width = 1366): Promise<Page> =>
  e2e.newPage(label, { signInAs: username, width, height: 900 });

const pdfText = (file: string): string =>
  execFileSync('/usr/bin/pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])
    .toString()
    .normalize('NFC')
    .replace(/\s+/g, ' ');

describe('minutes in Chromium', () => {
  it('are drafted, approved and exported', () => e2e.screenshotOnFailure(flow));
  it('keep the secretary’s text when the chair saved the same draft first', () =>
    e2e.screenshotOnFailure(conflict));
});

async function flow(): Promise<void> {
  const id = e2e.sys.demoMeetingId;
  // 1. The secretary drafts: the form is pre-filled from the record.
  const secretary = await signedIn('secretary', 'thuky');
  await draftAndSubmitMinutes(secretary, id, {
    issuingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
    place: 'Phường An Phú Đông',
    conclusion: CONCLUSION,
  });
  expect(await secretary.getByTestId('minutes-chair').inputValue()).toBe('Nguyễn Thị Hồng Nhung');
  expect(await secretary.getByTestId('minutes-secretary').inputValue()).toBe('Lê Thị Thu Hà');
  expect(await secretary.getByTestId('minutes-item').first().textContent()).toContain(
    'Văn phòng khu phố 4 – Lê Văn Hai',
  );
  // Submitted minutes are read-only for the secretary.
  expect(await secretary.getByTestId('minutes-editor').getAttribute('data-readonly')).toBe('true');
  await e2e.screenshot(secretary, 'e2e-submitted', { fullPage: true });

  // 2. The chair approves (on a phone-sized screen).
  const chair = await signedIn('chair', 'chutri', 414);
  const sha = await approveMinutesAsChair(chair, id);
  const stored = await new MinutesStore(e2e.sys.db).get(id, 1);
  expect(stored?.sha256).toBe(sha);
  expect(stored?.content.items[0]?.conclusion).toBe(CONCLUSION);
  const overview = (await chair.evaluate(
    async (u) => (await fetch(u)).json(),
    `/api/meetings/${id}/minutes`,
  )) as MinutesOverview;
  expect(overview.current?.status).toBe('approved');
  await e2e.screenshot(chair, 'e2e-approved-phone', { fullPage: true });

  // 3. Exports from the page: the PDF reads right, the DOCX is a Word package.
  const pdfFile = path.join(e2e.artifacts, 'e2e-bien-ban.pdf');
  const pdf = await downloadMinutes(chair, 1, 'pdf', pdfFile);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdfFile);
  for (const s of [
    'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'BIÊN BẢN',
    'Chủ trì: Nguyễn Thị Hồng Nhung',
    'Thư ký: Lê Thị Thu Hà',
    `Kết luận: ${CONCLUSION}`,
  ])
    expect(text).toContain(s);
  const docx = await downloadMinutes(chair, 1, 'docx', path.join(e2e.artifacts, 'e2e-bien-ban.docx'));
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');

  // 4. Found again in the archive, typed without diacritics; the hit opens the approved minutes.
  await chair.goto('/luu-tru');
  await chair.getByLabel('Tìm trong cuộc họp, tài liệu, biên bản, thông báo').fill('den chieu sang hem 12');
  const hit = chair.locator('[data-testid="search-hit"][data-kind="minutes"]');
  await expect.poll(() => hit.count(), { timeout: 15_000 }).toBe(1);
  expect(await hit.getByTestId('search-snippet').textContent()).toContain('đèn chiếu sáng hẻm 12');
  await hit.getByRole('link').first().click();
  await chair.waitForURL((url) => url.pathname.endsWith('/bien-ban'), { timeout: 15_000 });
  await e2e.screenshot(chair, 'e2e-found-in-archive', { fullPage: true });
}

/** A correction (version 2) edited by two people at once: the later save conflicts and loses nothing. */
async function conflict(): Promise<void> {
  const id = e2e.sys.demoMeetingId;
  const secretary = e2e.pages.get('secretary') ?? (await signedIn('secretary', 'thuky'));
  const chair = e2e.pages.get('chair') ?? (await signedIn('chair', 'chutri', 414));
  await secretary.goto(`/cuoc-hop/${id}/bien-ban`);
  await secretary.getByTestId('minutes-create').click();
  await expect
    .poll(() => secretary.getByTestId('minutes-state').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('draft');
  expect(await secretary.getByTestId('minutes-conclusion-1').inputValue()).toBe(CONCLUSION);

  await chair.goto(`/cuoc-hop/${id}/bien-ban`);
  await chair.getByTestId('minutes-closing').fill('Chủ trì bổ sung: họp lại ngày 30/11.');
  await expect
    .poll(() => chair.getByTestId('minutes-save-state').getAttribute('data-state'), { timeout: 15_000 })
    .toBe('saved');

  const mine = 'Thư ký ghi: cuộc họp kết thúc đúng giờ, các khu phố thống nhất kế hoạch.';
  await secretary.getByTestId('minutes-closing').fill(mine);
  await secretary.getByTestId('minutes-conflict').waitFor({ timeout: 15_000 });
  // Nothing typed is lost: the text is still in the form, and the alert says so.
  expect(await secretary.getByTestId('minutes-closing').inputValue()).toBe(mine);
  expect(await secretary.getByTestId('minutes-conflict').textContent()).toContain('vẫn được giữ nguyên');
  await e2e.screenshot(secretary, 'e2e-conflict');
  await secretary.getByRole('button', { name: 'Giữ bản của tôi và lưu đè' }).click();
  await expect
    .poll(() => secretary.getByTestId('minutes-save-state').getAttribute('data-state'), { timeout: 15_000 })
    .toBe('saved');
  const v2 = await new MinutesStore(e2e.sys.db).get(id, 2);
  expect(v2?.content.closing).toBe(mine);
  expect(v2?.revision).toBe(3);
  // The approved version 1 is untouched.
  expect((await new MinutesStore(e2e.sys.db).get(id, 1))?.content.items[0]?.conclusion).toBe(CONCLUSION);
}
