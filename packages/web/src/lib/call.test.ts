// The Call engine with a fake signalling port and fake peer connections: join → publish (with
// simulcast and its fallback), trickle gating, subscribe offers and mid reuse, media reset,
// reconnect, quality requests, removal and leave.
import type { ClientMessage, ServerMessage, SubscribedStream } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Call, SIMULCAST_ENCODINGS, type LocalMedia, type RtcEnv, type SignallingPort } from './call';
import { Emitter } from './emitter';
import type { RemoteMedia } from './remote-media';
import { SignallingError, type ConnectionState, type SignallingEvents } from './signalling-client';

// ---- fakes ----------------------------------------------------------------------------------

interface FakeTrack {
  id: string;
  kind: 'audio' | 'video';
  enabled: boolean;
  readyState: MediaStreamTrackState;
  stop: () => void;
  addEventListener: () => void;
}

const track = (id: string, kind: 'audio' | 'video'): FakeTrack => ({
  id,
  kind,
  enabled: true,
  readyState: 'live',
  stop() {
    this.readyState = 'ended';
  },
  addEventListener: () => undefined,
});

const stream = (...tracks: FakeTrack[]): MediaStream =>
  ({
    id: tracks.map((t) => t.id).join('+'),
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  }) as unknown as MediaStream;

class FakeTransceiver {
  readonly receiver: { track: FakeTrack; getStats: () => Promise<Map<string, unknown>> };
  codecs: unknown[] | null = null;
  constructor(
    public mid: string | null,
    readonly init: RTCRtpTransceiverInit | null,
    readonly sendTrack: FakeTrack | null,
  ) {
    this.receiver = {
      track: track(`recv-${mid ?? 'x'}`, 'video'),
      getStats: () => Promise.resolve(new Map()),
    };
  }
  setCodecPreferences(codecs: unknown[]): void {
    this.codecs = codecs;
  }
}

class FakePC {
  static all: FakePC[] = [];
  static refuseSimulcast = false;
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  transceivers: FakeTransceiver[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  closed = false;
  added: RTCIceCandidateInit[] = [];
  onicecandidate:
    | ((ev: { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } | null }) => void)
    | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: (() => void) | null = null;

  constructor(readonly config: RTCConfiguration) {
    FakePC.all.push(this);
  }
  addTransceiver(t: FakeTrack, init: RTCRtpTransceiverInit): FakeTransceiver {
    if (init.sendEncodings && FakePC.refuseSimulcast) throw new TypeError('no simulcast');
    const tr = new FakeTransceiver(String(this.transceivers.length), init, t);
    this.transceivers.push(tr);
    return tr;
  }
  offerOptions: (RTCOfferOptions | undefined)[] = [];
  encodingsSet: RTCRtpEncodingParameters[][] = [];
  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    this.offerOptions.push(options);
    const restart = options?.iceRestart ? ' (ice restart)' : '';
    return Promise.resolve({
      type: 'offer',
      sdp: `v=0 offer with ${this.transceivers.length} m-lines${restart}`,
    });
  }
  getSenders(): unknown[] {
    return this.transceivers
      .filter((t) => t.sendTrack)
      .map((t) => ({
        track: t.sendTrack,
        getParameters: () => ({ encodings: t.init?.sendEncodings ?? [{}] }),
        setParameters: (p: { encodings: RTCRtpEncodingParameters[] }) => {
          this.encodingsSet.push(p.encodings);
          return Promise.resolve();
        },
      }));
  }
  /** Test control: the connection's state changes. */
  setState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
  createAnswer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'answer', sdp: 'v=0 answer from the browser' });
  }
  setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = d;
    return Promise.resolve();
  }
  setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = d;
    if (d.type === 'offer') {
      for (const m of (d.sdp ?? '').matchAll(/a=mid:(\S+)/g)) {
        const mid = m[1] ?? '';
        if (!this.transceivers.some((t) => t.mid === mid))
          this.transceivers.push(new FakeTransceiver(mid, null, null));
      }
    }
    return Promise.resolve();
  }
  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }
  addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    this.added.push(c);
    return Promise.resolve();
  }
  close(): void {
    this.closed = true;
  }
  candidate(address: string): void {
    this.onicecandidate?.({
      candidate: {
        candidate: `candidate:1 1 udp 2130706431 ${address} 5000 typ host`,
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
    });
  }
}

interface PendingRequest {
  msg: ClientMessage;
  resolve: (reply: ServerMessage) => void;
  reject: (err: Error) => void;
}

class FakeSignalling extends Emitter<SignallingEvents> {
  state: ConnectionState = 'idle';
  sent: ClientMessage[] = [];
  requests: PendingRequest[] = [];
  reconnectsNow = 0;
  reconnectNow(): void {
    this.reconnectsNow++;
  }
  connect(): void {
    this.state = 'open';
    this.emit('state', 'open');
    this.emit('open', { reconnected: false });
  }
  close(): void {
    this.state = 'closed';
  }
  send(msg: ClientMessage): boolean {
    this.sent.push(msg);
    return this.state === 'open';
  }
  request(msg: Record<string, unknown>): Promise<ServerMessage> {
    const full = { ...msg, rid: `r${this.requests.length + 1}` } as unknown as ClientMessage;
    return new Promise<ServerMessage>((resolve, reject) => {
      this.requests.push({ msg: full, resolve, reject });
    });
  }
  pending(type: string): PendingRequest {
    const found = [...this.requests].reverse().find((r) => r.msg.type === type);
    if (!found) throw new Error(`no ${type} request`);
    return found;
  }
  sentOf<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }
  server(msg: ServerMessage): void {
    this.emit('message', msg);
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const participant = (id: string) => ({
  id,
  name: `Điểm cầu ${id}`,
  role: 'bridge_point' as const,
  moderator: false,
  bridgePoint: null,
  actorKey: `point:${id}`,
  audioMuted: false,
  videoMuted: false,
  publishing: { camera: { audio: true, video: true }, screen: false },
  joinedAt: '2025-11-26T07:00:00.000Z',
});

const joinedReply = (rid: string): ServerMessage => ({
  type: 'joined',
  rid,
  self: participant('me'),
  meeting: { id: 'm1', title: 'Họp giao ban', hostBridgePoint: null },
  participants: [participant('p2')],
  activeSpeakerId: null,
  iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }],
});

const offerSdp = (lines: [mid: string, kind: string, port: number, dir: string][]): string =>
  [
    'v=0',
    ...lines.flatMap(([mid, kind, port, dir]) => [
      `m=${kind} ${port} UDP/TLS/RTP/SAVPF 96`,
      `a=mid:${mid}`,
      `a=${dir}`,
    ]),
    '',
  ].join('\r\n');

// ---- tests ----------------------------------------------------------------------------------

describe('Call', () => {
  let sig: FakeSignalling;
  let call: Call;
  let mic: FakeTrack;
  let cam: FakeTrack;
  let remote: RemoteMedia[];
  let rtc: RtcEnv;

  const make = (local?: Partial<LocalMedia>, icePolicy: 'all' | 'loopback' = 'all'): Call => {
    const c = new Call({
      signalling: sig as unknown as SignallingPort,
      meetingId: 'm1',
      name: 'Khu phố 4',
      bridgePoint: 'Văn phòng khu phố 4',
      token: 'tok',
      local: { camera: stream(mic, cam), screen: null, audioMuted: false, videoMuted: false, ...local },
      rtc,
      icePolicy,
    });
    c.on('remote', (m) => (remote = m));
    return c;
  };

  const joinAndPublish = async (c: Call): Promise<FakePC> => {
    c.start();
    const join = sig.pending('join');
    join.resolve(joinedReply('r1'));
    await flush();
    const pc = FakePC.all[FakePC.all.length - 1];
    if (!pc) throw new Error('no publisher pc');
    sig
      .pending('publish')
      .resolve({ type: 'publish.answer', rid: 'r2', source: 'camera', sdp: 'v=0 janus answer' });
    await flush();
    return pc;
  };

  beforeEach(() => {
    FakePC.all = [];
    FakePC.refuseSimulcast = false;
    sig = new FakeSignalling();
    mic = track('mic', 'audio');
    cam = track('cam', 'video');
    remote = [];
    rtc = {
      createPeerConnection: (config) => new FakePC(config) as unknown as RTCPeerConnection,
      createStream: (tracks) => stream(...(tracks as unknown as FakeTrack[])),
      getDisplayMedia: () => Promise.resolve(stream(track('screen', 'video'))),
      videoCodecs: () => [
        { mimeType: 'video/H264', clockRate: 90000 },
        { mimeType: 'video/VP8', clockRate: 90000 },
      ],
    };
    call = make();
  });

  afterEach(() => vi.restoreAllMocks());

  it('joins with name, bridge point and token, then publishes camera with simulcast', async () => {
    const pc = await joinAndPublish(call);
    expect(sig.requests[0]?.msg).toMatchObject({
      type: 'join',
      meetingId: 'm1',
      name: 'Khu phố 4',
      bridgePoint: 'Văn phòng khu phố 4',
      token: 'tok',
    });
    expect(sig.sentOf('media.state')).toEqual([
      { type: 'media.state', audioMuted: false, videoMuted: false },
    ]);
    expect(pc.config.iceServers).toEqual([{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }]);
    const [audioT, videoT] = pc.transceivers;
    expect(audioT?.init?.direction).toBe('sendonly');
    expect(videoT?.init?.sendEncodings).toEqual(SIMULCAST_ENCODINGS);
    expect(SIMULCAST_ENCODINGS.map((e) => [e.rid, e.scaleResolutionDownBy])).toEqual([
      ['h', 1],
      ['m', 2],
      ['l', 4],
    ]);
    expect((videoT?.codecs as { mimeType: string }[] | null)?.[0]?.mimeType).toBe('video/VP8');
    expect(sig.pending('publish').msg).toMatchObject({
      source: 'camera',
      audio: true,
      video: true,
      sdp: 'v=0 offer with 2 m-lines',
    });
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 janus answer' });
  });

  it('gives a 640×480 camera two layers, the lower one the cheap 64 kbit/s layer', async () => {
    const small = Object.assign(track('cam-small', 'video'), {
      getSettings: () => ({ width: 640, height: 480 }),
    });
    const pc = await joinAndPublish(make({ camera: stream(mic, small) }));
    const encodings = pc.transceivers[1]?.init?.sendEncodings ?? [];
    expect(encodings.map((e) => [e.rid, e.scaleResolutionDownBy, e.maxBitrate])).toEqual([
      ['m', 1, 500_000],
      ['l', 2, 64_000],
    ]);
  });

  it('falls back to one encoding when simulcast is refused', async () => {
    FakePC.refuseSimulcast = true;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const pc = await joinAndPublish(call);
    expect(pc.transceivers).toHaveLength(2);
    expect(pc.transceivers[1]?.init?.sendEncodings).toBeUndefined();
    expect(pc.remoteDescription?.type).toBe('answer');
  });

  it('holds local candidates until the publish answer, then trickles them with the target', async () => {
    call.start();
    sig.pending('join').resolve(joinedReply('r1'));
    await flush();
    const pc = FakePC.all[0];
    pc?.candidate('127.0.0.1');
    pc?.onicecandidate?.({ candidate: null });
    expect(sig.sentOf('trickle')).toHaveLength(0);
    sig
      .pending('publish')
      .resolve({ type: 'publish.answer', rid: 'r2', source: 'camera', sdp: 'v=0 janus answer' });
    await flush();
    expect(sig.sentOf('trickle')).toEqual([
      {
        type: 'trickle',
        target: 'camera',
        candidate: {
          candidate: 'candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
      { type: 'trickle', target: 'camera', candidate: null },
    ]);
    pc?.candidate('127.0.0.2');
    expect(sig.sentOf('trickle')).toHaveLength(3);
  });

  it('keeps non-loopback candidates in the browser with the loopback ICE policy', async () => {
    call = make({}, 'loopback');
    const pc = await joinAndPublish(call);
    pc.candidate('192.168.1.20');
    pc.candidate('127.0.0.1');
    expect(sig.sentOf('trickle').map((m) => m.candidate?.candidate)).toEqual([
      'candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host',
    ]);
  });

  it('answers subscribe offers with the same version and maps tracks by mid', async () => {
    await joinAndPublish(call);
    const streams: SubscribedStream[] = [
      { mid: '0', participantId: 'p2', source: 'camera', kind: 'audio' },
      { mid: '1', participantId: 'p2', source: 'camera', kind: 'video' },
    ];
    sig.server({
      type: 'subscribe.offer',
      version: 1,
      sdp: offerSdp([
        ['0', 'audio', 9, 'sendonly'],
        ['1', 'video', 9, 'sendonly'],
      ]),
      streams,
    });
    await flush();
    const sub = FakePC.all[1];
    expect(sub?.remoteDescription?.type).toBe('offer');
    expect(sig.sentOf('subscribe.answer')).toEqual([
      { type: 'subscribe.answer', version: 1, sdp: 'v=0 answer from the browser' },
    ]);
    expect(remote).toHaveLength(1);
    expect(remote[0]?.participantId).toBe('p2');
    expect(remote[0]?.audio?.getTracks().map((t) => t.id)).toEqual(['recv-0']);
    expect(remote[0]?.camera?.getTracks().map((t) => t.id)).toEqual(['recv-1']);

    // p2 stops its camera (inactive m-line), then mid 1 is reused for p3
    sig.server({
      type: 'subscribe.offer',
      version: 2,
      sdp: offerSdp([
        ['0', 'audio', 9, 'sendonly'],
        ['1', 'video', 0, 'inactive'],
      ]),
      streams,
    });
    await flush();
    expect(remote[0]?.camera).toBeNull();
    sig.server({
      type: 'subscribe.offer',
      version: 3,
      sdp: offerSdp([
        ['0', 'audio', 9, 'sendonly'],
        ['1', 'video', 9, 'sendonly'],
      ]),
      streams: [
        streams[0] as SubscribedStream,
        { mid: '1', participantId: 'p3', source: 'camera', kind: 'video' },
      ],
    });
    await flush();
    expect(FakePC.all).toHaveLength(2); // one subscriber connection for every renegotiation
    expect(remote.map((r) => [r.participantId, !!r.audio, !!r.camera])).toEqual([
      ['p2', true, false],
      ['p3', false, true],
    ]);
    expect(sig.sentOf('subscribe.answer').map((a) => a.version)).toEqual([1, 2, 3]);
  });

  it('applies remote candidates that arrive before the offer once it is set', async () => {
    await joinAndPublish(call);
    sig.server({
      type: 'trickle',
      target: 'subscriber',
      candidate: { candidate: 'candidate:9 1 udp 1 127.0.0.2 6000 typ host', sdpMid: '0' },
    });
    sig.server({
      type: 'subscribe.offer',
      version: 1,
      sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
      streams: [],
    });
    await flush();
    // no subscriber PC existed when the candidate came: it is dropped, later ones apply
    sig.server({
      type: 'trickle',
      target: 'subscriber',
      candidate: { candidate: 'candidate:9 1 udp 1 127.0.0.2 6001 typ host', sdpMid: '0' },
    });
    expect(FakePC.all[1]?.added.map((c) => c.candidate)).toEqual([
      'candidate:9 1 udp 1 127.0.0.2 6001 typ host',
    ]);
    sig.server({
      type: 'trickle',
      target: 'camera',
      candidate: { candidate: 'candidate:8 1 udp 1 127.0.0.2 6002 typ host', sdpMid: '0' },
    });
    expect(FakePC.all[0]?.added).toHaveLength(1);
  });

  it('mutes tracks locally and tells the server', async () => {
    await joinAndPublish(call);
    call.setAudioMuted(true);
    call.setVideoMuted(true);
    expect(mic.enabled).toBe(false);
    expect(cam.enabled).toBe(false);
    expect(sig.sentOf('media.state').at(-1)).toEqual({
      type: 'media.state',
      audioMuted: true,
      videoMuted: true,
    });
  });

  it('republishes after media.reset and drops the old connections', async () => {
    const pc = await joinAndPublish(call);
    sig.server({
      type: 'subscribe.offer',
      version: 4,
      sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
      streams: [],
    });
    await flush();
    const sub = FakePC.all[1];
    sig.server({ type: 'media.reset', reason: 'media_server_restarted' });
    await flush();
    expect(pc.closed).toBe(true);
    expect(sub?.closed).toBe(true);
    expect(sig.requests.filter((r) => r.msg.type === 'publish')).toHaveLength(2);
    // a fresh offer may restart its version numbering
    sig.server({
      type: 'subscribe.offer',
      version: 0,
      sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
      streams: [],
    });
    await flush();
    expect(sig.sentOf('subscribe.answer').at(-1)?.version).toBe(0);
  });

  it('restarts ICE of a failed publisher on the same connection, keeping the feed', async () => {
    const pc = await joinAndPublish(call);
    pc.setState('failed');
    await flush();
    expect(pc.offerOptions.at(-1)).toEqual({ iceRestart: true });
    const restart = sig.pending('publish');
    expect(restart.msg).toMatchObject({
      source: 'camera',
      restart: true,
      sdp: 'v=0 offer with 2 m-lines (ice restart)',
    });
    restart.resolve({ type: 'publish.answer', rid: 'r3', source: 'camera', sdp: 'v=0 restart answer' });
    await flush();
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0 restart answer' });
    expect(pc.closed).toBe(false);
    expect(FakePC.all).toHaveLength(1);
  });

  it('publishes afresh on a new connection when the server cannot restart the feed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const pc = await joinAndPublish(call);
    pc.setState('failed');
    await flush();
    sig.pending('publish').reject(new SignallingError('publish_failed', 'feed is not published'));
    await flush();
    expect(pc.closed).toBe(true);
    expect(FakePC.all).toHaveLength(2);
    expect(sig.pending('publish').msg).not.toHaveProperty('restart');
  });

  it('asks for a subscriber ICE restart, and for a new subscription when restarts do not help', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // fake connections have no stats
    vi.useFakeTimers();
    try {
      await joinAndPublish(call);
      sig.server({
        type: 'subscribe.offer',
        version: 1,
        sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
        streams: [],
      });
      await flush();
      const sub = FakePC.all[1];
      sub?.setState('disconnected');
      await vi.advanceTimersByTimeAsync(2_000);
      expect(sig.sentOf('subscribe.restart')).toEqual([]);
      await vi.advanceTimersByTimeAsync(600);
      expect(sig.sentOf('subscribe.restart')).toEqual([{ type: 'subscribe.restart' }]);
      await vi.advanceTimersByTimeAsync(3 * 5_000);
      expect(sig.sentOf('subscribe.restart')).toEqual([
        { type: 'subscribe.restart' },
        { type: 'subscribe.restart' },
        { type: 'subscribe.restart' },
        { type: 'subscribe.restart', fresh: true },
      ]);
      expect(sub?.closed).toBe(true);
      // The fresh offer is answered on a new connection.
      sig.server({
        type: 'subscribe.offer',
        version: 2,
        sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
        streams: [],
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(FakePC.all).toHaveLength(3);
      expect(sig.sentOf('subscribe.answer').at(-1)?.version).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('restarts every live connection and reconnects at once when the browser comes back online', async () => {
    const online = new EventTarget();
    const c = new Call({
      signalling: sig as unknown as SignallingPort,
      meetingId: 'm1',
      name: 'Khu phố 4',
      bridgePoint: null,
      local: { camera: stream(mic, cam), screen: null, audioMuted: false, videoMuted: false },
      rtc,
      onlineEvents: online,
    });
    const pc = await joinAndPublish(c);
    sig.server({
      type: 'subscribe.offer',
      version: 1,
      sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
      streams: [],
    });
    await flush();
    online.dispatchEvent(new Event('online'));
    await flush();
    expect(sig.reconnectsNow).toBe(1);
    expect(pc.offerOptions.at(-1)).toEqual({ iceRestart: true });
    expect(sig.sentOf('subscribe.restart')).toEqual([{ type: 'subscribe.restart' }]);
    c.leave();
    online.dispatchEvent(new Event('online'));
    expect(sig.reconnectsNow).toBe(1);
  });

  it('audio only: sends no video, says so, and tells the server its layout again after a rejoin', async () => {
    const pc = await joinAndPublish(call);
    expect(sig.sentOf('view.layout')).toEqual([]); // no tiles measured yet
    call.setView(new Map([['p2', { width: 640, height: 360 }]]));
    expect(sig.sentOf('view.layout')).toEqual([
      { type: 'view.layout', tiles: [{ participantId: 'p2', width: 640, height: 360 }], audioOnly: false },
    ]);
    call.setAudioOnly(true);
    await flush();
    expect(cam.enabled).toBe(false);
    expect(mic.enabled).toBe(true);
    expect(pc.encodingsSet.at(-1)?.every((e) => e.active === false)).toBe(true);
    expect(sig.sentOf('media.state').at(-1)).toMatchObject({ videoMuted: true, audioMuted: false });
    expect(sig.sentOf('view.layout').at(-1)).toMatchObject({ audioOnly: true });
    expect(call.network.audioOnly).toBe(true);
    expect(call.local.videoMuted).toBe(false);

    sig.emit('open', { reconnected: true });
    sig.pending('join').resolve(joinedReply('r3'));
    await flush();
    expect(sig.sentOf('view.layout')).toHaveLength(3);
    expect(sig.sentOf('view.layout').at(-1)).toMatchObject({ audioOnly: true });
    call.setAudioOnly(false);
    expect(cam.enabled).toBe(true);
    expect(sig.sentOf('media.state').at(-1)).toMatchObject({ videoMuted: false });
  });

  it('follows the receive mode, quality levels and reconnect attempts', async () => {
    const seen: number[] = [];
    call.on('network', (n) => seen.push(n.reconnectAttempt));
    await joinAndPublish(call);
    sig.server({ type: 'receive.mode', mode: 'speaker_only', reason: 'bandwidth', budgetKbps: 350 });
    sig.server({ type: 'quality.levels', levels: [{ participantId: 'p2', level: 'poor' }] });
    expect(call.network.receive).toEqual({ mode: 'speaker_only', reason: 'bandwidth', budgetKbps: 350 });
    expect(call.network.levels).toEqual({ p2: 'poor' });
    sig.emit('retry', { attempt: 1, delayMs: 0 });
    sig.emit('retry', { attempt: 2, delayMs: 1_000 });
    expect(call.network.reconnectAttempt).toBe(2);
    sig.emit('open', { reconnected: true });
    sig.pending('join').resolve(joinedReply('r4'));
    await flush();
    expect(call.network).toMatchObject({ reconnectAttempt: 0, levels: {}, receive: { mode: 'full' } });
    expect(seen).toContain(2);
  });

  it('rejoins and republishes after the socket reconnects', async () => {
    const pc = await joinAndPublish(call);
    sig.emit('open', { reconnected: true });
    expect(pc.closed).toBe(true);
    expect(sig.requests.filter((r) => r.msg.type === 'join')).toHaveLength(2);
    sig.pending('join').resolve(joinedReply('r3'));
    await flush();
    expect(sig.requests.filter((r) => r.msg.type === 'publish')).toHaveLength(2);
  });

  it('reports a fatal join error as a failure', async () => {
    const failures: string[] = [];
    call.on('failure', (f) => failures.push(f.code));
    call.start();
    sig.pending('join').reject(new SignallingError('meeting_not_found', 'no meeting'));
    await flush();
    expect(failures).toEqual(['meeting_not_found']);
    expect(sig.state).toBe('closed');
  });

  it('sends quality changes only for subscribed cameras and only when they change', async () => {
    await joinAndPublish(call);
    call.setQualities(new Map([['p2', 2]]));
    expect(sig.sentOf('subscribe.quality')).toHaveLength(0); // p2 not subscribed yet
    sig.server({
      type: 'subscribe.offer',
      version: 1,
      sdp: offerSdp([['1', 'video', 9, 'sendonly']]),
      streams: [{ mid: '1', participantId: 'p2', source: 'camera', kind: 'video' }],
    });
    await flush();
    expect(sig.sentOf('subscribe.quality')).toEqual([
      { type: 'subscribe.quality', participantId: 'p2', substream: 2 },
    ]);
    call.setQualities(new Map([['p2', 2]]));
    call.setQualities(new Map([['p2', 0]]));
    expect(sig.sentOf('subscribe.quality').map((q) => q.substream)).toEqual([2, 0]);
  });

  it('shares the screen on a second publisher and unpublishes on stop', async () => {
    await joinAndPublish(call);
    const sharing = call.startShare();
    await flush();
    const screenPc = FakePC.all[1];
    expect(sig.pending('publish').msg).toMatchObject({ source: 'screen', audio: false, video: true });
    sig
      .pending('publish')
      .resolve({ type: 'publish.answer', rid: 'r3', source: 'screen', sdp: 'v=0 janus answer' });
    await sharing;
    expect(call.local.screen).not.toBeNull();
    const stopping = call.stopShare();
    expect(screenPc?.closed).toBe(true);
    sig.pending('unpublish').resolve({ type: 'ack', rid: 'r4' });
    await stopping;
    expect(sig.pending('unpublish').msg).toMatchObject({ type: 'unpublish', source: 'screen' });
    expect(call.local.screen).toBeNull();
  });

  it('ends when the server removes us', async () => {
    await joinAndPublish(call);
    const ended: string[] = [];
    call.on('ended', (e) => ended.push(e.reason));
    sig.server({ type: 'participant.left', participantId: 'me', reason: 'meeting_ended' });
    expect(ended).toEqual(['meeting_ended']);
    expect(mic.readyState).toBe('ended');
  });

  it('leaves: tells the server, closes everything, stops devices', async () => {
    const pc = await joinAndPublish(call);
    const ended: string[] = [];
    call.on('ended', (e) => ended.push(e.reason));
    call.leave();
    expect(sig.sentOf('leave')).toHaveLength(1);
    expect(pc.closed).toBe(true);
    expect(cam.readyState).toBe('ended');
    expect(sig.state).toBe('closed');
    expect(ended).toEqual(['left']);
  });
  it('answers a subscribe offer while its own publish is still pending', async () => {
    call.start();
    sig.pending('join').resolve(joinedReply('r1'));
    await flush();
    const publish = sig.pending('publish'); // never answered in this test
    sig.server({
      type: 'subscribe.offer',
      version: 1,
      sdp: offerSdp([['0', 'video', 9, 'sendonly']]),
      streams: [{ mid: '0', participantId: 'p2', source: 'camera', kind: 'video' }],
    });
    await flush();
    expect(sig.sentOf('subscribe.answer').map((a) => a.version)).toEqual([1]);
    expect(remote.map((r) => [r.participantId, !!r.camera])).toEqual([['p2', true]]);
    expect(publish.msg.type).toBe('publish');
    expect(sig.requests.filter((r) => r.msg.type === 'publish')).toHaveLength(1);
  });

  it('starts answering a subscribe offer synchronously, before any camera publish', async () => {
    call.start();
    // the offer arrives first, while the join reply and getUserMedia/publish are still on their way
    sig.server({
      type: 'subscribe.offer',
      version: 1,
      sdp: offerSdp([['0', 'audio', 9, 'sendonly']]),
      streams: [{ mid: '0', participantId: 'p2', source: 'camera', kind: 'audio' }],
    });
    expect(FakePC.all).toHaveLength(1); // the subscriber connection, created at once
    expect(FakePC.all[0]?.remoteDescription?.type).toBe('offer');
    await flush();
    expect(sig.sentOf('subscribe.answer')).toHaveLength(1);
    expect(sig.requests.some((r) => r.msg.type === 'publish')).toBe(false);
  });

  it('lets a moderator admit and turn away waiting guests', async () => {
    await joinAndPublish(call);
    const admitted = call.admitGuest('g1');
    expect(sig.pending('lobby.admit').msg).toMatchObject({ type: 'lobby.admit', participantId: 'g1' });
    sig.pending('lobby.admit').resolve({ type: 'ack', rid: 'x' });
    await admitted;
    const rejected = call.rejectGuest('g2');
    sig.pending('lobby.reject').reject(new SignallingError('forbidden', 'not a moderator'));
    await expect(rejected).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('Call in the lobby', () => {
  const guestCall = (sig: FakeSignalling): Call =>
    new Call({
      signalling: sig as unknown as SignallingPort,
      meetingId: 'm1',
      name: 'Khách mời',
      bridgePoint: null,
      passcode: '482915',
      local: { camera: null, screen: null, audioMuted: false, videoMuted: false },
      firstJoinTimeoutMs: 1_000,
    });

  afterEach(() => vi.useRealTimers());

  it('sends the passcode, waits in the lobby past the first-join timeout, then joins', async () => {
    vi.useFakeTimers();
    const sig = new FakeSignalling();
    const call = guestCall(sig);
    const seen: string[] = [];
    const failures: string[] = [];
    call.on('message', (m) => seen.push(m.type));
    call.on('failure', (f) => failures.push(f.code));
    call.start();
    expect(sig.pending('join').msg).toMatchObject({ type: 'join', passcode: '482915' });
    expect(sig.pending('join').msg).not.toHaveProperty('token');
    sig.server({ type: 'lobby.waiting', rid: 'r1' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(failures).toEqual([]);
    sig.pending('join').resolve(joinedReply('r1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['lobby.waiting', 'joined']);
    expect(call.selfId).toBe('me');
  });

  it('ends with forbidden when the chair turns the guest away, even after a reconnect', async () => {
    const sig = new FakeSignalling();
    const call = guestCall(sig);
    const failures: string[] = [];
    call.on('failure', (f) => failures.push(f.code));
    call.start();
    sig.server({ type: 'lobby.waiting', rid: 'r1' });
    sig.pending('join').reject(new SignallingError('forbidden', 'the chair did not admit you'));
    await flush();
    expect(failures).toEqual(['forbidden']);
    expect(sig.state).toBe('closed');
  });

  it('reports a wrong passcode as forbidden without waiting', async () => {
    const sig = new FakeSignalling();
    const call = guestCall(sig);
    const failures: string[] = [];
    call.on('failure', (f) => failures.push(f.code));
    call.start();
    sig.pending('join').reject(new SignallingError('forbidden', 'wrong passcode'));
    await flush();
    expect(failures).toEqual(['forbidden']);
  });
});

describe('Call first join', () => {
  it('fails with a network error when the server never answers', async () => {
    vi.useFakeTimers();
    const sig = new FakeSignalling();
    sig.connect = () => undefined; // never opens
    const call = new Call({
      signalling: sig as unknown as SignallingPort,
      meetingId: 'm1',
      name: 'A',
      bridgePoint: null,
      local: { camera: null, screen: null, audioMuted: false, videoMuted: false },
      firstJoinTimeoutMs: 1_000,
    });
    const failures: string[] = [];
    call.on('failure', (f) => failures.push(f.code));
    call.start();
    await vi.advanceTimersByTimeAsync(1_001);
    expect(failures).toEqual(['network']);
    vi.useRealTimers();
  });
});
