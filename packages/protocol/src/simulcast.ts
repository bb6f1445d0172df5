// The camera's simulcast layers, shared by the web app and the bots (which must publish what
// browsers publish) and by the server's receive planner (which must know what each layer costs).
//
// Janus numbers the layers by their order in the offer, highest first ("hml"): with three rids the
// lowest is substream 0, and with two the lower of them is substream 0 as well. So the cheapest
// layer is always substream 0, whatever the camera gives.

/** One encoding of the camera, as `RTCRtpEncodingParameters` takes it. */
export interface SimulcastEncoding {
  rid: 'h' | 'm' | 'l';
  active: true;
  maxBitrate: number;
  scaleResolutionDownBy: number;
  maxFramerate?: number;
}

/**
 * The lowest layer: 320×180 (or 320×240) at 15 frames/s, capped at 64 kbit/s. It is what a bridge
 * point on a 150 kbit/s line receives of the active speaker next to the audio, so it must leave the
 * audio (≈ 32 kbit/s of Opus, ≈ 55 kbit/s with packet headers) room on such a line: 64 + 55 plus the
 * video's headers stays under 130 kbit/s. It also serves the small tiles of a large gallery.
 */
export const LOW_LAYER: Omit<SimulcastEncoding, 'scaleResolutionDownBy'> = {
  rid: 'l',
  active: true,
  maxBitrate: 64_000,
  maxFramerate: 15,
};

/** The middle layer (640×360): tiles of a gallery on a laptop. */
export const MID_LAYER_BPS = 500_000;
/** The full layer (1280×720): the stage on a hall TV. */
export const HIGH_LAYER_BPS = 1_200_000;

/**
 * The encodings for a camera of this size, highest first. libwebrtc sends three simulcast layers
 * only from 960×540 up and two from 480×270 up, and silently drops the smallest of the rest; a
 * dropped lowest layer would leave substream 0 empty and weak lines with nothing cheap to receive.
 * So a 640×360 or 640×480 camera gets two layers (full size and half), and a smaller one none (an
 * empty list: send one encoding).
 */
export function simulcastEncodings(width: number, height: number): SimulcastEncoding[] {
  const pixels = width * height;
  if (pixels >= 960 * 540)
    return [
      { rid: 'h', active: true, maxBitrate: HIGH_LAYER_BPS, scaleResolutionDownBy: 1 },
      { rid: 'm', active: true, maxBitrate: MID_LAYER_BPS, scaleResolutionDownBy: 2 },
      { ...LOW_LAYER, scaleResolutionDownBy: 4 },
    ];
  if (pixels >= 480 * 270)
    return [
      { rid: 'm', active: true, maxBitrate: MID_LAYER_BPS, scaleResolutionDownBy: 1 },
      { ...LOW_LAYER, scaleResolutionDownBy: 2 },
    ];
  return [];
}
