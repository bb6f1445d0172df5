// The mixed-audio path against the real Janus 1.1: three publishers with distinct tones are
// forwarded from the VideoRoom into the meeting's AudioBridge; a weak point publishes its own tone
// in the VideoRoom (the others hear it there) and listens to the mix, where its own voice must be
// absent. Also pins what Janus 1.1.2 does with Opus RED, and a Janus restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaEngine, type MediaMix, type MediaRoom } from './index.js';
import { audioMs, joinChunks, longestGapMs, TonePeer, tonePower } from './test-support/tone-peer.js';
import { waitFor } from './test-support/wrtc-peer.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const TONES = { a: 520, b: 760, c: 1000 } as const;
const WEAK_TONE = 1240;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('MediaMix with a real Janus', () => {
  let dir: string;
  let engine: MediaEngine;
  let room: MediaRoom;
  let mix: MediaMix;
  const peers: TonePeer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'diemcau-mix-'));
    const rtpBase = 30_000 + Math.floor(Math.random() * 300) * 100;
    engine = await MediaEngine.start({
      runtimeDir: dir,
      wsPort: await freePort(),
      rtpPortRange: [rtpBase, rtpBase + 99],
      mediaInterface: 'dc0',
      mediaAddress: '127.0.0.2',
    });
    room = await engine.openRoom('mix-meeting');
    mix = await room.openMix();
  });

  afterAll(async () => {
    for (const p of peers) p.close();
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function publish(feed: string, frequency: number): Promise<TonePeer> {
    const peer = await TonePeer.create(frequency);
    peers.push(peer);
    const ready = new Promise<void>((resolve) => {
      const onReady = (f: string): void => {
        if (f !== feed) return;
        room.off('feedready', onReady);
        resolve();
      };
      room.on('feedready', onReady);
    });
    const { answerSdp } = await room.publish(feed, await peer.offer(), {
      display: feed,
      audio: true,
      video: false,
    });
    await peer.accept(answerSdp);
    await ready;
    return peer;
  }

  /** What a participant receiving per-feed audio from the VideoRoom gets. */
  async function subscribe(id: string, feeds: string[]): Promise<TonePeer> {
    const peer = await TonePeer.create(null);
    peers.push(peer);
    const sub = room.subscriber(id);
    const offer = await sub.update(feeds.map((feed) => ({ feed, audio: true, video: false })));
    if (!offer) throw new Error('no subscription offer');
    await sub.answer(await peer.answer(offer.offerSdp));
    return peer;
  }

  it('mixes the other tones into one stream for the weak point, without its own', async () => {
    for (const [who, tone] of Object.entries(TONES)) await publish(`${who}:camera`, tone);
    await publish('w:camera', WEAK_TONE);
    // The weak point's own VideoRoom feed is not a source: its microphone reaches the mix directly.
    await mix.syncSources(['a:camera', 'b:camera', 'c:camera']);
    expect(mix.sources().sort()).toEqual(['a:camera', 'b:camera', 'c:camera']);

    const weak = await TonePeer.create(WEAK_TONE, { receive: true });
    peers.push(weak);
    const { answerSdp } = await mix.join('w', await weak.offer());
    await weak.accept(answerSdp);
    expect(mix.listeners()).toEqual(['w']);
    await waitFor('mixed audio', () => (weak.received[0]?.length ?? 0) > 100, 15_000);
    await sleep(2000);

    const from = Date.now();
    const before = await weak.inbound();
    await sleep(20_000);
    const after = await weak.inbound();
    const mixKbps = ((after.bytes - before.bytes) * 8) / 20 / 1000;

    expect(weak.received).toHaveLength(1);
    expect(after.streams).toBe(1);
    const chunks = weak.received[0] ?? [];
    expect(audioMs(chunks, from)).toBeGreaterThan(15_000);
    const { x, sampleRate } = joinChunks(chunks, from);
    const level = (f: number): number => tonePower(x, sampleRate, f);
    const others = Object.values(TONES).map(level);
    const own = level(WEAK_TONE);
    console.log(
      `mix at the weak point: tones ${others.map((p) => p.toExponential(2)).join(' ')}, ` +
        `own ${own.toExponential(2)}, longest gap ${longestGapMs(chunks, from)} ms, ` +
        `${mixKbps.toFixed(1)} kbit/s in one stream`,
    );
    for (const p of others) expect(p).toBeGreaterThan(own * 50);
    expect(longestGapMs(chunks, from)).toBeLessThanOrEqual(200);

    // Without the mix: one audio stream per speaker from the VideoRoom.
    const perFeed = await subscribe('w-perfeed', ['a:camera', 'b:camera', 'c:camera']);
    await waitFor('per-feed audio', () => perFeed.received.length === 3, 15_000);
    await sleep(2000);
    const p0 = await perFeed.inbound();
    await sleep(10_000);
    const p1 = await perFeed.inbound();
    const perFeedKbps = ((p1.bytes - p0.bytes) * 8) / 10 / 1000;
    console.log(
      `weak point receives ${mixKbps.toFixed(1)} kbit/s mixed (1 stream) vs ` +
        `${perFeedKbps.toFixed(1)} kbit/s per feed (${p1.streams} streams)`,
    );
    expect(p1.streams).toBe(3);
  }, 90_000);

  it('lets the others hear the weak point directly from the VideoRoom', async () => {
    const listener = await subscribe('a-viewer', ['w:camera']);
    await waitFor('weak point audio', () => (listener.received[0]?.length ?? 0) > 200, 15_000);
    const from = Date.now();
    await sleep(3000);
    const { x, sampleRate } = joinChunks(listener.received[0] ?? [], from);
    expect(tonePower(x, sampleRate, WEAK_TONE)).toBeGreaterThan(tonePower(x, sampleRate, TONES.a) * 50);
  });

  it('takes a source out and removes a listener', async () => {
    await mix.syncSources(['a:camera', 'b:camera']);
    expect(mix.sources().sort()).toEqual(['a:camera', 'b:camera']);
    await mix.leave('w');
    expect(mix.listeners()).toEqual([]);
  });

  it('pins Janus 1.1.2: the VideoRoom answers Opus without RED even when RED is preferred', async () => {
    // NOTE: a client that prefers red/48000/2 (payload type listed first) still gets plain Opus:
    // the 1.1.2 VideoRoom does not ask its SDP answer to accept RED (see ARCHITECTURE.md).
    const peer = await TonePeer.create(440);
    peers.push(peer);
    const preferRed = (sdp: string): string => {
      const red = /a=rtpmap:(\d+) red\/48000\/2/.exec(sdp)?.[1];
      if (!red) throw new Error('the peer offers no RED');
      return sdp.replace(/^(m=audio \S+ \S+) (.*)$/m, (_l, head: string, pts: string) =>
        [head, red, ...pts.split(' ').filter((p) => p !== red)].join(' '),
      );
    };
    const offer = await peer.offer(preferRed);
    expect(offer).toMatch(/m=audio \S+ \S+ \d+/);
    const { answerSdp } = await room.publish('red:camera', offer, {
      display: 'red',
      audio: true,
      video: false,
    });
    expect(answerSdp).toMatch(/a=rtpmap:\d+ opus\/48000\/2/);
    expect(answerSdp).not.toMatch(/red\/48000/);
    await room.unpublish('red:camera');
  });

  it('recreates the bridge empty after a Janus restart', async () => {
    const reset = new Promise<void>((resolve) => mix.once('reset', resolve));
    const pid = engine.pid;
    if (pid === undefined) throw new Error('no Janus pid');
    process.kill(pid, 'SIGKILL');
    await reset;
    expect(mix.sources()).toEqual([]);
    expect(mix.listeners()).toEqual([]);
    expect(await room.openMix()).toBe(mix);
    // Feeds come back as clients publish again; the mix takes them as sources again.
    await publish('a:camera', TONES.a);
    await mix.syncSources(['a:camera']);
    expect(mix.sources()).toEqual(['a:camera']);
  }, 60_000);
});
