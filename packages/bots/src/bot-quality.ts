// Sends `quality.report` every 5 s from a bot with the protocol's QualityReporter, measured exactly
// as browsers measure it, so that the server's receive adaptation sees bots on a bad line as it
// would see people. The samples sent are kept in the bot's report for tests.
import { QualityReporter, type QualitySample, type RtcStatsReportLike } from '@diemcau/protocol';
import type { BotReport } from './report.js';
import type { WrtcPeerConnection } from './wrtc.js';

/** The report keeps the last this many samples. */
const KEPT_SAMPLES = 50;

const NO_STATS: RtcStatsReportLike = { forEach: () => undefined };

export interface BotQualityOptions {
  /** The connections to read now, by name (camera, subscriber, mix); null entries are skipped. */
  connections(): { name: string; pc: Pick<WrtcPeerConnection, 'getStats'> | null }[];
  /** Sends one `quality.report`; false when it could not be sent (then it is not recorded). */
  send(sample: QualitySample): boolean;
  /** The bot's clock, for when each sample was sent. */
  elapsed(): number;
  /** Where sent samples are counted and kept. */
  report: Pick<BotReport, 'qualityReports' | 'qualitySamples'>;
  onError: (err: unknown) => void;
  intervalMs?: number;
  /** The clock of the readings (default performance.now). */
  now?: () => number;
}

/**
 * Starts a bot's quality reports: the first reading at once (the baseline), then one sample per
 * interval. `stop()` the result at the end of the run.
 */
export function startBotQuality(options: BotQualityOptions): QualityReporter {
  const { report } = options;
  const reporter = new QualityReporter({
    connections: () =>
      options.connections().flatMap(({ name, pc }) => (pc ? [{ name, pc: statsOf(pc) }] : [])),
    send: (sample) => {
      if (!options.send(sample)) return;
      report.qualityReports += 1;
      report.qualitySamples.push({ ...sample, atMs: options.elapsed() });
      if (report.qualitySamples.length > KEPT_SAMPLES) report.qualitySamples.shift();
    },
    onError: options.onError,
    intervalMs: options.intervalMs,
    now: options.now,
  });
  reporter.start();
  // NOTE: the protocol's reporter reads first after one interval; the bot reads its baseline at
  // once, so that its first sample comes one interval after joining.
  reporter.tick().catch(options.onError);
  return reporter;
}

/**
 * wrtc's getStats as the protocol reads it. NOTE: a connection that cannot be read (it closed
 * meanwhile: media reset) counts as one without stats, which leaves it out of this reading
 * instead of losing the whole reading.
 */
function statsOf(pc: Pick<WrtcPeerConnection, 'getStats'>): { getStats(): Promise<RtcStatsReportLike> } {
  return { getStats: () => pc.getStats().catch(() => NO_STATS) };
}
