// Unit tests of the synthetic media: the label code survives noise, blur and scaling; the tone
// has the expected level and pitch.
import { describe, expect, it } from 'vitest';
import {
  createI420,
  decodeLabelCode,
  drawFrame,
  encodeLabelCode,
  fnv1a32,
  labelCode,
  rms,
  ToneGenerator,
  toneFrequency,
  zeroCrossings,
} from './synthetic.js';
import type { I420Frame } from './wrtc.js';

/** Deterministic pseudo-random numbers (mulberry32) so noise is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addNoise(frame: I420Frame, amplitude: number, seed: number): void {
  const next = random(seed);
  const luma = frame.width * frame.height;
  for (let i = 0; i < luma; i++) {
    const value = (frame.data[i] ?? 0) + (next() * 2 - 1) * amplitude;
    frame.data[i] = Math.max(0, Math.min(255, Math.round(value)));
  }
}

/** 3×3 box blur of the Y plane (a stand-in for a soft, compressed picture). */
function blur(frame: I420Frame): void {
  const { width, height } = frame;
  const copy = frame.data.slice(0, width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) sum += copy[(y + dy) * width + x + dx] ?? 0;
      frame.data[y * width + x] = Math.round(sum / 9);
    }
  }
}

/** Halves a frame's Y plane (2×2 average), as a receiver of a lower simulcast layer would see. */
function halve(frame: I420Frame): I420Frame {
  const out = createI420(frame.width / 2, frame.height / 2);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const at = (dx: number, dy: number): number => frame.data[(2 * y + dy) * frame.width + 2 * x + dx] ?? 0;
      out.data[y * out.width + x] = Math.round((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4);
    }
  }
  return out;
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8, so Vietnamese labels differ from their unaccented forms', () => {
    expect(fnv1a32('Phường Bến Nghé')).not.toBe(fnv1a32('Phuong Ben Nghe'));
  });
});

describe('label code in video', () => {
  const labels = ['Phường 1', 'Phường Bến Nghé', 'UBND Quận 3', 'bot-17', 'x'];

  it('decodes what it encoded, for every label', () => {
    for (const label of labels) {
      const frame = createI420();
      encodeLabelCode(frame, labelCode(label));
      expect(decodeLabelCode(frame)).toBe(labelCode(label));
    }
  });

  it('survives the moving pattern, noise of ±60 and blur', () => {
    for (const [i, label] of labels.entries()) {
      for (const index of [0, 7, 100]) {
        const frame = createI420();
        drawFrame(frame, labelCode(label), index);
        addNoise(frame, 60, i * 1000 + index);
        blur(frame);
        expect(decodeLabelCode(frame)).toBe(labelCode(label));
      }
    }
  });

  it('survives downscaling to 320×180 and 160×90', () => {
    const frame = createI420();
    drawFrame(frame, labelCode('Phường 1'), 3);
    const half = halve(frame);
    expect(decodeLabelCode(half)).toBe(labelCode('Phường 1'));
    expect(decodeLabelCode(halve(half))).toBe(labelCode('Phường 1'));
  });

  it('reads no code from a picture without one', () => {
    expect(decodeLabelCode(createI420())).toBeNull();
    const frame = createI420();
    addNoise(frame, 100, 1);
    expect(decodeLabelCode(frame)).toBeNull();
  });

  it('changes the picture from frame to frame below the code', () => {
    const a = createI420();
    const b = createI420();
    drawFrame(a, 1, 0);
    drawFrame(b, 1, 1);
    expect(Buffer.compare(a.data, b.data)).not.toBe(0);
    expect(Buffer.compare(a.data.subarray(0, 640 * 48), b.data.subarray(0, 640 * 48))).toBe(0);
  });
});

describe('tone', () => {
  it('has RMS amplitude/√2 and the asked pitch', () => {
    const tone = new ToneGenerator(440);
    const chunks = Array.from({ length: 100 }, () => tone.next());
    const all = Int16Array.from(chunks.flatMap((c) => [...c]));
    expect(all.length).toBe(48_000);
    expect(rms(all)).toBeCloseTo(0.3 / Math.SQRT2, 2);
    let crossings = 0;
    let last = 0;
    for (const chunk of chunks) ({ crossings, last } = addCrossings(chunk, crossings, last));
    expect(crossings / 2).toBeGreaterThan(438);
    expect(crossings / 2).toBeLessThan(442);
  });

  it('is silent while muted', () => {
    const tone = new ToneGenerator(500);
    tone.setMuted(true);
    expect(rms(tone.next())).toBe(0);
    tone.setMuted(false);
    expect(rms(tone.next())).toBeGreaterThan(0.2);
  });

  it('gives each label a frequency between 440 and 740 Hz', () => {
    for (const label of ['a', 'b', 'Phường 1', 'Phường 2']) {
      expect(toneFrequency(label)).toBeGreaterThanOrEqual(440);
      expect(toneFrequency(label)).toBeLessThanOrEqual(740);
    }
  });
});

function addCrossings(
  chunk: Int16Array,
  total: number,
  previous: number,
): { crossings: number; last: number } {
  const { crossings, last } = zeroCrossings(chunk, previous);
  return { crossings: total + crossings, last };
}
