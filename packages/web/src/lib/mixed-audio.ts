// "Âm thanh gộp" in the browser: when the server says `receive.mode {mixedAudio: true}` (a very weak
// line, or the person chose it), one more connection joins the meeting's mix: the microphone goes
// up (the mix we hear leaves it out) and one mixed audio stream comes down, played by an <audio>.
// The server stops per-speaker audio on the subscriber connection once we are on the mix.
// The link heals itself while the mix is wanted: a connection that fails (or stays disconnected)
// restarts its ICE (`mix.join {restart}`), and a link the server no longer has joins again with
// backoff.
import type { ClientMessage, IceCandidate } from '@diemcau/protocol';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { RtcEnv } from './call-types';
import { ICE_GRACE_MS, iceTrigger } from './reconnect';
import { toWireCandidate } from './sdp';
import type { OutgoingRequest, ReplyMap } from './signalling-client';

/** Delays between fresh joins of the mix: 1 s, 2 s, 4 s… up to 10 s (±20 %). */
export const MIX_REJOIN_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 10_000, jitter: 0.2 };
/** ICE restarts of one mix connection before it is dropped and joined again. */
export const MAX_MIX_RESTARTS = 2;
/** A new mix connection that is not connected after this long is treated as failed. */
export const MIX_CONNECT_TIMEOUT_MS = 10_000;

/** Where the link is: off, joining, on the mix, or healing a failed connection. */
export type MixLinkState = 'off' | 'joining' | 'on' | 'recovering';

export interface MixedAudioDeps {
  rtc: () => RtcEnv;
  iceServers: () => RTCIceServer[];
  /** The microphone track (null: listen only). */
  mic: () => MediaStreamTrack | null;
  send: (msg: ClientMessage) => boolean;
  request: (
    msg: Extract<OutgoingRequest, { type: 'mix.join' | 'mix.leave' }>,
  ) => Promise<ReplyMap['mix.join' | 'mix.leave']>;
  /** Plays the mixed stream (null: stop). Defaults to a hidden, autoplaying <audio>. */
  play?: (stream: MediaStream | null) => void;
  /** Told whenever the link's state changes. */
  onState?: (state: MixLinkState) => void;
  /** Timers and jitter (fakes in tests). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

/** One mix connection: its candidates wait while an offer is on its way to the server. */
interface MixPeer {
  pc: RTCPeerConnection;
  held: (IceCandidate | null)[] | null;
  restarts: number;
}

/** The mixed-audio connection of one call; follows the server's receive mode. */
export class MixedAudioLink {
  readonly #deps: MixedAudioDeps;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  #peer: MixPeer | null = null;

  /** The mix connection while there is one (its bytes count in the quality reports: same line). */
  get connection(): RTCPeerConnection | null {
    return this.#peer?.pc ?? null;
  }
  #preferred = false;
  #joining: Promise<void> | null = null;
  #audio: HTMLAudioElement | null = null;
  /** The server's latest word: on the mix or not (the link heals itself only while it says so). */
  #wanted = false;
  #state: MixLinkState = 'off';
  /** Fresh joins since the mix was last connected (the backoff's attempt). */
  #rejoins = 0;
  /** The pending fresh join, after a failure. */
  #retryTimer: unknown = null;
  /** Grace of a disconnected connection, or the deadline of a join or restart to connect. */
  #checkTimer: unknown = null;

  constructor(deps: MixedAudioDeps) {
    this.#deps = deps;
    this.#setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer =
      deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout> | undefined));
  }

  get preferred(): boolean {
    return this.#preferred;
  }

  /** Whether the mix connection is open now. */
  get active(): boolean {
    return this.#peer !== null;
  }

  get state(): MixLinkState {
    return this.#state;
  }

  /** The person chose (or stopped choosing) "Âm thanh gộp"; the server answers with receive.mode. */
  prefer(on: boolean): void {
    this.#preferred = on;
    this.#deps.send({ type: 'receive.preference', mixedAudio: on });
  }

  /** After a (re)join: the new session hears the choice again. */
  rejoined(): void {
    if (this.#preferred) this.#deps.send({ type: 'receive.preference', mixedAudio: true });
  }

  /** The server's decision from `receive.mode`. */
  onMode(mixed: boolean): void {
    this.#wanted = mixed;
    if (mixed && !this.#peer) {
      this.#cancel('retry');
      this.#joining = this.#join();
    } else if (!mixed) {
      this.#cancel('retry');
      this.#rejoins = 0;
      if (this.#peer) void this.#leave();
      else this.#setState('off');
    }
  }

  /**
   * Drops the connection and stops healing it (media reset, rejoin, end of the call); the
   * server's next receive.mode decides again.
   */
  close(): void {
    this.#wanted = false;
    this.#rejoins = 0;
    this.#cancel('retry');
    this.#drop();
    this.#setState('off');
  }

  /** Settles when the current join attempt is over (tests). */
  settled(): Promise<void> {
    return this.#joining ?? Promise.resolve();
  }

  async #join(): Promise<void> {
    const pc = this.#deps.rtc().createPeerConnection({
      iceServers: this.#deps.iceServers(),
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    // NOTE: candidates wait until mix.join is sent: the server handles our frames in order, so they
    // reach the mix after the join that creates our place in it.
    const peer: MixPeer = { pc, held: [], restarts: 0 };
    this.#peer = peer;
    this.#setState(this.#rejoins > 0 ? 'recovering' : 'joining');
    pc.onicecandidate = (ev) => {
      const c = !ev.candidate || ev.candidate.candidate === '' ? null : toWireCandidate(ev.candidate);
      if (peer.held) peer.held.push(c);
      else this.#deps.send({ type: 'trickle', target: 'mix', candidate: c });
    };
    pc.ontrack = (ev) => {
      if (peer === this.#peer) this.#play(ev.streams[0] ?? this.#deps.rtc().createStream([ev.track]));
    };
    pc.onconnectionstatechange = () => {
      if (peer === this.#peer) this.#observe(pc.connectionState);
    };
    try {
      const mic = this.#deps.mic();
      if (mic) pc.addTransceiver(mic, { direction: 'sendrecv' });
      else pc.addTransceiver('audio', { direction: 'recvonly' });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await this.#negotiate(peer, offer.sdp ?? '', false);
      if (peer === this.#peer) this.#armCheck(MIX_CONNECT_TIMEOUT_MS);
    } catch (err) {
      console.warn('[diemcau] joining the mixed audio failed', err);
      // NOTE: a busy server may time the join out: try again while the mix is wanted.
      if (peer === this.#peer) this.#rejoinLater();
    }
  }

  /** Sends the offer (held candidates follow it) and applies the answer, if still current. */
  async #negotiate(peer: MixPeer, sdp: string, restart: boolean): Promise<void> {
    const answering = this.#deps.request({ type: 'mix.join', sdp, ...(restart ? { restart } : {}) });
    const held = peer.held ?? [];
    peer.held = null;
    for (const c of held) this.#deps.send({ type: 'trickle', target: 'mix', candidate: c });
    const reply = await answering;
    if (peer !== this.#peer || reply.type !== 'mix.answer') return;
    await peer.pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    this.#watchDtls(peer);
  }

  /**
   * A DTLS session that closes means the server hung up our place in the mix (or it broke): an ICE
   * restart cannot bring it back, so the link joins afresh (after the backoff's first second)
   * instead of waiting for ICE to notice that nobody answers any more (5 s and a grace).
   */
  #watchDtls(peer: MixPeer): void {
    const transport = peer.pc.getReceivers()[0]?.transport;
    if (!transport) return;
    transport.onstatechange = () => {
      if (peer !== this.#peer || (transport.state !== 'closed' && transport.state !== 'failed')) return;
      console.warn(`[diemcau] the mixed audio's DTLS ${transport.state}; joining again`);
      this.#rejoinLater();
    };
  }

  /** The mix connection's state changed: healthy, wait a grace, or heal now. */
  #observe(state: RTCPeerConnectionState): void {
    const trigger = iceTrigger(state);
    if (trigger === 'healthy') {
      this.#cancel('check');
      this.#rejoins = 0;
      if (this.#peer) this.#peer.restarts = 0;
      this.#setState('on');
    } else if (trigger === 'restart') {
      this.#cancel('check');
      this.#recover();
    } else if (trigger === 'wait' && this.#checkTimer === null) {
      // NOTE: a short loss often heals by itself; after the grace the connection is restarted.
      this.#armCheck(ICE_GRACE_MS);
    }
  }

  /**
   * The network changed (the browser's `online` event): the mix connection's path is likely gone
   * with the old address, so restart its ICE now rather than after it times out.
   */
  networkChanged(): void {
    const peer = this.#peer;
    if (!peer?.pc.remoteDescription || !this.#wanted) return;
    peer.restarts = 0;
    this.#cancel('check');
    this.#recover();
  }

  /** Heals the current connection: an ICE restart first, then a fresh join. */
  #recover(): void {
    const peer = this.#peer;
    if (!peer || !this.#wanted) return;
    this.#setState('recovering');
    if (peer.pc.remoteDescription && peer.restarts < MAX_MIX_RESTARTS) void this.#restartIce(peer);
    else this.#rejoinLater();
  }

  async #restartIce(peer: MixPeer): Promise<void> {
    peer.restarts += 1;
    // NOTE: a restart takes a round trip and new checks; the next decision waits two graces.
    this.#armCheck(ICE_GRACE_MS * 2);
    try {
      const offer = await peer.pc.createOffer({ iceRestart: true });
      if (peer !== this.#peer) return;
      peer.held = [];
      await peer.pc.setLocalDescription(offer);
      await this.#negotiate(peer, offer.sdp ?? '', true);
    } catch (err) {
      // NOTE: the server no longer has our place in the mix (the listener went away): join again.
      console.warn('[diemcau] ICE restart of the mixed audio failed; joining again', err);
      if (peer === this.#peer) this.#rejoinLater();
    }
  }

  /**
   * Drops the connection and joins the mix afresh after a backoff. Meanwhile the server gives us
   * per-speaker audio back (mix.leave), so the point is never left without sound.
   */
  #rejoinLater(): void {
    this.#drop();
    if (!this.#wanted) {
      this.#setState('off');
      return;
    }
    this.#setState('recovering');
    this.#deps.request({ type: 'mix.leave' }).catch(() => undefined);
    const delay = backoffDelay(this.#rejoins++, MIX_REJOIN_BACKOFF, this.#deps.random);
    this.#cancel('retry');
    this.#retryTimer = this.#setTimer(() => {
      this.#retryTimer = null;
      if (this.#wanted && !this.#peer) this.#joining = this.#join();
    }, delay);
  }

  /** After `ms`, a connection that is still not connected is healed. */
  #armCheck(ms: number): void {
    this.#cancel('check');
    const peer = this.#peer;
    this.#checkTimer = this.#setTimer(() => {
      this.#checkTimer = null;
      if (peer !== this.#peer || !peer) return;
      if (iceTrigger(peer.pc.connectionState) !== 'healthy') this.#recover();
    }, ms);
  }

  async #leave(): Promise<void> {
    this.#drop();
    this.#setState('off');
    await this.#deps.request({ type: 'mix.leave' }).catch((err: unknown) => {
      console.warn('[diemcau] leaving the mixed audio', err);
    });
  }

  /** Closes the current connection and stops playing (no timers for a fresh join are touched). */
  #drop(): void {
    this.#cancel('check');
    const peer = this.#peer;
    this.#peer = null;
    if (peer) {
      peer.pc.onconnectionstatechange = null;
      const transport = peer.pc.getReceivers()[0]?.transport;
      if (transport) transport.onstatechange = null;
      peer.pc.close();
    }
    this.#play(null);
  }

  #cancel(which: 'retry' | 'check'): void {
    const handle = which === 'retry' ? this.#retryTimer : this.#checkTimer;
    if (handle !== null) this.#clearTimer(handle);
    if (which === 'retry') this.#retryTimer = null;
    else this.#checkTimer = null;
  }

  #setState(state: MixLinkState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#deps.onState?.(state);
  }

  #play(stream: MediaStream | null): void {
    if (this.#deps.play) {
      this.#deps.play(stream);
      return;
    }
    if (typeof document === 'undefined') return;
    if (!stream) {
      this.#audio?.remove();
      this.#audio = null;
      return;
    }
    const audio = this.#audio ?? document.createElement('audio');
    audio.autoplay = true;
    audio.dataset.testid = 'mixed-audio';
    audio.srcObject = stream;
    if (!this.#audio) document.body.appendChild(audio);
    this.#audio = audio;
    audio.play().catch((err: unknown) => console.warn('[diemcau] playing the mixed audio', err));
  }
}
