// System test of the pre-meeting network test: a paired kiosk, played by a headless @roamhq/wrtc
// client running the kiosk's own runner (protocol/nettest-runner.ts), loops synthetic audio and
// video through the real Janus over /ws/nettest — directly, and through our coturn with relay
// candidates only — posts what it measured, and the meeting's readiness table shows the point
// ready. Runs inside scripts/in-netns.sh (Janus on 127.0.0.2 at dc0).
import {
  SyntheticSources,
  UdpDelayProxy,
  isLoopbackCandidate,
  loadWrtc,
  onlyTurnTransports,
  scrubSdp,
  turnUdpVia,
} from '@diemcau/bots';
import type { Wrtc } from '@diemcau/bots';
import { NETTEST_PATH, NetTestChannel, runNetworkLeg } from '@diemcau/protocol';
import type {
  NetTestPeer,
  NetTestPeerConfig,
  NetTestTarget,
  NetworkLeg,
  NetworkPath,
  NetworkTestView,
  ReadinessResponse,
} from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MeetingStore } from '../meetings/store.js';
import { freePort, startTestSystem, turnTestEnv } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

const JANUS = '127.0.0.2';
let sys: TestSystem;
let wrtc: Wrtc;
let sources: SyntheticSources;
let device: { id: string; token: string; bridgePointId: string };
let turnPort: number;

beforeAll(async () => {
  turnPort = await freePort();
  // NOTE: coturn on the media veth's loopback-range address, so the test's own wrtc client
  // (which gathers on dc0, never on lo) reaches it; it relays to Janus beside it.
  sys = await startTestSystem({
    env: turnTestEnv({
      port: turnPort,
      listen: JANUS,
      host: JANUS,
      secret: 'nettest-turn-secret-0123456789',
    }),
  });
  wrtc = await loadWrtc();
  sources = new SyntheticSources(wrtc, 'Khu phố 4 — kiểm tra đường truyền');
  sources.start();
  // A kiosk registers and an admin pairs it to a bridge point invited to the demo meeting.
  const access = await new MeetingStore(sys.db).access(sys.demoMeetingId);
  const bridgePointId = access?.bridgePointIds[0];
  if (!bridgePointId) throw new Error('the demo meeting invites no bridge point');
  const registered = await sys.app.devices.register('wrtc kiosk');
  const admin = await sys.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  await sys.app.devices.pair(
    { pairingCode: registered.pairingCode, bridgePointId },
    { userId: admin.id, ip: '127.0.0.1' },
  );
  await sys.app.devices.heartbeat(registered.deviceId, { hasCamera: true, hasMicrophone: true });
  device = { id: registered.deviceId, token: registered.token, bridgePointId };
}, 120_000);

afterAll(async () => {
  sources?.stop();
  await sys?.stop();
});

/** The kiosk's peer connection, made of wrtc instead of the browser's. */
function wrtcPeer(role: NetTestTarget, config: NetTestPeerConfig): NetTestPeer {
  const pc = new wrtc.RTCPeerConnection(config);
  if (role === 'publisher') {
    const { audio, video } = sources.createTracks();
    pc.addTransceiver(audio, { direction: 'sendonly' });
    pc.addTransceiver(video, { direction: 'sendonly' });
  }
  return {
    async offer() {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      return scrubSdp(offer.sdp);
    },
    async answer(offerSdp) {
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      return scrubSdp(answer.sdp);
    },
    accept: (answerSdp) => pc.setRemoteDescription({ type: 'answer', sdp: answerSdp }),
    onCandidate(listener) {
      pc.onicecandidate = (e) => listener(e.candidate);
    },
    state: () => pc.connectionState,
    getStats: () => pc.getStats(),
    close: () => pc.close(),
  };
}

function connect(): Promise<NetTestChannel> {
  const ws = new WebSocket(`${sys.origin.replace(/^http/, 'ws')}${NETTEST_PATH}`);
  const channel = new NetTestChannel(
    (text) => ws.send(text),
    () => ws.close(),
  );
  ws.on('message', (data: Buffer) => channel.push(data.toString('utf8')));
  ws.on('close', () => channel.end());
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(channel));
    ws.once('error', reject);
  });
}

/** Rooms open on Janus now (the test's private room while a leg runs). */
const janusRooms = (): number => (sys.media?.nodes() ?? []).reduce((n, node) => n + node.rooms, 0);

/** Runs one leg as the kiosk does; `roomsWhileMeasuring` gets the Janus room count mid-leg. */
const leg = (
  path: NetworkPath,
  token = device.token,
  roomsWhileMeasuring: number[] = [],
  createPeer = wrtcPeer,
): Promise<NetworkLeg> =>
  runNetworkLeg({
    path,
    deviceToken: token,
    connect,
    createPeer,
    measureMs: 8_000,
    keepCandidate: isLoopbackCandidate,
    onProgress: (phase) => {
      if (phase === 'measuring') roomsWhileMeasuring.push(janusRooms());
    },
  });

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return check();
}

async function adminCookie(): Promise<string> {
  const res = await sys.app.fastify.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: sys.passwords.admin },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.headers['set-cookie'];
  return (Array.isArray(cookie) ? cookie[0] : cookie)?.split(';')[0] ?? '';
}

describe('network test through the real Janus and coturn', () => {
  let direct: NetworkLeg;
  let relay: NetworkLeg;

  it('direct leg: media loops back through Janus with a plausible RTT, no loss and real bitrate', async () => {
    const rooms: number[] = [];
    direct = await leg('direct', device.token, rooms);
    // The leg ran in a Janus room of its own, which closed with the socket.
    expect(Math.max(...rooms)).toBe(1);
    expect(await until(() => janusRooms() === 0, 5000)).toBe(true);
    expect(direct, JSON.stringify(direct)).toMatchObject({ status: 'ok', route: 'host', transport: 'udp' });
    // Status 'ok' already means an RTT was measured (the runner fails with no_rtt otherwise);
    // over loopback it is well under a millisecond and rounds to 0.
    expect(direct.rttMs).toBeGreaterThanOrEqual(0);
    expect(direct.rttMs).toBeLessThan(100);
    expect(direct.lossPct).toBeLessThan(5);
    expect(direct.downKbps).toBeGreaterThan(0);
    expect(direct.upKbps).toBeGreaterThan(0);
    console.info('direct leg', JSON.stringify(direct));
  });

  it('TURN leg: relay candidates only, and the selected route is a relay', async () => {
    relay = await leg('relay');
    expect(relay, JSON.stringify(relay)).toMatchObject({ status: 'ok', route: 'relay' });
    expect(relay.rttMs).toBeGreaterThanOrEqual(0);
    expect(relay.lossPct).toBeLessThan(5);
    expect(relay.downKbps).toBeGreaterThan(0);
    console.info('relay leg', JSON.stringify(relay));
  });

  it('the report is judged ready and the meeting’s readiness table shows the point ready', async () => {
    const posted = await fetch(`${sys.origin}/api/kiosk/network-tests`, {
      method: 'POST',
      headers: { authorization: `Device ${device.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: device.id,
        meetingId: sys.demoMeetingId,
        trigger: 'auto',
        startedAt: new Date().toISOString(),
        hasCamera: true,
        hasMicrophone: true,
        direct,
        relay,
      }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    const test = (await posted.json()) as NetworkTestView;
    expect(test.verdict, JSON.stringify(test.reasons)).toBe('ready');

    const res = await sys.app.fastify.inject({
      url: `/api/meetings/${sys.demoMeetingId}/readiness`,
      headers: { cookie: await adminCookie() },
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json<ReadinessResponse>().rows.find((r) => r.bridgePoint.id === device.bridgePointId);
    expect(row).toMatchObject({ device: { id: device.id, online: true }, test: { verdict: 'ready' } });
  });

  it('a far point (UDP blocked, 200 ± 20 ms each way to TURN) measures its round trip and is judged degraded', async () => {
    // NOTE: the kernel here has no netem: the TURN-over-UDP leg goes through a relay that holds
    // every datagram (bots/src/udp-delay.ts); the kiosk is told that relay as its TURN server.
    const line = await UdpDelayProxy.start({
      host: JANUS,
      target: { host: JANUS, port: turnPort },
      profile: { delayMs: 200, jitterMs: 20 },
    });
    try {
      const far = await leg('relay', device.token, [], (role, config) =>
        wrtcPeer(role, {
          ...config,
          iceServers: turnUdpVia(onlyTurnTransports(config.iceServers ?? [], ['udp']), {
            host: JANUS,
            port: line.port,
          }),
        }),
      );
      console.info('far relay leg', JSON.stringify(far), JSON.stringify(line.stats()));
      expect(far, JSON.stringify(far)).toMatchObject({ status: 'ok', route: 'relay' });
      expect(line.stats().down, 'the media went through the delaying relay').toBeGreaterThan(100);
      // Twice 200 ms, give or take the jitter; a median, so one late packet does not move it.
      expect(far.rttMs).toBeGreaterThanOrEqual(360);
      expect(far.rttMs).toBeLessThan(800);
      const posted = await fetch(`${sys.origin}/api/kiosk/network-tests`, {
        method: 'POST',
        headers: { authorization: `Device ${device.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          deviceId: device.id,
          meetingId: sys.demoMeetingId,
          trigger: 'manual',
          startedAt: new Date().toISOString(),
          hasCamera: true,
          hasMicrophone: true,
          // UDP blocked: the direct leg never connected.
          direct: {
            status: 'failed',
            error: 'connect_timeout',
            rttMs: null,
            lossPct: null,
            upKbps: null,
            downKbps: null,
            connectMs: null,
            route: null,
            transport: null,
          },
          relay: far,
        }),
      });
      expect(posted.status, await posted.clone().text()).toBe(201);
      const test = (await posted.json()) as NetworkTestView;
      expect(test.verdict).toBe('degraded');
      expect(test.reasons).toContainEqual(expect.objectContaining({ code: 'rtt_high', leg: 'relay' }));
      const res = await sys.app.fastify.inject({
        url: `/api/meetings/${sys.demoMeetingId}/readiness`,
        headers: { cookie: await adminCookie() },
      });
      const row = res.json<ReadinessResponse>().rows.find((r) => r.bridgePoint.id === device.bridgePointId);
      expect(row).toMatchObject({ test: { verdict: 'degraded' } });
    } finally {
      await line.close();
    }
  });

  it('refuses a socket without a paired device token, and opens no room for it', async () => {
    const failed = await leg('direct', 'not-a-device-token');
    expect(failed).toMatchObject({ status: 'failed', error: 'unauthorized' });
    expect(janusRooms()).toBe(0);
  });
});
