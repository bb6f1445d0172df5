// Unit tests of the Bot against a scripted signalling server on loopback: the join contract,
// refusals, what publish sends, and subscribe offers answered in order. No media flows here:
// no ICE candidate ever reaches a peer connection, so no connectivity check is sent.
import type { ClientMessage, SubscribedStream } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot, BotError } from './bot.js';
import {
  FakeSignallingServer,
  joinedFor,
  participant,
  type FakeConnection,
} from './fake-server.test-helper.js';
import { loadWrtc, type WrtcPeerConnection } from './wrtc.js';

let server: FakeSignallingServer | undefined;
const peers: WrtcPeerConnection[] = [];

afterEach(async () => {
  for (const pc of peers.splice(0)) pc.close();
  await server?.close();
  server = undefined;
});

const withoutCandidates = (sdp: string): string =>
  sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') && !line.startsWith('a=end-of-candidates'))
    .join('\r\n');

type Of<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
const isType =
  <T extends ClientMessage['type']>(type: T) =>
  (m: ClientMessage): m is Of<T> =>
    m.type === type;

describe('Bot joining', () => {
  it('sends the join the protocol asks for, buffers early messages and leaves at the end', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type !== 'join') return;
      // Three frames in one go: the bot must handle the later two after `joined`.
      connection.send(joinedFor(message, [participant('p2', 'Phường 2')]));
      connection.send({ type: 'participant.joined', participant: participant('p3', 'Phường 3') });
      connection.send({ type: 'speaker.active', participantId: 'p3' });
    });
    const bot = new Bot({
      link: server.link('m-1', 'from-link'),
      name: 'bot-1',
      seconds: 0.3,
      publish: false,
    });
    const report = await bot.run();
    const join = await server.waitFor(isType('join'));
    expect(join).toEqual({
      type: 'join',
      rid: 'join-1',
      meetingId: 'm-1',
      name: 'bot-1',
      bridgePoint: 'Phường 1',
      token: 'tok',
    });
    await server.waitFor(isType('leave'));
    expect(report).toMatchObject({
      name: 'bot-1',
      meetingId: 'm-1',
      selfId: 'self-1',
      activeSpeaker: 'Phường 3',
    });
    expect(report.joinedMs).toBeGreaterThanOrEqual(0);
    expect(report.firstRemoteFrameMs).toBeNull();
    expect(report.published).toBeNull();
    expect(report.errors.map((e) => e.code)).toEqual(['ice_server_dropped']);
    expect(server.connections[0]?.received.some(isType('publish'))).toBe(false);
  });

  it('fails with the server code when the join is refused', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type === 'join') {
        connection.send({ type: 'error', rid: message.rid, code: 'meeting_full', message: 'full' });
      }
    });
    const run = new Bot({ link: server.link('m-1', 'a'), seconds: 5 }).run();
    await expect(run).rejects.toBeInstanceOf(BotError);
    await expect(run).rejects.toMatchObject({ code: 'meeting_full' });
  });

  it('refuses bad links, missing names and servers off loopback before connecting', async () => {
    await expect(new Bot({ link: 'not a url', seconds: 1 }).run()).rejects.toMatchObject({
      code: 'bad_link',
    });
    await expect(new Bot({ link: 'http://127.0.0.1:1/x/y', seconds: 1 }).run()).rejects.toMatchObject({
      code: 'bad_link',
    });
    await expect(new Bot({ link: 'http://127.0.0.1:1/m/abc', seconds: 1 }).run()).rejects.toMatchObject({
      code: 'bad_link',
    });
    await expect(
      new Bot({ link: 'http://192.0.2.1:8080/m/abc?name=a', seconds: 1 }).run(),
    ).rejects.toMatchObject({
      code: 'not_loopback',
    });
  });

  it('ends with a fatal socket_closed when the server drops the socket', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type === 'join') {
        connection.send(joinedFor(message));
        setTimeout(() => connection.socket.terminate(), 50);
      }
    });
    const report = await new Bot({
      link: server.link('m', 'a'),
      seconds: 10,
      publish: false,
      rejoin: false,
    }).run();
    expect(report.fatal?.code).toBe('socket_closed');
    expect(report.durationMs).toBeLessThan(5_000);
  });

  it('rejoins the same meeting after a signalling drop, on a new socket', async () => {
    let joins = 0;
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type !== 'join') return;
      joins += 1;
      expect(message.meetingId).toBe('m');
      connection.send(joinedFor(message));
      if (joins === 1) setTimeout(() => connection.socket.terminate(), 50);
    });
    const bot = new Bot({ link: server.link('m', 'a'), seconds: 2.5, publish: false });
    const rejoined = new Promise<number>((resolve) => bot.once('rejoined', (_self, ms) => resolve(ms)));
    const report = await bot.run();
    expect(await rejoined).toBeGreaterThan(0);
    expect(joins).toBe(2);
    expect(report.fatal).toBeNull();
    expect(report.rejoins).toHaveLength(1);
    expect(report.rejoins[0]?.rejoinedAtMs).toBeGreaterThan(report.rejoins[0]?.droppedAtMs ?? Infinity);
  });

  it('does not rejoin when the server closed it on purpose (removed)', async () => {
    let joins = 0;
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type !== 'join') return;
      joins += 1;
      connection.send(joinedFor(message));
      setTimeout(() => connection.socket.close(4003, 'removed'), 50);
    });
    const report = await new Bot({ link: server.link('m', 'a'), seconds: 3, publish: false }).run();
    expect(joins).toBe(1);
    expect(report.fatal?.code).toBe('socket_closed');
  });
});

describe('Bot media signalling', () => {
  it('publishes loopback-only SDP with a bitrate cap and trickles only loopback candidates', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type === 'join') connection.send(joinedFor(message));
    });
    const bot = new Bot({ link: server.link('m', 'Phường 1'), seconds: 1.5, videoKbps: 320 });
    const running = bot.run();
    const publish = (await server.waitFor(isType('publish'))) as Of<'publish'>;
    expect(publish).toMatchObject({ rid: 'publish-2', source: 'camera', audio: true, video: true });
    expect(publish.sdp).toMatch(/m=audio[\s\S]*m=video[\s\S]*b=AS:320/);
    expect(publish.sdp).toContain('a=sendonly');
    await server.waitFor((m) => m.type === 'trickle' && m.candidate === null);
    const report = await running;
    const trickles = server.connections[0]?.received.filter(isType('trickle')) ?? [];
    const addresses = trickles.flatMap((t) => (t.candidate ? [t.candidate.candidate.split(' ')[4]] : []));
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^127\./);
    expect(trickles.every((t) => t.target === 'camera')).toBe(true);
    expect(report.candidates.sent).toBe(addresses.length);
    expect(report.published?.videoFrames).toBeGreaterThan(10);
    expect(report.published?.audioChunks).toBeGreaterThan(100);
    // The answer never came: the bot records the timeout as an error, not a fatal one.
    expect(report.fatal).toBeNull();
  });

  it('answers subscribe offers in version order, drops stale ones and maps mids', async () => {
    const wrtc = await loadWrtc();
    const sfu = new wrtc.RTCPeerConnection({ iceServers: [] });
    peers.push(sfu);
    const audio = new wrtc.nonstandard.RTCAudioSource().createTrack();
    const video = new wrtc.nonstandard.RTCVideoSource().createTrack();
    sfu.addTransceiver(audio, { direction: 'sendonly' });
    sfu.addTransceiver(video, { direction: 'sendonly' });
    let connection: FakeConnection | undefined;
    server = await FakeSignallingServer.start((message, conn) => {
      if (message.type === 'join') {
        connection = conn;
        conn.send(joinedFor(message, [participant('p2', 'Phường 2'), participant('p3', 'Phường 3')]));
      }
    });
    const bot = new Bot({ link: server.link('m', 'bot'), seconds: 30, publish: false, wrtc });
    const subscribed: [number, SubscribedStream[]][] = [];
    bot.on('subscribed', (version, streams) => subscribed.push([version, streams]));
    const running = bot.run();
    await new Promise<void>((resolve) => bot.once('joined', () => resolve()));

    const streamsV1: SubscribedStream[] = [
      { mid: '0', participantId: 'p2', source: 'camera', kind: 'audio' },
      { mid: '1', participantId: 'p2', source: 'camera', kind: 'video' },
    ];
    const offer1 = await sfu.createOffer();
    await sfu.setLocalDescription(offer1);
    connection?.send({
      type: 'subscribe.offer',
      version: 1,
      sdp: withoutCandidates(offer1.sdp),
      streams: streamsV1,
    });
    const answer1 = (await server.waitFor(
      (m) => m.type === 'subscribe.answer' && m.version === 1,
    )) as Of<'subscribe.answer'>;
    expect(answer1.sdp).toContain('a=recvonly');
    expect(answer1.sdp).not.toMatch(/192\.0\.2\.|fd00:/);
    await sfu.setRemoteDescription({ type: 'answer', sdp: withoutCandidates(answer1.sdp) });

    sfu.addTransceiver(new wrtc.nonstandard.RTCVideoSource().createTrack(), { direction: 'sendonly' });
    const offer3 = await sfu.createOffer();
    await sfu.setLocalDescription(offer3);
    const streamsV3: SubscribedStream[] = [
      ...streamsV1,
      { mid: '2', participantId: 'p3', source: 'camera', kind: 'video' },
    ];
    connection?.send({
      type: 'subscribe.offer',
      version: 3,
      sdp: withoutCandidates(offer3.sdp),
      streams: streamsV3,
    });
    connection?.send({
      type: 'subscribe.offer',
      version: 2,
      sdp: withoutCandidates(offer1.sdp),
      streams: streamsV1,
    });
    await server.waitFor((m) => m.type === 'subscribe.answer' && m.version === 3);
    bot.stop();
    const report = await running;

    const answers = connection?.received.filter(isType('subscribe.answer')).map((m) => m.version);
    expect(answers).toEqual([1, 3]);
    expect(subscribed.map(([v, s]) => [v, s.length])).toEqual([
      [1, 2],
      [3, 3],
    ]);
    expect(report.subscribeOffers).toBe(3);
    expect(report.lastOfferVersion).toBe(3);
    expect(report.errors.map((e) => e.code)).toContain('stale_offer');
    // Sinks were attached for every stream even though no media flowed.
    expect(report.received.map((r) => [r.from, r.source]).sort()).toEqual([
      ['Phường 2', 'camera'],
      ['Phường 3', 'camera'],
    ]);
    audio.stop();
    video.stop();
  });
});
