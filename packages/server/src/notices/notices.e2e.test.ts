// End-to-end in Chromium: after the minutes of a held meeting are approved (the real minutes
// flow), the secretary drafts the conclusion notice and assigns two tasks to Khu phố 4 (one
// already late); the chair issues it (numbered); the PDF downloaded from the page reads right; the
// neighborhood's operator finds the task under "Nhiệm vụ của tôi", reports progress and uploads a
// photo as evidence; the ward's board shows Khu phố 4 with one overdue task, as chart and table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../documents/samples.js';
import { approveMinutesAsChair, draftAndSubmitMinutes, holdMeeting } from '../minutes/flow.test-helper.js';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';
import { NoticeStore } from './store.js';

const CONCLUSION = 'Khu phố 4 lắp đèn chiếu sáng hẻm 12 và báo cáo kết quả về UBND phường.';
let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'notices', system: { janus: false } });
  await holdMeeting(e2e.sys.db, e2e.sys.demoMeetingId);
});

afterAll(() => e2e?.close());

const signedIn = (label: string, username: string, width = 1366): Promise<Page> =>
  e2e.newPage(label, { signInAs: username, width, height: 900 });

/** A Vietnam day `days` from today, as the date inputs want it. */
const vnDay = (days: number): string =>
  new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('conclusion notice and follow-up in Chromium', () => {
  it('is drafted, issued, followed up and shown overdue per neighborhood', async () => {
    await e2e.screenshotOnFailure(flow);
  });
});

async function addTask(page: Page, title: string, dueDate: string): Promise<void> {
  const form = page.getByTestId('task-form-0');
  if (!(await form.isVisible())) await page.getByTestId('task-open-0').click();
  await form.getByLabel('Nội dung nhiệm vụ').fill(title);
  await form.getByLabel('Khu phố / đơn vị nhận').selectOption({ label: 'Khu phố 4' });
  await form.getByLabel('Thời hạn').fill(dueDate);
  await form.getByTestId('task-add-0').click();
  await expect
    .poll(() => page.getByTestId('task-card').filter({ hasText: title }).count(), { timeout: 15_000 })
    .toBe(1);
}

async function flow(): Promise<void> {
  const id = e2e.sys.demoMeetingId;
  // 1. Minutes approved through their own screens.
  const secretary = await signedIn('secretary', 'thuky');
  await draftAndSubmitMinutes(secretary, id, {
    issuingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
    place: 'Phường An Phú Đông',
    conclusion: CONCLUSION,
  });
  const chair = await signedIn('chair', 'chutri');
  await approveMinutesAsChair(chair, id);

  // 2. The secretary drafts the notice from the meeting page and assigns two tasks.
  await secretary.goto(`/cuoc-hop/${id}`);
  await secretary.getByTestId('btn-notice').click();
  await secretary.waitForURL(`**/cuoc-hop/${id}/thong-bao`);
  await secretary.getByTestId('notice-draft').click();
  await secretary.getByTestId('notice-item').first().waitFor({ timeout: 15_000 });
  expect(await secretary.getByTestId('notice-item').first().textContent()).toContain(CONCLUSION);
  expect(await secretary.getByTestId('notice-state').textContent()).toBe('Dự thảo');
  await addTask(secretary, 'Lắp đèn chiếu sáng hẻm 12', vnDay(-1));
  await addTask(secretary, 'Báo cáo kết quả về UBND phường', vnDay(20));
  // The secretary drafts; issuing is the chair's.
  expect(await secretary.getByTestId('notice-issue').count()).toBe(0);
  await e2e.screenshot(secretary, 'e2e-draft', { fullPage: true });

  // 3. The chair issues it (phone-sized screen): it gets number 1.
  const phone = await signedIn('chair-phone', 'chutri', 414);
  await phone.goto(`/meetings/${id}/notice`);
  await phone.getByTestId('notice-issue').click();
  await phone.getByTestId('confirm-ok').click();
  await expect
    .poll(() => phone.getByTestId('notice-state').textContent(), { timeout: 15_000 })
    .toBe('Đã ban hành');
  const number = (await phone.getByTestId('notice-number').textContent()) ?? '';
  expect(number).toBe('Số: 1/TB-UBND');
  expect(await phone.getByTestId('notice-status').textContent()).toContain(
    'Đã ban hành thông báo số 1/TB-UBND.',
  );
  const stored = await new NoticeStore(e2e.sys.db).noticeOfMeeting(id);
  expect(stored).toMatchObject({ status: 'issued', number: 1 });
  await e2e.screenshot(phone, 'e2e-issued-phone', { fullPage: true });

  // 4. The PDF from the page carries the header, the number and the task with its diacritics.
  const [download] = await Promise.all([
    phone.waitForEvent('download'),
    phone.getByTestId('notice-pdf').click(),
  ]);
  const pdfFile = path.join(e2e.artifacts, 'e2e-thong-bao.pdf');
  await download.saveAs(pdfFile);
  const text = execFileSync('/usr/bin/pdftotext', ['-raw', '-enc', 'UTF-8', pdfFile, '-'])
    .toString()
    .normalize('NFC')
    .replace(/\s+/g, ' ');
  for (const s of [
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'THÔNG BÁO',
    number,
    'Giao Khu phố 4: Lắp đèn chiếu sáng hẻm 12.',
    CONCLUSION,
  ])
    expect(text).toContain(s);

  // 5. The operator of Khu phố 4 reports progress and uploads a photo.
  const kp4 = await signedIn('kp4', 'kp4');
  await kp4.goto('/nhiem-vu');
  const late = kp4.getByTestId('task-card').filter({ hasText: 'Lắp đèn chiếu sáng hẻm 12' });
  await late.waitFor({ timeout: 15_000 });
  expect(await late.getByTestId('task-status').textContent()).toBe('Quá hạn');
  await late.getByRole('button', { name: 'Chi tiết' }).click();
  const panel = late.getByTestId('task-panel');
  await panel.getByLabel(/Phần trăm hoàn thành/).fill('50');
  await panel.getByLabel('Nội dung báo cáo').fill('Đã lắp 3/6 bóng đèn, còn lại trong tuần.');
  await panel.getByTestId('task-report').click();
  await expect
    .poll(() => panel.getByTestId('task-status-line').textContent(), { timeout: 15_000 })
    .toBe('Đã gửi báo cáo tiến độ.');
  expect(await panel.textContent()).toContain(
    'Báo cáo tiến độ 50%: Đã lắp 3/6 bóng đèn, còn lại trong tuần.',
  );
  const photo = path.join(e2e.artifacts, 'Ảnh đèn hẻm 12.png');
  fs.writeFileSync(photo, png(32, 24));
  await panel.getByLabel('Chọn tệp minh chứng').setInputFiles(photo);
  await panel.getByTestId('evidence-upload').click();
  await panel.getByRole('link', { name: 'Ảnh đèn hẻm 12.png' }).waitFor({ timeout: 15_000 });
  await e2e.screenshot(kp4, 'e2e-my-tasks', { fullPage: true });

  // 6. The ward's board: Khu phố 4 has one overdue task, in the chart and in the table.
  await secretary.goto('/nhiem-vu/theo-doi');
  const row = secretary.getByTestId('board-table').getByRole('row', { name: /Khu phố 4/ });
  await row.waitFor({ timeout: 15_000 });
  expect((await row.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual(['2', '0', '2', '1']);
  const chart = secretary.getByTestId('board-chart').getByRole('img');
  expect(await chart.locator('desc').textContent()).toContain('Khu phố 4: 1');
  expect(await secretary.getByRole('heading', { name: 'Danh sách nhiệm vụ quá hạn' }).count()).toBe(1);
  await e2e.screenshot(secretary, 'e2e-board', { fullPage: true });
}
