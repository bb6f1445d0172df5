// The Janus pool against three real Janus processes, one of them in a network namespace of its
// own (as if on another host): meetings placed by load, a meeting cascaded to every node with
// viewers on each receiving the publisher's video and audio, and nodes dying under a meeting.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaPool, type CascadeRoom, type SubscriberOffer } from './index.js';
import { createTestNetns, type TestNetns } from './test-support/netns.js';
import { TestPublisher, TestSubscriber, waitFor } from './test-support/wrtc-peer.js';

async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const av = { audio: true, video: true };
const closers: { close(): void }[] = [];

/** Publishes `feed` from a synthetic peer and waits until the cascade says it is ready. */
async function publish(room: CascadeRoom, feed: string): Promise<TestPublisher> {
  const pub = await TestPublisher.create();
  closers.push(pub);
  const ready = new Promise<void>((resolve) => {
    const onReady = (f: string): void => {
      if (f !== feed) return;
      room.off('feedready', onReady);
      resolve();
    };
    room.on('feedready', onReady);
  });
  const { answerSdp } = await room.publish(feed, await pub.offer(), { display: feed, ...av });
  await pub.accept(answerSdp);
  await ready;
  return pub;
}

/** Subscribes viewer `id` to `feed` and waits for decoded video frames and an audible tone. */
async function view(room: CascadeRoom, id: string, feed: string): Promise<TestSubscriber> {
  const viewer = await TestSubscriber.create();
  closers.push(viewer);
  const sub = room.subscriber(id);
  const offer = await sub.update([{ feed, ...av }]);
  if (!offer) throw new Error(`no offer for ${id}`);
  await sub.answer(await viewer.answer(offer.offerSdp));
  const video = offer.streams.find((s) => s.kind === 'video')?.mid ?? '';
  const audio = offer.streams.find((s) => s.kind === 'audio')?.mid ?? '';
  await waitFor(`${id}: 10 video frames`, () => viewer.frames(video) >= 10, 15_000);
  await waitFor(`${id}: audio`, () => (viewer.received.get(audio)?.rms ?? 0) > 1000, 15_000);
  expect(viewer.received.get(video)).toMatchObject({ width: 320, height: 240 });
  return viewer;
}

describe('MediaPool with three real Janus nodes', () => {
  let dir: string;
  let netns: TestNetns;
  let pool: MediaPool;
  let room: CascadeRoom;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'diemcau-pool-'));
    netns = createTestNetns();
    const rtpBase = 30_000 + Math.floor(Math.random() * 100) * 300;
    const local = (i: number, wsPort: number) => ({
      kind: 'local' as const,
      janus: {
        runtimeDir: path.join(dir, `node-${i}`),
        wsPort,
        rtpPortRange: [rtpBase + i * 100, rtpBase + i * 100 + 99] as [number, number],
        mediaInterface: 'dc0',
        mediaAddress: '127.0.0.2',
      },
    });
    const farPort = 18_000 + Math.floor(Math.random() * 1000);
    pool = await MediaPool.start({
      maxSubscribersPerNode: 1,
      sampleIntervalMs: 500,
      nodes: [
        local(0, await freePort()),
        local(1, await freePort()),
        {
          kind: 'local',
          id: 'far',
          forwardAddress: netns.address,
          janus: {
            runtimeDir: path.join(dir, 'node-far'),
            binary: netns.janusWrapper(dir),
            wsHost: netns.address,
            wsPort: farPort,
            rtpPortRange: [rtpBase + 200, rtpBase + 299],
            mediaInterface: netns.iface,
            mediaAddress: netns.address,
          },
        },
      ],
    });
  });

  afterAll(async () => {
    for (const c of closers) c.close();
    await pool?.close();
    netns?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts every node and places meetings on the least-loaded one', async () => {
    expect(pool.isUp()).toBe(true);
    const nodes = pool.nodes();
    expect(nodes.map((n) => [n.id, n.state])).toEqual([
      ['local-0', 'up'],
      ['local-1', 'up'],
      ['far', 'up'],
    ]);
    expect(new Set(nodes.map((n) => n.pid)).size).toBe(3);
    room = await pool.openRoom('meeting-a');
    expect(room.originNode).toBe('local-0');
    expect(await pool.openRoom('meeting-a')).toBe(room);
    const other = await pool.openRoom('meeting-b');
    expect(other.originNode).not.toBe('local-0');
    await other.close();
    expect(pool.layout('meeting-b')).toBeUndefined();
  });

  it('cascades a meeting: viewers beyond the per-node limit go to replicas, and all see and hear', async () => {
    await publish(room, 'alice:camera');
    await view(room, 'viewer-1', 'alice:camera');
    await view(room, 'viewer-2', 'alice:camera');
    // The third viewer lands on the last node (which of local-1 and far comes first depends on
    // their load at that moment; one of them is in the other network namespace).
    const t0 = Date.now();
    await view(room, 'viewer-3', 'alice:camera');
    console.log(`viewer on a new replica: subscribe → frames and audio in ${Date.now() - t0} ms`);
    const layout = pool.layout('meeting-a');
    expect(layout?.origin).toBe('local-0');
    expect([...(layout?.homes ?? [])].sort((a, b) => a.nodeId.localeCompare(b.nodeId))).toEqual([
      { nodeId: 'far', viewers: 1, feeds: 1 },
      { nodeId: 'local-0', viewers: 1, feeds: 1 },
      { nodeId: 'local-1', viewers: 1, feeds: 1 },
    ]);
    const load = Object.fromEntries(pool.nodes().map((n) => [n.id, n]));
    expect(load['local-0']).toMatchObject({ publishers: 1, remoteFeeds: 0, subscribers: 1 });
    expect(load['local-1']).toMatchObject({ publishers: 0, remoteFeeds: 1, subscribers: 1 });
    expect(load.far).toMatchObject({ publishers: 0, remoteFeeds: 1, subscribers: 1 });
  });

  it('an unpublish reaches viewers on replicas as a renegotiation', async () => {
    const far = room.subscriber('viewer-3');
    const renegotiated = new Promise<SubscriberOffer>((resolve) => far.once('offer', resolve));
    await room.unpublish('alice:camera');
    const offer = await renegotiated;
    expect(offer.streams).toEqual([]);
    expect(pool.layout('meeting-a')?.homes.map((h) => h.feeds)).toEqual([0, 0, 0]);
  });

  it('a replica node dying rebuilds the meeting (reset), and media flows again', async () => {
    const far = pool.nodes().find((n) => n.id === 'far');
    const reset = new Promise<void>((resolve) => room.once('reset', resolve));
    process.kill(far?.pid ?? 0, 'SIGKILL');
    await reset;
    expect(pool.layout('meeting-a')).toEqual({
      origin: 'local-0',
      homes: [{ nodeId: 'local-0', viewers: 0, feeds: 0 }],
    });
    await publish(room, 'alice:camera');
    await view(room, 'viewer-1', 'alice:camera');
    // The dead node is supervised: it comes back and takes replicas again.
    await waitFor(
      'far node up again',
      () => pool.nodes().find((n) => n.id === 'far')?.state === 'up',
      20_000,
    );
  });

  it('the origin node dying moves the meeting to another node', async () => {
    const reset = new Promise<void>((resolve) => room.once('reset', resolve));
    const t0 = Date.now();
    process.kill(pool.nodes()[0]?.pid ?? 0, 'SIGKILL');
    await reset;
    console.log(`origin killed → meeting rebuilt on ${room.originNode} in ${Date.now() - t0} ms`);
    expect(room.originNode).not.toBe('local-0');
    expect(pool.isUp()).toBe(true);
    await publish(room, 'bob:camera');
    await view(room, 'viewer-4', 'bob:camera');
    await view(room, 'viewer-5', 'bob:camera');
    expect(pool.layout('meeting-a')?.homes).toHaveLength(2);
  });
});
