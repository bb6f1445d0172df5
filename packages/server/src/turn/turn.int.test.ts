// System test of TURN: the real server starts coturn with generated config and credentials; a
// bridge point in a namespace of its own whose firewall drops all UDP joins through TURN over TCP
// and exchanges media with another bot through Janus. Also: coturn refuses expired credentials
// and relays to nothing but the Janus address. Runs inside scripts/in-netns.sh (root).
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import {
  assertTestNamespace,
  Bot,
  createShapedHost,
  SignallingClient,
  loadWrtc,
  withOrigin,
} from '@diemcau/bots';
import { parseJoinLink, signallingUrl } from '@diemcau/protocol';
import type { BotReport, ShapedHost, Wrtc } from '@diemcau/bots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestSystem, turnTestEnv } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';
import { signTurnCredential, turnPassword } from './credentials.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const JANUS = '127.0.0.2';
const SECRET = 'turn-test-secret-0123456789';
/** nftables in the blocked namespace: every UDP packet in or out is counted and dropped. */
const BLOCK_UDP = [
  'add table inet dc_firewall',
  'add chain inet dc_firewall input { type filter hook input priority 0; policy accept; }',
  'add chain inet dc_firewall output { type filter hook output priority 0; policy accept; }',
  'add rule inet dc_firewall input meta l4proto udp counter drop',
  'add rule inet dc_firewall output meta l4proto udp counter drop',
].join('; ');

let sys: TestSystem;
let host: ShapedHost;
/** The test side of the veth: where the blocked point reaches coturn and the server. */
let gateway: string;
let turnPort: number;

beforeAll(async () => {
  // NOTE: never touch a namespace that has real interfaces (this must run in scripts/in-netns.sh).
  assertTestNamespace();
  // The blocked point runs as the bot CLI in its own namespace: make sure that is built and current.
  execFileSync('npx', ['tsc', '-b', 'packages/bots'], { cwd: repoRoot, stdio: 'inherit' });
  host = await createShapedHost({ index: 200 });
  gateway = host.gateway;
  await host.exec('nft', [BLOCK_UDP]);
  turnPort = await freePort();
  // coturn listens on the veth address, reachable from both namespaces.
  sys = await startTestSystem({ env: turnTestEnv({ port: turnPort, listen: gateway, secret: SECRET }) });
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  await host?.close();
});

async function droppedUdpPackets(): Promise<number> {
  const listing = await host.exec('nft', ['list', 'table', 'inet', 'dc_firewall']);
  return [...listing.matchAll(/counter packets (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Runs the bot CLI inside the blocked namespace and returns its JSON report. */
async function blockedBot(link: string, seconds: number, extra: string[]): Promise<BotReport> {
  const origin = await host.expose(sys.origin);
  const cli = `${repoRoot}/packages/bots/dist/cli.js`;
  const args = [cli, '--link', withOrigin(link, origin), '--seconds', String(seconds), '--json', ...extra];
  const child = host.spawn(process.execPath, args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bot exited ${code}: ${stderr}\n${stdout}`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as BotReport;
}

/** Gathers relay candidates of one peer connection through our TURN with these credentials. */
async function relayCandidates(username: string, credential: string): Promise<string[]> {
  const wrtc: Wrtc = await loadWrtc();
  const pc = new wrtc.RTCPeerConnection({
    iceServers: [{ urls: `turn:${gateway}:${turnPort}?transport=tcp`, username, credential }],
    iceTransportPolicy: 'relay',
  });
  const found: string[] = [];
  const done = new Promise<void>((resolve) => {
    pc.onicecandidate = (e) => (e.candidate ? found.push(e.candidate.candidate) : resolve());
    setTimeout(resolve, 8000);
  });
  pc.addTransceiver('audio', { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  await done;
  pc.close();
  return found;
}

describe('TURN for a bridge point whose UDP is blocked', () => {
  it('the firewall really drops UDP from the blocked namespace', async () => {
    const socket = dgram.createSocket('udp4');
    const got: Buffer[] = [];
    socket.on('message', (m) => got.push(m));
    await new Promise<void>((resolve) => socket.bind(0, gateway, resolve));
    const { port } = socket.address();
    const before = await droppedUdpPackets();
    await host.exec(process.execPath, [
      '-e',
      `const s=require('node:dgram').createSocket('udp4');s.send('x',${port},'${gateway}',()=>s.close())`,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    socket.close();
    expect(got).toHaveLength(0);
    expect(await droppedUdpPackets()).toBeGreaterThan(before);
  });

  it('health reports TURN up and joined carries per-participant TURN URLs', async () => {
    const res = await fetch(`${sys.origin}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ turn: { up: true, state: 'up' } });
    const link = parseJoinLink(await sys.link('Khu phố 2'));
    if (!link) throw new Error('bad link');
    const client = await SignallingClient.connect(signallingUrl(sys.origin));
    try {
      const joined = await client.request(
        {
          type: 'join',
          rid: client.nextRid(),
          meetingId: link.meetingId,
          name: 'Khu phố 2',
          token: link.token,
        },
        'joined',
      );
      const [turn] = joined.iceServers;
      expect(turn?.urls).toEqual([
        `turn:${gateway}:${turnPort}?transport=udp`,
        `turn:${gateway}:${turnPort}?transport=tcp`,
      ]);
      const expiry = Number(turn?.username?.split(':')[0]);
      expect(expiry - Date.now() / 1000).toBeGreaterThan(12 * 3600 - 60);
      expect(expiry - Date.now() / 1000).toBeLessThanOrEqual(12 * 3600);
      expect(turn?.credential).toBe(turnPassword(SECRET, turn?.username ?? ''));
    } finally {
      await client.close();
    }
  });

  it('joins through TURN over TCP and sees and hears the other bridge point (and is seen)', async () => {
    const nameHere = 'Hội trường UBND phường';
    const nameThere = 'Khu phố 7 (chặn UDP)';
    const here = new Bot({ link: await sys.link(nameHere), seconds: 13 });
    const [reportHere, reportThere] = await Promise.all([
      here.run(),
      blockedBot(await sys.link(nameThere), 10, ['--relay', '--turn-transport', 'tcp']),
    ]);
    console.log(
      JSON.stringify({
        blockedFirstFrameMs: reportThere.firstRemoteFrameMs,
        blockedRoutes: reportThere.selectedRoutes,
        hallPairs: reportHere.selectedPairs,
      }),
    );
    expect(reportThere.fatal).toBeNull();
    const fromHere = reportThere.received.find((s) => s.from === nameHere && s.source === 'camera');
    expect(fromHere?.videoFrames, 'video frames through TURN').toBeGreaterThan(20);
    expect(fromHere?.decodedLabel, 'label in the pixels').toBe(nameHere);
    expect(fromHere?.audioFrames, 'audio frames through TURN').toBeGreaterThan(100);
    expect(fromHere?.audioRms).toBeGreaterThan(0.05);
    const fromThere = reportHere.received.find((s) => s.from === nameThere && s.source === 'camera');
    expect(fromThere?.videoFrames, 'the blocked point’s video reached the hall').toBeGreaterThan(20);
    expect(fromThere?.decodedLabel).toBe(nameThere);
    for (const which of ['publisher', 'subscriber'] as const) {
      const route = reportThere.selectedRoutes[which];
      expect(route?.local.type, `${which} local candidate`).toBe('relay');
      expect(route?.local.relayProtocol, `${which} reaches TURN over`).toBe('tcp');
      expect(route?.local.address, `${which} relayed address`).toBe(JANUS);
      expect(route?.remote.address, `${which} remote`).toBe(JANUS);
    }
  });
});

describe('coturn with our credentials and peer rules', () => {
  it('allocates with a fresh credential and refuses an expired or forged one', async () => {
    const fresh = signTurnCredential(SECRET, 'u-test', Date.now(), 60);
    expect((await relayCandidates(fresh.username, fresh.credential)).join('\n')).toMatch(
      new RegExp(`${JANUS.replaceAll('.', '\\.')} \\d+ typ relay`),
    );
    const expired = signTurnCredential(SECRET, 'u-test', Date.now() - 120_000, 60);
    expect(await relayCandidates(expired.username, expired.credential)).toEqual([]);
    const forged = signTurnCredential('not-the-server-secret-0000', 'u-test', Date.now(), 60);
    expect(await relayCandidates(forged.username, forged.credential)).toEqual([]);
  });

  it('refuses to relay to another loopback address than Janus’s', async () => {
    const wrtc = await loadWrtc();
    const { username, credential } = signTurnCredential(SECRET, 'u-test', Date.now(), 60);
    const relayed = new wrtc.RTCPeerConnection({
      iceServers: [{ urls: `turn:${gateway}:${turnPort}?transport=tcp`, username, credential }],
      iceTransportPolicy: 'relay',
    });
    const target = new wrtc.RTCPeerConnection({ iceServers: [] });
    try {
      relayed.addTransceiver('audio', { direction: 'sendonly' });
      const offer = await relayed.createOffer();
      await relayed.setLocalDescription(offer);
      await target.setRemoteDescription(offer);
      const answer = await target.createAnswer();
      await target.setLocalDescription(answer);
      await relayed.setRemoteDescription(answer);
      // The only candidate the relayed side hears of: in 127/8, and not Janus's address.
      const candidate = `candidate:1 1 udp 2122260223 ${gateway} 40000 typ host generation 0`;
      await relayed.addIceCandidate({ candidate, sdpMid: '0', sdpMLineIndex: 0 });
      const turn = sys.turn;
      if (!turn) throw new Error('TURN is not running');
      await expect
        .poll(() => turn.process.logTail().some((l) => l.includes(`peer IP ${gateway} denied`)), {
          timeout: 10_000,
        })
        .toBe(true);
    } finally {
      relayed.close();
      target.close();
    }
  });
});

describe('coturn under our supervision', () => {
  it('is restarted after a crash, and health follows', async () => {
    const turn = sys.turn;
    const pid = turn?.process.pid;
    if (!turn || pid === undefined) throw new Error('TURN is not running');
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => turn.state, { timeout: 5_000 }).not.toBe('up');
    expect((await fetch(`${sys.origin}/api/health`)).status).toBe(503);
    await expect.poll(() => turn.isUp() && turn.process.pid !== pid, { timeout: 15_000 }).toBe(true);
    const res = await fetch(`${sys.origin}/api/health`);
    expect(res.status).toBe(200);
    const fresh = signTurnCredential(SECRET, 'u-test', Date.now(), 60);
    expect(await relayCandidates(fresh.username, fresh.credential)).not.toEqual([]);
  });
});
