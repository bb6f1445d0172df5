// The media engine against the real Janus: two wrtc peers publish synthetic audio and video, a
// third subscribes through MediaSubscriber; then feeds come and go and Janus is killed.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaEngine, type MediaRoom, type SubscriberOffer } from './index.js';
import { splitCandidates, TestPublisher, TestSubscriber, waitFor } from './test-support/wrtc-peer.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const av = { audio: true, video: true };
const mids = (offer: SubscriberOffer | null, feed: string): string[] =>
  (offer?.streams ?? []).filter((s) => s.feed === feed).map((s) => s.mid);

describe('MediaEngine with a real Janus', () => {
  let dir: string;
  let engine: MediaEngine;
  let room: MediaRoom;
  const peers: { close(): void }[] = [];
  const talking: [string, boolean][] = [];
  const gone: string[] = [];
  let alice: TestPublisher | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'diemcau-media-'));
    const rtpBase = 30_000 + Math.floor(Math.random() * 300) * 100;
    engine = await MediaEngine.start({
      runtimeDir: dir,
      wsPort: await freePort(),
      rtpPortRange: [rtpBase, rtpBase + 99],
      mediaInterface: 'dc0',
      mediaAddress: '127.0.0.2',
    });
    room = await engine.openRoom('meeting-1');
    room.on('talking', (feed, on) => talking.push([feed, on]));
    room.on('feedgone', (feed) => gone.push(feed));
  });

  afterAll(async () => {
    for (const p of peers) p.close();
    const pid = engine?.pid;
    await engine?.close();
    if (pid !== undefined) expect(alive(pid)).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });

  async function publish(feed: string, opts: { trickle?: boolean } = {}): Promise<TestPublisher> {
    const pub = await TestPublisher.create();
    peers.push(pub);
    const ready = new Promise<void>((resolve) => {
      const onReady = (f: string): void => {
        if (f !== feed) return;
        room.off('feedready', onReady);
        resolve();
      };
      room.on('feedready', onReady);
    });
    const offer = await pub.offer();
    if (!opts.trickle) {
      const { answerSdp } = await room.publish(feed, offer, { display: feed, ...av });
      await pub.accept(answerSdp);
      await ready;
      return pub;
    }
    const split = splitCandidates(offer);
    const published = room.publish(feed, split.sdp, { display: feed, ...av });
    for (const c of split.candidates) await room.trickleFeed(feed, c);
    await room.trickleFeed(feed, null);
    await pub.accept((await published).answerSdp);
    await ready;
    return pub;
  }

  it('opens a room once per key', async () => {
    expect(engine.isUp()).toBe(true);
    expect(engine.pid).toBeGreaterThan(0);
    expect(await engine.openRoom('meeting-1')).toBe(room);
  });

  it('subscribes to a published feed and decodes video and audio', async () => {
    const sub = room.subscriber('viewer-1');
    const pub = await TestPublisher.create();
    peers.push(pub);
    alice = pub;
    const { answerSdp } = await room.publish('alice:camera', await pub.offer(), { display: 'Alice', ...av });
    // Not subscribable until its media is up.
    expect(await sub.update([{ feed: 'alice:camera', ...av }])).toBeNull();
    const ready = new Promise<string>((resolve) => room.once('feedready', resolve));
    await pub.accept(answerSdp);
    expect(await ready).toBe('alice:camera');
    expect(room.feeds()).toEqual(['alice:camera']);
    const viewer = await TestSubscriber.create();
    peers.push(viewer);
    expect(await sub.update([])).toBeNull();
    const t0 = Date.now();
    const offer = await sub.update([{ feed: 'alice:camera', ...av }]);
    expect(offer?.streams.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
    await sub.answer(await viewer.answer(offer?.offerSdp ?? ''));
    const video = offer?.streams.find((s) => s.kind === 'video')?.mid ?? '';
    const audio = offer?.streams.find((s) => s.kind === 'audio')?.mid ?? '';
    await waitFor('first video frame', () => viewer.frames(video) > 0);
    console.log(
      `subscribe → first decoded frame: ${(viewer.received.get(video)?.firstFrameAt ?? 0) - t0} ms`,
    );
    await waitFor('10 video frames', () => viewer.frames(video) >= 10);
    await waitFor('audio', () => (viewer.received.get(audio)?.rms ?? 0) > 1000);
    expect(viewer.received.get(video)).toMatchObject({ width: 320, height: 240 });
    expect(await sub.update([{ feed: 'alice:camera', ...av }])).toBeNull();
  });

  it('reports talking and stopped-talking from audio levels', async () => {
    await waitFor('talking', () => talking.some(([f, on]) => f === 'alice:camera' && on), 8000);
    if (alice) alice.amplitude = 0;
    await waitFor('stopped talking', () => talking.some(([f, on]) => f === 'alice:camera' && !on), 8000);
    expect(talking).toEqual([
      ['alice:camera', true],
      ['alice:camera', false],
    ]);
    if (alice) alice.amplitude = 12_000;
  });

  it('adds a second (trickled) feed with a new offer, and both play', async () => {
    await publish('bob:camera', { trickle: true });
    const viewer = await TestSubscriber.create();
    peers.push(viewer);
    const sub = room.subscriber('viewer-2');
    const first = await sub.update([{ feed: 'alice:camera', ...av }]);
    await sub.answer(await viewer.answer(first?.offerSdp ?? ''));
    const second = await sub.update([
      { feed: 'alice:camera', ...av },
      { feed: 'bob:camera', ...av },
    ]);
    expect(second?.streams).toHaveLength(4);
    await sub.answer(await viewer.answer(second?.offerSdp ?? ''));
    for (const mid of [...mids(second, 'alice:camera'), ...mids(second, 'bob:camera')]) {
      const before = viewer.frames(mid);
      await waitFor(`frames on mid ${mid}`, () => viewer.frames(mid) > before + 3);
    }
    // Audio only from bob: his video m-line goes away.
    const third = await sub.update([
      { feed: 'alice:camera', ...av },
      { feed: 'bob:camera', audio: true, video: false },
    ]);
    expect(third?.streams.filter((s) => s.feed === 'bob:camera').map((s) => s.kind)).toEqual(['audio']);
    await sub.answer(await viewer.answer(third?.offerSdp ?? ''));
  });

  it('renegotiates when a subscribed feed unpublishes, and update() then has nothing to remove', async () => {
    const sub = room.subscriber('viewer-2');
    const renegotiated = new Promise<SubscriberOffer>((resolve) => sub.once('offer', resolve));
    await room.unpublish('alice:camera');
    const offer = await renegotiated;
    expect(offer.streams.map((s) => s.feed)).toEqual(['bob:camera']);
    expect(room.feeds()).toEqual(['bob:camera']);
    const viewer = await TestSubscriber.create();
    peers.push(viewer);
    // Unpublishing on purpose is no 'feedgone'.
    expect(gone).toEqual([]);
    expect(talking).toContainEqual(['alice:camera', false]);
    // The waiting update runs once the answer is in; alice is not published, so nothing changes.
    const next = sub.update([
      { feed: 'alice:camera', ...av },
      { feed: 'bob:camera', audio: true, video: false },
    ]);
    await sub.answer(await viewer.answer(offer.offerSdp)).catch(() => {});
    expect(await next).toBeNull();
    const none = await sub.update([]);
    expect(none?.streams).toEqual([]);
    await sub.close();
  });

  it("emits 'feedgone' when a publisher's connection dies", async () => {
    const pub = await publish('carol:screen');
    pub.close();
    await waitFor('feedgone', () => gone.includes('carol:screen'));
    expect(room.feeds()).not.toContain('carol:screen');
  });

  it('recovers after Janus is killed: rooms reset, publishing works again', async () => {
    const oldPid = engine.pid ?? 0;
    const reset = new Promise<void>((resolve) => room.once('reset', resolve));
    const restarted = new Promise<void>((resolve) => engine.once('restarted', resolve));
    const t0 = Date.now();
    process.kill(oldPid, 'SIGKILL');
    await waitFor('engine down', () => !engine.isUp(), 2000);
    const failed = await room
      .publish('dave:camera', 'v=0\r\n', { display: 'd', ...av })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).code).toBe('media_unavailable');
    expect(Date.now() - t0).toBeLessThan(1000);
    await Promise.all([reset, restarted]);
    console.log(`Janus kill → engine 'restarted': ${Date.now() - t0} ms`);
    expect(engine.isUp()).toBe(true);
    expect(engine.pid).not.toBe(oldPid);
    expect(alive(oldPid)).toBe(false);
    expect(room.feeds()).toEqual([]);

    await publish('alice:camera');
    const viewer = await TestSubscriber.create();
    peers.push(viewer);
    const sub = room.subscriber('viewer-1');
    const offer = await sub.update([{ feed: 'alice:camera', ...av }]);
    await sub.answer(await viewer.answer(offer?.offerSdp ?? ''));
    const video = offer?.streams.find((s) => s.kind === 'video')?.mid ?? '';
    await waitFor('video after restart', () => viewer.frames(video) > 5);
  });

  it('closes a room and can open it again', async () => {
    const closed = new Promise<void>((resolve) => room.once('closed', resolve));
    await room.close();
    await closed;
    const again = await engine.openRoom('meeting-1');
    expect(again).not.toBe(room);
    await again.close();
  });
});
