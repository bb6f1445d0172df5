// Unit tests of reading audio concealment and video recovery from getStats() entries and
// differencing two readings.
import { describe, expect, it } from 'vitest';
import { concealmentBetween, readInboundAudio, readInboundVideo, videoBetween } from './inbound.js';
import type { StatsEntry } from './wrtc.js';

const report = (entries: StatsEntry[]) => ({ forEach: (cb: (e: StatsEntry) => void) => entries.forEach(cb) });

const audio = (mid: string, concealed: number, total: number, lost = 0): StatsEntry => ({
  id: `in-${mid}`,
  type: 'inbound-rtp',
  kind: 'audio',
  mid,
  concealedSamples: concealed,
  silentConcealedSamples: 0,
  concealmentEvents: concealed > 0 ? 2 : 0,
  totalSamplesReceived: total,
  packetsLost: lost,
  packetsReceived: total / 960,
  fecPacketsReceived: 3,
});

const streams = new Map([
  ['0', { participantId: 'p1', source: 'camera' as const, kind: 'audio' as const }],
  ['1', { participantId: 'p1', source: 'camera' as const, kind: 'video' as const }],
]);

describe('inbound audio', () => {
  it('files audio counters by participant and source; ignores video and unknown mids', () => {
    const read = readInboundAudio(
      report([
        audio('0', 4800, 96_000, 5),
        { id: 'v', type: 'inbound-rtp', kind: 'video', mid: '1' },
        audio('9', 1, 1),
      ]),
      streams,
    );
    expect([...read.keys()]).toEqual(['p1/camera']);
    expect(read.get('p1/camera')).toMatchObject({ concealedSamples: 4800, packetsLost: 5 });
  });

  it('differences two readings in ms, and starts from zero after the connection was recreated', () => {
    const before = readInboundAudio(report([audio('0', 4800, 96_000, 5)]), streams).get('p1/camera');
    const after = readInboundAudio(report([audio('0', 9600, 192_000, 15)]), streams).get('p1/camera');
    if (!before || !after) throw new Error('no reading');
    expect(concealmentBetween(before, after)).toEqual({
      concealedMs: 100,
      concealmentEvents: 0,
      packetsLost: 10,
      packetsReceived: 100,
      fecPacketsReceived: 0,
    });
    const recreated = readInboundAudio(report([audio('0', 480, 48_000)]), streams).get('p1/camera');
    if (!recreated) throw new Error('no reading');
    expect(concealmentBetween(after, recreated).concealedMs).toBe(10);
  });
});

const video = (mid: string, received: number, nacks: number, keyFrames: number): StatsEntry => ({
  id: `v-${mid}`,
  type: 'inbound-rtp',
  kind: 'video',
  mid,
  packetsLost: 7,
  packetsReceived: received,
  nackCount: nacks,
  pliCount: 1,
  firCount: 0,
  framesDecoded: received / 3,
  keyFramesDecoded: keyFrames,
  framesDropped: 2,
  retransmittedPacketsReceived: 5,
});

describe('inbound video', () => {
  it('files video counters by participant and source; ignores audio and unknown mids', () => {
    const read = readInboundVideo(
      report([video('1', 300, 4, 1), audio('0', 1, 960), video('9', 3, 0, 0)]),
      streams,
    );
    expect([...read.keys()]).toEqual(['p1/camera']);
    expect(read.get('p1/camera')).toEqual({
      packetsLost: 7,
      packetsReceived: 300,
      nackCount: 4,
      pliCount: 1,
      firCount: 0,
      framesDecoded: 100,
      keyFramesDecoded: 1,
      framesDropped: 2,
      retransmittedPacketsReceived: 5,
    });
  });

  it('differences two readings, and starts from zero after the connection was recreated', () => {
    const before = readInboundVideo(report([video('1', 300, 4, 1)]), streams).get('p1/camera');
    const after = readInboundVideo(report([video('1', 900, 10, 3)]), streams).get('p1/camera');
    if (!before || !after) throw new Error('no reading');
    expect(videoBetween(before, after)).toMatchObject({
      packetsReceived: 600,
      nackCount: 6,
      keyFramesDecoded: 2,
    });
    const recreated = readInboundVideo(report([video('1', 30, 1, 1)]), streams).get('p1/camera');
    if (!recreated) throw new Error('no reading');
    expect(videoBetween(after, recreated)).toMatchObject({
      packetsReceived: 30,
      nackCount: 1,
      framesDropped: 2,
      retransmittedPacketsReceived: 5,
    });
  });
});
