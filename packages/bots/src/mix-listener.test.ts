// The bot's measurement of mixed audio: which bot tones are in it (Goertzel over 1 s blocks) and
// the longest near-silent gap, on synthetic PCM with known content.
import { describe, expect, it } from 'vitest';
import { BOT_TONES, goertzel, MixAnalyser } from './mix-listener.js';
import { toneFrequency } from './synthetic.js';

const RATE = 48_000;

/** 10 ms chunks of the sum of `tones` (amplitude 0.2 each), or silence when empty. */
function chunks(tones: number[], ms: number, startSample = 0): Int16Array[] {
  const out: Int16Array[] = [];
  for (let c = 0; c < ms / 10; c++) {
    const samples = new Int16Array(480);
    for (let i = 0; i < samples.length; i++) {
      const t = (startSample + c * 480 + i) / RATE;
      let v = 0;
      for (const hz of tones) v += 0.2 * Math.sin(2 * Math.PI * hz * t);
      samples[i] = Math.round(v * 32767);
    }
    out.push(samples);
  }
  return out;
}

describe('MixAnalyser', () => {
  it('covers every tone a bot can send', () => {
    for (const name of ['Khu phố 1', 'Hội trường UBND phường', 'Tổ dân phố 7'])
      expect(BOT_TONES).toContain(toneFrequency(name));
  });

  it('finds the mixed tones and not a tone that is absent, 20 Hz apart', () => {
    const a = new MixAnalyser();
    for (const c of chunks([520, 580, 720], 3000)) a.push(c, RATE);
    const tones = a.tones();
    for (const hz of [520, 580, 720]) expect(tones[String(hz)]).toBeGreaterThan(0.005);
    expect(tones['600']).toBeLessThan(0.00001);
    expect(tones['540']).toBeLessThan(0.00001);
    expect(a.audioMs).toBe(3000);
    expect(a.longestGapMs).toBe(0);
  });

  it('measures the longest near-silent stretch and lists the gaps over 100 ms', () => {
    const a = new MixAnalyser();
    const seq = [
      ...chunks([600], 500),
      ...chunks([], 250),
      ...chunks([600], 500),
      ...chunks([], 80),
      ...chunks([600], 100),
    ];
    seq.forEach((c, i) => a.push(c, RATE, 1, i * 10));
    expect(a.longestGapMs).toBe(250);
    expect(a.gaps).toEqual([[750, 250]]);
  });

  it('reads the first channel of stereo audio', () => {
    const a = new MixAnalyser();
    for (const mono of chunks([700], 1000)) {
      const stereo = new Int16Array(mono.length * 2);
      mono.forEach((v, i) => {
        stereo[2 * i] = v;
        stereo[2 * i + 1] = 0;
      });
      a.push(stereo, RATE, 2);
    }
    expect(a.tones()['700']).toBeGreaterThan(0.005);
    expect(a.audioMs).toBe(1000);
  });

  it('goertzel gives a full-scale sine about a quarter', () => {
    const x = new Float32Array(RATE);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin((2 * Math.PI * 440 * i) / RATE);
    expect(goertzel(x, RATE, 440)).toBeCloseTo(0.25, 2);
  });
});
