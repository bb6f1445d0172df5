// join.chromium: the join measured in Debian Chromium through the real web app: open the join
// link with autojoin, time until the first remote <video> has a frame (median of 10 runs).
import fs from 'node:fs';
import path from 'node:path';
import { loadWrtc } from '@diemcau/bots';
import type { Browser } from 'playwright-core';
// NOTE: reached by relative path into the server's build until the server exports "./testing/chromium";
// the flags (fake devices, loopback-only ICE and name resolution) must stay the ones the e2e tests use.
import { launchChromium } from '../../../server/dist/testing/chromium.js';
import { REPO_ROOT, startServerChild } from '../lib/server-child.js';
import { percentile } from '../lib/stats.js';
import { startPublisher } from './join.js';
import { metric, sleep } from './types.js';
import type { Bench } from './types.js';

const WEB_INDEX = path.join(REPO_ROOT, 'packages/web/dist/index.html');

interface PageTimes {
  joinSentAt: number | null;
  publishSentAt: number | null;
  answerSentAt: number | null;
  firstFrameAt: number | null;
}

/**
 * Runs in the page before the app: notes when the app sends `join` over the signalling socket and
 * when a remote video first has a decoded frame (videoWidth > 0). Times are performance.now(),
 * i.e. milliseconds since navigation start. A string, because this package compiles without DOM types.
 */
const INSTRUMENT = `(() => {
  const times = { joinSentAt: null, publishSentAt: null, answerSentAt: null, firstFrameAt: null };
  globalThis.__bench = times;
  const marks = [['joinSentAt', '"type":"join"'], ['publishSentAt', '"type":"publish"'], ['answerSentAt', '"type":"subscribe.answer"']];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string')
      for (const [key, text] of marks) if (times[key] === null && data.includes(text)) times[key] = performance.now();
    return send.call(this, data);
  };
  const poll = setInterval(() => {
    for (const v of document.querySelectorAll('video[data-testid="remote-video"]')) {
      if (v.videoWidth > 0) {
        times.firstFrameAt = performance.now();
        clearInterval(poll);
        return;
      }
    }
  }, 4);
})();`;

async function onePage(browser: Browser, link: string): Promise<PageTimes> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'vi-VN' });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: INSTRUMENT });
    await page.goto(`${link}&autojoin=1&ice=loopback`);
    await page.waitForFunction(
      () => (globalThis as unknown as { __bench?: PageTimes }).__bench?.firstFrameAt != null,
      undefined,
      { timeout: 30_000, polling: 50 },
    );
    return await page.evaluate(() => (globalThis as unknown as { __bench: PageTimes }).__bench);
  } finally {
    await context.close();
  }
}

export const joinChromiumBench: Bench = {
  name: 'join.chromium',
  async run(ctx) {
    if (!fs.existsSync(WEB_INDEX)) return { skipped: `web app not built (${WEB_INDEX} missing)` };
    const runs = ctx.quick ? 3 : 10;
    const wrtc = await loadWrtc();
    const server = await startServerChild({ janus: true, web: true });
    let browser: Browser | undefined;
    let publisher: Awaited<ReturnType<typeof startPublisher>> | undefined;
    const navToFrame: number[] = [];
    const joinToFrame: number[] = [];
    const joinToPublish: number[] = [];
    const joinToAnswer: number[] = [];
    const answerToFrame: number[] = [];
    let failures = 0;
    try {
      publisher = await startPublisher(server, wrtc, 'Hội trường UBND phường');
      browser = await launchChromium();
      await sleep(1500);
      for (let i = 0; i < runs; i++) {
        try {
          const t = await onePage(browser, server.link(`Khu phố ${i + 1}`, `Khu phố ${i + 1}`));
          if (t.firstFrameAt !== null) navToFrame.push(t.firstFrameAt);
          if (t.firstFrameAt !== null && t.joinSentAt !== null)
            joinToFrame.push(t.firstFrameAt - t.joinSentAt);
          if (t.publishSentAt !== null && t.joinSentAt !== null)
            joinToPublish.push(t.publishSentAt - t.joinSentAt);
          if (t.answerSentAt !== null && t.joinSentAt !== null)
            joinToAnswer.push(t.answerSentAt - t.joinSentAt);
          if (t.firstFrameAt !== null && t.answerSentAt !== null)
            answerToFrame.push(t.firstFrameAt - t.answerSentAt);
          ctx.log(
            `join.chromium ${i + 1}/${runs}: join sent at ${t.joinSentAt?.toFixed(0)} ms, frame at ${t.firstFrameAt?.toFixed(0)} ms`,
          );
        } catch (err) {
          failures += 1;
          ctx.log(`join.chromium ${i + 1}/${runs} failed: ${String(err)}`);
        }
      }
    } finally {
      await browser?.close();
      publisher?.bot.stop();
      await publisher?.done.catch(() => undefined);
      await server.stop();
    }
    return {
      metrics: {
        'joinToFrame.p50': metric(percentile(joinToFrame, 50), 'ms', 'lower'),
        'joinToPublishSent.p50': metric(percentile(joinToPublish, 50), 'ms', 'lower'),
        'joinToSubscribeAnswerSent.p50': metric(percentile(joinToAnswer, 50), 'ms', 'lower'),
        'subscribeAnswerToFrame.p50': metric(percentile(answerToFrame, 50), 'ms', 'lower'),
        'navigationToFrame.p50': metric(percentile(navToFrame, 50), 'ms', 'lower'),
        'navigationToFrame.max': metric(navToFrame.length ? Math.max(...navToFrame) : null, 'ms', 'lower'),
        runs: metric(runs, 'page loads'),
        failed: metric(failures, 'page loads', 'lower'),
      },
      limits:
        'one fresh browser context per run on loopback; navigation includes loading the app, the fake ' +
        'camera (getUserMedia) and publishing the own camera before or while subscribing; join→frame is ' +
        'timed from the app’s `join` frame on the socket to a remote <video> with videoWidth > 0 (4 ms polling); the breakdown marks when the app sent its own publish and its first subscribe.answer.',
    };
  },
};
