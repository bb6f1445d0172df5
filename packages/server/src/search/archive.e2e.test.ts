// End-to-end in Chromium for the archive page: the demo meeting (held, with a published vote) is
// found by typing without diacritics, the matched words are marked in the original with their
// diacritics, the count is announced, a title with markup stays text, and the meeting's record
// opens from the keyboard with the vote result and the attendance links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveStore } from '../conduct/store.js';
import { DEMO_MEETING_TITLE } from '../demo/ward.js';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';
import { SearchIndex } from './index-store.js';
import { publishedVoteEvents } from './testing.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1"> Biên bản kiểm tra';
let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'e2e', system: { janus: false } });
  const at = new Date(Date.now() - 60_000).toISOString();
  await new LiveStore(e2e.sys.db).append(e2e.sys.demoMeetingId, 0, [
    { type: 'meeting.started', at },
    ...publishedVoteEvents(at),
    { type: 'meeting.ended', at },
  ]);
  // What the minutes module will index: a title that tries to inject markup.
  await new SearchIndex(e2e.sys.db).upsert({
    kind: 'minutes',
    refId: 'min_e2e',
    meetingId: e2e.sys.demoMeetingId,
    title: HOSTILE,
    body: 'Thư ký ghi biên bản cuộc họp giao ban.',
    occurredAt: at,
  });
});

afterAll(() => e2e?.close());

describe('archive page in Chromium', () => {
  it('finds the demo meeting without diacritics, marks the words, opens its record', async () => {
    await e2e.screenshotOnFailure(async () => {
      const p = await e2e.newPage('archive', { signInAs: 'chutri' });
      await p.getByRole('link', { name: 'Lưu trữ' }).click();
      await p.waitForURL('**/luu-tru');

      await p.getByLabel('Tìm trong cuộc họp, tài liệu, biên bản, thông báo').fill('truc tuyen dang uy');
      await expect
        .poll(() => p.getByTestId('search-count').textContent(), { timeout: 15_000 })
        .toBe('Tìm thấy 1 kết quả cho “truc tuyen dang uy”.');
      const group = p.getByTestId('search-group');
      expect(await group.getByRole('heading').textContent()).toBe(DEMO_MEETING_TITLE);
      const marks = await p.getByTestId('search-hit').first().locator('mark').allTextContents();
      expect(marks).toEqual(['trực', 'tuyến', 'Đảng', 'ủy']);

      // The minutes entry: found with diacritics; its markup is shown as text, never run.
      await p.getByLabel('Tìm trong cuộc họp, tài liệu, biên bản, thông báo').fill('biên bản kiểm tra ');
      const hit = p.locator('[data-testid="search-hit"][data-kind="minutes"]');
      await expect.poll(() => hit.count(), { timeout: 15_000 }).toBe(1);
      expect(await hit.getByRole('link').textContent()).toBe(HOSTILE);
      expect(await hit.locator('img').count()).toBe(0);
      expect(await p.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

      // The past meeting's record, opened from the keyboard.
      const card = p.getByTestId('archive-meeting').filter({ hasText: DEMO_MEETING_TITLE });
      const toggle = card.getByTestId('archive-toggle');
      await toggle.focus();
      await p.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const vote = card.getByTestId('archive-vote');
      await expect.poll(() => vote.count(), { timeout: 15_000 }).toBe(1);
      expect(await vote.textContent()).toContain('Thông qua nghị quyết');
      const counts = await vote.getByTestId('vote-result-count').allTextContents();
      expect(counts).toEqual(['1', '1', '0']);
      // The chair edits the meeting: the attendance sheet is offered.
      expect(await card.getByRole('link', { name: 'Tải bảng điểm danh (CSV)' }).getAttribute('href')).toBe(
        `/api/meetings/${e2e.sys.demoMeetingId}/attendance.csv`,
      );
    });
  });
});
