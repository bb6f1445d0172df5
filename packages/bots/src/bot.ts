// A headless participant: joins a meeting over signalling, publishes synthetic camera media,
// receives everyone else through one subscriber connection, and reports what it saw.
import {
  parseJoinLink,
  signallingUrl,
  type ClientMessage,
  type MessageOf,
  type Participant,
  type QualityReporter,
  type ServerMessage,
} from '@diemcau/protocol';
import type { BotEvents, BotOptions } from './bot-options.js';
import { startBotQuality } from './bot-quality.js';
import { TypedEmitter } from './emitter.js';
import { BotError, messageOf, toBotError } from './errors.js';
import { Receiver, type RemoteStats } from './receiver.js';
import { emptyReport, type BotReport } from './report.js';
import { isLoopbackHost, loopbackIceServers, onlyTurnTransports, turnUdpVia } from './sdp.js';
import {
  concealmentBetween,
  readInboundAudio,
  readInboundVideo,
  videoBetween,
  type InboundAudio,
  type InboundVideo,
} from './inbound.js';
import { BotPeers, type SubscribeOffer } from './peers.js';
import { OfferSequencer } from './sequencer.js';
import { MixListener } from './mix-listener.js';
import { SignallingClient } from './signalling.js';
import { SyntheticSources } from './source.js';
import { routeText, selectedRoute } from './stats.js';
import { labelCode } from './synthetic.js';
import { loadWrtc, type IceServerConfig, type Wrtc } from './wrtc.js';

export { BotError, type BotErrorCode } from './errors.js';
export type { BotEvents, BotOptions } from './bot-options.js';

const DEFAULT_VIDEO_KBPS = 500;

type Joined = MessageOf<ServerMessage, 'joined'>;

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
  private wrtc: Wrtc | undefined;
  private signalling: SignallingClient | undefined;
  private receiver: Receiver | undefined;
  private sources: SyntheticSources | undefined;
  private readonly peers: BotPeers;
  private iceServers: IceServerConfig[] = [];
  private readonly participants = new Map<string, Participant>();
  private readonly leftIds = new Set<string>();
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
    this.stopped = new Promise((resolve) => (this.stopRequested = resolve));
    this.report = emptyReport(this.name, this.meetingId);
    this.peers = new BotPeers({
      wrtc: () => this.requireWrtc(),
      signalling: () => this.signalling,
      receiver: () => this.receiver,
      iceServers: () => this.iceServers,
      hasLeft: (id) => this.leftIds.has(id),
      elapsed: () => this.elapsed(),
      recordError: (code, message) => this.recordError(code, message),
      onPublished: () => this.emit('published', this.elapsed()),
      onSubscribed: (version, streams) => this.emit('subscribed', version, streams),
      report: this.report,
      relayOnly: options.relayOnly === true,
      simulcast: options.simulcast === true,
      videoKbps: options.videoKbps ?? DEFAULT_VIDEO_KBPS,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    this.sequencer = new OfferSequencer(
      (offer: SubscribeOffer) => this.peers.applyOffer(offer),
      (err, offer) => this.recordError('subscribe_failed', `offer v${offer.version}: ${messageOf(err)}`),
      (offer) => this.recordError('stale_offer', `dropped offer v${offer.version}`),
    );
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
    if (this.options.turnVia) this.iceServers = turnUdpVia(this.iceServers, this.options.turnVia);
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
      this.publish();
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
      this.publish();
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
        this.peers.onRemoteCandidate(message.target, message.candidate);
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
    [this.concealmentBase, this.videoBase] = await this.readInbound();
  }

  private concealmentBase = new Map<string, InboundAudio>();
  private videoBase = new Map<string, InboundVideo>();

  private async readInbound(): Promise<[Map<string, InboundAudio>, Map<string, InboundVideo>]> {
    const pc = this.peers.subscriber;
    if (!pc) return [new Map(), new Map()];
    try {
      const stats = await pc.getStats();
      return [
        readInboundAudio(stats, this.peers.streamsByMid),
        readInboundVideo(stats, this.peers.streamsByMid),
      ];
    } catch {
      return [new Map(), new Map()];
    }
  }

  private startQualityReports(): void {
    if (this.options.qualityReports === false) return;
    this.quality = startBotQuality({
      connections: () => [
        { name: 'camera', pc: this.peers.publisher },
        { name: 'subscriber', pc: this.peers.subscriber },
        { name: 'mix', pc: this.mix?.connection ?? null },
      ],
      send: (sample) => this.signalling?.send({ type: 'quality.report', sample }) ?? false,
      elapsed: () => this.elapsed(),
      report: this.report,
      onError: (err) => this.recordError('quality_failed', messageOf(err)),
    });
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
    if (this.publishEnabled) this.publish();
  }

  private mute(): void {
    this.sources?.setAudioMuted(true);
    this.signalling?.send({ type: 'media.state', audioMuted: true, videoMuted: false });
    this.report.mutedAtMs = this.elapsed();
  }

  /** Publishes the camera (again, after a media reset or a rejoin) on a new connection. */
  private publish(): void {
    if (this.sources) void this.peers.publish(this.sources);
  }

  // ---- end ------------------------------------------------------------------------------------

  private closePeers(): void {
    this.receiver?.unbindAll();
    this.mix?.close();
    this.peers.close();
  }

  private async finish(): Promise<BotReport> {
    this.report.selectedRoutes = {
      publisher: await selectedRoute(this.peers.publisher),
      subscriber: await selectedRoute(this.peers.subscriber),
    };
    this.report.selectedPairs = {
      publisher: routeText(this.report.selectedRoutes.publisher),
      subscriber: routeText(this.report.selectedRoutes.subscriber),
    };
    if (this.signalling?.isOpen) this.signalling.send({ type: 'leave' });
    this.report.received = this.snapshot();
    const mix = await this.mix?.report();
    this.report.mixedAudio = mix && mix.joinedMs !== null ? mix : null;
    this.report.subscriberAudioStreams = [...this.peers.streamsByMid.values()].filter(
      (s) => s.kind === 'audio',
    ).length;
    const [concealed, video] = await this.readInbound();
    for (const [key, after] of concealed)
      this.report.audioConcealment[key] = concealmentBetween(this.concealmentBase.get(key), after);
    for (const [key, after] of video)
      this.report.videoRecovery[key] = videoBetween(this.videoBase.get(key), after);
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
