// Pure parts of the benchmarks: frame typing for thousands of clients, and when a sweep stops.
import { describe, expect, it } from 'vitest';
import { lastGood, stopReason } from './sfu-fanout.js';
import type { FanoutStep } from './sfu-fanout.js';
import { frameType } from './signalling.js';

const step = (patch: Partial<FanoutStep>): FanoutStep => ({
  receivers: 10,
  cpuPct: 10,
  rssMiB: 30,
  sinkCpuPct: 10,
  packetsPerSecond: 1000,
  kbitPerReceiver: 800,
  loss: 0,
  silent: 0,
  delivery: 1,
  inputPps: 135,
  machineBusyPct: 50,
  ...patch,
});

describe('frameType', () => {
  it('reads the type from the first bytes only', () => {
    expect(frameType(Buffer.from('{"type":"participant.updated","participant":{}}'))).toBe(
      'participant.updated',
    );
    expect(frameType(Buffer.from('{"rid":"x","type":"joined"}'))).toBeNull();
  });
});

describe('fan-out sweep', () => {
  it('stops on loss, silence, forwarder CPU or a saturated sink, in that order', () => {
    expect(stopReason(step({}), 135)).toBeNull();
    expect(stopReason(step({ loss: 0.02, cpuPct: 95 }), 135)).toMatch(/^loss 2\.0 %/);
    expect(stopReason(step({ inputPps: 100 }), 135)).toMatch(/input fell to 74 %/);
    expect(stopReason(step({ delivery: 0.5 }), 135)).toMatch(/only 50 % of the input rate/);
    expect(stopReason(step({ silent: 3 }), 135)).toMatch(/3 receivers got nothing/);
    expect(stopReason(step({ cpuPct: 91 }), 135)).toMatch(/forwarder CPU 91 %/);
    expect(stopReason(step({ sinkCpuPct: 99 }), 135)).toMatch(/counting receivers/);
  });
  it('reports the last step without loss', () => {
    const steps = [step({ receivers: 1 }), step({ receivers: 10 }), step({ receivers: 50, loss: 0.5 })];
    expect(lastGood(steps)?.receivers).toBe(10);
    expect(lastGood([step({ receivers: 1 }), step({ receivers: 9, delivery: 0.9 })])?.receivers).toBe(1);
    expect(lastGood([])).toBeNull();
  });
});
