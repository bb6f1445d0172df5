// End-to-end in Chromium: a participant's page survives the server dropping its socket (close code
// 4010, "the node running your meeting went away") and the signalling server being killed and
// started again, and gets media again without a page reload; an ICE restart (the browser comes
// back online) keeps media on the same connections, with fresh ICE credentials on both the
// publisher and the subscriber; audio-only mode stops our video for others. The kill test runs
// the built server (npm run build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { demoJoinLink } from '../demo/links.js';
import { seedDemo } from '../demo/seed.js';
import { launchChromium } from '../testing/chromium.js';
import { startServerProcess } from '../testing/server-process.js';
import type { ServerProcess } from '../testing/server-process.js';
import { freePort, startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

let sys: TestSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ web: true });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await sys?.stop();
});

/**
 * Before any page script: remember every remote description's type and ICE ufrag, count the peer
 * connections made, and set a marker that a reload would wipe.
 */
const RECORD_SDP = `
  window.__marker = 'loaded-once';
  window.__remote = [];
  window.__pcs = 0;
  const Native = RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__pcs += 1;
    }
  };
  const set = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function (desc) {
    const sdp = (desc && desc.sdp) || '';
    const ufrag = (/a=ice-ufrag:(\\S+)/.exec(sdp) || [])[1] || null;
    window.__remote.push({ type: desc && desc.type, ufrag });
    return set.apply(this, arguments);
  };
`;

async function joinThroughUi(name: string, warnings: string[], link?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  await page.addInitScript(RECORD_SDP);
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'warning' || msg.type() === 'error') warnings.push(msg.text());
  });
  await page.goto(`${link ?? (await sys.link(name))}&ice=loopback`);
  const join = page.getByTestId('btn-join');
  await expect.poll(() => join.isEnabled(), { timeout: 20_000 }).toBe(true);
  await join.click();
  await page.locator('[data-state="joined"]').waitFor({ timeout: 20_000 });
  return page;
}

/** Whether a remote camera plays: decoded frames and a clock that moves. */
async function remoteVideoPlays(page: Page): Promise<boolean> {
  const sample = () =>
    page.$$eval('[data-testid="remote-video"]', (els) =>
      els.map((el) => {
        const v = el as unknown as { videoWidth: number; currentTime: number };
        return { width: v.videoWidth, time: v.currentTime };
      }),
    );
  const t0 = (await sample()).find((v) => v.width > 0)?.time;
  if (t0 === undefined) return false;
  await page.waitForTimeout(1_000);
  const t1 = (await sample()).find((v) => v.width > 0)?.time ?? 0;
  return t1 > t0 + 0.3;
}

const selfId = (page: Page): Promise<string | null> =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __diemcau?: { state(): { selfId: string | null } } }).__diemcau?.state()
        .selfId ?? null,
  );

const navigations = (page: Page): Promise<{ marker: unknown; entries: number; type: string | undefined }> =>
  page.evaluate(() => {
    const g = globalThis as unknown as {
      __marker?: unknown;
      performance: { getEntriesByType(kind: string): { type?: string }[] };
    };
    const nav = g.performance.getEntriesByType('navigation');
    return { marker: g.__marker, entries: nav.length, type: nav[0]?.type };
  });

type Remote = { type: string; ufrag: string | null };
const remotes = (page: Page): Promise<Remote[]> =>
  page.evaluate(() => (globalThis as unknown as { __remote: Remote[] }).__remote.slice());

describe('reconnection in Chromium', () => {
  let hall: Page;
  let kp4: Page;
  const kp4Warnings: string[] = [];

  it('rejoins with media after the server drops the socket, without reloading the page', async () => {
    hall = await joinThroughUi('Hội trường UBND phường', []);
    kp4 = await joinThroughUi('Văn phòng khu phố 4', kp4Warnings);
    await expect.poll(() => remoteVideoPlays(kp4), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => remoteVideoPlays(hall), { timeout: 20_000 }).toBe(true);
    const before = await selfId(kp4);
    expect(before).not.toBeNull();

    // The server side closes every signalling socket as a node that went away would.
    const sockets = [...sys.app.fastify.websocketServer.clients];
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    const dropped = Date.now();
    for (const ws of sockets) ws.close(4010, 'node gone');

    await expect.poll(() => selfId(kp4), { timeout: 15_000 }).not.toBe(before);
    await expect.poll(() => remoteVideoPlays(kp4), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => remoteVideoPlays(hall), { timeout: 20_000 }).toBe(true);
    console.log(`media back on both pages ${Date.now() - dropped} ms after the drop`);
    expect(await navigations(kp4)).toEqual({ marker: 'loaded-once', entries: 1, type: 'navigate' });
    await expect.poll(() => kp4.getByTestId('reconnect-banner').count()).toBe(0);
    const tiles = await hall.locator('[data-testid="tile"][data-name="Văn phòng khu phố 4"]').count();
    expect(tiles).toBe(1);
  });

  it('restarts ICE on the same connections when the browser comes back online', async () => {
    const seen = (await remotes(kp4)).length;
    const before = await remotes(kp4);
    const lastUfrag = (type: string, list: Remote[]) => list.filter((r) => r.type === type).at(-1)?.ufrag;
    const pcs = () => kp4.evaluate(() => (globalThis as unknown as { __pcs: number }).__pcs);
    const pcsBefore = await pcs();
    await kp4.evaluate(() => {
      const g = globalThis as unknown as {
        dispatchEvent(e: unknown): void;
        Event: new (t: string) => unknown;
      };
      g.dispatchEvent(new g.Event('online'));
    });
    // A new answer from Janus to our publisher's restart offer, and a new subscriber offer, both
    // with ICE credentials other than the last ones.
    await expect
      .poll(
        async () => {
          const now = (await remotes(kp4)).slice(seen);
          return ['answer', 'offer'].every((t) => {
            const u = lastUfrag(t, now);
            return u !== undefined && u !== lastUfrag(t, before);
          });
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await expect.poll(() => remoteVideoPlays(kp4), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => remoteVideoPlays(hall), { timeout: 15_000 }).toBe(true);
    expect(kp4Warnings.filter((w) => w.includes('ICE restart'))).toEqual([]);
    // Restarted, not replaced: no new peer connection was made.
    expect(await pcs()).toBe(pcsBefore);
  });

  it('audio only: our camera goes dark for the others and the banner says it was our choice', async () => {
    await kp4.getByTestId('btn-audio-only').click();
    await expect.poll(() => kp4.getByTestId('btn-audio-only').getAttribute('aria-pressed')).toBe('true');
    const kp4Tile = hall.locator('[data-testid="tile"][data-name="Văn phòng khu phố 4"]');
    await expect.poll(() => kp4Tile.getAttribute('data-video-off'), { timeout: 10_000 }).toBe('true');
    await expect
      .poll(() => kp4.getByTestId('receive-banner').getAttribute('data-reason'), { timeout: 10_000 })
      .toBe('chosen');
    await kp4.getByTestId('btn-audio-only').click();
    await expect.poll(() => kp4Tile.getAttribute('data-video-off'), { timeout: 10_000 }).toBe('false');
    await expect.poll(() => kp4.getByTestId('receive-banner').count(), { timeout: 10_000 }).toBe(0);
  });
});

describe('the signalling server killed and started again', () => {
  it('the page rejoins by itself and gets media again, without reloading', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-e2e-restart-'));
    const port = await freePort();
    const rtpMin = 21000 + Math.floor(Math.random() * 400) * 100;
    const env = {
      JANUS_ENABLED: '1',
      JANUS_WS_PORT: String(await freePort()),
      JANUS_RTP_MIN: String(rtpMin),
      JANUS_RTP_MAX: String(rtpMin + 99),
      MEDIA_IFACE: process.env.DIEMCAU_MEDIA_IFACE ?? 'dc0',
      MEDIA_ADDR: process.env.DIEMCAU_MEDIA_ADDR ?? '127.0.0.2',
      TURN_ENABLED: '0',
      WEB_DIST: fileURLToPath(new URL('../../../web/dist', import.meta.url)),
    };
    const db = await openDatabase({ url: path.join(dataDir, 'diemcau.sqlite') });
    const { meetingId } = await seedDemo(db);
    const origin = `http://127.0.0.1:${port}`;
    const [hallLink, kp5Link] = await Promise.all(
      ['Hội trường UBND phường', 'Văn phòng khu phố 5'].map(
        async (name) => (await demoJoinLink(db, origin, meetingId, name)).link,
      ),
    );
    await db.destroy();
    let server: ServerProcess = await startServerProcess({ dataDir, port, env });
    try {
      const hall = await joinThroughUi('Hội trường UBND phường', [], hallLink);
      const kp5 = await joinThroughUi('Văn phòng khu phố 5', [], kp5Link);
      await expect.poll(() => remoteVideoPlays(kp5), { timeout: 30_000 }).toBe(true);
      const before = await selfId(kp5);

      const killedAt = Date.now();
      await server.kill9();
      await expect.poll(() => kp5.getByTestId('reconnect-attempt').count(), { timeout: 10_000 }).toBe(1);
      server = await startServerProcess({ dataDir, port, env });
      await expect.poll(() => selfId(kp5), { timeout: 30_000 }).not.toBe(before);
      await expect.poll(() => remoteVideoPlays(kp5), { timeout: 30_000 }).toBe(true);
      await expect.poll(() => remoteVideoPlays(hall), { timeout: 30_000 }).toBe(true);
      console.log(`server kill -9 → media back on both pages after ${Date.now() - killedAt} ms`);
      expect(await navigations(kp5)).toEqual({ marker: 'loaded-once', entries: 1, type: 'navigate' });
      expect(await navigations(hall)).toEqual({ marker: 'loaded-once', entries: 1, type: 'navigate' });
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
