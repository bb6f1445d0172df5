// End-to-end in Chromium for the synchronized presentation of a meeting document (issue 5, part 3):
// the chair (signed in) uploads a three-page PDF made here with pdfkit and presents it; a delegate
// (signed in, invited) sees page 1 drawn by pdf.js in her own browser; the chair turns the page and
// her view follows (the indicator says "Trang 2/3" and the canvas pixels change colour); she
// browses on her own ("Xem tự do"), sees "Quay về trang của người trình bày" while the chair moves
// on, and returns to the chair's page; the chair's pointer arrives as a dot at the same place on
// her page; and she writes a private note that is "Đã lưu" only once the server holds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';

const TITLE = 'Báo cáo tình hình kinh tế – xã hội tháng 11';
const FONT = '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf';
/** The colour that fills the top half of each page (RGB), so a pixel tells which page is shown. */
const COLOURS: [number, number, number][] = [
  [200, 30, 40],
  [30, 60, 200],
  [20, 150, 70],
];
const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));
let webCopy = '';
let e2e: E2eSession;

beforeAll(async () => {
  // NOTE: a private copy of the built web app: another run rebuilding packages/web/dist (Vite empties
  // the folder first) must not pull the lazily loaded presentation chunk away mid-test.
  webCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-web-'));
  fs.cpSync(WEB_DIST, webCopy, { recursive: true });
  e2e = await startE2eSession({ artifacts: 'e2e', system: { env: { WEB_DIST: webCopy } } });
});

afterAll(async () => {
  await e2e?.close();
  fs.rmSync(webCopy, { recursive: true, force: true });
});

/** A three-page A4 PDF: each page's top half one colour, its number and a Vietnamese line. */
async function threePagePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Title: TITLE } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  if (fs.existsSync(FONT)) doc.font(FONT);
  COLOURS.forEach(([r, g, b], i) => {
    doc.addPage();
    doc.rect(0, 0, doc.page.width, doc.page.height / 2).fill([r, g, b]);
    doc
      .fillColor('black')
      .fontSize(28)
      .text(`Trang ${i + 1}: ${TITLE}`, 50, doc.page.height / 2 + 40);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Joins the demo meeting from the join page, camera off (nobody needs video here). */
async function join(page: Page): Promise<void> {
  await page.goto(`/m/${e2e.sys.demoMeetingId}?ice=loopback`);
  const button = page.getByTestId('btn-join');
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  const toggle = page.getByTestId('join-camera-toggle');
  if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  await button.click();
  await page.locator('[data-state="joined"]').waitFor({ timeout: 40_000 });
}

/** The colour of the shown page at the middle of its top half, as the canvas holds it. */
async function pageColour(page: Page): Promise<[number, number, number] | null> {
  return page
    .getByTestId('present-canvas')
    .evaluate((el) => {
      // NOTE: the server's tsconfig has no DOM types; the shape of a canvas we use is enough.
      const c = el as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
        } | null;
      };
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0) return null;
      const d = ctx.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 4), 1, 1).data;
      return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0] as [number, number, number];
    })
    .catch(() => null);
}

/** Which of COLOURS a pixel is (within a small tolerance for colour management), or -1. */
const colourIndex = (rgb: [number, number, number] | null): number =>
  rgb === null ? -1 : COLOURS.findIndex((c) => c.every((v, i) => Math.abs(v - (rgb[i] ?? 0)) <= 12));

describe('presenting a document in Chromium', () => {
  it('a presenter turns pages and another participant’s view follows; free browsing, pointer, notes', async () => {
    await e2e.screenshotOnFailure(present, 'present-');
  }, 480_000);
});

async function present(): Promise<void> {
  // 1. The chair signs in and uploads the PDF to the meeting (visible to every invitee).
  const chair = await e2e.newPage('chair', { signInAs: 'chutri', defaultTimeout: 30_000 });
  const me = (await (await chair.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const csrf = me.csrfToken;
  const upload = await chair.request.post(
    `/api/meetings/${e2e.sys.demoMeetingId}/documents?fileName=${encodeURIComponent('Báo cáo tháng 11.pdf')}&title=${encodeURIComponent(TITLE)}`,
    {
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' },
      data: await threePagePdf(),
    },
  );
  expect(upload.status(), await upload.text()).toBe(201);
  const documentId = ((await upload.json()) as { id: string }).id;

  // 2. Both join; the delegate is Ngô Thị Yến, invited to the demo meeting.
  await join(chair);
  const yen = await e2e.newPage('delegate', { signInAs: 'daibieu', defaultTimeout: 30_000 });
  await join(yen);

  // 3. The chair presents it from the control bar.
  await chair.getByTestId('btn-present').click();
  const item = chair.locator(`[data-testid="present-pick-item"][data-document-id="${documentId}"]`);
  await item.getByTestId('present-pick-open').click();
  for (const p of [chair, yen]) {
    await p.getByTestId('presentation').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => p.getByTestId('present-page-indicator').textContent(), { timeout: 30_000 })
      .toBe('Trang 1/3');
  }
  await expect.poll(async () => colourIndex(await pageColour(yen)), { timeout: 30_000 }).toBe(0);
  expect(await yen.getByTestId('present-presenter').textContent()).toContain('Nguyễn Thị Hồng Nhung');
  // The delegate only follows: no stop button, and "Xem tự do" is offered.
  expect(await yen.getByTestId('present-stop').count()).toBe(0);
  await yen.getByTestId('present-free').waitFor();

  // 4. The chair turns the page (button), then with the keyboard: the delegate's view follows.
  await chair.getByTestId('present-next').click();
  await expect
    .poll(() => yen.getByTestId('present-page-indicator').textContent(), { timeout: 15_000 })
    .toBe('Trang 2/3');
  await expect.poll(async () => colourIndex(await pageColour(yen)), { timeout: 15_000 }).toBe(1);
  await e2e.screenshot(chair, 'present-chair');
  await e2e.screenshot(yen, 'present-delegate');

  // 5. The delegate browses back on her own; the chair moves on to page 3 meanwhile.
  await yen.getByTestId('present-free').click();
  await yen.getByTestId('present-prev').click();
  await expect.poll(() => yen.getByTestId('present-page-indicator').textContent()).toBe('Trang 1/3');
  await expect.poll(async () => colourIndex(await pageColour(yen)), { timeout: 15_000 }).toBe(0);
  const back = yen.getByTestId('present-return');
  await back.waitFor();
  expect(await back.textContent()).toBe('Quay về trang của người trình bày');
  await chair.getByTestId('presentation').focus();
  await chair.keyboard.press('PageDown');
  await expect
    .poll(() => yen.getByTestId('presentation').getAttribute('data-presenter-page'), { timeout: 15_000 })
    .toBe('3');
  expect(await yen.getByTestId('present-page-indicator').textContent()).toBe('Trang 1/3');
  expect(colourIndex(await pageColour(yen))).toBe(0);
  await back.click();
  await expect.poll(() => yen.getByTestId('present-page-indicator').textContent()).toBe('Trang 3/3');
  await expect.poll(async () => colourIndex(await pageColour(yen)), { timeout: 15_000 }).toBe(2);
  expect(await yen.getByTestId('present-return').count()).toBe(0);

  // 6. The chair points at a place on the page; the dot shows there on the delegate's page.
  const box = await chair.getByTestId('present-canvas').boundingBox();
  if (!box) throw new Error('no canvas on the chair’s screen');
  await chair.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
  await chair.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4, { steps: 5 });
  const dot = yen.getByTestId('present-pointer');
  await dot.waitFor({ timeout: 15_000 });
  await expect
    .poll(async () => Number(await dot.getAttribute('data-x')), { timeout: 10_000 })
    .toBeCloseTo(0.3, 1);
  expect(Number(await dot.getAttribute('data-y'))).toBeCloseTo(0.4, 1);
  expect(await chair.getByTestId('present-pointer').count()).toBe(0);

  // 7. A private note on page 3, saved to the server; the chair cannot read it.
  await yen.getByTestId('present-notes-toggle').click();
  const note = 'Đề nghị bổ sung số liệu hộ cận nghèo ở khu phố 4';
  await yen.getByTestId('notes-text').fill(note);
  await expect.poll(() => yen.getByTestId('notes-status').textContent(), { timeout: 15_000 }).toBe('Đã lưu');
  const versionId = await yen.evaluate(async (id) => {
    const r = await fetch(`/api/documents/${id}`);
    return ((await r.json()) as { current: { id: string } }).current.id;
  }, documentId);
  const url = `/api/documents/${documentId}/versions/${versionId}/notes/3`;
  const mine = await yen.request.get(url);
  expect(((await mine.json()) as { text: string }).text).toBe(note);
  expect((await chair.request.get(url)).status()).toBe(404);
  await e2e.screenshot(yen, 'present-notes');

  // 8. The chair stops: the stage is the meeting again for everyone.
  await chair.getByTestId('present-stop').click();
  await expect.poll(() => yen.getByTestId('presentation').count(), { timeout: 15_000 }).toBe(0);
}
