// Runs one leg of the network test as a client: publish on one connection, receive the same feed
// back through Janus on a second one, sample getStats() every second and sum it up. The kiosk
// (browser RTCPeerConnection) and the system test (@roamhq/wrtc) run this same code; each passes
// a small adapter of its peer connections and its WebSocket.
import type { IceCandidate, IceServer } from './signalling.js';
import { NetTestServerMessage, summarizeNetworkStats } from './nettest.js';
import type { NetTestClientMessage, NetTestTarget, NetworkLeg, NetworkPath } from './nettest.js';
import { qualitySample, readQuality } from './quality.js';
import type { QualitySample, RtcStatsEntry, RtcStatsReportLike } from './quality.js';

/** One peer connection, as the runner needs it (the caller wraps RTCPeerConnection). */
export interface NetTestPeer {
  /** createOffer + setLocalDescription; the offer's SDP. */
  offer(): Promise<string>;
  /** setRemoteDescription(offer) + createAnswer + setLocalDescription; the answer's SDP. */
  answer(offerSdp: string): Promise<string>;
  /** setRemoteDescription(answer). */
  accept(answerSdp: string): Promise<void>;
  /** Local candidates as gathered; null once gathering is complete. */
  onCandidate(listener: (candidate: IceCandidate | null) => void): void;
  /** RTCPeerConnection.connectionState (or iceConnectionState where that is all there is). */
  state(): string;
  getStats(): Promise<RtcStatsReportLike>;
  close(): void;
}

export interface NetTestPeerConfig {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
}

/**
 * The test's signalling socket as a queue of server messages. The caller feeds it from its
 * WebSocket (`push` each text frame, `end` on close) and gives it the send and close functions.
 */
export class NetTestChannel {
  readonly #queue: NetTestServerMessage[] = [];
  readonly #waiting: { resolve: (m: NetTestServerMessage) => void; reject: (e: Error) => void }[] = [];
  #ended: Error | null = null;

  constructor(
    private readonly sendText: (text: string) => void,
    private readonly closeSocket: () => void,
  ) {}

  send(message: NetTestClientMessage): void {
    if (this.#ended) return;
    this.sendText(JSON.stringify(message));
  }

  push(text: string): void {
    let parsed: NetTestServerMessage;
    try {
      parsed = NetTestServerMessage.parse(JSON.parse(text));
    } catch {
      return; // a frame we do not understand (a newer server): ignore it
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(parsed);
    else this.#queue.push(parsed);
  }

  end(reason = 'socket_closed'): void {
    if (this.#ended) return;
    this.#ended = new Error(reason);
    for (const w of this.#waiting.splice(0)) w.reject(this.#ended);
  }

  /** The next server message of `type`; a `nettest.error` or a closed socket rejects. */
  async expect<T extends NetTestServerMessage['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<NetTestServerMessage, { type: T }>> {
    const next = this.#queue.shift();
    const message =
      next ??
      (await new Promise<NetTestServerMessage>((resolve, reject) => {
        if (this.#ended) return reject(this.#ended);
        const waiter = {
          resolve: (m: NetTestServerMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (e: Error) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        const timer = setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new Error(`timeout_${type}`));
        }, timeoutMs);
        this.#waiting.push(waiter);
      }));
    if (message.type === 'nettest.error') throw new Error(message.code);
    if (message.type !== type) throw new Error(`unexpected_${message.type}`);
    return message as Extract<NetTestServerMessage, { type: T }>;
  }

  close(): void {
    this.end('closed');
    this.closeSocket();
  }
}

export interface NetworkLegOptions {
  path: NetworkPath;
  deviceToken: string;
  /** Opens /ws/nettest and resolves once the socket is open. */
  connect(): Promise<NetTestChannel>;
  /** A new peer connection; the publisher gets the local camera and microphone (send only). */
  createPeer(role: NetTestTarget, config: NetTestPeerConfig): NetTestPeer;
  /** Loopback time measured after both connections are up (default 8 s). */
  measureMs?: number;
  sampleMs?: number;
  /** Time allowed for signalling and ICE (default 15 s; TURN over TCP takes a while). */
  connectTimeoutMs?: number;
  /** Which local candidates to send (tests keep loopback-range ones only). */
  keepCandidate?: (candidate: string) => boolean;
  now?: () => number;
  /** Progress for a screen: connecting, then measuring with seconds left. */
  onProgress?(phase: 'connecting' | 'measuring', secondsLeft?: number): void;
}

const isTurnUrl = (url: string): boolean => /^turns?:/i.test(url);
const urlsOf = (s: IceServer): string[] => (Array.isArray(s.urls) ? s.urls : [s.urls]);

/** The servers a leg may use: direct gets STUN only (so it never hides behind TURN), relay gets TURN only. */
export function iceServersFor(path: NetworkPath, servers: readonly IceServer[]): IceServer[] {
  return servers
    .map((s) => ({ ...s, urls: urlsOf(s).filter((u) => isTurnUrl(u) === (path === 'relay')) }))
    .filter((s) => s.urls.length > 0);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const failed = (error: string, connectMs: number | null = null): NetworkLeg => ({
  status: 'failed',
  error: error.slice(0, 200),
  rttMs: null,
  lossPct: null,
  upKbps: null,
  downKbps: null,
  connectMs,
  route: null,
  transport: null,
});

/** Type and transport of the local candidate of the selected pair, from one getStats(). */
export function selectedLegRoute(report: RtcStatsReportLike): Pick<NetworkLeg, 'route' | 'transport'> {
  const byId = new Map<string, RtcStatsEntry>();
  report.forEach((e) => byId.set(e.id, e));
  for (const e of byId.values()) {
    if (e.type !== 'candidate-pair' || e.nominated !== true || e.state !== 'succeeded') continue;
    const local = typeof e.localCandidateId === 'string' ? byId.get(e.localCandidateId) : undefined;
    const type = local?.candidateType;
    const route = type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : null;
    // For a relay candidate, how we reach TURN matters (relayProtocol); otherwise the pair's own.
    const proto = route === 'relay' ? (local?.relayProtocol ?? local?.protocol) : local?.protocol;
    const transport = proto === 'udp' || proto === 'tcp' || proto === 'tls' ? proto : null;
    return { route, transport };
  }
  return { route: null, transport: null };
}

/** Sends a connection's candidates on `target`, held back until `open()` (its SDP went first). */
function trickler(channel: NetTestChannel, target: NetTestTarget, keep: (c: string) => boolean) {
  let held: (IceCandidate | null)[] | null = [];
  const send = (candidate: IceCandidate | null): void =>
    channel.send({ type: 'nettest.trickle', target, candidate });
  return {
    listener: (c: IceCandidate | null): void => {
      if (c !== null && !keep(c.candidate)) return;
      if (held) held.push(c);
      else send(c);
    },
    open: (): void => {
      const pending = held ?? [];
      held = null;
      pending.forEach(send);
    },
  };
}

/** Runs one leg; never throws: a failure is a `failed` leg with the step it stopped at. */
export async function runNetworkLeg(o: NetworkLegOptions): Promise<NetworkLeg> {
  const now = o.now ?? (() => performance.now());
  const timeout = o.connectTimeoutMs ?? 15_000;
  const keep = o.keepCandidate ?? (() => true);
  const peers: NetTestPeer[] = [];
  let channel: NetTestChannel | null = null;
  const started = now();
  let connectMs: number | null = null;
  try {
    o.onProgress?.('connecting');
    channel = await o.connect();
    channel.send({ type: 'nettest.start', deviceToken: o.deviceToken });
    const ready = await channel.expect('nettest.ready', timeout);
    if (o.path === 'relay' && !ready.turn) return { ...failed(''), status: 'unavailable', error: 'no_turn' };
    const config: NetTestPeerConfig = {
      iceServers: iceServersFor(o.path, ready.iceServers),
      iceTransportPolicy: o.path === 'relay' ? 'relay' : 'all',
    };
    const pub = o.createPeer('publisher', config);
    peers.push(pub);
    const pubTrickle = trickler(channel, 'publisher', keep);
    pub.onCandidate(pubTrickle.listener);
    channel.send({ type: 'nettest.publish', sdp: await pub.offer() });
    pubTrickle.open();
    await pub.accept((await channel.expect('nettest.publish.answer', timeout)).sdp);

    channel.send({ type: 'nettest.subscribe' });
    const offer = await channel.expect('nettest.subscribe.offer', timeout);
    const sub = o.createPeer('subscriber', config);
    peers.push(sub);
    const subTrickle = trickler(channel, 'subscriber', keep);
    sub.onCandidate(subTrickle.listener);
    channel.send({ type: 'nettest.answer', sdp: await sub.answer(offer.sdp) });
    subTrickle.open();
    await channel.expect('nettest.subscribed', timeout);

    while (!(pub.state() === 'connected' && sub.state() === 'connected')) {
      if ([pub.state(), sub.state()].some((s) => s === 'failed' || s === 'closed'))
        return failed('ice_failed', null);
      if (now() - started > timeout) return failed('connect_timeout', null);
      await sleep(100);
    }
    connectMs = Math.round(now() - started);
    return await measure(o, pub, sub, connectMs, now);
  } catch (err) {
    return failed(err instanceof Error ? err.message : 'error', connectMs);
  } finally {
    for (const pc of peers) pc.close();
    channel?.close();
  }
}

async function measure(
  o: NetworkLegOptions,
  pub: NetTestPeer,
  sub: NetTestPeer,
  connectMs: number,
  now: () => number,
): Promise<NetworkLeg> {
  const measureMs = o.measureMs ?? 8_000;
  const sampleMs = o.sampleMs ?? 1_000;
  const read = async () =>
    readQuality(now(), [
      { name: 'camera', report: await pub.getStats() },
      { name: 'subscriber', report: await sub.getStats() },
    ]);
  const samples: QualitySample[] = [];
  const end = now() + measureMs;
  let previous = await read();
  while (now() < end) {
    o.onProgress?.('measuring', Math.max(0, Math.ceil((end - now()) / 1000)));
    await sleep(Math.min(sampleMs, Math.max(0, end - now())));
    if (pub.state() !== 'connected' || sub.state() !== 'connected')
      return failed('connection_lost', connectMs);
    const reading = await read();
    const sample = qualitySample(previous, reading);
    previous = reading;
    if (sample) samples.push(sample);
  }
  const route = selectedLegRoute(await pub.getStats());
  const summary = summarizeNetworkStats(samples);
  if (summary.downKbps === null || summary.downKbps === 0)
    return { ...failed('no_media_back', connectMs), ...route };
  // NOTE: no RTT means the stats never showed a working pair; never report a made-up 0 ms.
  if (summary.rttMs === null) return { ...failed('no_rtt', connectMs), ...route };
  return {
    status: 'ok',
    rttMs: summary.rttMs,
    lossPct: summary.lossPct ?? 0,
    upKbps: summary.upKbps ?? 0,
    downKbps: summary.downKbps,
    connectMs,
    ...route,
  };
}
