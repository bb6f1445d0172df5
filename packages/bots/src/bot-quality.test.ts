// The bot's quality reports: the protocol's reporter with the bot's bookkeeping (baseline at once,
// null and unreadable connections left out, the last 50 samples kept with when they were sent).
import type { QualitySample } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBotQuality } from './bot-quality.js';
import { emptyReport } from './report.js';
import type { StatsEntry } from './wrtc.js';

/** A connection whose getStats() answers with the entries it holds now. */
const pc = (entries: () => StatsEntry[]) => ({
  getStats: () => Promise.resolve({ forEach: (cb: (e: StatsEntry) => void) => entries().forEach(cb) }),
});

const closed = { getStats: () => Promise.reject(new Error('closed')) };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startBotQuality', () => {
  it('reads the baseline at once, skips null and unreadable connections, records what was sent', async () => {
    const t0 = Date.now();
    let bytesSent = 0;
    const camera = pc(() => [{ id: 'o', type: 'outbound-rtp', bytesSent }]);
    const report = emptyReport('bot', 'm-1');
    const sent: QualitySample[] = [];
    const errors: unknown[] = [];
    const reporter = startBotQuality({
      connections: () => [
        { name: 'camera', pc: camera },
        { name: 'subscriber', pc: null },
        { name: 'mix', pc: closed },
      ],
      send: (sample) => sent.push(sample) > 0,
      elapsed: () => Date.now() - t0,
      report,
      onError: (err) => errors.push(err),
      now: () => Date.now() - t0,
    });
    await vi.advanceTimersByTimeAsync(0);
    bytesSent = 500_000;
    // 500 kB over 5 s = 800 kbit/s; the first sample one interval after starting.
    await vi.advanceTimersByTimeAsync(5_000);
    const expected = { sendKbps: 800, recvKbps: 0, lossPct: 0, rttMs: null, availableOutgoingKbps: null };
    expect(sent).toEqual([expected]);
    expect(report.qualityReports).toBe(1);
    expect(report.qualitySamples).toEqual([{ ...expected, atMs: 5_000 }]);
    expect(errors).toEqual([]);
    reporter.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toHaveLength(1);
  });

  it('records only samples that went out, and keeps the last 50', async () => {
    const t0 = Date.now();
    let open = false;
    const report = emptyReport('bot', 'm-1');
    const reporter = startBotQuality({
      connections: () => [{ name: 'camera', pc: pc(() => []) }],
      send: () => open,
      elapsed: () => Date.now() - t0,
      report,
      onError: (err) => {
        throw err;
      },
      intervalMs: 1_000,
      now: () => Date.now() - t0,
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(report.qualityReports).toBe(0);
    expect(report.qualitySamples).toEqual([]);
    open = true;
    await vi.advanceTimersByTimeAsync(55_000);
    reporter.stop();
    expect(report.qualityReports).toBe(55);
    expect(report.qualitySamples).toHaveLength(50);
    expect(report.qualitySamples.map((s) => s.atMs)).toEqual(
      Array.from({ length: 50 }, (_, i) => 9_000 + i * 1_000),
    );
  });
});
