// End-to-end in Debian's Chromium with fake devices: two people join the demo meeting through the
// join page; each sees the other's video actually playing and receives audio; muting in one shows
// as muted in the other. A screenshot of the room is saved under artifacts/e2e/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eSession } from '../testing/e2e-session.js';
import type { E2eSession } from '../testing/e2e-session.js';

let e2e: E2eSession;

beforeAll(async () => {
  e2e = await startE2eSession({ artifacts: 'e2e' });
});

afterAll(() => e2e?.close());

async function joinThroughUi(name: string, size = { width: 1366, height: 768 }): Promise<Page> {
  const page = await e2e.newPage(name, size);
  // ice=loopback: offer only loopback-range candidates (this machine's tests stay on 127.x).
  await page.goto(`${await e2e.sys.link(name)}&ice=loopback`);
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

    await e2e.screenshot(hall, 'room-hall-1920x1080');
    await e2e.screenshot(kp4, 'room-kp4-1366x768');
  });
});
