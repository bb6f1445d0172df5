// End-to-end in Chromium for the reports page: the demo meeting held this month with 12 people at
// Khu phố 4; the admin sets that office's distance to the hall in the settings form, sees the
// figures, the accessible SVG charts and the tables change, and downloads the XLSX; the Khu phố 4
// operator sees only its own point; a delegate has no reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveStore } from '../conduct/store.js';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';

let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'e2e', system: { janus: false } });
  // The demo meeting, held an hour ago: Khu phố 4 connected and reported 12 people.
  const at = (minutesAgo: number): string => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const kp4 = {
    key: 'point:bp_kp4',
    name: 'Văn phòng khu phố 4',
    bridgePointId: 'bp_kp4',
    bridgePoint: 'Văn phòng khu phố 4',
  };
  await new LiveStore(e2e.sys.db).append(e2e.sys.demoMeetingId, 0, [
    { type: 'meeting.started', at: at(3) },
    { type: 'point.connected', bridgePointId: 'bp_kp4', at: at(3) },
    {
      type: 'attendance.reported',
      bridgePointId: 'bp_kp4',
      headCount: 12,
      presentPersonIds: [],
      by: kp4,
      at: at(2),
    },
    { type: 'meeting.ended', at: at(1) },
  ]);
});

afterAll(() => e2e?.close());

const run = (fn: () => Promise<void>): Promise<void> => e2e.screenshotOnFailure(fn, 'reports-');

describe('reports page in Chromium', () => {
  it('admin: settings change the figures, charts and tables; XLSX downloads', async () => {
    await run(async () => {
      const page = await e2e.newPage('admin', { signInAs: 'admin' });
      await page.getByRole('link', { name: 'Báo cáo' }).click();
      await page.waitForURL('**/bao-cao');
      await expect
        .poll(() => page.getByTestId('report-summaryMeetings').textContent(), { timeout: 15_000 })
        .toBe('1');
      // No distance yet: nothing saved.
      expect(await page.getByTestId('report-summaryKm').textContent()).toBe('0,0 km');

      await page.getByTestId('report-distance-bp_kp4').fill('3,5');
      await page.getByTestId('report-settings-save').click();
      await expect
        .poll(() => page.getByTestId('report-settings-status').textContent(), { timeout: 15_000 })
        .toContain('Đã lưu thiết lập');
      // 12 people × 2 × 3,5 km = 84 km; 84 × 2.000 ₫ + 84/20 h × 25.000 ₫ = 273.000 ₫.
      await expect
        .poll(() => page.getByTestId('report-summaryKm').textContent(), { timeout: 15_000 })
        .toBe('84,0 km');
      expect(await page.getByTestId('report-summarySaved').textContent()).toBe('273.000 ₫');

      const chart = page.getByRole('img', { name: 'Chi phí đi lại tiết kiệm theo khu phố' });
      expect(await chart.locator('desc').textContent()).toContain('Khu phố 4: 273.000 ₫');
      expect(await chart.locator('g[data-value="273000"] text').last().textContent()).toBe('273.000 ₫');
      const row = page.getByTestId('report-table-units').locator('tr', { hasText: 'Khu phố 4' });
      expect(await row.locator('td').nth(3).textContent()).toBe('12');
      expect(await row.locator('td').last().textContent()).toBe('273.000 ₫');

      // For review: the page on a laptop and on a phone.
      await e2e.screenshot(page, 'reports-laptop', { fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await e2e.screenshot(page, 'reports-phone', { fullPage: true });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await e2e.screenshot(page, 'reports-tv');
      await page.setViewportSize({ width: 1366, height: 768 });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('report-download-xlsx').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^bao-cao-\d{4}-\d{2}-den-\d{4}-\d{2}\.xlsx$/);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-xlsx-')), 'r.xlsx');
      await download.saveAs(file);
      await expect
        .poll(() => page.getByTestId('report-download-status').textContent(), { timeout: 15_000 })
        .toBe('Đã tải tệp XLSX.');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const units = wb.getWorksheet('Theo khu phố');
      const header = (units?.getRow(1).values as unknown[]).slice(1);
      let kp4Saved: unknown = null;
      units?.eachRow((r) => {
        if (r.getCell(1).value === 'Khu phố 4')
          kp4Saved = r.getCell(header.indexOf('Tổng tiết kiệm (₫)') + 1).value;
      });
      expect(kp4Saved).toBe(273_000);
    });
  });

  it('operator of Khu phố 4: only its own point; a delegate has no reports', async () => {
    await run(async () => {
      const op = await e2e.newPage('kp4', { signInAs: 'kp4' });
      await op.goto('/bao-cao');
      await expect
        .poll(() => op.getByTestId('report-table-units').locator('tbody tr').allTextContents(), {
          timeout: 15_000,
        })
        .toHaveLength(1);
      expect(await op.getByTestId('report-table-units').locator('tbody th').textContent()).toBe('Khu phố 4');
      expect(await op.locator('.report-scope').textContent()).toContain('Chỉ điểm cầu của bạn');
      expect(await op.getByTestId('report-settings-save').count()).toBe(0);

      const del = await e2e.newPage('daibieu', { signInAs: 'daibieu' });
      expect(await del.getByRole('link', { name: 'Báo cáo' }).count()).toBe(0);
      await del.goto('/bao-cao');
      await expect
        .poll(() => del.locator('h1').textContent(), { timeout: 15_000 })
        .toBe('Bạn không có quyền thực hiện thao tác này.');
    });
  });
});
