// Watches the bot's subscriber connection for a stuck remote picture (packets arrive, nothing
// decodes) and reports it with `video.stalled`, as the web app does (protocol's video-stall.ts):
// the server then asks the publisher for a key frame instead of waiting for libwebrtc's own
// request ~3 s later.
import { inboundVideoReadings, VideoStallDetector } from '@diemcau/protocol';
import type { ClientMessage, MediaSource } from '@diemcau/protocol';
import type { WrtcPeerConnection } from './wrtc.js';

/** How often the inbound video counters are read. */
export const STALL_WATCH_MS = 250;

export interface StallWatchOptions {
  pc: () => WrtcPeerConnection | null;
  /** What each mid of the subscriber connection carries. */
  streams: () => ReadonlyMap<string, { participantId: string; source: MediaSource; kind: 'audio' | 'video' }>;
  send: (msg: ClientMessage) => boolean;
  /** Called with each report sent (the bot counts them). */
  reported: (participantId: string, source: MediaSource) => void;
  now: () => number;
}

export function startStallWatch(options: StallWatchOptions): { stop(): void } {
  const detector = new VideoStallDetector();
  let reading = false;
  const timer = setInterval(() => {
    const pc = options.pc();
    if (!pc || reading) return;
    reading = true;
    pc.getStats()
      .then((report) => {
        const streams = options.streams();
        for (const mid of detector.update(inboundVideoReadings(report), options.now())) {
          const stream = streams.get(mid);
          // NOTE: cameras only. A shared screen's key frame can take seconds to arrive on a weak
          // line (packets, no frame yet), and asking for another would only restart it.
          if (!stream || stream.kind !== 'video' || stream.source !== 'camera') continue;
          const { participantId, source } = stream;
          if (options.send({ type: 'video.stalled', participantId, source }))
            options.reported(participantId, source);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        reading = false;
      });
  }, STALL_WATCH_MS);
  return { stop: () => clearInterval(timer) };
}
