import { describe, expect, it } from 'vitest';
import { LOW_LAYER, simulcastEncodings } from './simulcast.js';

const shape = (w: number, h: number) =>
  simulcastEncodings(w, h).map(
    (e) => `${e.rid}:${w / e.scaleResolutionDownBy}x${h / e.scaleResolutionDownBy}`,
  );

describe('simulcastEncodings', () => {
  it('gives a 720p camera three layers, highest first, the lowest 320×180', () => {
    expect(shape(1280, 720)).toEqual(['h:1280x720', 'm:640x360', 'l:320x180']);
    expect(shape(960, 540)).toHaveLength(3);
  });

  it('gives 640×360 and 640×480 cameras two layers, so the lowest is really sent', () => {
    // libwebrtc drops a third layer below 960×540: the list must not name one it will not send.
    expect(shape(640, 360)).toEqual(['m:640x360', 'l:320x180']);
    expect(shape(640, 480)).toEqual(['m:640x480', 'l:320x240']);
  });

  it('gives a tiny camera no simulcast at all', () => {
    expect(simulcastEncodings(320, 180)).toEqual([]);
  });

  it('makes the lowest layer the cheap one in every case, and caps its rate and frame rate', () => {
    for (const [w, h] of [
      [1920, 1080],
      [1280, 720],
      [640, 360],
    ] as const) {
      const layers = simulcastEncodings(w, h);
      const low = layers.at(-1);
      expect(low?.rid).toBe('l');
      expect(low?.maxBitrate).toBe(LOW_LAYER.maxBitrate);
      expect(low?.maxFramerate).toBe(15);
      const rates = layers.map((l) => l.maxBitrate);
      expect([...rates].sort((a, b) => b - a)).toEqual(rates);
    }
  });
});
