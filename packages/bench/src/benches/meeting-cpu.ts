// meeting.cpu: a 6-bot meeting (each publishes 640×360 at 15 fps plus a tone and receives the 5
// others) and what it costs: Janus and our server (child process) CPU and memory, from /proc.
import { Bot, loadWrtc } from '@diemcau/bots';
import type { BotReport } from '@diemcau/bots';
import { ProcWindow, mib } from '../lib/proc.js';
import type { WindowUsage } from '../lib/proc.js';
import { startServerChild } from '../lib/server-child.js';
import { metric, sleep } from './types.js';
import type { Bench } from './types.js';

const BOTS = 6;

const NAMES = [
  'Hội trường UBND phường',
  'Văn phòng khu phố 1',
  'Văn phòng khu phố 2',
  'Văn phòng khu phố 3',
  'Văn phòng khu phố 4',
  'Văn phòng khu phố 5',
];

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/** Mean received video frame rate per remote stream over each bot's whole run, frames/s. */
export function meanReceivedFps(reports: readonly BotReport[]): number | null {
  const rates: number[] = [];
  for (const r of reports) {
    for (const s of r.received)
      if (s.source === 'camera' && r.durationMs > 0) rates.push(s.videoFrames / (r.durationMs / 1000));
  }
  return mean(rates);
}

/** Mean frame rate the bots' synthetic cameras produced over their whole run, frames/s. */
export function meanPublishedFps(reports: readonly BotReport[]): number | null {
  return mean(
    reports.flatMap((r) =>
      r.published && r.durationMs > 0 ? [r.published.videoFrames / (r.durationMs / 1000)] : [],
    ),
  );
}

export const meetingCpuBench: Bench = {
  name: 'meeting.cpu',
  async run(ctx) {
    const measureMs = ctx.quick ? 6000 : 20_000;
    const warmupMs = ctx.quick ? 3000 : 5000;
    const wrtc = await loadWrtc();
    const server = await startServerChild({ janus: true });
    const bots = NAMES.slice(0, BOTS).map(
      (name) => new Bot({ link: server.link(name, name), seconds: 3600, wrtc }),
    );
    const published = bots.map((b) => new Promise<void>((resolve) => b.once('published', () => resolve())));
    const runs = bots.map((b) => b.run());
    let usage: Map<number, WindowUsage>;
    let janusPid: number | null;
    let reports: BotReport[];
    try {
      // NOTE: a bot refused at join rejects its run; racing the runs records that as this bench's
      // failure instead of an unhandled rejection that would end the whole bench process.
      await Promise.race([
        Promise.all(published),
        ...runs.map((r) =>
          r.then((report) => {
            throw new Error(
              `a bot ended before publishing: ${JSON.stringify(report.fatal ?? report.errors)}`,
            );
          }),
        ),
        sleep(30_000).then(() => {
          throw new Error('bots did not all publish in 30 s');
        }),
      ]);
      await sleep(warmupMs);
      janusPid = server.janusPid();
      if (janusPid === null) throw new Error('Janus process not found under the server');
      ctx.log(`meeting.cpu: measuring ${measureMs / 1000} s with ${BOTS} bots`);
      const window = new ProcWindow([janusPid, server.pid, process.pid]);
      await sleep(measureMs);
      usage = window.stop();
    } finally {
      for (const b of bots) b.stop();
      reports = await Promise.all(runs.map((r) => r.catch(() => null))).then((rs) =>
        rs.filter((r): r is BotReport => r !== null),
      );
      await server.stop();
    }
    const janus = janusPid === null ? undefined : usage.get(janusPid);
    const srv = usage.get(server.pid);
    const botsProc = usage.get(process.pid);
    const streams = reports.reduce(
      (n, r) => n + r.received.filter((s) => s.source === 'camera' && s.videoFrames > 0).length,
      0,
    );
    return {
      metrics: {
        'janus.cpu': metric(janus?.cpuPercent ?? null, '% of 1 core', 'lower'),
        'janus.rss': metric(janus ? mib(janus.rssMaxBytes) : null, 'MiB', 'lower'),
        'server.cpu': metric(srv?.cpuPercent ?? null, '% of 1 core', 'lower'),
        'server.rss': metric(srv ? mib(srv.rssMaxBytes) : null, 'MiB', 'lower'),
        'bots.cpu': metric(botsProc?.cpuPercent ?? null, '% of 1 core'),
        'received.videoStreams': metric(streams, `streams of ${BOTS * (BOTS - 1)}`, 'higher'),
        'published.fps.mean': metric(meanPublishedFps(reports), 'frames/s per bot, whole run incl. join'),
        'received.fps.mean': metric(
          meanReceivedFps(reports),
          'frames/s per stream, whole run incl. join',
          'higher',
        ),
      },
      limits:
        `${BOTS} wrtc bots in the bench process encode 6 and decode 30 streams on the same cores as Janus; ` +
        'Janus only relays (SRTP decrypt/encrypt per packet, no transcoding), so its CPU scales with ' +
        'publishers × subscribers; the server does signalling only and is near idle once media flows.',
      notes: [
        `window ${measureMs / 1000} s after ${warmupMs / 1000} s warm-up; RSS is the peak in the window`,
      ],
    };
  },
};
