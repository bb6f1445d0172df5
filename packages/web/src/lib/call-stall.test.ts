// The subscriber side reports a stuck remote camera (`video.stalled`): packets keep arriving on its
// mid but no frame decodes for a second. Screens and healthy or paused streams are not reported.
import type { ClientMessage, SubscribedStream } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Subscriber, type SubscriberHost } from './call-subscriber';
import type { Peer } from './peer';

interface Counters {
  framesDecoded: number;
  packetsReceived: number;
}

function setup(streams: SubscribedStream[]) {
  const counters = new Map<string, Counters>(
    streams.filter((s) => s.kind === 'video').map((s) => [s.mid, { framesDecoded: 0, packetsReceived: 0 }]),
  );
  const pc = {
    ontrack: null as unknown,
    setRemoteDescription: () => Promise.resolve(),
    createAnswer: () => Promise.resolve({ type: 'answer', sdp: 'v=0 answer' }),
    setLocalDescription: () => Promise.resolve(),
    getTransceivers: () => [],
    getStats: () =>
      Promise.resolve(
        new Map(
          [...counters].map(([mid, c]) => [mid, { type: 'inbound-rtp', kind: 'video', mid, ...c }] as const),
        ),
      ),
  };
  const peer = { pc, closed: false, flushRemoteCandidates: () => undefined, openGate: () => undefined };
  const sent: ClientMessage[] = [];
  let ended = false;
  const host: SubscriberHost = {
    media: () => 1,
    ended: () => ended,
    online: () => true,
    send: (msg) => {
      sent.push(msg);
      return true;
    },
    peer: () => peer as unknown as Peer,
    openPeer: () => peer as unknown as Peer,
    outgoingSdp: (_p, fallback) => fallback,
    createStream: () => ({}) as MediaStream,
    onRemote: () => undefined,
    onNotice: () => undefined,
  };
  const sub = new Subscriber(host);
  sub.onOffer({ type: 'subscribe.offer', version: 1, sdp: 'v=0 offer', streams });
  /** Advances 250 ms: each video mid gets packets, and frames where `decoding` says so. */
  const tick = async (decoding: (mid: string) => boolean): Promise<void> => {
    for (const [mid, c] of counters) {
      c.packetsReceived += 10;
      if (decoding(mid)) c.framesDecoded += 4;
    }
    await vi.advanceTimersByTimeAsync(250);
  };
  return { sub, sent, tick, counters, end: () => (ended = true) };
}

const stalled = (sent: ClientMessage[]) => sent.filter((m) => m.type === 'video.stalled');

describe('video.stalled from the subscriber side', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a camera whose packets arrive without frames for a second, and only that one', async () => {
    const t = setup([
      { mid: '0', participantId: 'p-kp4', source: 'camera', kind: 'audio' },
      { mid: '1', participantId: 'p-kp4', source: 'camera', kind: 'video' },
      { mid: '2', participantId: 'p-kp7', source: 'camera', kind: 'video' },
      { mid: '3', participantId: 'p-kp7', source: 'screen', kind: 'video' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 4; i++) await t.tick(() => true);
    expect(stalled(t.sent)).toEqual([]);
    // KP 4's camera and KP 7's screen freeze; KP 7's camera keeps playing.
    for (let i = 0; i < 6; i++) await t.tick((mid) => mid === '2');
    expect(stalled(t.sent)).toEqual([{ type: 'video.stalled', participantId: 'p-kp4', source: 'camera' }]);
    // Still stuck 1.5 s later: reported again (the first key frame may have been lost too).
    for (let i = 0; i < 6; i++) await t.tick((mid) => mid === '2');
    expect(stalled(t.sent)).toHaveLength(2);
    // Playing again: no more reports.
    for (let i = 0; i < 12; i++) await t.tick(() => true);
    expect(stalled(t.sent)).toHaveLength(2);
  });

  it('stops watching when the call ends', async () => {
    const t = setup([{ mid: '1', participantId: 'p-kp4', source: 'camera', kind: 'video' }]);
    await vi.advanceTimersByTimeAsync(0);
    await t.tick(() => true);
    t.end();
    for (let i = 0; i < 10; i++) await t.tick(() => false);
    expect(stalled(t.sent)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
