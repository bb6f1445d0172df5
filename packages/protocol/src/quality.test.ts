// Tests of the quality sample: what the wire accepts and refuses, the arithmetic clients use to
// turn two getStats() readings into one sample, and the reporter that sends one every interval.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QualityReporter, qualitySample, readQuality } from './quality.js';
import type { QualitySample, RtcStatsEntry, RtcStatsReportLike } from './quality.js';
import { parseClientMessage } from './signalling.js';

const GOOD = { sendKbps: 820.5, recvKbps: 1450, lossPct: 1.2, rttMs: 38, availableOutgoingKbps: 2400 };

const report = (entries: RtcStatsEntry[]): RtcStatsReportLike => ({
  forEach: (cb) => entries.forEach(cb),
});

describe('quality.report on the wire', () => {
  it('accepts a full sample and one with unknown rtt and estimate', () => {
    const r = parseClientMessage(JSON.stringify({ type: 'quality.report', sample: GOOD }));
    expect(r).toEqual({ ok: true, value: { type: 'quality.report', sample: GOOD } });
    const unknown = { ...GOOD, rttMs: null, availableOutgoingKbps: null };
    expect(parseClientMessage(JSON.stringify({ type: 'quality.report', sample: unknown })).ok).toBe(true);
  });

  it.each([
    ['loss above 100 %', { ...GOOD, lossPct: 101 }, 'sample.lossPct'],
    ['negative loss', { ...GOOD, lossPct: -1 }, 'sample.lossPct'],
    ['negative bitrate', { ...GOOD, sendKbps: -5 }, 'sample.sendKbps'],
    ['absurd bitrate', { ...GOOD, recvKbps: 5e9 }, 'sample.recvKbps'],
    ['text for a number', { ...GOOD, rttMs: '38' }, 'sample.rttMs'],
    ['rtt of a minute and more', { ...GOOD, rttMs: 90_000 }, 'sample.rttMs'],
    [
      'a missing field',
      { sendKbps: 1, recvKbps: 1, lossPct: 0, rttMs: null },
      'sample.availableOutgoingKbps',
    ],
  ])('refuses %s', (_name, sample, field) => {
    const r = parseClientMessage(JSON.stringify({ type: 'quality.report', sample }));
    expect(r).toMatchObject({ ok: false, code: 'bad_message', field });
  });

  it('refuses a report without a sample', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'quality.report' }))).toMatchObject({
      ok: false,
      field: 'sample',
    });
  });
});

describe('qualitySample', () => {
  const pair = {
    id: 'CP1',
    type: 'candidate-pair',
    nominated: true,
    state: 'succeeded',
    currentRoundTripTime: 0.042,
    availableOutgoingBitrate: 1_500_000,
  };

  it('gives rates over the interval, loss as lost over expected, rtt and the estimate', () => {
    const prev = readQuality(0, [
      { name: 'camera', report: report([{ id: 'O1', type: 'outbound-rtp', bytesSent: 100_000 }, pair]) },
      {
        name: 'subscriber',
        report: report([
          { id: 'I1', type: 'inbound-rtp', bytesReceived: 0, packetsReceived: 0, packetsLost: 0 },
          { id: 'T1', type: 'transport', bytesReceived: 1_000, packetsReceived: 4 },
        ]),
      },
    ]);
    const next = readQuality(5_000, [
      // 500 000 bytes in 5 s = 800 kbit/s sent
      { name: 'camera', report: report([{ id: 'O1', type: 'outbound-rtp', bytesSent: 600_000 }, pair]) },
      {
        name: 'subscriber',
        report: report([
          // 2 lost of 100 expected = 2 %; media payload alone would be 200 kbit/s...
          { id: 'I1', type: 'inbound-rtp', bytesReceived: 125_000, packetsReceived: 98, packetsLost: 2 },
          // ...but the line carried 245 880 bytes + 28 B of UDP/IP for each of 147 packets in 5 s:
          // 250 000 bytes, 400 kbit/s (retransmissions, RTCP and headers included)
          { id: 'T1', type: 'transport', bytesReceived: 246_880, packetsReceived: 151 },
        ]),
      },
    ]);
    expect(qualitySample(prev, next)).toEqual({
      sendKbps: 800,
      recvKbps: 400,
      lossPct: 2,
      rttMs: 42,
      availableOutgoingKbps: 1500,
      // nothing had arrived at the first reading
      partial: true,
    });
  });

  it('counts a new stream from zero and ignores one that went away', () => {
    const prev = readQuality(0, [
      { name: 'subscriber', report: report([{ id: 'I1', type: 'inbound-rtp', bytesReceived: 1_000_000 }]) },
    ]);
    const next = readQuality(1_000, [
      { name: 'subscriber', report: report([{ id: 'I2', type: 'inbound-rtp', bytesReceived: 12_500 }]) },
    ]);
    expect(qualitySample(prev, next)).toMatchObject({ recvKbps: 100, lossPct: 0, rttMs: null });
    // Something arrived before the new stream did: the interval is a full one.
    expect(qualitySample(prev, next)).not.toHaveProperty('partial');
  });

  it('marks the first sample after joining partial: nothing had arrived at its start', () => {
    const joined = readQuality(0, [{ name: 'camera', report: report([{ id: 'O1', type: 'outbound-rtp' }]) }]);
    const flowing = readQuality(5_000, [
      { name: 'subscriber', report: report([{ id: 'I1', type: 'inbound-rtp', bytesReceived: 50_000 }]) },
    ]);
    expect(qualitySample(joined, flowing)).toMatchObject({ recvKbps: 80, partial: true });
    const later = readQuality(10_000, [
      { name: 'subscriber', report: report([{ id: 'I1', type: 'inbound-rtp', bytesReceived: 100_000 }]) },
    ]);
    expect(qualitySample(flowing, later)).not.toHaveProperty('partial');
  });

  it('never reports negative rates when counters restart, and null without elapsed time', () => {
    const a = readQuality(0, [
      { name: 'camera', report: report([{ id: 'O1', type: 'outbound-rtp', bytesSent: 9_000 }]) },
    ]);
    const b = readQuality(2_000, [
      { name: 'camera', report: report([{ id: 'O1', type: 'outbound-rtp', bytesSent: 10 }]) },
    ]);
    expect(qualitySample(a, b)).toMatchObject({ sendKbps: 0 });
    expect(qualitySample(a, a)).toBeNull();
  });

  it('takes the estimate only from sending connections, and only from the selected pair', () => {
    const r = readQuality(0, [
      { name: 'subscriber', report: report([pair]) },
      { name: 'camera', report: report([{ ...pair, nominated: false, availableOutgoingBitrate: 9e9 }]) },
    ]);
    expect(r.availableOutgoingKbps).toBeNull();
    expect(r.rttMs).toBe(42);
  });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A connection whose getStats() answers with the entries it holds now. */
const pc = (entries: () => RtcStatsEntry[]) => ({
  getStats: () => Promise.resolve({ forEach: (cb: (e: RtcStatsEntry) => void) => entries().forEach(cb) }),
});

describe('QualityReporter', () => {
  it('reports send and receive rates, loss and RTT after two readings, every interval', async () => {
    vi.useFakeTimers();
    let now = 0;
    let sent = 0;
    let received = 0;
    let lost = 0;
    const camera = pc(() => [
      { id: 'o', type: 'outbound-rtp', bytesSent: sent },
      { id: 'p', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.05 },
    ]);
    const subscriber = pc(() => [
      {
        id: 'i',
        type: 'inbound-rtp',
        bytesReceived: received,
        packetsReceived: received / 1000,
        packetsLost: lost,
      },
    ]);
    const samples: QualitySample[] = [];
    const reporter = new QualityReporter({
      connections: () => [
        { name: 'camera', pc: camera },
        { name: 'subscriber', pc: subscriber },
      ],
      send: (s) => samples.push(s),
      now: () => now,
    });
    reporter.start();
    now = 5_000;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(samples).toEqual([]);
    // 5 s later: 500 kB sent (800 kbit/s), 1 MB received (1600 kbit/s), 1 000 packets + 10 lost.
    sent = 500_000;
    received = 1_000_000;
    lost = 10;
    now = 10_000;
    await vi.advanceTimersByTimeAsync(5_000);
    // Without transport stats (Firefox), the streams' bytes and headers + 28 B of UDP/IP a packet.
    expect(samples).toEqual([
      { sendKbps: 800, recvKbps: 1644.8, lossPct: 1, rttMs: 50, availableOutgoingKbps: null, partial: true },
    ]);
    reporter.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(samples).toHaveLength(1);
  });
});
