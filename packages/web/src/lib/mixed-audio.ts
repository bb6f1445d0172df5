// "Âm thanh gộp" in the browser: when the server says `receive.mode {mixedAudio: true}` (a very weak
// line, or the person chose it), one more connection joins the meeting's mix: the microphone goes
// up (the mix we hear leaves it out) and one mixed audio stream comes down, played by an <audio>.
// The server stops per-speaker audio on the subscriber connection once we are on the mix.
import type { ClientMessage, IceCandidate } from '@diemcau/protocol';
import type { RtcEnv } from './call-types';
import { toWireCandidate } from './sdp';
import type { OutgoingRequest, ReplyMap } from './signalling-client';

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
}

/** The mixed-audio connection of one call; follows the server's receive mode. */
export class MixedAudioLink {
  readonly #deps: MixedAudioDeps;
  #pc: RTCPeerConnection | null = null;
  #preferred = false;
  #joining: Promise<void> | null = null;
  #audio: HTMLAudioElement | null = null;
  /** The server's latest word: on the mix or not (a failed join is retried while it says so). */
  #wanted = false;

  constructor(deps: MixedAudioDeps) {
    this.#deps = deps;
  }

  get preferred(): boolean {
    return this.#preferred;
  }

  /** Whether the mix connection is open now. */
  get active(): boolean {
    return this.#pc !== null;
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
    if (mixed && !this.#pc) this.#joining = this.#join();
    else if (!mixed && this.#pc) void this.#leave();
  }

  /** Drops the connection (media reset, rejoin, end); the server's next receive.mode decides again. */
  close(): void {
    this.#pc?.close();
    this.#pc = null;
    this.#play(null);
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
    this.#pc = pc;
    // NOTE: candidates wait until mix.join is sent: the server handles our frames in order, so they
    // reach the mix after the join that creates our place in it.
    const held: (IceCandidate | null)[] = [];
    let sent = false;
    const out = (c: IceCandidate | null): void => {
      if (sent) this.#deps.send({ type: 'trickle', target: 'mix', candidate: c });
      else held.push(c);
    };
    pc.onicecandidate = (ev) =>
      out(!ev.candidate || ev.candidate.candidate === '' ? null : toWireCandidate(ev.candidate));
    pc.ontrack = (ev) => {
      if (pc === this.#pc) this.#play(ev.streams[0] ?? this.#deps.rtc().createStream([ev.track]));
    };
    try {
      const mic = this.#deps.mic();
      if (mic) pc.addTransceiver(mic, { direction: 'sendrecv' });
      else pc.addTransceiver('audio', { direction: 'recvonly' });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const answering = this.#deps.request({ type: 'mix.join', sdp: offer.sdp ?? '' });
      sent = true;
      for (const c of held.splice(0)) out(c);
      const reply = await answering;
      if (pc !== this.#pc || reply.type !== 'mix.answer') return;
      await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    } catch (err) {
      console.warn('[diemcau] joining the mixed audio failed', err);
      if (pc !== this.#pc) return;
      this.close();
      // NOTE: a busy server may time the join out: try again while the mix is wanted.
      setTimeout(() => {
        if (this.#wanted && !this.#pc) this.#joining = this.#join();
      }, 2000);
    }
  }

  async #leave(): Promise<void> {
    this.close();
    await this.#deps.request({ type: 'mix.leave' }).catch((err: unknown) => {
      console.warn('[diemcau] leaving the mixed audio', err);
    });
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
