// Test-only wrtc peers for the mixed-audio path: a peer that sends a sine tone of its own frequency
// and records what it receives as PCM, plus Goertzel tone detection and gap measurement on it.
// Typed with the few members we use because wrtc's own types lean on DOM lib types.

interface Track {
  kind: string;
  stop(): void;
}
interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}
interface StatsReport {
  forEach(cb: (entry: Record<string, unknown>) => void): void;
}
interface PeerConnection {
  addTransceiver(track: Track | 'audio', init: { direction: 'sendonly' | 'sendrecv' | 'recvonly' }): unknown;
  createOffer(): Promise<SessionDescription>;
  createAnswer(): Promise<SessionDescription>;
  setLocalDescription(d: SessionDescription): Promise<void>;
  setRemoteDescription(d: SessionDescription): Promise<void>;
  getStats(): Promise<StatsReport>;
  readonly localDescription: SessionDescription | null;
  readonly iceGatheringState: string;
  onicegatheringstatechange: (() => void) | null;
  ontrack: ((ev: { track: Track }) => void) | null;
  close(): void;
}
interface Wrtc {
  RTCPeerConnection: new () => PeerConnection;
  nonstandard: {
    RTCAudioSource: new () => {
      createTrack(): Track;
      onData(d: { samples: Int16Array; sampleRate: number }): void;
    };
    RTCAudioSink: new (t: Track) => {
      ondata: ((d: { samples: Int16Array; sampleRate: number; channelCount?: number }) => void) | null;
      stop(): void;
    };
  };
}

let wrtc: Wrtc | undefined;
async function load(): Promise<Wrtc> {
  wrtc ??= (await import('@roamhq/wrtc')).default as unknown as Wrtc;
  return wrtc;
}

const loopbackOnly = (sdp: string): string =>
  sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate') || / 127\.0\.0\.\d+ /.test(l))
    .join('\r\n');

/** One received chunk of audio (10 ms from wrtc's sink), mono, with when it arrived. */
export interface Chunk {
  at: number;
  samples: Float32Array;
  sampleRate: number;
}

/** A peer sending a tone of `frequency` Hz (or nothing) and recording every audio track it receives. */
export class TonePeer {
  readonly #pc: PeerConnection;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #sinks: { stop(): void }[] = [];
  readonly #tracks: Track[] = [];
  /** Received chunks per incoming track, in arrival order. */
  readonly received: Chunk[][] = [];

  private constructor(w: Wrtc, frequency: number | null, receive: boolean) {
    this.#pc = new w.RTCPeerConnection();
    if (frequency !== null) {
      const source = new w.nonstandard.RTCAudioSource();
      const track = source.createTrack();
      this.#tracks.push(track);
      this.#pc.addTransceiver(track, { direction: receive ? 'sendrecv' : 'sendonly' });
      const samples = new Int16Array(480);
      let phase = 0;
      this.#timers.push(
        setInterval(() => {
          for (let i = 0; i < samples.length; i++) {
            samples[i] = Math.round(9000 * Math.sin(phase));
            phase += (2 * Math.PI * frequency) / 48_000;
          }
          source.onData({ samples, sampleRate: 48_000 });
        }, 10),
      );
    } else if (receive) {
      this.#pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    this.#pc.ontrack = ({ track }) => {
      if (track.kind !== 'audio') return;
      const chunks: Chunk[] = [];
      this.received.push(chunks);
      const sink = new w.nonstandard.RTCAudioSink(track);
      sink.ondata = ({ samples, sampleRate, channelCount }) => {
        const channels = channelCount ?? 1;
        const mono = new Float32Array(Math.floor(samples.length / channels));
        for (let i = 0; i < mono.length; i++) mono[i] = (samples[i * channels] ?? 0) / 32768;
        chunks.push({ at: Date.now(), samples: mono, sampleRate });
      };
      this.#sinks.push(sink);
    };
  }

  static async create(frequency: number | null, opts: { receive?: boolean } = {}): Promise<TonePeer> {
    return new TonePeer(await load(), frequency, opts.receive ?? false);
  }

  /** Our offer with every loopback candidate; `mapSdp` may rewrite it (codec order probes). */
  async offer(mapSdp: (sdp: string) => string = (s) => s): Promise<string> {
    const offer = await this.#pc.createOffer();
    await this.#pc.setLocalDescription({ type: 'offer', sdp: mapSdp(offer.sdp) });
    await gathered(this.#pc);
    return loopbackOnly(this.#pc.localDescription?.sdp ?? '');
  }

  async accept(answerSdp: string): Promise<void> {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  /** Applies an offer from Janus (a VideoRoom subscription) and returns our answer. */
  async answer(offerSdp: string): Promise<string> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    await gathered(this.#pc);
    return loopbackOnly(this.#pc.localDescription?.sdp ?? '');
  }

  /** Bytes of RTP payload received so far over all inbound audio streams, and how many streams. */
  async inbound(): Promise<{ bytes: number; streams: number }> {
    const report = await this.#pc.getStats();
    let bytes = 0;
    let streams = 0;
    report.forEach((e) => {
      if (e.type === 'inbound-rtp' && (e.kind === 'audio' || e.mediaType === 'audio')) {
        streams += 1;
        bytes += typeof e.bytesReceived === 'number' ? e.bytesReceived : 0;
      }
    });
    return { bytes, streams };
  }

  close(): void {
    for (const t of this.#timers) clearInterval(t);
    for (const s of this.#sinks) s.stop();
    for (const t of this.#tracks) t.stop();
    this.#pc.close();
  }
}

async function gathered(pc: PeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    };
  });
}

/** Power of `frequency` in `x` (Goertzel), normalised so a full-scale sine gives ≈ 0.25. */
export function goertzel(x: Float32Array, sampleRate: number, frequency: number): number {
  const k = Math.round((x.length * frequency) / sampleRate);
  const w = (2 * Math.PI * k) / x.length;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return power / (x.length * x.length);
}

/**
 * Mean Goertzel power of `frequency` over 1 s blocks of `x`: a bin of 1 Hz, wide enough for the
 * small pitch changes a jitter buffer makes when it stretches or squeezes audio (a 20 s bin is not).
 */
export function tonePower(x: Float32Array, sampleRate: number, frequency: number): number {
  const blocks = Math.floor(x.length / sampleRate);
  let sum = 0;
  for (let b = 0; b < blocks; b++)
    sum += goertzel(x.subarray(b * sampleRate, (b + 1) * sampleRate), sampleRate, frequency);
  return blocks === 0 ? 0 : sum / blocks;
}

/** The chunks received at or after `from` (ms since epoch), joined into one signal. */
export function joinChunks(chunks: readonly Chunk[], from: number): { x: Float32Array; sampleRate: number } {
  const kept = chunks.filter((c) => c.at >= from);
  const total = kept.reduce((n, c) => n + c.samples.length, 0);
  const x = new Float32Array(total);
  let at = 0;
  for (const c of kept) {
    x.set(c.samples, at);
    at += c.samples.length;
  }
  return { x, sampleRate: kept[0]?.sampleRate ?? 48_000 };
}

/** Longest stretch of received audio quieter than `floor` RMS, in ms of audio (10 ms chunks). */
export function longestGapMs(chunks: readonly Chunk[], from: number, floor = 0.01): number {
  let longest = 0;
  let run = 0;
  for (const c of chunks) {
    if (c.at < from) continue;
    let sum = 0;
    for (const v of c.samples) sum += v * v;
    const rms = Math.sqrt(sum / Math.max(1, c.samples.length));
    const ms = (c.samples.length / c.sampleRate) * 1000;
    run = rms < floor ? run + ms : 0;
    longest = Math.max(longest, run);
  }
  return Math.round(longest);
}

/** Milliseconds of audio in chunks at or after `from` (what the sink delivered). */
export function audioMs(chunks: readonly Chunk[], from: number): number {
  return Math.round(
    chunks.filter((c) => c.at >= from).reduce((ms, c) => ms + (c.samples.length / c.sampleRate) * 1000, 0),
  );
}
