// Sends `quality.report` every 5 s from a bot, measured exactly as browsers measure it (the
// protocol's readQuality/qualitySample over the bot's publisher and subscriber connections), so
// that the server's receive adaptation sees bots on a bad line as it would see people.
import {
  QUALITY_REPORT_INTERVAL_MS,
  qualitySample,
  readQuality,
  type QualityReading,
} from '@diemcau/protocol';
import type { QualitySample } from '@diemcau/protocol';
import type { WrtcPeerConnection } from './wrtc.js';

export interface QualityReporterDeps {
  /** The connections to read now, by name (camera, subscriber); null entries are skipped. */
  connections(): { name: string; pc: WrtcPeerConnection | null }[];
  send(sample: QualitySample): void;
  intervalMs?: number;
}

export class QualityReporter {
  #timer: NodeJS.Timeout | undefined;
  #previous: QualityReading | null = null;
  /** Samples sent so far (the report keeps the last few for tests). */
  readonly sent: QualitySample[] = [];

  constructor(private readonly deps: QualityReporterDeps) {}

  start(): void {
    if (this.#timer) return;
    void this.#tick();
    this.#timer = setInterval(() => void this.#tick(), this.deps.intervalMs ?? QUALITY_REPORT_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    const connections: { name: string; report: Awaited<ReturnType<WrtcPeerConnection['getStats']>> }[] = [];
    for (const { name, pc } of this.deps.connections()) {
      if (!pc) continue;
      try {
        connections.push({ name, report: await pc.getStats() });
      } catch {
        // a connection closed meanwhile (media reset): left out of this reading
      }
    }
    const reading = readQuality(performance.now(), connections);
    const previous = this.#previous;
    this.#previous = reading;
    if (!previous || !this.#timer) return;
    const sample = qualitySample(previous, reading);
    if (!sample) return;
    this.sent.push(sample);
    if (this.sent.length > 50) this.sent.shift();
    this.deps.send(sample);
  }
}
