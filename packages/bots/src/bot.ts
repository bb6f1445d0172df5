// A headless participant: joins a meeting over signalling, publishes synthetic camera media,
// receives everyone else through one subscriber connection, and reports what it saw.
import {
  parseJoinLink,
  signallingUrl,
  simulcastEncodings,
  type ClientMessage,
  type MessageOf,
  type Participant,
  type PeerTarget,
  type ServerMessage,
  type SubscribedStream,
} from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { Receiver, type RemoteStats } from './receiver.js';
import type { BotErrorRecord, BotReport } from './report.js';
import {
  capVideoBitrate,
  isLoopbackCandidate,
  isLoopbackHost,
  loopbackIceServers,
  onlyTurnTransports,
  scrubSdp,
  type TurnTransport,
} from './sdp.js';
import { concealmentBetween, readInboundAudio, type InboundAudio } from './inbound.js';
import { QualityReporter } from './quality-reporter.js';
import { OfferSequencer } from './sequencer.js';
import { MixListener } from './mix-listener.js';
import { SignallingClient, SignallingError } from './signalling.js';
import { SyntheticSources } from './source.js';
import { routeText, selectedRoute } from './stats.js';
import { labelCode, VIDEO_HEIGHT, VIDEO_WIDTH } from './synthetic.js';
import {
  loadWrtc,
  type IceCandidateInit,
  type IceServerConfig,
  type Wrtc,
  type WrtcPeerConnection,
} from './wrtc.js';

export interface BotOptions {
  /** Join link: `<origin>/m/<meetingId>?name=…&bp=…&t=…`. */
  link: string;
  /** Overrides the name in the link. */
  name?: string;
  /** How long to stay after joining. */
  seconds: number;
  /** Publish camera audio and video (default true). */
  publish?: boolean;
  /** Seconds after joining to send `media.state` with audioMuted and start sending silence. */
  muteAfterSeconds?: number;
  /** Video bitrate cap in kbit/s, applied with `b=AS` (default 500). */
  videoKbps?: number;
  /** Send and receive through TURN relays only (iceTransportPolicy 'relay'). */
  relayOnly?: boolean;
  /** Use only the server's TURN URLs over these transports (a firewall that allows only TCP). */
  turnTransports?: TurnTransport[];
  /** Publish the camera as simulcast h/m/l (as browsers do), so subscribers can get a lower layer. */
  simulcast?: boolean;
  /** Seconds after joining from which audio gaps, freezes and concealment are measured (default 0). */
  measureAfterSeconds?: number;
  /** Rejoin after a signalling drop (not after the server closed us on purpose). Default true. */
  rejoin?: boolean;
  /** Send `quality.report` every 5 s (default true). */
  qualityReports?: boolean;
  /** Ask for "Âm thanh gộp" (mixed audio: one stream for everyone, as a very weak point). */
  mixedAudio?: boolean;
  joinTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The wrtc module; loaded on demand when absent. */
  wrtc?: Wrtc;
}

export type BotErrorCode =
  SignallingError['code'] | 'bad_link' | 'not_loopback' | 'socket_closed' | 'media_failed' | 'invalid_frame';

/** A failure that ends the run. */
export class BotError extends Error {
  constructor(
    readonly code: BotErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotError';
  }
}

export type BotEvents = {
  joined: [self: Participant, atMs: number];
  published: [atMs: number];
  subscribed: [version: number, streams: SubscribedStream[]];
  firstRemoteFrame: [from: string, atMs: number];
  error: [record: BotErrorRecord];
  mediaReset: [];
  /** The signalling socket dropped; the bot is rejoining. */
  signallingDrop: [code: number];
  /** Back in the meeting after a drop (a new participant id). */
  rejoined: [self: Participant, atMs: number];
  /** Every valid server message, after the bot handled it. */
  message: [message: ServerMessage];
};

const DEFAULT_VIDEO_KBPS = 500;

/** Simulcast layers as the web app sends them for a camera of the bots' size (two: 640 and 320). */
const BOT_SIMULCAST = simulcastEncodings(VIDEO_WIDTH, VIDEO_HEIGHT);

type Joined = MessageOf<ServerMessage, 'joined'>;
type SubscribeOffer = MessageOf<ServerMessage, 'subscribe.offer'>;

/** Runs one bot. `run()` resolves with the report; it rejects only before joining (bad link, refused). */
export class Bot extends TypedEmitter<BotEvents> {
  readonly name: string;
  private readonly startedAt = performance.now();
  private readonly cpuAtStart = process.cpuUsage();
  private readonly meetingId: string;
  private readonly origin: string;
  private readonly bridgePoint: string | null;
  private readonly token: string | undefined;
  private readonly publishEnabled: boolean;
  private readonly videoKbps: number;
  private wrtc: Wrtc | undefined;
  private signalling: SignallingClient | undefined;
  private receiver: Receiver | undefined;
  private sources: SyntheticSources | undefined;
  private publisher: WrtcPeerConnection | null = null;
  private subscriber: WrtcPeerConnection | null = null;
  private iceServers: IceServerConfig[] = [];
  private streamsByMid = new Map<string, SubscribedStream>();
  private readonly participants = new Map<string, Participant>();
  private readonly leftIds = new Set<string>();
  private readonly pendingRemote = new Map<PeerTarget, IceCandidateInit[]>();
  private readonly pendingLocal = new Map<PeerTarget, (IceCandidateInit | null)[] | 'open'>();
  private readonly sequencer: OfferSequencer<SubscribeOffer>;
  private readonly timers: NodeJS.Timeout[] = [];
  private buffered: ServerMessage[] | null = [];
  private stopRequested: (() => void) | undefined;
  private readonly stopped: Promise<void>;
  private readonly report: BotReport;

  constructor(private readonly options: BotOptions) {
    super((err) => console.error('bot listener failed:', err));
    const link = parseJoinLink(options.link);
    this.name = (options.name ?? link?.name ?? '').trim();
    this.meetingId = link?.meetingId ?? '';
    this.origin = link?.origin ?? '';
    this.bridgePoint = link?.bridgePoint ?? null;
    this.token = link?.token;
    this.publishEnabled = options.publish ?? true;
    this.videoKbps = options.videoKbps ?? DEFAULT_VIDEO_KBPS;
    this.stopped = new Promise((resolve) => (this.stopRequested = resolve));
    this.sequencer = new OfferSequencer(
      (offer) => this.applyOffer(offer),
      (err, offer) => this.recordError('subscribe_failed', `offer v${offer.version}: ${messageOf(err)}`),
      (offer) => this.recordError('stale_offer', `dropped offer v${offer.version}`),
    );
    this.report = {
      name: this.name,
      meetingId: this.meetingId,
      selfId: null,
      joinedMs: null,
      firstRemoteFrameMs: null,
      durationMs: 0,
      received: [],
      published: null,
      activeSpeaker: null,
      mutedAtMs: null,
      mediaResets: 0,
      subscribeOffers: 0,
      lastOfferVersion: null,
      candidates: { sent: 0, dropped: 0, remoteDropped: 0 },
      selectedPairs: { publisher: null, subscriber: null },
      selectedRoutes: { publisher: null, subscriber: null },
      processCpuPercent: 0,
      errors: [],
      fatal: null,
      rejoins: [],
      audioConcealment: {},
      qualityReports: 0,
      qualitySamples: [],
      receiveModes: [],
      mixedAudio: null,
      subscriberAudioStreams: 0,
    };
  }

  /** Milliseconds since the bot was created. */
  elapsed(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** Ends the run early (as if --seconds had passed). */
  stop(): void {
    this.stopRequested?.();
  }

  /** Joins, stays for `seconds`, leaves and reports. Throws BotError when it cannot join. */
  async run(): Promise<BotReport> {
    this.validate();
    this.wrtc = this.options.wrtc ?? (await loadWrtc());
    const url = signallingUrl(this.origin);
    try {
      this.signalling = await SignallingClient.connect(url);
    } catch (err) {
      throw toBotError(err);
    }
    const signalling = this.signalling;
    this.listen(signalling);
    try {
      const joined = await signalling.request(
        this.joinMessage(signalling.nextRid('join')),
        'joined',
        this.options.joinTimeoutMs ?? 10_000,
      );
      this.onJoined(joined);
    } catch (err) {
      await this.teardown();
      throw toBotError(err);
    }
    this.timers.push(setTimeout(() => this.stop(), this.options.seconds * 1000));
    this.timers.push(
      setTimeout(() => void this.startMeasuring(), (this.options.measureAfterSeconds ?? 0) * 1000),
    );
    if (this.options.muteAfterSeconds !== undefined) {
      this.timers.push(setTimeout(() => this.mute(), this.options.muteAfterSeconds * 1000));
    }
    await this.stopped;
    return this.finish();
  }

  private validate(): void {
    if (!parseJoinLink(this.options.link))
      throw new BotError('bad_link', `not a join link: ${this.options.link}`);
    if (!isLoopbackHost(new URL(this.origin).hostname)) {
      throw new BotError('not_loopback', `bots only talk to loopback servers, not ${this.origin}`);
    }
    if (this.name.length === 0 || this.name.length > 80) {
      throw new BotError('bad_link', 'a name of 1–80 characters is needed (in the link or --name)');
    }
    if (!(this.options.seconds >= 0)) throw new BotError('bad_link', 'seconds must be a number ≥ 0');
  }

  private joinMessage(rid: string): MessageOf<ClientMessage, 'join'> {
    return {
      type: 'join',
      rid,
      meetingId: this.meetingId,
      name: this.name,
      ...(this.bridgePoint ? { bridgePoint: this.bridgePoint } : {}),
      ...(this.token ? { token: this.token } : {}),
    };
  }

  private onJoined(joined: Joined): void {
    this.report.joinedMs = this.elapsed();
    this.report.selfId = joined.self.id;
    this.participants.set(joined.self.id, joined.self);
    for (const p of joined.participants) this.participants.set(p.id, p);
    this.setActiveSpeaker(joined.activeSpeakerId);
    this.iceServers = loopbackIceServers(joined.iceServers);
    if (this.iceServers.length < joined.iceServers.length) {
      this.recordError('ice_server_dropped', 'ignored ICE servers that are not on loopback');
    }
    if (this.options.turnTransports) {
      this.iceServers = onlyTurnTransports(this.iceServers, this.options.turnTransports);
    }
    if (this.options.relayOnly && this.iceServers.length === 0) {
      this.recordError('no_turn', 'relay only, but the server offered no usable TURN server');
    }
    const wrtc = this.requireWrtc();
    const first = this.receiver === undefined;
    this.receiver ??= new Receiver(
      wrtc.nonstandard,
      () => this.elapsed(),
      (id) => this.labelOf(id),
    );
    if (first) {
      this.receiver.on('firstVideoFrame', (stats, atMs) => {
        this.report.firstRemoteFrameMs ??= atMs;
        this.emit('firstRemoteFrame', stats.from, atMs);
      });
      this.emit('joined', joined.self, this.report.joinedMs);
      this.startQualityReports();
    }
    if (this.publishEnabled && this.sources) {
      void this.publish();
    } else if (this.publishEnabled) {
      this.sources = new SyntheticSources(wrtc, this.name);
      this.sources.start();
      this.report.published = {
        videoFrames: 0,
        audioChunks: 0,
        toneHz: this.sources.frequency,
        labelCode: labelCode(this.name).toString(16).padStart(8, '0'),
        answeredMs: null,
      };
      void this.publish();
    }
    this.mix?.close();
    this.mix = this.newMixListener();
    if (this.options.mixedAudio) this.signalling?.send({ type: 'receive.preference', mixedAudio: true });
    const buffered = this.buffered ?? [];
    this.buffered = null;
    for (const message of buffered) this.onMessage(message);
  }

  // ---- server messages ------------------------------------------------------------------------

  private onMessage(message: ServerMessage): void {
    // NOTE: ws may deliver several frames in one tick, before `joined` has been handled.
    if (this.buffered) {
      this.buffered.push(message);
      return;
    }
    switch (message.type) {
      case 'participant.joined':
      case 'participant.updated':
        this.participants.set(message.participant.id, message.participant);
        this.leftIds.delete(message.participant.id);
        break;
      case 'participant.left':
        this.leftIds.add(message.participantId);
        this.receiver?.markLeft(message.participantId);
        break;
      case 'subscribe.offer':
        this.report.subscribeOffers += 1;
        this.sequencer.push(message);
        break;
      case 'trickle':
        this.onRemoteCandidate(message.target, message.candidate);
        break;
      case 'speaker.active':
        this.setActiveSpeaker(message.participantId);
        break;
      case 'media.reset':
        this.onMediaReset();
        break;
      case 'receive.mode':
        this.report.receiveModes.push({
          mode: message.mode,
          reason: message.reason,
          budgetKbps: message.budgetKbps,
          atMs: this.elapsed(),
        });
        this.mix?.onMode(message);
        break;
      case 'error':
        this.recordError(
          message.code,
          message.field ? `${message.message} (${message.field})` : message.message,
        );
        break;
      case 'joined':
      case 'publish.answer':
      case 'ack':
      case 'pong':
        break; // answers to requests that timed out or that someone else made
    }
    this.emit('message', message);
  }

  private setActiveSpeaker(participantId: string | null): void {
    this.report.activeSpeaker = participantId === null ? null : this.labelOf(participantId);
  }

  private onSocketClosed(code: number): void {
    // NOTE: 4xxx and 1008 are the server closing us on purpose (removed, revoked): no rejoin.
    const deliberate = (code >= 4000 && code < 5000) || code === 1008;
    if (this.stopRequested && (this.options.rejoin ?? true) && !deliberate) {
      void this.rejoin(code);
      return;
    }
    if (this.report.fatal === null && this.stopRequested) {
      this.report.fatal = { code: 'socket_closed', message: `signalling socket closed (${code})` };
      this.recordError('socket_closed', `signalling socket closed (${code})`);
    }
    this.stop();
  }

  private listen(signalling: SignallingClient): void {
    signalling.on('message', (message) => this.onMessage(message));
    signalling.on('invalid', (reason) => this.recordError('invalid_frame', reason));
    signalling.on('close', (code) => this.onSocketClosed(code));
  }

  /**
   * The signalling socket dropped (server restart, network): close the media, reconnect with
   * backoff and join the same meeting again, then publish and subscribe as after the first join.
   */
  private async rejoin(code: number): Promise<void> {
    const droppedAtMs = this.elapsed();
    this.recordError('signalling_drop', `signalling socket closed (${code}); rejoining`);
    this.emit('signallingDrop', code);
    this.sequencer.reset();
    this.closePeers();
    this.buffered = [];
    const url = signallingUrl(this.origin);
    for (let attempt = 0; this.stopRequested; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(2_000, 200 * 2 ** attempt)));
      if (!this.stopRequested) return;
      let signalling: SignallingClient | undefined;
      try {
        signalling = await SignallingClient.connect(url, 2_000);
        if (!this.stopRequested) {
          await signalling.close();
          return;
        }
        this.signalling = signalling;
        this.listen(signalling);
        const joined = await signalling.request(
          this.joinMessage(signalling.nextRid('join')),
          'joined',
          this.options.joinTimeoutMs ?? 10_000,
        );
        this.report.rejoins.push({ droppedAtMs, rejoinedAtMs: this.elapsed(), attempts: attempt + 1 });
        this.onJoined(joined);
        this.emit('rejoined', joined.self, this.elapsed());
        return;
      } catch (err) {
        if (signalling?.isOpen) {
          signalling.removeAllListeners();
          await signalling.close();
        }
        const e = toBotError(err);
        if (e.code === 'meeting_not_found' || e.code === 'forbidden' || e.code === 'unauthorized') {
          this.report.fatal = { code: e.code, message: `rejoin refused: ${e.message}` };
          this.stop();
          return;
        }
      }
    }
  }

  /** Gaps and concealment count from now on (the start of the measured window). */
  private async startMeasuring(): Promise<void> {
    this.receiver?.measureFrom(this.elapsed());
    this.mix?.startMeasuring();
    this.concealmentBase = await this.readConcealment();
  }

  private concealmentBase = new Map<string, InboundAudio>();

  private async readConcealment(): Promise<Map<string, InboundAudio>> {
    const pc = this.subscriber;
    if (!pc) return new Map();
    try {
      return readInboundAudio(await pc.getStats(), this.streamsByMid);
    } catch {
      return new Map();
    }
  }

  private startQualityReports(): void {
    if (this.options.qualityReports === false) return;
    this.quality = new QualityReporter({
      connections: () => [
        { name: 'camera', pc: this.publisher },
        { name: 'subscriber', pc: this.subscriber },
        { name: 'mix', pc: this.mix?.connection ?? null },
      ],
      send: (sample) => {
        if (!this.signalling?.send({ type: 'quality.report', sample })) return;
        this.report.qualityReports += 1;
        this.report.qualitySamples.push({ ...sample, atMs: this.elapsed() });
        if (this.report.qualitySamples.length > 50) this.report.qualitySamples.shift();
      },
    });
    this.quality.start();
  }

  private quality: QualityReporter | undefined;
  private mix: MixListener | undefined;

  private newMixListener(): MixListener | undefined {
    const signalling = this.signalling;
    if (!signalling) return undefined;
    return new MixListener({
      wrtc: this.requireWrtc(),
      signalling,
      iceServers: this.iceServers,
      relayOnly: this.options.relayOnly === true,
      mic: () => {
        const tracks = this.sources?.createTracks();
        tracks?.video.stop();
        return tracks?.audio ?? null;
      },
      elapsed: () => this.elapsed(),
      requestTimeoutMs: this.options.requestTimeoutMs,
      onError: (code, message) => this.recordError(code, message),
    });
  }

  private onMediaReset(): void {
    this.report.mediaResets += 1;
    this.sequencer.reset();
    this.closePeers();
    this.emit('mediaReset');
    if (this.publishEnabled) void this.publish();
  }

  private mute(): void {
    this.sources?.setAudioMuted(true);
    this.signalling?.send({ type: 'media.state', audioMuted: true, videoMuted: false });
    this.report.mutedAtMs = this.elapsed();
  }

  // ---- publishing -----------------------------------------------------------------------------

  private async publish(): Promise<void> {
    const wrtc = this.requireWrtc();
    const signalling = this.signalling;
    const sources = this.sources;
    if (!signalling || !sources) return;
    const pc = this.newPeer('camera');
    this.publisher = pc;
    try {
      const { audio, video } = sources.createTracks();
      const stream = new wrtc.MediaStream([audio, video]);
      pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
      pc.addTransceiver(video, {
        direction: 'sendonly',
        streams: [stream],
        ...(this.options.simulcast ? { sendEncodings: BOT_SIMULCAST } : {}),
      });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const sdp = capVideoBitrate(scrubSdp(offer.sdp), this.videoKbps);
      const rid = signalling.nextRid('publish');
      const answering = signalling.request(
        { type: 'publish', rid, source: 'camera', sdp, audio: true, video: true },
        'publish.answer',
        this.options.requestTimeoutMs,
      );
      this.openLocalCandidates('camera');
      const answer = await answering;
      if (pc !== this.publisher) return; // a media reset replaced it meanwhile
      const remote = capVideoBitrate(scrubSdp(answer.sdp), this.videoKbps);
      await pc.setRemoteDescription({ type: 'answer', sdp: remote });
      this.flushRemoteCandidates('camera', pc);
      if (this.report.published) this.report.published.answeredMs = this.elapsed();
      this.emit('published', this.elapsed());
    } catch (err) {
      if (pc === this.publisher)
        this.recordError(codeOf(err, 'publish_failed'), `publish: ${messageOf(err)}`);
    }
  }

  // ---- subscribing ----------------------------------------------------------------------------

  private async applyOffer(offer: SubscribeOffer): Promise<void> {
    const signalling = this.signalling;
    if (!signalling) return;
    let pc = this.subscriber;
    if (!pc) {
      pc = this.newPeer('subscriber');
      pc.ontrack = (event) => {
        const mid = event.transceiver.mid;
        if (mid !== null) this.bindMid(mid, event.track);
      };
      this.subscriber = pc;
    }
    this.streamsByMid = new Map(offer.streams.map((s) => [s.mid, s]));
    // NOTE: remote SDPs are scrubbed too, so only loopback candidates are ever checked.
    await pc.setRemoteDescription({ type: 'offer', sdp: scrubSdp(offer.sdp) });
    this.flushRemoteCandidates('subscriber', pc);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (pc !== this.subscriber) return;
    signalling.send({ type: 'subscribe.answer', version: offer.version, sdp: scrubSdp(answer.sdp) });
    this.openLocalCandidates('subscriber');
    this.report.lastOfferVersion = offer.version;
    this.reconcile(pc);
    this.emit('subscribed', offer.version, offer.streams);
  }

  private bindMid(mid: string, track: Parameters<Receiver['bind']>[1]): void {
    const stream = this.streamsByMid.get(mid);
    if (!stream || !this.receiver || this.leftIds.has(stream.participantId)) return;
    if (stream.kind !== track.kind) {
      this.recordError('stream_mismatch', `mid ${mid} is ${track.kind}, signalling says ${stream.kind}`);
      return;
    }
    this.receiver.bind(mid, track, {
      participantId: stream.participantId,
      source: stream.source,
      kind: stream.kind,
    });
  }

  /** After an answer: bind every receiving transceiver the offer describes; drop the rest. */
  private reconcile(pc: WrtcPeerConnection): void {
    const receiver = this.receiver;
    if (!receiver) return;
    const live = new Set<string>();
    for (const transceiver of pc.getTransceivers()) {
      const mid = transceiver.mid;
      const receiving =
        transceiver.currentDirection === 'recvonly' || transceiver.currentDirection === 'sendrecv';
      if (mid === null || !receiving || transceiver.stopped || !this.streamsByMid.has(mid)) continue;
      live.add(mid);
      this.bindMid(mid, transceiver.receiver.track);
    }
    for (const mid of receiver.boundMids()) if (!live.has(mid)) receiver.unbind(mid);
  }

  // ---- ICE ------------------------------------------------------------------------------------

  private newPeer(target: PeerTarget): WrtcPeerConnection {
    const pc = new (this.requireWrtc().RTCPeerConnection)({
      iceServers: this.iceServers,
      iceTransportPolicy: this.options.relayOnly ? 'relay' : 'all',
    });
    this.pendingLocal.set(target, []);
    this.pendingRemote.set(target, []);
    pc.onicecandidate = (event) => {
      if (pc !== this.peerFor(target)) return;
      const candidate = event.candidate;
      if (candidate && !isLoopbackCandidate(candidate.candidate)) {
        this.report.candidates.dropped += 1;
        return;
      }
      const pending = this.pendingLocal.get(target);
      if (Array.isArray(pending)) pending.push(candidate);
      else this.sendCandidate(target, candidate);
    };
    return pc;
  }

  private peerFor(target: PeerTarget): WrtcPeerConnection | null {
    return target === 'subscriber' ? this.subscriber : target === 'camera' ? this.publisher : null;
  }

  /** Local candidates wait until the offer or answer they belong to has been sent. */
  private openLocalCandidates(target: PeerTarget): void {
    const pending = this.pendingLocal.get(target);
    this.pendingLocal.set(target, 'open');
    if (Array.isArray(pending)) for (const candidate of pending) this.sendCandidate(target, candidate);
  }

  private sendCandidate(target: PeerTarget, candidate: IceCandidateInit | null): void {
    if (candidate) this.report.candidates.sent += 1;
    this.signalling?.send({
      type: 'trickle',
      target,
      candidate: candidate && {
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? null,
        sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      },
    });
  }

  private onRemoteCandidate(target: PeerTarget, candidate: IceCandidateInit | null): void {
    if (candidate === null) return; // end of candidates: nothing to do for wrtc
    if (!isLoopbackCandidate(candidate.candidate)) {
      this.report.candidates.remoteDropped += 1;
      return;
    }
    const pc = this.peerFor(target);
    if (!pc?.remoteDescription) {
      this.pendingRemote.get(target)?.push(candidate);
      return;
    }
    pc.addIceCandidate(candidate).catch((err: unknown) => this.recordError('ice_failed', messageOf(err)));
  }

  private flushRemoteCandidates(target: PeerTarget, pc: WrtcPeerConnection): void {
    const pending = this.pendingRemote.get(target) ?? [];
    this.pendingRemote.set(target, []);
    for (const candidate of pending) {
      pc.addIceCandidate(candidate).catch((err: unknown) => this.recordError('ice_failed', messageOf(err)));
    }
  }

  // ---- end ------------------------------------------------------------------------------------

  private closePeers(): void {
    this.receiver?.unbindAll();
    this.mix?.close();
    for (const pc of [this.publisher, this.subscriber]) pc?.close();
    this.publisher = null;
    this.subscriber = null;
    this.streamsByMid = new Map();
    this.pendingLocal.clear();
    this.pendingRemote.clear();
  }

  private async finish(): Promise<BotReport> {
    this.report.selectedRoutes = {
      publisher: await selectedRoute(this.publisher),
      subscriber: await selectedRoute(this.subscriber),
    };
    this.report.selectedPairs = {
      publisher: routeText(this.report.selectedRoutes.publisher),
      subscriber: routeText(this.report.selectedRoutes.subscriber),
    };
    if (this.signalling?.isOpen) this.signalling.send({ type: 'leave' });
    this.report.received = this.snapshot();
    const mix = await this.mix?.report();
    this.report.mixedAudio = mix && mix.joinedMs !== null ? mix : null;
    this.report.subscriberAudioStreams = [...this.streamsByMid.values()].filter(
      (s) => s.kind === 'audio',
    ).length;
    const concealed = await this.readConcealment();
    for (const [key, after] of concealed)
      this.report.audioConcealment[key] = concealmentBetween(this.concealmentBase.get(key), after);
    await this.teardown();
    if (this.report.published && this.sources) {
      this.report.published.videoFrames = this.sources.videoFrames;
      this.report.published.audioChunks = this.sources.audioChunks;
    }
    this.report.durationMs = this.elapsed();
    const cpu = process.cpuUsage(this.cpuAtStart);
    this.report.processCpuPercent = Number(
      (((cpu.user + cpu.system) / 1000 / this.report.durationMs) * 100).toFixed(1),
    );
    return this.report;
  }

  private async teardown(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    this.sequencer.reset();
    this.quality?.stop();
    this.closePeers();
    this.sources?.stop();
    const signalling = this.signalling;
    this.stopRequested = undefined;
    if (signalling) {
      signalling.removeAllListeners();
      await signalling.close();
    }
  }

  /** What was received so far, per remote source (tests poll it to time a recovery). */
  received(): RemoteStats[] {
    return this.snapshot();
  }

  private snapshot(): RemoteStats[] {
    const labels = [...this.participants.values()].map((p) => p.name);
    return this.receiver?.snapshot(labels) ?? [];
  }

  private labelOf(participantId: string): string {
    return this.participants.get(participantId)?.name ?? participantId;
  }

  private recordError(code: string, message: string): void {
    const record = { code, message, atMs: this.elapsed() };
    this.report.errors.push(record);
    this.emit('error', record);
  }

  private requireWrtc(): Wrtc {
    if (!this.wrtc) throw new BotError('media_failed', 'wrtc is not loaded');
    return this.wrtc;
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const codeOf = (err: unknown, fallback: string): string =>
  err instanceof SignallingError || err instanceof BotError ? err.code : fallback;

function toBotError(err: unknown): BotError {
  if (err instanceof BotError) return err;
  if (err instanceof SignallingError) return new BotError(err.code, err.message, { cause: err });
  return new BotError('media_failed', messageOf(err), { cause: err });
}
