// Receiving side of a bot: one sink per remote track (bound by transceiver mid), counting frames,
// reading the sender's label code out of each video frame and measuring the tone's RMS and pitch.
import type { MediaSource } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { decodeLabelCode, labelCode, sumOfSquares, zeroCrossings } from './synthetic.js';
import type { AudioData, I420Frame, SinkFactory, WrtcAudioSink, WrtcTrack, WrtcVideoSink } from './wrtc.js';

/** Which remote participant and source a subscribed transceiver carries. */
export interface StreamTarget {
  participantId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
}

/** What one bot received from one remote source (camera or screen) of one participant. */
export interface RemoteStats {
  /** The sender's label (its participant name) as signalling told us. */
  from: string;
  participantId: string;
  source: MediaSource;
  videoFrames: number;
  width: number;
  height: number;
  audioFrames: number;
  /** RMS of the last second of audio, 0..1 (our 0.3 tone ≈ 0.21). */
  audioRms: number;
  /** Highest one-second RMS seen so far (the tone level even after a mute or a departure). */
  audioRmsPeak: number;
  /** Tone frequency estimated from zero crossings over the last second, Hz. */
  audioHz: number;
  /** The label whose code was read most often from the video, or null. */
  decodedLabel: string | null;
  /** Frames from which a clean code could be read. */
  decodedFrames: number;
  /** Frames whose code matched `from`. */
  matchingFrames: number;
  firstVideoFrameMs: number | null;
  firstAudioFrameMs: number | null;
  /** When the latest video frame arrived (ms since the bot started). */
  lastVideoFrameMs: number | null;
  /**
   * Longest stretch without the sender's tone since measuring began, ms of audio: consecutive
   * 10 ms chunks the receiver played out silent (RMS under 0.02, as when packets are lost beyond
   * what concealment hides). NOTE: counted on the audio's own clock (chunk durations), not on the
   * wall clock: wrtc's audio thread plays out in real time, and this process's event loop getting
   * the chunks late and in a burst (a loaded machine) is not a gap a listener hears. A muted
   * sender's silence counts too; read it for unmuted senders.
   */
  audioGapMaxMs: number;
  /** All silent audio since measuring began, ms. */
  audioSilentMs: number;
  /** Audio that never came at all since measuring began: wall time minus played time, ms. */
  audioMissingMs: number;
  /** Longest interval between two video frames since measuring began, ms (a freeze). */
  videoGapMaxMs: number;
  /** When (ms since the bot started) the longest video gap ended; null with no gap measured. */
  videoGapMaxEndMs: number | null;
  /** Video frames since measuring began, and the smallest width among them (the lowest layer seen). */
  measuredVideoFrames: number;
  measuredMinWidth: number | null;
  left: boolean;
}

/** A chunk quieter than this is a gap (our tone is ~0.21; concealment fades to near 0). */
const SILENT_RMS = 0.02;
/** Audio sinks deliver 10 ms chunks (the duration assumed when a chunk has no sample rate). */
const CHUNK_MS = 10;

export type ReceiverEvents = {
  /** The first decoded video frame from anyone. */
  firstVideoFrame: [stats: RemoteStats, atMs: number];
};

interface AudioWindowEntry {
  squares: number;
  samples: number;
  crossings: number;
  seconds: number;
}

const AUDIO_WINDOW_CHUNKS = 100;

class Counters {
  readonly stats: RemoteStats;
  readonly codes = new Map<number, number>();
  private readonly window: AudioWindowEntry[] = [];
  private lastSample = 0;

  constructor(target: StreamTarget, label: string) {
    this.stats = {
      from: label,
      participantId: target.participantId,
      source: target.source,
      videoFrames: 0,
      width: 0,
      height: 0,
      audioFrames: 0,
      audioRms: 0,
      audioRmsPeak: 0,
      audioHz: 0,
      decodedLabel: null,
      decodedFrames: 0,
      matchingFrames: 0,
      firstVideoFrameMs: null,
      firstAudioFrameMs: null,
      lastVideoFrameMs: null,
      audioGapMaxMs: 0,
      audioSilentMs: 0,
      audioMissingMs: 0,
      videoGapMaxMs: 0,
      videoGapMaxEndMs: null,
      measuredVideoFrames: 0,
      measuredMinWidth: null,
      left: false,
    };
  }

  /** Where measuring starts (gaps before it, e.g. while joining, do not count). */
  measureFromMs = 0;

  /** Starts the measured window afresh at `atMs`. */
  startMeasuring(atMs: number): void {
    this.measureFromMs = atMs;
    this.gapMs = 0;
    this.playedMs = 0;
    this.lagMinMs = null;
    Object.assign(this.stats, {
      audioGapMaxMs: 0,
      audioSilentMs: 0,
      audioMissingMs: 0,
      videoGapMaxMs: 0,
      videoGapMaxEndMs: null,
      measuredVideoFrames: 0,
      measuredMinWidth: null,
    });
  }
  private gapMs = 0;
  /** Audio played since measuring began, and the smallest lag of that behind the wall clock. */
  private playedMs = 0;
  private lagMinMs: number | null = null;

  private measuring(atMs: number): boolean {
    return atMs >= this.measureFromMs;
  }

  private onAudioContinuity(rms: number, durationMs: number, atMs: number): void {
    if (!this.measuring(atMs)) return;
    this.playedMs += durationMs;
    // Chunks that arrive late but all arrive bring the lag back to its minimum; missing ones do not.
    const lag = atMs - this.measureFromMs - this.playedMs;
    this.lagMinMs = Math.min(this.lagMinMs ?? lag, lag);
    this.stats.audioMissingMs = Math.max(0, Math.round(lag - this.lagMinMs));
    if (rms < SILENT_RMS) {
      this.gapMs += durationMs;
      this.stats.audioSilentMs += durationMs;
      this.stats.audioGapMaxMs = Math.max(this.stats.audioGapMaxMs, Math.round(this.gapMs));
    } else {
      this.gapMs = 0;
    }
  }

  onVideo(frame: I420Frame, atMs: number): boolean {
    const first = this.stats.videoFrames === 0;
    this.stats.videoFrames += 1;
    this.stats.width = frame.width;
    this.stats.height = frame.height;
    this.stats.firstVideoFrameMs ??= atMs;
    const previous = this.stats.lastVideoFrameMs;
    this.stats.lastVideoFrameMs = atMs;
    if (this.measuring(atMs)) {
      this.stats.measuredVideoFrames += 1;
      this.stats.measuredMinWidth = Math.min(this.stats.measuredMinWidth ?? frame.width, frame.width);
      const gap = previous === null ? 0 : atMs - Math.max(previous, this.measureFromMs);
      if (gap > this.stats.videoGapMaxMs) {
        this.stats.videoGapMaxMs = gap;
        this.stats.videoGapMaxEndMs = atMs;
      }
    }
    const code = decodeLabelCode(frame);
    if (code !== null) {
      this.stats.decodedFrames += 1;
      this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
      if (code === labelCode(this.stats.from)) this.stats.matchingFrames += 1;
    }
    return first;
  }

  onAudio(data: AudioData, atMs: number): void {
    this.stats.audioFrames += 1;
    this.stats.firstAudioFrameMs ??= atMs;
    const channels = data.channelCount ?? 1;
    const mono = channels === 1 ? data.samples : data.samples.filter((_, i) => i % channels === 0);
    const { crossings, last } = zeroCrossings(mono, this.lastSample);
    this.lastSample = last;
    const chunkSquares = sumOfSquares(mono);
    const rms = mono.length === 0 ? 0 : Math.sqrt(chunkSquares / mono.length);
    this.onAudioContinuity(
      rms,
      data.sampleRate > 0 ? (mono.length / data.sampleRate) * 1000 : CHUNK_MS,
      atMs,
    );
    this.window.push({
      squares: chunkSquares,
      samples: mono.length,
      crossings,
      seconds: mono.length / data.sampleRate,
    });
    if (this.window.length > AUDIO_WINDOW_CHUNKS) this.window.shift();
    let squares = 0;
    let samples = 0;
    let totalCrossings = 0;
    let seconds = 0;
    for (const entry of this.window) {
      squares += entry.squares;
      samples += entry.samples;
      totalCrossings += entry.crossings;
      seconds += entry.seconds;
    }
    this.stats.audioRms = samples === 0 ? 0 : Math.sqrt(squares / samples);
    if (this.window.length === AUDIO_WINDOW_CHUNKS) {
      this.stats.audioRmsPeak = Math.max(this.stats.audioRmsPeak, this.stats.audioRms);
    }
    this.stats.audioHz = seconds === 0 ? 0 : totalCrossings / 2 / seconds;
  }
}

interface Binding {
  track: WrtcTrack;
  target: StreamTarget;
  sink: WrtcVideoSink | WrtcAudioSink;
}

const statsKey = (participantId: string, source: MediaSource): string => `${participantId}/${source}`;

export class Receiver extends TypedEmitter<ReceiverEvents> {
  private readonly counters = new Map<string, Counters>();
  private readonly bindings = new Map<string, Binding>();

  /**
   * @param sinks wrtc's sink constructors (fakes in tests)
   * @param now milliseconds since the bot started
   * @param labelOf a participant's current label
   */
  constructor(
    private readonly sinks: SinkFactory,
    private readonly now: () => number,
    private readonly labelOf: (participantId: string) => string,
  ) {
    super((err) => console.error('receiver listener failed:', err));
  }

  /**
   * Routes the media of transceiver `mid` to `target`. A mid Janus reuses for another participant
   * keeps its track (no new `track` event), so re-binding only swaps the target.
   */
  bind(mid: string, track: WrtcTrack, target: StreamTarget): void {
    const existing = this.bindings.get(mid);
    if (
      existing &&
      existing.track === track &&
      existing.target.kind === target.kind &&
      !existing.sink.stopped
    ) {
      existing.target = target;
      this.countersFor(target);
      return;
    }
    this.unbind(mid);
    const binding = { track, target } as Binding;
    this.countersFor(target);
    if (target.kind === 'video') {
      const sink = new this.sinks.RTCVideoSink(track);
      sink.onframe = ({ frame }) => this.onVideo(binding, frame);
      binding.sink = sink;
    } else {
      const sink = new this.sinks.RTCAudioSink(track);
      sink.ondata = (data) => this.countersFor(binding.target).onAudio(data, this.now());
      binding.sink = sink;
    }
    track.addEventListener('ended', () => {
      if (this.bindings.get(mid) === binding) this.unbind(mid);
    });
    this.bindings.set(mid, binding);
  }

  /** The mids currently bound. */
  boundMids(): string[] {
    return [...this.bindings.keys()];
  }

  unbind(mid: string): void {
    const binding = this.bindings.get(mid);
    if (!binding) return;
    this.bindings.delete(mid);
    if (!binding.sink.stopped) binding.sink.stop();
  }

  /** Stops every sink; counters are kept for the report. */
  unbindAll(): void {
    for (const mid of [...this.bindings.keys()]) this.unbind(mid);
  }

  /**
   * Marks everything received from a participant as coming from someone who has left, and stops
   * their sinks: what a receiver plays after that is the jitter buffer's silence, not them.
   */
  markLeft(participantId: string): void {
    for (const counters of this.counters.values()) {
      if (counters.stats.participantId === participantId) counters.stats.left = true;
    }
    for (const [mid, binding] of [...this.bindings]) {
      if (binding.target.participantId === participantId) this.unbind(mid);
    }
  }

  /** Gaps and freezes count from `atMs` on (ms since the bot started), for every stream. */
  measureFrom(atMs: number): void {
    this.measureFromMs = atMs;
    for (const counters of this.counters.values()) counters.startMeasuring(atMs);
  }

  private measureFromMs = 0;

  /** Refreshes labels (a participant may rename) and returns a copy of every counter. */
  snapshot(knownLabels: Iterable<string>): RemoteStats[] {
    const byCode = new Map<number, string>();
    for (const label of knownLabels) byCode.set(labelCode(label), label);
    return [...this.counters.values()].map((counters) => {
      if (!counters.stats.left) counters.stats.from = this.labelOf(counters.stats.participantId);
      let best: [number, number] | null = null;
      for (const entry of counters.codes) if (!best || entry[1] > best[1]) best = entry;
      const decodedLabel = best ? (byCode.get(best[0]) ?? `#${best[0].toString(16).padStart(8, '0')}`) : null;
      return { ...counters.stats, decodedLabel };
    });
  }

  private countersFor(target: StreamTarget): Counters {
    const key = statsKey(target.participantId, target.source);
    let counters = this.counters.get(key);
    if (!counters) {
      counters = new Counters(target, this.labelOf(target.participantId));
      counters.measureFromMs = this.measureFromMs;
      this.counters.set(key, counters);
    }
    return counters;
  }

  private onVideo(binding: Binding, frame: I420Frame): void {
    const now = this.now();
    const counters = this.countersFor(binding.target);
    if (counters.onVideo(frame, now) && !this.anyVideoBefore(counters)) {
      this.emit('firstVideoFrame', { ...counters.stats }, now);
    }
  }

  private anyVideoBefore(except: Counters): boolean {
    for (const counters of this.counters.values()) {
      if (counters !== except && counters.stats.videoFrames > 0) return true;
    }
    return false;
  }
}
