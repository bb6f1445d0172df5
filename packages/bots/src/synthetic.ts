// Synthetic media for bots: I420 video frames that carry the sender's label as a 32-bit hash
// in big black/white blocks, a moving pattern below it, and a per-label sine tone. Pure code.
import type { I420Frame } from './wrtc.js';

export const VIDEO_WIDTH = 640;
export const VIDEO_HEIGHT = 360;
export const VIDEO_FPS = 15;
export const AUDIO_SAMPLE_RATE = 48_000;
/** Samples in one 10 ms chunk at 48 kHz (what RTCAudioSource expects). */
export const AUDIO_CHUNK_SAMPLES = AUDIO_SAMPLE_RATE / 100;
export const TONE_AMPLITUDE = 0.3;

/** Number of bits in the label code (one block per bit, across the frame). */
export const LABEL_BITS = 32;
/** Each bit is drawn twice: in the top band as-is, in the band below inverted. */
const BAND_FRACTION = 24 / 360;
const DARK = 16;
const LIGHT = 235;
/** Smallest luma difference between a block and its inverse that counts as a clean bit. */
const MIN_CONTRAST = 60;

/** 32-bit FNV-1a over the UTF-8 bytes of a string. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The code a label is drawn as. */
export const labelCode = (label: string): number => fnv1a32(label);

/** Allocates an I420 frame (Y, U, V planes) filled with mid-grey. */
export function createI420(width = VIDEO_WIDTH, height = VIDEO_HEIGHT): I420Frame {
  const data = new Uint8Array(width * height + 2 * (width >> 1) * (height >> 1));
  data.fill(128);
  return { width, height, data };
}

interface Rect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Block of bit `bit` in band `band` (0 = as-is, 1 = inverted), in pixels of a w×h frame. */
function blockRect(width: number, height: number, bit: number, band: 0 | 1, inset: number): Rect {
  const bw = width / LABEL_BITS;
  const bh = height * BAND_FRACTION;
  return {
    x0: Math.round((bit + inset) * bw),
    x1: Math.round((bit + 1 - inset) * bw),
    y0: Math.round((band + inset) * bh),
    y1: Math.round((band + 1 - inset) * bh),
  };
}

function fillLuma(frame: I420Frame, rect: Rect, value: number): void {
  for (let y = rect.y0; y < rect.y1; y++) {
    frame.data.fill(value, y * frame.width + rect.x0, y * frame.width + rect.x1);
  }
}

function meanLuma(frame: I420Frame, rect: Rect): number {
  let sum = 0;
  let count = 0;
  for (let y = rect.y0; y < rect.y1; y++) {
    const row = y * frame.width;
    for (let x = rect.x0; x < rect.x1; x++) {
      sum += frame.data[row + x] ?? 0;
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}

/** Draws `code` as 32 blocks in the top band and their inverse in the band below. */
export function encodeLabelCode(frame: I420Frame, code: number): void {
  for (let bit = 0; bit < LABEL_BITS; bit++) {
    const one = ((code >>> (LABEL_BITS - 1 - bit)) & 1) === 1;
    fillLuma(frame, blockRect(frame.width, frame.height, bit, 0, 0), one ? LIGHT : DARK);
    fillLuma(frame, blockRect(frame.width, frame.height, bit, 1, 0), one ? DARK : LIGHT);
  }
}

/**
 * Reads the code back from a (possibly compressed, scaled or noisy) frame; null when any block
 * is ambiguous. Samples the centre half of each block and compares it with its inverse, so it
 * needs no absolute threshold and works at any resolution.
 */
export function decodeLabelCode(frame: I420Frame): number | null {
  if (frame.width < LABEL_BITS * 2 || frame.height < 16) return null;
  let code = 0;
  for (let bit = 0; bit < LABEL_BITS; bit++) {
    const plain = meanLuma(frame, blockRect(frame.width, frame.height, bit, 0, 0.25));
    const inverse = meanLuma(frame, blockRect(frame.width, frame.height, bit, 1, 0.25));
    if (Math.abs(plain - inverse) < MIN_CONTRAST) return null;
    code = (code << 1) | (plain > inverse ? 1 : 0);
  }
  return code >>> 0;
}

/** Draws frame number `index` of a label's synthetic video into `frame` (reused between calls). */
export function drawFrame(frame: I420Frame, code: number, index: number): void {
  const { width, height, data } = frame;
  const top = Math.round(2 * height * BAND_FRACTION);
  const barX = (index * 8) % width;
  for (let y = top; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const inBar = x >= barX && x < barX + 40;
      data[row + x] = inBar ? LIGHT : 40 + ((x + y + index * 4) % 160);
    }
  }
  // Chroma below the code bands: a tint derived from the code, so people can tell bots apart.
  const cw = width >> 1;
  const ch = height >> 1;
  const uBase = width * height;
  const vBase = uBase + cw * ch;
  data.fill(128, uBase, uBase + (top >> 1) * cw);
  data.fill(64 + (code & 0x7f), uBase + (top >> 1) * cw, vBase);
  data.fill(128, vBase, vBase + (top >> 1) * cw);
  data.fill(64 + ((code >>> 8) & 0x7f), vBase + (top >> 1) * cw, vBase + cw * ch);
  encodeLabelCode(frame, code);
}

/** Tone frequency for a label: 440 Hz plus a per-label step of 20 Hz (440–740 Hz). */
export const toneFrequency = (label: string): number => 440 + (fnv1a32(label) % 16) * 20;

/** Phase-continuous sine generator producing 10 ms chunks of 16-bit mono PCM. */
export class ToneGenerator {
  private phase = 0;
  private muted = false;

  constructor(
    readonly frequency: number,
    readonly amplitude = TONE_AMPLITUDE,
    readonly sampleRate = AUDIO_SAMPLE_RATE,
  ) {}

  /** While muted the generator keeps its phase and returns silence, as a muted microphone does. */
  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  next(samples = this.sampleRate / 100): Int16Array {
    const out = new Int16Array(samples);
    const step = (2 * Math.PI * this.frequency) / this.sampleRate;
    for (let i = 0; i < samples; i++) {
      if (!this.muted) out[i] = Math.round(this.amplitude * 32767 * Math.sin(this.phase));
      this.phase += step;
    }
    this.phase %= 2 * Math.PI;
    return out;
  }
}

/** Root mean square of 16-bit samples, normalised to 0..1 (full-scale sine ≈ 0.707). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length) / 32768;
}

/** Sum of squares of normalised samples (for windowed RMS without re-reading samples). */
export function sumOfSquares(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) {
    const v = s / 32768;
    sum += v * v;
  }
  return sum;
}

/**
 * Counts sign changes (a cheap frequency estimate for a clean tone: two per period). `previous`
 * is the last non-zero sample of the preceding chunk, so chunk boundaries are counted too.
 */
export function zeroCrossings(samples: Int16Array, previous = 0): { crossings: number; last: number } {
  let crossings = 0;
  let last = previous;
  for (const s of samples) {
    if (s === 0) continue;
    if (last !== 0 && Math.sign(s) !== Math.sign(last)) crossings++;
    last = s;
  }
  return { crossings, last };
}
