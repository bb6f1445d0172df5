// Unit tests of the receiver with fake sinks: counting, label decoding, RMS and pitch, re-binding
// a reused mid, and participants who leave.
import { describe, expect, it } from 'vitest';
import { Receiver } from './receiver.js';
import { createI420, drawFrame, labelCode, ToneGenerator } from './synthetic.js';
import type { AudioData, I420Frame, SinkFactory, WrtcTrack } from './wrtc.js';

class FakeTrack implements WrtcTrack {
  readonly id = Math.random().toString(36);
  readonly readyState = 'live';
  enabled = true;
  private readonly ended: (() => void)[] = [];
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    for (const listener of this.ended) listener();
  }
  addEventListener(type: string, listener: () => void): void {
    if (type === 'ended') this.ended.push(listener);
  }
}

class FakeVideoSink {
  static all: FakeVideoSink[] = [];
  onframe: ((event: { frame: I420Frame }) => void) | null = null;
  stopped = false;
  constructor(readonly track: WrtcTrack) {
    FakeVideoSink.all.push(this);
  }
  stop(): void {
    this.stopped = true;
  }
}

class FakeAudioSink {
  static all: FakeAudioSink[] = [];
  ondata: ((data: AudioData) => void) | null = null;
  stopped = false;
  constructor(readonly track: WrtcTrack) {
    FakeAudioSink.all.push(this);
  }
  stop(): void {
    this.stopped = true;
  }
}

const sinks: SinkFactory = { RTCVideoSink: FakeVideoSink, RTCAudioSink: FakeAudioSink };

function setup(): { receiver: Receiver; names: Map<string, string> } {
  const names = new Map([
    ['p1', 'Phường 1'],
    ['p2', 'Phường 2'],
  ]);
  let now = 0;
  const receiver = new Receiver(
    sinks,
    () => (now += 10),
    (id) => names.get(id) ?? id,
  );
  return { receiver, names };
}

function frameOf(label: string, index: number, width = 640, height = 360): I420Frame {
  const frame = createI420(width, height);
  drawFrame(frame, labelCode(label), index);
  return frame;
}

describe('Receiver', () => {
  it('counts video, reads the label code and reports the first frame once', () => {
    const { receiver } = setup();
    const firsts: string[] = [];
    receiver.on('firstVideoFrame', (stats) => firsts.push(stats.from));
    const track = new FakeTrack('video');
    receiver.bind('1', track, { participantId: 'p1', source: 'camera', kind: 'video' });
    const sink = FakeVideoSink.all.at(-1);
    for (let i = 0; i < 5; i++) sink?.onframe?.({ frame: frameOf('Phường 1', i) });
    sink?.onframe?.({ frame: createI420() }); // a grey frame: counted, no code
    const [stats] = receiver.snapshot(['Phường 1', 'Phường 2']);
    expect(stats).toMatchObject({
      from: 'Phường 1',
      videoFrames: 6,
      width: 640,
      height: 360,
      decodedFrames: 5,
      matchingFrames: 5,
      decodedLabel: 'Phường 1',
      left: false,
    });
    expect(firsts).toEqual(['Phường 1']);
  });

  it('measures the RMS and pitch of the last second of audio', () => {
    const { receiver } = setup();
    receiver.bind('0', new FakeTrack('audio'), { participantId: 'p2', source: 'camera', kind: 'audio' });
    const sink = FakeAudioSink.all.at(-1);
    // wrtc's sink hands out 16 kHz mono in 10 ms chunks
    const tone = new ToneGenerator(600, 0.3, 16_000);
    for (let i = 0; i < 150; i++) sink?.ondata?.({ samples: tone.next(160), sampleRate: 16_000 });
    const [stats] = receiver.snapshot([]);
    expect(stats?.audioFrames).toBe(150);
    expect(stats?.audioRms).toBeCloseTo(0.212, 2);
    expect(stats?.audioRmsPeak).toBeCloseTo(0.212, 2);
    for (let i = 0; i < 100; i++) sink?.ondata?.({ samples: new Int16Array(160), sampleRate: 16_000 });
    expect(receiver.snapshot([])[0]?.audioRms).toBe(0);
    expect(receiver.snapshot([])[0]?.audioRmsPeak).toBeCloseTo(0.212, 2);
    expect(stats?.audioHz).toBeGreaterThan(590);
    expect(stats?.audioHz).toBeLessThan(610);
  });

  it('counts played-out silence as a gap, but not chunks that arrive late in a burst', () => {
    let now = 0;
    const receiver = new Receiver(
      sinks,
      () => now,
      (id) => id,
    );
    receiver.bind('0', new FakeTrack('audio'), { participantId: 'p1', source: 'camera', kind: 'audio' });
    const sink = FakeAudioSink.all.at(-1);
    const tone = new ToneGenerator(600, 0.3, 16_000);
    const chunk = (silent: boolean, atMs: number): void => {
      now = atMs;
      sink?.ondata?.({ samples: silent ? new Int16Array(160) : tone.next(160), sampleRate: 16_000 });
    };
    let t = 0;
    for (let i = 0; i < 50; i++) chunk(false, (t += 10));
    // The event loop stalls 300 ms, then gets the 30 chunks at once: nothing was lost.
    t += 300;
    for (let i = 0; i < 30; i++) chunk(false, t);
    for (let i = 0; i < 20; i++) chunk(false, (t += 10));
    expect(receiver.snapshot([])[0]).toMatchObject({ audioGapMaxMs: 0, audioSilentMs: 0, audioMissingMs: 0 });
    // 120 ms of silence (lost packets beyond concealment), then the tone again, then 50 ms more.
    for (let i = 0; i < 12; i++) chunk(true, (t += 10));
    for (let i = 0; i < 10; i++) chunk(false, (t += 10));
    for (let i = 0; i < 5; i++) chunk(true, (t += 10));
    // 200 ms during which no chunk came at all.
    chunk(false, t + 210);
    expect(receiver.snapshot([])[0]).toMatchObject({
      audioGapMaxMs: 120,
      audioSilentMs: 170,
      audioMissingMs: 200,
    });
  });

  it('moves a reused mid to its new participant without a new sink', () => {
    const { receiver } = setup();
    const track = new FakeTrack('video');
    receiver.bind('1', track, { participantId: 'p1', source: 'camera', kind: 'video' });
    const sinksBefore = FakeVideoSink.all.length;
    const sink = FakeVideoSink.all.at(-1);
    sink?.onframe?.({ frame: frameOf('Phường 1', 0) });
    receiver.bind('1', track, { participantId: 'p2', source: 'camera', kind: 'video' });
    expect(FakeVideoSink.all.length).toBe(sinksBefore);
    expect(sink?.stopped).toBe(false);
    sink?.onframe?.({ frame: frameOf('Phường 2', 0) });
    sink?.onframe?.({ frame: frameOf('Phường 2', 1) });
    const stats = receiver.snapshot(['Phường 1', 'Phường 2']);
    expect(stats.map((s) => [s.from, s.videoFrames, s.decodedLabel])).toEqual([
      ['Phường 1', 1, 'Phường 1'],
      ['Phường 2', 2, 'Phường 2'],
    ]);
  });

  it('freezes the counts of a participant who left and stops their sinks', () => {
    const { receiver, names } = setup();
    receiver.bind('1', new FakeTrack('video'), { participantId: 'p1', source: 'camera', kind: 'video' });
    const sink = FakeVideoSink.all.at(-1);
    sink?.onframe?.({ frame: frameOf('Phường 1', 0) });
    receiver.markLeft('p1');
    names.delete('p1');
    expect(sink?.stopped).toBe(true);
    expect(receiver.boundMids()).toEqual([]);
    expect(receiver.snapshot([])[0]).toMatchObject({ from: 'Phường 1', videoFrames: 1, left: true });
  });

  it('stops sinks on unbind and on track end, and keeps the counts', () => {
    const { receiver } = setup();
    const video = new FakeTrack('video');
    const audio = new FakeTrack('audio');
    receiver.bind('1', video, { participantId: 'p1', source: 'camera', kind: 'video' });
    const videoSink = FakeVideoSink.all.at(-1);
    receiver.bind('0', audio, { participantId: 'p1', source: 'camera', kind: 'audio' });
    const audioSink = FakeAudioSink.all.at(-1);
    videoSink?.onframe?.({ frame: frameOf('Phường 1', 0) });
    video.stop();
    expect(videoSink?.stopped).toBe(true);
    expect(receiver.boundMids()).toEqual(['0']);
    receiver.unbindAll();
    expect(audioSink?.stopped).toBe(true);
    expect(receiver.snapshot([])[0]?.videoFrames).toBe(1);
  });

  it('names an unknown code by its hex value and follows renames', () => {
    const { receiver, names } = setup();
    receiver.bind('1', new FakeTrack('video'), { participantId: 'p1', source: 'screen', kind: 'video' });
    FakeVideoSink.all.at(-1)?.onframe?.({ frame: frameOf('stranger', 0, 320, 180) });
    names.set('p1', 'Phường 1 (mới)');
    const [stats] = receiver.snapshot(['Phường 1']);
    expect(stats?.decodedLabel).toBe(`#${labelCode('stranger').toString(16).padStart(8, '0')}`);
    expect(stats?.from).toBe('Phường 1 (mới)');
    expect(stats?.source).toBe('screen');
    expect(stats?.width).toBe(320);
  });
});
