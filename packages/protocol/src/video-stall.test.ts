import { describe, expect, it } from 'vitest';
import { inboundVideoReadings, STALL_AFTER_MS, STALL_REPEAT_MS, VideoStallDetector } from './video-stall.js';

const at = (framesDecoded: number, packetsReceived: number, key = '1') => [
  { key, framesDecoded, packetsReceived },
];

describe('VideoStallDetector', () => {
  it('reports a stream whose packets arrive while no frame decodes for a second, and repeats', () => {
    const d = new VideoStallDetector();
    expect(d.update(at(10, 100), 0)).toEqual([]);
    expect(d.update(at(12, 130), 500)).toEqual([]);
    // Frames stop at 500 ms; packets keep coming.
    expect(d.update(at(12, 160), 1000)).toEqual([]);
    expect(d.update(at(12, 190), 500 + STALL_AFTER_MS)).toEqual(['1']);
    expect(d.update(at(12, 220), 500 + STALL_AFTER_MS + 500)).toEqual([]);
    expect(d.update(at(12, 250), 500 + STALL_AFTER_MS + STALL_REPEAT_MS)).toEqual(['1']);
    // A frame decodes: all is well again.
    expect(d.update(at(13, 260), 4000)).toEqual([]);
    expect(d.update(at(20, 300), 5200)).toEqual([]);
  });

  it('reports a picture that never started (packets, no first frame)', () => {
    const d = new VideoStallDetector();
    expect(d.update(at(0, 5), 0)).toEqual([]);
    expect(d.update(at(0, 40), STALL_AFTER_MS)).toEqual(['1']);
  });

  it('leaves alone a paused or idle stream (no packets), and one it sees for the first time', () => {
    const d = new VideoStallDetector();
    d.update(at(50, 500), 0);
    expect(d.update(at(50, 503), 5000)).toEqual([]);
    const fresh = new VideoStallDetector();
    expect(fresh.update(at(0, 1000), 0)).toEqual([]);
  });

  it('starts a stream over when its counters go back (a new connection), and forgets vanished ones', () => {
    const d = new VideoStallDetector();
    d.update(at(100, 1000), 0);
    expect(d.update(at(0, 20), 2000)).toEqual([]);
    expect(d.update(at(0, 60), 2000 + STALL_AFTER_MS)).toEqual(['1']);
    expect(d.update([], 4000)).toEqual([]);
    expect(d.update(at(0, 200), 4100)).toEqual([]);
  });

  it('tracks streams separately', () => {
    const d = new VideoStallDetector();
    d.update([...at(1, 10, 'a'), ...at(1, 10, 'b')], 0);
    expect(d.update([...at(30, 100, 'a'), ...at(1, 100, 'b')], STALL_AFTER_MS)).toEqual(['b']);
  });
});

describe('inboundVideoReadings', () => {
  it('keeps inbound video entries with a mid, keyed by it', () => {
    const entries = [
      { type: 'inbound-rtp', kind: 'video', mid: '3', framesDecoded: 7, packetsReceived: 70 },
      { type: 'inbound-rtp', kind: 'audio', mid: '2', packetsReceived: 9 },
      { type: 'inbound-rtp', kind: 'video', packetsReceived: 9 },
      { type: 'outbound-rtp', kind: 'video', mid: '4' },
    ];
    expect(inboundVideoReadings({ forEach: (cb) => entries.forEach(cb) })).toEqual([
      { key: '3', framesDecoded: 7, packetsReceived: 70 },
    ]);
  });
});
