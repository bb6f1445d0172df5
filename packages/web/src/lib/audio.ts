// Sound helpers: a microphone level meter (Web Audio AnalyserNode) and a short speaker test tone
// (a generated WAV, so it can be routed to the chosen speaker with setSinkId).
import { applySink } from './devices';

/** Loudness 0..1 of a block of samples: RMS in dBFS mapped from −60 dB (0) to 0 dB (1). */
export function rmsToLevel(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/** Watches a microphone track; calls `onLevel` about 12 times a second until stopped. */
export function watchLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  if (stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return () => undefined;
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let smoothed = 0;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(buf);
    const level = rmsToLevel(buf);
    // fast attack, slow release: easier to read on a wall display
    smoothed = level > smoothed ? level : smoothed * 0.8 + level * 0.2;
    onLevel(smoothed);
  }, 80);
  void ctx.resume().catch(() => undefined);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => undefined);
  };
}

/** A mono 16-bit PCM WAV of a sine tone with short fades (no clicks). */
export function makeToneWav(frequency: number, durationMs: number, sampleRate = 24_000): Uint8Array {
  const samples = Math.round((sampleRate * durationMs) / 1000);
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, s: string): void => {
    for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  const fade = Math.min(samples / 2, sampleRate * 0.02);
  for (let i = 0; i < samples; i++) {
    const envelope = Math.min(1, i / fade, (samples - i) / fade);
    const value = Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 0.5 * envelope;
    view.setInt16(44 + i * 2, Math.round(value * 32767), true);
  }
  return bytes;
}

/** Plays two short tones on the chosen speaker; resolves when done. */
export async function playTestTone(sinkId: string | null): Promise<void> {
  const wav = makeToneWav(660, 350);
  const blob = new Blob([wav.buffer as ArrayBuffer], { type: 'audio/wav' });
  const url = URL.createObjectURL(blob);
  const el = new Audio(url);
  try {
    await applySink(el, sinkId);
    for (let i = 0; i < 2; i++) {
      el.currentTime = 0;
      await el.play();
      await new Promise<void>((resolve) => {
        el.onended = () => resolve();
        setTimeout(resolve, 1_000);
      });
    }
  } finally {
    URL.revokeObjectURL(url);
  }
}
