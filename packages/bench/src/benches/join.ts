// join: how long a participant waits from its join request to the first remote video frame, in
// a meeting where one publisher bot already publishes; N headless wrtc bots join one at a time.
import { Bot, loadWrtc } from '@diemcau/bots';
import type { BotReport, Wrtc } from '@diemcau/bots';
import { startServerChild } from '../lib/server-child.js';
import type { ServerChild } from '../lib/server-child.js';
import { percentile } from '../lib/stats.js';
import { metric, sleep } from './types.js';
import type { Bench } from './types.js';

/** Longest a joiner may wait for its first frame before it counts as failed. */
const FIRST_FRAME_TIMEOUT_S = 15;

export interface Publisher {
  bot: Bot;
  done: Promise<BotReport>;
}

/** Starts a publisher bot and resolves once Janus answered its publish (media is then flowing). */
export async function startPublisher(
  server: ServerChild,
  wrtc: Wrtc,
  name: string,
  videoKbps?: number,
): Promise<Publisher> {
  const bot = new Bot({
    link: server.link(name, name),
    seconds: 3600,
    wrtc,
    ...(videoKbps ? { videoKbps } : {}),
  });
  const published = new Promise<void>((resolve) => bot.once('published', () => resolve()));
  const done = bot.run();
  await Promise.race([
    published,
    done.then((r) => {
      throw new Error(`publisher ended early: ${JSON.stringify(r.fatal ?? r.errors)}`);
    }),
  ]);
  return { bot, done };
}

/** One receiving bot: joins, stops at its first remote frame (or the timeout), reports. */
export async function joinOnce(server: ServerChild, wrtc: Wrtc, name: string): Promise<BotReport> {
  const bot = new Bot({
    link: server.link(name, name),
    seconds: FIRST_FRAME_TIMEOUT_S,
    publish: false,
    wrtc,
  });
  bot.once('firstRemoteFrame', () => bot.stop());
  return bot.run();
}

export const joinBench: Bench = {
  name: 'join',
  async run(ctx) {
    const n = ctx.quick ? 4 : 30;
    const wrtc = await loadWrtc();
    const server = await startServerChild({ janus: true });
    let publisher: Publisher | undefined;
    const firstFrame: number[] = [];
    const joined: number[] = [];
    let failures = 0;
    try {
      publisher = await startPublisher(server, wrtc, 'Hội trường UBND phường');
      // NOTE: give the encoder a moment so that the first joiner does not also time encoder start-up.
      await sleep(1500);
      for (let i = 0; i < n; i++) {
        const report = await joinOnce(server, wrtc, `Khu phố ${i + 1}`);
        if (report.joinedMs !== null) joined.push(report.joinedMs);
        if (report.firstRemoteFrameMs !== null) firstFrame.push(report.firstRemoteFrameMs);
        else failures += 1;
        ctx.log(
          `join ${i + 1}/${n}: joined ${report.joinedMs} ms, first frame ${report.firstRemoteFrameMs} ms`,
        );
        await sleep(200);
      }
    } finally {
      publisher?.bot.stop();
      await publisher?.done.catch(() => undefined);
      await server.stop();
    }
    return {
      metrics: {
        'firstFrame.p50': metric(percentile(firstFrame, 50), 'ms', 'lower'),
        'firstFrame.p95': metric(percentile(firstFrame, 95), 'ms', 'lower'),
        'joined.p50': metric(percentile(joined, 50), 'ms', 'lower'),
        joins: metric(n, 'bots'),
        failed: metric(failures, 'bots', 'lower'),
      },
      limits:
        'loopback network (no latency, no loss), so this is the floor of protocol work: join, the ' +
        'subscribe offer/answer, ICE + DTLS with Janus, then a VP8 key frame from the publisher and ' +
        'its decode in the bot. Joiners do not publish; one at a time, so no contention between joiners.',
      notes: ['measured by the bot from its start (socket open + join) to the first decoded remote frame'],
    };
  },
};
