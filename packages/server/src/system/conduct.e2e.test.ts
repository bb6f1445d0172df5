// End-to-end in Chromium for the conduct of a meeting (issue 4): the chair opens an agenda item from
// the chair console; Văn phòng khu phố 1 asks to speak on behalf of Phạm Văn Ơn, who sits there;
// the chair gives the floor and, for a third participant (Văn phòng khu phố 2), that point becomes
// the main view with its video playing and the label "Văn phòng khu phố 1 – Phạm Văn Ơn"; then a
// vote per bridge point: both points type their show-of-hands counts, the chair closes and
// publishes, and every participant sees the tally. Screenshots of the console and of a
// participant go to artifacts/e2e/. NOTE: three browsers, not four: each one encodes simulcast
// video, and the suite must stay quick on a small CI machine.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';

const CHAIR = 'Nguyễn Thị Hồng Nhung';
const KP1 = 'Văn phòng khu phố 1';
const KP2 = 'Văn phòng khu phố 2';
const SPEAKER = 'Phạm Văn Ơn';
const MOTION = 'Thống nhất lịch tuần tra ban đêm tại các khu phố';
let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'e2e' });
});

afterAll(() => e2e?.close());

/**
 * Joins through the join page. NOTE: only the speaking point needs a live camera; the others join
 * with the camera off so the three browsers do not all encode video on a small machine.
 */
async function join(name: string, link: string, camera: boolean): Promise<Page> {
  const page = await e2e.newPage(name, { defaultTimeout: 60_000 });
  await page.goto(`${link}&ice=loopback`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  const button = page.getByTestId('btn-join');
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  const toggle = page.getByTestId('join-camera-toggle');
  if (!camera && (await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
  await button.click();
  await page.locator('[data-state="joined"]').waitFor({ timeout: 40_000 });
  return page;
}

/** The stage's video as the page plays it. */
async function stageVideo(page: Page): Promise<{ width: number; time: number } | null> {
  return page
    .locator('[data-testid="stage-video"]')
    .evaluate((el) => {
      const v = el as unknown as { videoWidth: number; currentTime: number };
      return { width: v.videoWidth, time: v.currentTime };
    })
    .catch(() => null);
}

/** The published tally a page shows: option → number, read from the chart's text. */
async function tally(page: Page): Promise<Record<string, string>> {
  const rows = page.locator(
    `[data-testid="vote-card"][data-status="published"] [data-testid="vote-result-row"]`,
  );
  const out: Record<string, string> = {};
  for (const row of await rows.all()) {
    const option = (await row.getAttribute('data-option')) ?? '';
    out[option] = ((await row.getByTestId('vote-result-count').textContent()) ?? '').trim();
  }
  return out;
}

describe('running a meeting in Chromium', () => {
  it('agenda, floor on behalf of a named person, main view, and a vote per bridge point', async () => {
    await e2e.screenshotOnFailure(conduct, 'conduct-');
  }, 300_000);
});

async function conduct(): Promise<void> {
  // Links first, while the server is idle.
  const links = {
    chair: await e2e.sys.link(CHAIR),
    kp1: await e2e.sys.link(KP1),
    kp2: await e2e.sys.link(KP2),
  };
  const chair = await join(CHAIR, links.chair, false);
  const kp1 = await join(KP1, links.kp1, true);
  const third = await join(KP2, links.kp2, false);
  const kp2 = third;

  // 1. The chair gets the console and opens the first agenda item (which starts the meeting).
  await chair.getByTestId('console').waitFor({ timeout: 15_000 });
  await chair.getByTestId('agenda-next').click();
  const first = chair.getByTestId('agenda-item').first();
  await expect.poll(() => first.getAttribute('data-current'), { timeout: 10_000 }).toBe('true');
  await expect.poll(() => chair.getByTestId('meeting-status').textContent()).toContain('Đang họp');

  // 2. Văn phòng khu phố 1 (microphone off) asks to speak on behalf of Phạm Văn Ơn, sitting there.
  await kp1.getByTestId('btn-mic').click();
  await expect.poll(() => kp1.getByTestId('btn-mic').getAttribute('aria-pressed')).toBe('false');
  await kp1.getByTestId('tab-speak').click();
  await kp1.getByTestId('speak-on-behalf').selectOption({ label: SPEAKER });
  await kp1.getByTestId('speak-topic').fill('Chiếu sáng hẻm 12');
  await kp1.getByTestId('speak-request').click();
  await expect
    .poll(() => kp1.getByTestId('my-request').textContent(), { timeout: 10_000 })
    .toContain(SPEAKER);

  // 3. The chair sees "<point> – <person>" in the queue and gives the floor.
  const request = chair.getByTestId('queue-item').filter({ hasText: `${KP1} – ${SPEAKER}` });
  await request.waitFor({ timeout: 10_000 });
  await request.getByTestId('queue-grant').click();
  await expect.poll(() => chair.getByTestId('current-speaker').textContent()).toBe(`${KP1} – ${SPEAKER}`);

  // 4. The point is told and its microphone opens; for a third participant it is the main view.
  await kp1.getByTestId('floor-banner').waitFor({ timeout: 10_000 });
  await expect.poll(() => kp1.getByTestId('btn-mic').getAttribute('aria-pressed')).toBe('true');
  const kp1Id = await third
    .locator(`[data-testid="tile"][data-name="${KP1}"]`)
    .getAttribute('data-participant-id');
  expect(kp1Id).toBeTruthy();
  const stage = third.getByTestId('stage');
  await expect.poll(() => stage.getAttribute('data-participant-id'), { timeout: 10_000 }).toBe(kp1Id);
  await expect.poll(() => third.getByTestId('stage-label').textContent()).toBe(`${KP1} – ${SPEAKER}`);
  await expect
    .poll(async () => (await stageVideo(third))?.width ?? 0, { timeout: 45_000 })
    .toBeGreaterThan(0);
  const t0 = (await stageVideo(third))?.time ?? 0;
  await third.waitForTimeout(1500);
  expect((await stageVideo(third))?.time ?? 0, 'the point’s video plays on the stage').toBeGreaterThan(
    t0 + 0.5,
  );
  await e2e.screenshot(third, 'conduct-participant-floor');

  // The point applauds: the others see a drawn clap (not an emoji, which shows as an empty box
  // where no colour emoji font is installed, as on this machine) with the point's name.
  await kp1.getByTestId('react-clap').click();
  const flying = third.locator('.reactions__item').filter({ hasText: KP1 });
  await flying.first().waitFor({ timeout: 10_000 });
  expect(await flying.first().locator('.reactions__emoji--clap svg path').count()).toBeGreaterThan(0);
  expect(await flying.first().locator('.sr-only').textContent()).toBe('Vỗ tay');
  await e2e.screenshot(third, 'conduct-reaction');

  // 5. The chair opens a vote counted per bridge point (show of hands).
  await chair.getByTestId('tab-votes').click();
  await chair.getByTestId('vote-new').click();
  await chair.getByTestId('vote-title').fill(MOTION);
  await chair.getByTestId('vote-scope-point').check();
  await chair.getByTestId('vote-open').click();
  await chair.locator('[data-testid="vote-card"][data-status="open"]').waitFor({ timeout: 10_000 });

  // 6. Two points type their counts (their votes tab opened by itself when the vote opened).
  const counts = [
    [kp1, { yes: '12', no: '1', abstain: '2' }],
    [kp2, { yes: '7', no: '2', abstain: '0' }],
  ] as const;
  for (const [page, c] of counts) {
    const form = page.getByTestId('vote-count-form');
    await form.waitFor({ timeout: 10_000 });
    for (const [option, n] of Object.entries(c)) await form.getByTestId(`vote-count-${option}`).fill(n);
    await form.getByTestId('vote-count-submit').click();
    await page.getByTestId('vote-count-sent').waitFor({ timeout: 10_000 });
  }
  await expect
    .poll(() =>
      chair
        .locator('[data-testid="vote-card"][data-status="open"] [data-testid="vote-progress"]')
        .textContent(),
    )
    .toMatch(/^2\//);
  await e2e.screenshot(chair, 'conduct-console-1366x768');

  // 7. The chair closes and publishes; everyone sees the same tally, in numbers.
  await chair.getByTestId('vote-close').click();
  await chair.locator('[data-testid="vote-card"][data-status="closed"]').waitFor({ timeout: 10_000 });
  await chair.getByTestId('vote-publish').click();
  const expected = { yes: '19', no: '3', abstain: '2' };
  for (const [name, page] of [
    [CHAIR, chair],
    [KP1, kp1],
    [KP2, kp2],
  ] as const) {
    await expect.poll(() => tally(page), { timeout: 10_000, message: name }).toEqual(expected);
    await expect.poll(() => page.getByTestId('vote-summary').first().textContent()).toContain('24/');
  }
  await e2e.screenshot(third, 'conduct-participant-result');
  await e2e.screenshot(chair, 'conduct-console-result');
}
