// The call engine, free of React: joins over signalling, publishes camera and screen, answers the
// server's subscribe offers on one subscriber connection, trickles ICE, recovers from resets and
// reconnects, and reports everything as typed events.
import type { LeaveReason, LiveAction, PeerTarget, PresentPointer, ServerMessage } from '@diemcau/protocol';
import { QualityReporter } from '@diemcau/protocol';
import {
  initialNetwork,
  LayoutSender,
  pauseVideoEncodings,
  reduceNetwork,
  type NetworkState,
} from './call-network';
import { publish, restartPublisher, type PublishHost } from './call-publish';
import { Subscriber } from './call-subscriber';
import { Emitter } from './emitter';
import {
  browserRtc,
  FATAL_JOIN_CODES,
  type CallEvents,
  type CallOptions,
  type LocalMedia,
  type RtcEnv,
  type SignallingPort,
  type Substream,
} from './call-types';
import { MixedAudioLink } from './mixed-audio';
import { Peer } from './peer';
import { IceWatchdog } from './reconnect';
import { filterSdpCandidates } from './sdp';
import { SignallingError } from './signalling-client';
import type { ParticipantStats } from './stats';

export { browserRtc, SIMULCAST_ENCODINGS } from './call-types';
export type {
  CallEvents,
  CallOptions,
  LocalMedia,
  PublisherState,
  RtcEnv,
  SignallingPort,
} from './call-types';

export class Call extends Emitter<CallEvents> {
  readonly #sig: SignallingPort;
  readonly #opts: CallOptions;
  readonly #rtc: RtcEnv;
  /** The subscriber side: offers, remote media, wanted layers (call-subscriber.ts). */
  readonly #sub: Subscriber;
  /** What publishing uses of this call (call-publish.ts). */
  readonly #pub: PublishHost;
  #local: LocalMedia;
  /** Bumped on every (re)join: stale async work from an earlier session stops. */
  #session = 0;
  /** Bumped on every (re)join and media reset: stale publish/subscribe work stops. */
  #media = 0;
  #joined = false;
  /** A guest waiting for a moderator: the first-join timeout does not apply. */
  #inLobby = false;
  #ended = false;
  #selfId: string | null = null;
  #iceServers: RTCIceServer[] = [];
  #peers: Partial<Record<PeerTarget, Peer>> = {};
  #unsubscribe: (() => void)[] = [];
  #network: NetworkState;
  readonly #layout: LayoutSender;
  /** Restarts ICE of a connection that failed or stayed disconnected (see reconnect.ts). */
  readonly #watchdog = new IceWatchdog({
    restart: (target) => void this.#restartIce(target),
    giveUp: (target) => this.#startOver(target),
  });
  /** "Âm thanh gộp": the mixed-audio connection, when the server puts us on it (mixed-audio.ts). */
  readonly #mix = new MixedAudioLink({
    rtc: () => this.#rtc,
    iceServers: () => this.#iceServers,
    mic: () => this.#local.camera?.getAudioTracks()[0] ?? null,
    send: (msg) => (this.#joined && this.#sig.state === 'open' ? this.#sig.send(msg) : false),
    request: (msg) => this.#sig.request(msg),
    onState: (s) => this.#setNetwork({ ...this.#network, mixReconnecting: s === 'recovering' }),
  });
  /** Tells the server this client's bitrates, loss and RTT every 5 s (the IT officer's dashboard). */
  readonly #quality = new QualityReporter({
    connections: () => [
      ...(['camera', 'screen', 'subscriber'] as const).flatMap((name) => {
        const peer = this.#peers[name];
        return peer && !peer.closed ? [{ name, pc: peer.pc }] : [];
      }),
      // NOTE: the mix arrives over the same line: its bytes count in what the line carried.
      ...(this.#mix.connection ? [{ name: 'mix', pc: this.#mix.connection }] : []),
    ],
    send: (sample) => {
      if (this.#joined && this.#sig.state === 'open') this.#sig.send({ type: 'quality.report', sample });
    },
    onError: (err) => console.warn('[diemcau] quality report', err),
  });

  constructor(options: CallOptions) {
    super();
    this.#opts = options;
    this.#sig = options.signalling;
    this.#rtc = options.rtc ?? browserRtc;
    this.#sub = new Subscriber({
      media: () => this.#media,
      ended: () => this.#ended,
      online: () => this.#joined && this.#sig.state === 'open',
      send: (msg) => this.#sig.send(msg),
      peer: () => this.#peers.subscriber,
      openPeer: () => this.#newPeer('subscriber'),
      outgoingSdp: (peer, fallback) => this.#outgoingSdp(peer, fallback),
      createStream: (tracks) => this.#rtc.createStream(tracks),
      onRemote: (remote) => this.emit('remote', remote),
      onNotice: (notice) => this.emit('notice', notice),
    });
    this.#pub = {
      rtc: this.#rtc,
      sig: this.#sig,
      simulcast: options.simulcast !== false,
      media: () => this.#media,
      stream: (source) => (source === 'camera' ? this.#local.camera : this.#local.screen),
      audioOnly: () => this.#network.audioOnly,
      openPeer: (source) => this.#newPeer(source),
      closePeer: (source) => this.#closePeer(source),
      outgoingSdp: (peer, fallback) => this.#outgoingSdp(peer, fallback),
      startOver: (source) => this.#startOver(source),
      emit: (event, payload) => this.emit(event, payload),
    };
    this.#local = { ...options.local };
    this.#network = initialNetwork(options.audioOnly === true, options.mixedAudio === true);
    if (options.mixedAudio) this.#mix.prefer(true);
    this.#layout = new LayoutSender(this.#network.audioOnly, (msg) =>
      this.#joined && this.#sig.state === 'open' ? this.#sig.send(msg) : false,
    );
    this.#applyMute();
  }

  /** Receive mode, quality levels, audio-only choice and reconnect attempt, as last reported. */
  get network(): NetworkState {
    return this.#network;
  }

  get local(): LocalMedia {
    return this.#local;
  }

  get selfId(): string | null {
    return this.#selfId;
  }

  /** Connects and joins; rejoins and republishes by itself after a reconnect. */
  start(): void {
    this.#unsubscribe.push(
      this.#sig.on('state', (state) => this.emit('connection', state)),
      this.#sig.on('open', ({ reconnected }) => void this.#join(reconnected)),
      this.#sig.on('message', (msg) => this.#onMessage(msg)),
      this.#sig.on('retry', ({ attempt }) =>
        this.#setNetwork({ ...this.#network, reconnectAttempt: attempt }),
      ),
      this.#listenOnline(),
    );
    this.#sig.connect();
    this.#quality.start();
    // NOTE: the first join must not hang on a spinner: without a join in time, report it.
    setTimeout(() => {
      if (!this.#joined && !this.#inLobby && !this.#ended && this.#selfId === null) {
        this.#end({ failure: { code: 'network', message: 'could not reach the server' } });
      }
    }, this.#opts.firstJoinTimeoutMs ?? 20_000);
  }

  /** Leaves the meeting: tells the server, closes every connection and stops local devices. */
  leave(): void {
    if (this.#ended) return;
    if (this.#sig.state === 'open') this.#sig.send({ type: 'leave' });
    this.#end({ reason: 'left' });
  }

  setAudioMuted(muted: boolean): void {
    this.#local = { ...this.#local, audioMuted: muted };
    this.#applyMute();
    this.#sendMediaState();
    this.emit('local', this.#local);
  }

  setVideoMuted(muted: boolean): void {
    this.#local = { ...this.#local, videoMuted: muted };
    this.#applyMute();
    this.#sendMediaState();
    this.emit('local', this.#local);
  }

  /**
   * Audio only, by choice: our camera stops sending (the track is disabled and its encodings
   * paused, and the others see the camera off), and the server sends us audio plus the active
   * speaker's lowest layer as a still picture. Remembering the choice is the caller's business.
   */
  setAudioOnly(on: boolean): void {
    if (this.#network.audioOnly === on) return;
    this.#layout.setAudioOnly(on);
    this.#setNetwork({ ...this.#network, audioOnly: on });
    this.#applyMute();
    void this.#pauseCameraVideo(on);
    this.#sendMediaState();
    this.#layout.flush();
  }

  /** Chooses (or stops choosing) "Âm thanh gộp": everyone's audio as one mixed stream. */
  setMixedAudio(on: boolean): void {
    this.#mix.prefer(on);
    this.#setNetwork({ ...this.#network, mixPreferred: on });
  }

  /**
   * What the UI shows: each remote camera's largest on-screen size in CSS pixels. The server
   * picks each one's layer from it (and from our downlink), and stops video nobody shows.
   */
  setView(tiles: ReadonlyMap<string, { width: number; height: number }>): void {
    this.#layout.setTiles(tiles);
    this.#layout.flush();
  }

  /** Asks the user for a screen and publishes it as a second publisher. */
  async startShare(): Promise<void> {
    if (this.#local.screen || this.#ended) return;
    const stream = await this.#rtc.getDisplayMedia();
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    track.contentHint = 'detail';
    track.addEventListener('ended', () => void this.stopShare());
    this.#local = { ...this.#local, screen: stream };
    this.emit('local', this.#local);
    if (this.#joined) await publish(this.#pub, 'screen', this.#media);
  }

  /** Stops sharing: unpublishes, closes the screen connection and the capture. */
  async stopShare(): Promise<void> {
    const stream = this.#local.screen;
    if (!stream) return;
    stream.getTracks().forEach((t) => t.stop());
    this.#closePeer('screen');
    this.#local = { ...this.#local, screen: null };
    this.emit('local', this.#local);
    if (!this.#joined || this.#sig.state !== 'open') return;
    try {
      await this.#sig.request({ type: 'unpublish', source: 'screen' }, 5_000);
    } catch (err) {
      console.warn('[diemcau] unpublish screen', err);
    }
  }

  /** A moderator lets a waiting guest in. Rejects with the server's error (e.g. `forbidden`). */
  async admitGuest(participantId: string): Promise<void> {
    await this.#sig.request({ type: 'lobby.admit', participantId });
  }

  /** A moderator starts or stops recording the meeting. Rejects with the server's error. */
  async setRecording(on: boolean): Promise<void> {
    await this.#sig.request({ type: on ? 'recording.start' : 'recording.stop' });
  }

  /** A moderator turns a waiting guest away. */
  async rejectGuest(participantId: string): Promise<void> {
    await this.#sig.request({ type: 'lobby.reject', participantId });
  }

  /**
   * Sends one meeting action (chair console, roll call, speaking queue, votes, chat, Q&A). Resolves
   * once the server wrote it (ack); rejects with its SignallingError (forbidden, wrong_state…).
   */
  async act(action: LiveAction): Promise<void> {
    await this.#sig.request({ type: 'act', action });
  }

  /** The presenter's pointer on the presented page, 0–1 (null: off the page). Not stored. */
  sendPointer(pointer: PresentPointer | null): void {
    if (this.#joined && this.#sig.state === 'open') this.#sig.send({ type: 'present.pointer', pointer });
  }

  /**
   * A short-lived same-origin URL of the presented PDF, for viewers without an account session or
   * kiosk token (see ui/present/pdf.ts). Rejects when nothing is presented.
   */
  async presentTicket(): Promise<string> {
    return (await this.#sig.request({ type: 'present.ticket' })).url;
  }

  /** The simulcast layer wanted per remote camera; only changes reach the server. */
  setQualities(wanted: ReadonlyMap<string, Substream>): void {
    this.#sub.setQualities(wanted);
  }

  /** Inbound media statistics per remote participant (what tests and diagnostics read). */
  stats(): Promise<Record<string, ParticipantStats>> {
    return this.#sub.stats();
  }

  // -------------------------------------------------------------------------------------------

  async #join(reconnected: boolean): Promise<void> {
    if (this.#ended) return;
    const session = ++this.#session;
    this.#media++;
    this.#joined = false;
    this.#closePeers();
    const { meetingId, name, bridgePoint, token, deviceToken, passcode } = this.#opts;
    try {
      const joined = await this.#sig.request({
        type: 'join',
        meetingId,
        name,
        bridgePoint,
        ...(token ? { token } : {}),
        ...(deviceToken ? { deviceToken } : {}),
        ...(passcode ? { passcode } : {}),
      });
      if (session !== this.#session || this.#ended) return;
      this.#joined = true;
      this.#inLobby = false;
      this.#selfId = joined.self.id;
      this.#iceServers = joined.iceServers.map((s) => ({ ...s }));
      this.#sub.forgetSentQualities();
      this.#setNetwork(reduceNetwork(this.#network, joined));
      this.#mix.rejoined();
      this.emit('message', joined);
      this.emit('local', this.#local);
      this.#sendMediaState();
      this.#layout.reset();
      this.#layout.flush();
      await this.#publishAll(this.#media);
    } catch (err) {
      if (session !== this.#session || this.#ended) return;
      const e = err instanceof SignallingError ? err : new SignallingError('internal', String(err));
      if (e.code === 'disconnected') return; // the reconnect joins again
      if (!reconnected || this.#inLobby || FATAL_JOIN_CODES.has(e.code)) {
        this.#end({ failure: { code: e.code, message: e.message } });
        return;
      }
      this.emit('notice', { code: e.code, message: e.message });
      setTimeout(() => {
        if (session === this.#session && this.#sig.state === 'open') void this.#join(true);
      }, 3_000);
    }
  }

  #onMessage(msg: ServerMessage): void {
    if (this.#ended) return;
    const network = reduceNetwork(this.#network, msg);
    if (network !== this.#network) this.#setNetwork(network);
    switch (msg.type) {
      case 'subscribe.offer':
        this.#sub.onOffer(msg);
        break;
      case 'lobby.waiting':
        this.#inLobby = true;
        break;
      case 'trickle':
        this.#peers[msg.target]?.addRemoteCandidate(msg.candidate);
        break;
      case 'receive.mode':
        this.#mix.onMode(msg.mixedAudio === true);
        break;
      case 'media.reset':
        this.#resetMedia();
        break;
      case 'participant.left':
        this.#sub.participantLeft(msg.participantId);
        if (msg.participantId === this.#selfId) {
          this.emit('message', msg);
          this.#end({ reason: msg.reason });
          return;
        }
        break;
      case 'error':
        this.emit('notice', { code: msg.code, message: msg.message });
        break;
      default:
        break;
    }
    this.emit('message', msg);
  }

  /** The media server restarted: every connection is gone; publish again, await a fresh offer. */
  #resetMedia(): void {
    const media = ++this.#media;
    this.#closePeers();
    this.#sub.forgetSentQualities();
    if (this.#joined) void this.#publishAll(media);
  }

  async #publishAll(media: number): Promise<void> {
    await publish(this.#pub, 'camera', media);
    if (this.#local.screen) await publish(this.#pub, 'screen', media);
  }

  #newPeer(target: PeerTarget): Peer {
    const pc = this.#rtc.createPeerConnection({
      iceServers: this.#iceServers,
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    const peer = new Peer({
      target,
      pc,
      icePolicy: this.#opts.icePolicy ?? 'all',
      sendCandidate: (t, candidate) => this.#sig.send({ type: 'trickle', target: t, candidate }),
      onConnectionState: (state) => this.#onPeerState(peer, state),
    });
    this.#peers[target] = peer;
    return peer;
  }

  #onPeerState(peer: Peer, state: RTCPeerConnectionState): void {
    if (peer.closed || this.#peers[peer.target] !== peer) return;
    // NOTE: failed → ICE restart at once; disconnected → after a short grace (see reconnect.ts).
    if (this.#joined) this.#watchdog.observe(peer.target, state);
    if (peer.target === 'subscriber') return;
    if (state === 'connected' || state === 'failed' || state === 'closed')
      this.emit('publisher', { source: peer.target, state });
  }

  #outgoingSdp(peer: Peer, fallback: string): string {
    const sdp = peer.pc.localDescription?.sdp ?? fallback;
    return this.#opts.icePolicy === 'loopback' ? filterSdpCandidates(sdp, (c) => peer.allows(c)) : sdp;
  }

  #applyMute(): void {
    const videoOff = this.#local.videoMuted || this.#network.audioOnly;
    this.#local.camera?.getAudioTracks().forEach((t) => (t.enabled = !this.#local.audioMuted));
    this.#local.camera?.getVideoTracks().forEach((t) => (t.enabled = !videoOff));
  }

  #sendMediaState(): void {
    if (!this.#joined || this.#sig.state !== 'open') return;
    this.#sig.send({
      type: 'media.state',
      audioMuted: this.#local.audioMuted,
      // NOTE: audio only sends no video: the others see our camera as off.
      videoMuted: this.#local.videoMuted || this.#network.audioOnly,
    });
  }

  #setNetwork(next: NetworkState): void {
    this.#network = next;
    this.emit('network', next);
  }

  // ---- audio only and ICE restarts ------------------------------------------------------------

  async #pauseCameraVideo(paused: boolean): Promise<void> {
    const peer = this.#peers.camera;
    if (peer && !peer.closed) await pauseVideoEncodings(peer.pc, paused);
  }

  /** Listens for the browser coming back online: restart every connection's ICE, reconnect now. */
  #listenOnline(): () => void {
    const target = this.#opts.onlineEvents ?? (typeof window === 'undefined' ? null : window);
    if (!target) return () => undefined;
    const onOnline = (): void => {
      this.#sig.reconnectNow?.();
      if (!this.#joined) return;
      const open = (['camera', 'screen', 'subscriber'] as const).filter((t) => {
        const peer = this.#peers[t];
        return peer && !peer.closed && peer.pc.remoteDescription !== null;
      });
      this.#watchdog.networkChanged(open);
      this.#mix.networkChanged();
    };
    target.addEventListener('online', onOnline);
    return () => target.removeEventListener('online', onOnline);
  }

  /**
   * Restarts ICE on the same connection: a publisher sends a new offer with fresh ICE credentials
   * (`publish` with `restart`), which Janus answers on the same handle; the subscriber asks the
   * server, whose `subscribe.offer` (fresh credentials) is answered as usual.
   */
  async #restartIce(target: PeerTarget): Promise<void> {
    const peer = this.#peers[target];
    if (!peer || peer.closed || !this.#joined || this.#sig.state !== 'open') return;
    if (target === 'subscriber') {
      this.#sig.send({ type: 'subscribe.restart' });
      return;
    }
    await restartPublisher(this.#pub, peer, target);
  }

  /** ICE restarts did not help: a new connection (publishers publish again, the subscription is rebuilt). */
  #startOver(target: PeerTarget): void {
    if (!this.#joined || this.#ended) return;
    if (target === 'subscriber') {
      this.#closePeer('subscriber');
      this.#sub.clear();
      this.#sig.send({ type: 'subscribe.restart', fresh: true });
      return;
    }
    void publish(this.#pub, target, this.#media);
  }

  #closePeer(target: PeerTarget): void {
    this.#peers[target]?.close();
    delete this.#peers[target];
    this.#watchdog.forget(target);
  }

  #closePeers(): void {
    this.#mix.close();
    for (const target of ['camera', 'screen', 'subscriber'] as const) this.#closePeer(target);
    this.#sub.reset();
  }

  #end(outcome: { reason: LeaveReason } | { failure: { code: string; message: string } }): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#joined = false;
    this.#session++;
    this.#media++;
    this.#closePeers();
    this.#local.camera?.getTracks().forEach((t) => t.stop());
    this.#local.screen?.getTracks().forEach((t) => t.stop());
    this.#sig.close();
    this.#unsubscribe.forEach((off) => off());
    this.#unsubscribe = [];
    this.#quality.stop();
    this.#watchdog.dispose();
    if ('reason' in outcome) this.emit('ended', outcome);
    else this.emit('failure', outcome.failure);
  }
}

/** What the UI needs from a call (the real Call, or the labelled mock used for design QA). */
export type CallHandle = Pick<
  Call,
  | 'on'
  | 'start'
  | 'leave'
  | 'setAudioMuted'
  | 'setVideoMuted'
  | 'startShare'
  | 'stopShare'
  | 'setQualities'
  | 'stats'
  | 'local'
  | 'admitGuest'
  | 'rejectGuest'
  | 'setRecording'
  | 'act'
  | 'sendPointer'
  | 'presentTicket'
  | 'network'
  | 'setAudioOnly'
  | 'setMixedAudio'
  | 'setView'
>;
