// The bot's side of mixed audio (weak points, issue 6): when the server says `receive.mode
// {mixedAudio: true}`, one more connection joins the meeting's mix (`mix.join`), sending the bot's
// tone as its microphone and receiving one mixed stream. What arrives is measured: how many tracks,
// how much audio, the longest quiet gap, and the power of every tone a bot can send (Goertzel over
// 1 s blocks), so a test can tell whose voices are in the mix and that the bot's own is not.
import type { MessageOf, ServerMessage } from '@diemcau/protocol';
import { scrubSdp } from './sdp.js';
import type { SignallingClient } from './signalling.js';
import { toneFrequency } from './synthetic.js';
import type { IceServerConfig, Wrtc, WrtcAudioSink, WrtcPeerConnection, WrtcTrack } from './wrtc.js';

/** Every frequency a bot's tone can have (see toneFrequency: 440 Hz + 20 Hz × 0…15). */
export const BOT_TONES: readonly number[] = Array.from({ length: 16 }, (_, i) => 440 + i * 20);

/** What the bot received on its mix connection. */
export interface MixReport {
  /** ms from start to the applied `mix.answer` (of the latest join); null when it never joined. */
  joinedMs: number | null;
  /** ms from start to leaving the mix (the server turned it off); null while on it. */
  leftMs: number | null;
  /** Audio tracks received on the mix connection (one: the mix). */
  tracks: number;
  /** Audio received in the measured window, ms. */
  audioMs: number;
  /** Longest run of near-silent audio in the measured window, ms. */
  longestGapMs: number;
  /** Runs of near-silent audio over 100 ms in the measured window: [ms from start, length ms]. */
  gaps: [number, number][];
  /** Mean Goertzel power per bot tone (Hz → power; a lone tone at our level is ≈ 0.02). */
  tones: Record<string, number>;
  /** RTP payload received on the mix connection over the measured window, kbit/s. */
  kbps: number | null;
}

/** A chunk quieter than this RMS is a gap (a tone is ~0.2; concealment fades towards 0). */
const GAP_RMS = 0.01;

/** Goertzel power of `frequency` in `x`, normalised by the length squared. */
export function goertzel(x: Float32Array, sampleRate: number, frequency: number): number {
  const k = Math.round((x.length * frequency) / sampleRate);
  const coeff = 2 * Math.cos((2 * Math.PI * k) / x.length);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (x.length * x.length);
}

/** Measures the mixed audio: gaps per 10 ms chunk, tone powers per 1 s block. */
export class MixAnalyser {
  audioMs = 0;
  longestGapMs = 0;
  readonly gaps: [number, number][] = [];
  #gapMs = 0;
  #block: Float32Array | null = null;
  #filled = 0;
  #blocks = 0;
  readonly #power = new Map<number, number>();

  /** One chunk of received samples (interleaved when stereo: the first channel is used). */
  push(samples: Int16Array, sampleRate: number, channels = 1, atMs = 0): void {
    const n = Math.floor(samples.length / channels);
    if (n === 0) return;
    let sum = 0;
    if (this.#block?.length !== sampleRate) {
      this.#block = new Float32Array(sampleRate);
      this.#filled = 0;
    }
    for (let i = 0; i < n; i++) {
      const v = (samples[i * channels] ?? 0) / 32768;
      sum += v * v;
      this.#block[this.#filled++] = v;
      if (this.#filled === this.#block.length) this.#flush(sampleRate);
    }
    const ms = (n / sampleRate) * 1000;
    this.audioMs += ms;
    const quiet = Math.sqrt(sum / n) < GAP_RMS;
    if (!quiet && this.#gapMs > 100 && this.gaps.length < 20) this.gaps.push([atMs, Math.round(this.#gapMs)]);
    this.#gapMs = quiet ? this.#gapMs + ms : 0;
    this.longestGapMs = Math.max(this.longestGapMs, this.#gapMs);
  }

  tones(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const hz of BOT_TONES)
      out[String(hz)] = this.#blocks === 0 ? 0 : (this.#power.get(hz) ?? 0) / this.#blocks;
    return out;
  }

  #flush(sampleRate: number): void {
    const block = this.#block;
    if (!block) return;
    for (const hz of BOT_TONES)
      this.#power.set(hz, (this.#power.get(hz) ?? 0) + goertzel(block, sampleRate, hz));
    this.#blocks += 1;
    this.#filled = 0;
  }
}

export interface MixListenerDeps {
  wrtc: Wrtc;
  signalling: SignallingClient;
  iceServers: IceServerConfig[];
  relayOnly: boolean;
  /** The bot's microphone (a track of its tone), or null when it does not publish. */
  mic: () => WrtcTrack | null;
  elapsed: () => number;
  requestTimeoutMs: number | undefined;
  onError: (code: string, message: string) => void;
}

/** The bot's mixed-audio connection; follows `receive.mode` from the server. */
export class MixListener {
  readonly #deps: MixListenerDeps;
  #pc: WrtcPeerConnection | null = null;

  /** The mix connection while joined (its bytes count in the quality reports: same line). */
  get connection(): WrtcPeerConnection | null {
    return this.#pc;
  }
  #sinks: WrtcAudioSink[] = [];
  #analyser: MixAnalyser | null = null;
  #measuring = false;
  #tracks = 0;
  #joinedMs: number | null = null;
  #leftMs: number | null = null;
  #bytesAt: { bytes: number; atMs: number } | null = null;
  /** The server's latest word: on the mix or not (a failed join is retried while it says so). */
  #wanted = false;

  constructor(deps: MixListenerDeps) {
    this.#deps = deps;
  }

  /** The server's latest receive mode: join the mix when it says so, leave when it stops. */
  onMode(mode: MessageOf<ServerMessage, 'receive.mode'>): void {
    const on = mode.mixedAudio === true;
    this.#wanted = on;
    if (on && !this.#pc) void this.join();
    if (!on && this.#pc) void this.leave();
  }

  /** Starts measuring (gaps, tones) from now on. */
  startMeasuring(): void {
    this.#measuring = true;
    this.#analyser = new MixAnalyser();
    void this.#inboundBytes().then((bytes) => {
      if (bytes !== null) this.#bytesAt = { bytes, atMs: this.#deps.elapsed() };
    });
  }

  async join(): Promise<void> {
    const { wrtc, signalling } = this.#deps;
    const pc = new wrtc.RTCPeerConnection({
      iceServers: this.#deps.iceServers,
      iceTransportPolicy: this.#deps.relayOnly ? 'relay' : 'all',
    }) as Gathering;
    this.#pc = pc;
    try {
      const mic = this.#deps.mic();
      if (mic) pc.addTransceiver(mic, { direction: 'sendrecv' });
      else pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.ontrack = (event) => {
        if (event.track.kind !== 'audio') return;
        this.#tracks += 1;
        const sink = new wrtc.nonstandard.RTCAudioSink(event.track);
        sink.ondata = (d) => {
          if (this.#measuring)
            this.#analyser?.push(d.samples, d.sampleRate, d.channelCount ?? 1, this.#deps.elapsed());
        };
        this.#sinks.push(sink);
      };
      await pc.setLocalDescription(await pc.createOffer());
      // NOTE: the whole offer at once (Janus answers half-trickle); only loopback candidates.
      await gathered(pc);
      const sdp = scrubSdp(pc.localDescription?.sdp ?? '');
      const answer = await signalling.request(
        { type: 'mix.join', rid: signalling.nextRid('mix'), sdp },
        'mix.answer',
        this.#deps.requestTimeoutMs,
      );
      if (pc !== this.#pc) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: scrubSdp(answer.sdp) });
      this.#joinedMs = this.#deps.elapsed();
      this.#leftMs = null;
    } catch (err) {
      if (pc === this.#pc) {
        this.close();
        this.#deps.onError('mix_failed', `mix.join: ${err instanceof Error ? err.message : String(err)}`);
        // NOTE: a busy server or Janus may time a join out: try again while the mix is wanted.
        setTimeout(() => {
          if (this.#wanted && !this.#pc) void this.join();
        }, 2000).unref();
      }
    }
  }

  async leave(): Promise<void> {
    this.close();
    this.#leftMs = this.#deps.elapsed();
    const { signalling } = this.#deps;
    if (!signalling.isOpen) return;
    await signalling
      .request({ type: 'mix.leave', rid: signalling.nextRid('mixleave') }, 'ack', this.#deps.requestTimeoutMs)
      .catch((err: unknown) => this.#deps.onError('mix_failed', `mix.leave: ${String(err)}`));
  }

  /** Bytes of audio received so far on the mix connection, or null without one. */
  async #inboundBytes(): Promise<number | null> {
    const pc = this.#pc;
    if (!pc) return null;
    try {
      let bytes = 0;
      (await pc.getStats()).forEach((e) => {
        if (e.type === 'inbound-rtp' && typeof e.bytesReceived === 'number') bytes += e.bytesReceived;
      });
      return bytes;
    } catch {
      return null;
    }
  }

  /** Closes the connection (media reset, end of run); the server's next receive.mode decides again. */
  close(): void {
    for (const sink of this.#sinks.splice(0)) sink.stop();
    this.#pc?.close();
    this.#pc = null;
  }

  /** What was received; read before closing (the bitrate comes from the connection's stats). */
  async report(): Promise<MixReport> {
    const a = this.#analyser;
    const bytes = await this.#inboundBytes();
    const from = this.#bytesAt;
    const seconds = from ? (this.#deps.elapsed() - from.atMs) / 1000 : 0;
    const kbps =
      bytes !== null && from && seconds > 0
        ? Math.round(((bytes - from.bytes) * 8) / seconds / 100) / 10
        : null;
    return {
      kbps,
      joinedMs: this.#joinedMs,
      leftMs: this.#leftMs,
      tracks: this.#tracks,
      audioMs: Math.round(a?.audioMs ?? 0),
      longestGapMs: Math.round(a?.longestGapMs ?? 0),
      gaps: a?.gaps ?? [],
      tones: a?.tones() ?? {},
    };
  }
}

/** The members of a wrtc connection that ICE gathering needs (not in the shared wrtc typings). */
type Gathering = WrtcPeerConnection & {
  readonly localDescription: { sdp: string } | null;
  readonly iceGatheringState: string;
  onicegatheringstatechange: (() => void) | null;
};

async function gathered(pc: Gathering): Promise<void> {
  const done = (): boolean => pc.iceGatheringState === 'complete';
  if (done()) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.onicegatheringstatechange = () => {
      if (!done()) return;
      clearTimeout(timer);
      resolve();
    };
  });
}

/** The tone a bot named `label` sends (for tests that pick names with distinct tones). */
export const botTone = toneFrequency;
