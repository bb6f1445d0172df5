// Drives wrtc's RTCVideoSource and RTCAudioSource with synthetic media at a steady rate:
// 640×360 I420 at 15 fps carrying the label code, and 10 ms chunks of the label's tone.
import {
  AUDIO_CHUNK_SAMPLES,
  AUDIO_SAMPLE_RATE,
  createI420,
  drawFrame,
  labelCode,
  ToneGenerator,
  toneFrequency,
  VIDEO_FPS,
} from './synthetic.js';
import type { Wrtc, WrtcAudioSource, WrtcTrack, WrtcVideoSource } from './wrtc.js';

const TICK_MS = 10;
/** Never push more than this much audio in one tick after a stall (keeps jitter buffers sane). */
const MAX_CATCH_UP_CHUNKS = 10;

export class SyntheticSources {
  readonly frequency: number;
  /** Frames and 10 ms chunks actually handed to wrtc. */
  videoFrames = 0;
  audioChunks = 0;
  private frameIndex = 0;
  private chunkIndex = 0;
  private readonly video: WrtcVideoSource;
  private readonly audio: WrtcAudioSource;
  private readonly tone: ToneGenerator;
  private readonly frame = createI420();
  private readonly code: number;
  private readonly tracks: WrtcTrack[] = [];
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(wrtc: Wrtc, label: string) {
    this.video = new wrtc.nonstandard.RTCVideoSource();
    this.audio = new wrtc.nonstandard.RTCAudioSource();
    this.code = labelCode(label);
    this.frequency = toneFrequency(label);
    this.tone = new ToneGenerator(this.frequency);
  }

  /** New tracks on the running sources (one pair per publish; a media reset publishes again). */
  createTracks(): { audio: WrtcTrack; video: WrtcTrack } {
    const audio = this.audio.createTrack();
    const video = this.video.createTrack();
    this.tracks.push(audio, video);
    return { audio, video };
  }

  start(): void {
    if (this.timer) return;
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Sends silence while muted, as a muted microphone does; video goes on. */
  setAudioMuted(muted: boolean): void {
    this.tone.setMuted(muted);
  }

  /** Stops the timer and every track made from these sources. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const track of this.tracks.splice(0)) track.stop();
  }

  private tick(): void {
    const elapsed = performance.now() - this.startedAt;
    const dueChunks = Math.floor(elapsed / 10) + 1;
    let pushed = 0;
    while (this.chunkIndex < dueChunks && pushed < MAX_CATCH_UP_CHUNKS) {
      this.audio.onData({ samples: this.tone.next(AUDIO_CHUNK_SAMPLES), sampleRate: AUDIO_SAMPLE_RATE });
      this.chunkIndex += 1;
      this.audioChunks += 1;
      pushed += 1;
    }
    this.chunkIndex = Math.max(this.chunkIndex, dueChunks); // drop what we could not catch up
    const dueFrames = Math.floor((elapsed * VIDEO_FPS) / 1000) + 1;
    if (this.frameIndex < dueFrames) {
      drawFrame(this.frame, this.code, this.frameIndex);
      this.video.onFrame(this.frame);
      this.frameIndex = dueFrames;
      this.videoFrames += 1;
    }
  }
}
