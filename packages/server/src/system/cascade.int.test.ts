// System test of the Janus pool: the server runs two Janus processes and uses a third, remote one
// in a network namespace of its own (as if on another host). With one viewer per node allowed, a
// meeting with one publishing bot and three watching bots cascades to all three nodes, and every
// watcher decodes the publisher's video (its label in the pixels) and hears its tone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Bot } from '@diemcau/bots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJanusConfig, resolveJanusConfig } from '@diemcau/media';
import { writeJanusConfig } from '../../../media/src/janus-config.js';
import { JanusProcess } from '../../../media/src/janus-process.js';
import { createTestNetns } from '../../../media/src/test-support/netns.js';
import type { TestNetns } from '../../../media/src/test-support/netns.js';
import { freePort, startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

let sys: TestSystem;
let netns: TestNetns;
let far: JanusProcess;
let farDir: string;

beforeAll(async () => {
  netns = createTestNetns();
  farDir = mkdtempSync(path.join(tmpdir(), 'diemcau-far-'));
  // A Janus nobody in the server supervises, reachable only through the namespace's veth.
  const rtpMin = 40_000 + Math.floor(Math.random() * 100) * 100;
  const config = resolveJanusConfig({
    runtimeDir: farDir,
    binary: netns.janusWrapper(farDir),
    wsHost: netns.address,
    wsPort: 17_000 + Math.floor(Math.random() * 1000),
    rtpPortRange: [rtpMin, rtpMin + 99],
    mediaInterface: netns.iface,
    mediaAddress: netns.address,
    supervise: false,
  });
  const generated = generateJanusConfig(config);
  await writeJanusConfig(generated);
  far = new JanusProcess(config, generated);
  await far.start();
  sys = await startTestSystem({
    env: {
      JANUS_WS_PORT: String(await freePort()),
      JANUS_LOCAL_NODES: '2',
      JANUS_REMOTE_NODES: JSON.stringify([
        { url: generated.wsUrl, apiSecret: config.apiSecret, forwardAddress: netns.address },
      ]),
      JANUS_MAX_SUBSCRIBERS_PER_NODE: '1',
    },
  });
});

afterAll(async () => {
  await sys?.stop();
  await far?.stop();
  netns?.remove();
  if (farDir) rmSync(farDir, { recursive: true, force: true });
});

describe('a meeting cascaded over three Janus nodes', () => {
  it('every watching bot, whichever node it lands on, sees and hears the publisher', async () => {
    const media = sys.media;
    if (!media) throw new Error('no media pool');
    expect(media.nodes().map((n) => [n.id, n.kind, n.state])).toEqual([
      ['local-0', 'local', 'up'],
      ['local-1', 'local', 'up'],
      ['remote-2', 'remote', 'up'],
    ]);
    const hallName = 'Hội trường UBND phường';
    const hall = new Bot({ link: await sys.link(hallName), seconds: 16 });
    const hallRun = hall.run();
    await new Promise<void>((resolve) => hall.once('published', () => resolve()));
    const watchers = await Promise.all(
      ['Văn phòng khu phố 1', 'Văn phòng khu phố 2', 'Văn phòng khu phố 3'].map(
        async (name) => new Bot({ link: await sys.link(name), seconds: 11, publish: false }),
      ),
    );
    const runs = watchers.map((b) => b.run());
    await new Promise((r) => setTimeout(r, 6000));
    const layout = media.layout(sys.demoMeetingId);
    const remoteLoad = media.nodes().find((n) => n.id === 'remote-2');
    const reports = await Promise.all(runs);
    const hallReport = await hallRun;

    // NOTE: which node is the origin and which replica opens first depends on load (CPU too).
    expect(layout?.homes[0]?.nodeId).toBe(layout?.origin);
    expect(layout?.homes.map((h) => [h.nodeId, h.viewers, h.feeds]).sort()).toEqual([
      ['local-0', 1, 1],
      ['local-1', 1, 1],
      ['remote-2', 1, 1],
    ]);
    expect(remoteLoad).toMatchObject({
      remoteFeeds: layout?.origin === 'remote-2' ? 0 : 1,
      publishers: layout?.origin === 'remote-2' ? 1 : 0,
      subscribers: 1,
    });
    expect(hallReport.fatal).toBeNull();
    for (const r of reports) {
      expect(r.fatal, `${r.name} failed`).toBeNull();
      const s = r.received.find((x) => x.from === hallName && x.source === 'camera');
      expect(s, `${r.name} received the hall`).toBeDefined();
      expect(s?.videoFrames, `${r.name} video frames`).toBeGreaterThan(20);
      expect(s?.decodedLabel, `${r.name} label in the pixels`).toBe(hallName);
      expect(s?.audioFrames, `${r.name} audio frames`).toBeGreaterThan(100);
      expect(s?.audioRms, `${r.name} audio RMS`).toBeGreaterThan(0.05);
    }
    console.log(
      'subscriber ICE pairs:',
      reports.map(
        (r) => `${r.name}: ${r.selectedPairs.subscriber ?? '?'} (first frame ${r.firstRemoteFrameMs} ms)`,
      ),
    );
    // Exactly one watcher's media came from the Janus in the other namespace.
    const fromFar = reports.filter((r) => r.selectedPairs.subscriber?.includes(netns.address) === true);
    expect(fromFar).toHaveLength(1);
  });
});
