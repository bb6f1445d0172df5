// Headless WebRTC peers for integration tests (@roamhq/wrtc): a publisher sending synthetic
// I420 video and a sine tone, and a subscriber that counts decoded frames and measures audio.
// Test-only; typed with the few members we use because wrtc's own types lean on DOM lib types.

interface Track {
  kind: string;
  stop(): void;
}
interface Transceiver {
  mid: string | null;
}
interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}
interface PeerConnection {
  addTransceiver(track: Track, init: { direction: 'sendonly' }): Transceiver;
  createOffer(): Promise<SessionDescription>;
  createAnswer(): Promise<SessionDescription>;
  setLocalDescription(d: SessionDescription): Promise<void>;
  setRemoteDescription(d: SessionDescription): Promise<void>;
  readonly localDescription: SessionDescription | null;
  readonly iceGatheringState: string;
  readonly connectionState: string;
  onicegatheringstatechange: (() => void) | null;
  ontrack: ((ev: { track: Track; transceiver: Transceiver }) => void) | null;
  close(): void;
}
interface Wrtc {
  RTCPeerConnection: new () => PeerConnection;
  nonstandard: {
    RTCVideoSource: new () => {
      createTrack(): Track;
      onFrame(f: { width: number; height: number; data: Uint8Array }): void;
    };
    RTCAudioSource: new () => {
      createTrack(): Track;
      onData(d: { samples: Int16Array; sampleRate: number }): void;
    };
    RTCVideoSink: new (t: Track) => {
      onframe: ((e: { frame: { width: number; height: number } }) => void) | null;
      stop(): void;
    };
    RTCAudioSink: new (t: Track) => { ondata: ((d: { samples: Int16Array }) => void) | null; stop(): void };
  };
}

let wrtc: Wrtc | undefined;
async function load(): Promise<Wrtc> {
  // NOTE: wrtc is CommonJS; its module object is the default export.
  wrtc ??= (await import('@roamhq/wrtc')).default as unknown as Wrtc;
  return wrtc;
}

/** Keeps only loopback-range candidates (tests must not use the machine's other interfaces). */
export function loopbackOnly(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate') || / 127\.0\.0\.\d+ /.test(l))
    .join('\r\n');
}

async function gathered(pc: PeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    };
  });
}

/** A publisher: 320×240 I420 at 15 fps plus a 440 Hz tone (48 kHz, 10 ms frames). */
export class TestPublisher {
  readonly #pc: PeerConnection;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #tracks: Track[] = [];
  /** Tone amplitude (0 = silence); change it to stop "talking". */
  amplitude = 12_000;

  private constructor(w: Wrtc, audio: boolean, video: boolean) {
    this.#pc = new w.RTCPeerConnection();
    if (audio) {
      const source = new w.nonstandard.RTCAudioSource();
      const track = source.createTrack();
      this.#tracks.push(track);
      this.#pc.addTransceiver(track, { direction: 'sendonly' });
      const samples = new Int16Array(480);
      let phase = 0;
      this.#timers.push(
        setInterval(() => {
          for (let i = 0; i < samples.length; i++) {
            samples[i] = Math.round(this.amplitude * Math.sin(phase));
            phase += (2 * Math.PI * 440) / 48_000;
          }
          source.onData({ samples, sampleRate: 48_000 });
        }, 10),
      );
    }
    if (video) {
      const source = new w.nonstandard.RTCVideoSource();
      const track = source.createTrack();
      this.#tracks.push(track);
      this.#pc.addTransceiver(track, { direction: 'sendonly' });
      const width = 320;
      const height = 240;
      const data = new Uint8Array(width * height * 1.5).fill(128);
      let n = 0;
      this.#timers.push(
        setInterval(() => {
          data.fill(n++ % 255, 0, width * height);
          source.onFrame({ width, height, data });
        }, 1000 / 15),
      );
    }
  }

  static async create(opts: { audio?: boolean; video?: boolean } = {}): Promise<TestPublisher> {
    return new TestPublisher(await load(), opts.audio ?? true, opts.video ?? true);
  }

  /** The offer with every (loopback) candidate in it. */
  async offer(): Promise<string> {
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    await gathered(this.#pc);
    return loopbackOnly(this.#pc.localDescription?.sdp ?? '');
  }

  async accept(answerSdp: string): Promise<void> {
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  get connectionState(): string {
    return this.#pc.connectionState;
  }

  close(): void {
    for (const t of this.#timers) clearInterval(t);
    for (const t of this.#tracks) t.stop();
    this.#pc.close();
  }
}

/** What one received mid has decoded so far. */
export interface Received {
  kind: string;
  frames: number;
  width: number;
  height: number;
  /** RMS of the latest audio frame (0–32767). */
  rms: number;
  firstFrameAt: number | undefined;
}

/** A subscriber: answers Janus's offers and counts what each mid decodes. */
export class TestSubscriber {
  readonly #pc: PeerConnection;
  readonly #sinks: { stop(): void }[] = [];
  readonly received = new Map<string, Received>();

  private constructor(w: Wrtc) {
    this.#pc = new w.RTCPeerConnection();
    this.#pc.ontrack = ({ track, transceiver }) => {
      const mid = transceiver.mid ?? '?';
      const r: Received = {
        kind: track.kind,
        frames: 0,
        width: 0,
        height: 0,
        rms: 0,
        firstFrameAt: undefined,
      };
      this.received.set(mid, r);
      if (track.kind === 'video') {
        const sink = new w.nonstandard.RTCVideoSink(track);
        sink.onframe = ({ frame }) => {
          r.frames += 1;
          r.firstFrameAt ??= Date.now();
          r.width = frame.width;
          r.height = frame.height;
        };
        this.#sinks.push(sink);
      } else {
        const sink = new w.nonstandard.RTCAudioSink(track);
        sink.ondata = ({ samples }) => {
          r.frames += 1;
          r.firstFrameAt ??= Date.now();
          let sum = 0;
          for (const s of samples) sum += s * s;
          r.rms = Math.sqrt(sum / Math.max(1, samples.length));
        };
        this.#sinks.push(sink);
      }
    };
  }

  static async create(): Promise<TestSubscriber> {
    return new TestSubscriber(await load());
  }

  /** Applies Janus's offer and returns our answer (loopback candidates only). */
  async answer(offerSdp: string): Promise<string> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    await gathered(this.#pc);
    return loopbackOnly(this.#pc.localDescription?.sdp ?? '');
  }

  /** Frames decoded on `mid` so far. */
  frames(mid: string): number {
    return this.received.get(mid)?.frames ?? 0;
  }

  close(): void {
    for (const s of this.#sinks) s.stop();
    this.#pc.close();
  }
}

/** Polls `check` every 20 ms until it is true; throws after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves the candidates out of an SDP, to send them by trickle instead. */
export function splitCandidates(sdp: string): {
  sdp: string;
  candidates: { candidate: string; sdpMid: string; sdpMLineIndex: number }[];
} {
  const kept: string[] = [];
  const candidates: { candidate: string; sdpMid: string; sdpMLineIndex: number }[] = [];
  let mline = -1;
  let mid = '';
  for (const line of sdp.split('\r\n')) {
    if (line.startsWith('m=')) mline += 1;
    if (line.startsWith('a=mid:')) mid = line.slice('a=mid:'.length);
    if (line.startsWith('a=candidate'))
      candidates.push({ candidate: line.slice(2), sdpMid: mid, sdpMLineIndex: mline });
    else if (line !== 'a=end-of-candidates') kept.push(line);
  }
  return { sdp: kept.join('\r\n'), candidates };
}
