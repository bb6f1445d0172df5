// End-to-end in Debian's Chromium with fake devices: two people join the demo meeting through the
// join page; each sees the other's video actually playing and receives audio; muting in one shows
// as muted in the other. A screenshot of the room is saved under artifacts/e2e/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../testing/chromium.js';
import { startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

const ARTIFACTS = path.resolve('artifacts/e2e');
let sys: TestSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ web: true });
  browser = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await sys?.stop();
});

async function joinThroughUi(name: string, size = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({
    viewport: size,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  // ice=loopback: offer only loopback-range candidates (this machine's tests stay on 127.x).
  await page.goto(`${await sys.link(name)}&ice=loopback`);
  const join = page.getByTestId('btn-join');
  await expect.poll(() => join.isEnabled(), { timeout: 20_000 }).toBe(true);
  await join.click();
  await page.locator('[data-state="joined"]').waitFor({ timeout: 20_000 });
  return page;
}

interface RemoteVideo {
  width: number;
  time: number;
}

async function remoteVideos(page: Page): Promise<RemoteVideo[]> {
  return page.$$eval('[data-testid="remote-video"]', (els) =>
    els.map((el) => {
      const v = el as unknown as { videoWidth: number; currentTime: number };
      return { width: v.videoWidth, time: v.currentTime };
    }),
  );
}

async function inboundAudioEnergy(page: Page): Promise<number> {
  return page.evaluate(async () => {
    type Stats = Record<string, { audio: { totalAudioEnergy?: number } | null }>;
    const w = globalThis as unknown as { __diemcau?: { stats(): Promise<Stats> } };
    const stats = (await w.__diemcau?.stats()) ?? {};
    return Object.values(stats).reduce((sum, s) => sum + (s.audio?.totalAudioEnergy ?? 0), 0);
  });
}

describe('the meeting room in Chromium', () => {
  it('two bridge points see and hear each other, and mute shows on the other side', async () => {
    const hall = await joinThroughUi('Hội trường UBND phường', { width: 1920, height: 1080 });
    const kp4 = await joinThroughUi('Văn phòng khu phố 4');

    for (const [page, other] of [
      [hall, 'Văn phòng khu phố 4'],
      [kp4, 'Hội trường UBND phường'],
    ] as const) {
      await expect
        .poll(async () => (await remoteVideos(page)).some((v) => v.width > 0), { timeout: 20_000 })
        .toBe(true);
      const t0 = (await remoteVideos(page)).find((v) => v.width > 0)?.time ?? 0;
      await page.waitForTimeout(1500);
      const t1 = (await remoteVideos(page)).find((v) => v.width > 0)?.time ?? 0;
      expect(t1, `video from ${other} is playing`).toBeGreaterThan(t0 + 0.5);
      await expect.poll(() => inboundAudioEnergy(page), { timeout: 10_000 }).toBeGreaterThan(0.0001);
      await expect.poll(() => page.locator(`[data-testid="tile"][data-name="${other}"]`).count()).toBe(1);
    }

    const kp4Tile = hall.locator('[data-testid="tile"][data-name="Văn phòng khu phố 4"]');
    await expect.poll(() => kp4Tile.getAttribute('data-muted')).toBe('false');
    await kp4.getByTestId('btn-mic').click();
    await expect.poll(() => kp4Tile.getAttribute('data-muted'), { timeout: 5000 }).toBe('true');
    await kp4.getByTestId('btn-mic').click();
    await expect.poll(() => kp4Tile.getAttribute('data-muted'), { timeout: 5000 }).toBe('false');

    await hall.screenshot({ path: path.join(ARTIFACTS, 'room-hall-1920x1080.png') });
    await kp4.screenshot({ path: path.join(ARTIFACTS, 'room-kp4-1366x768.png') });
  });
});
