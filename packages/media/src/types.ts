// The media engine's public surface, as the server sees it. Nothing Janus-shaped (JSON, handle
// ids, plugin names) appears here: the server deals in meetings, feeds and SDP only.

/** Identifies one published source: `${participantId}:${source}`, e.g. `p_3fa…:camera`. */
export type FeedKey = string;

/** How Janus is run and reached. Everything has a default except `runtimeDir`. */
export interface JanusConfig {
  /** Folder where the generated config, logs and recordings go (created if missing). */
  runtimeDir: string;
  /** Path of the `janus` binary (default `/usr/bin/janus`). */
  binary?: string;
  /** Folder holding Janus's `plugins/`, `transports/`, … (default Debian's `/usr/lib/<multiarch>/janus`). */
  libDir?: string;
  /** WebSocket API port, bound on `wsHost` only (default 8188). */
  wsPort?: number;
  /** Address the WebSocket API binds (default 127.0.0.1; never expose it to browsers). */
  wsHost?: string;
  /** Admin/API secret; generated at random when omitted. */
  apiSecret?: string;
  /** RTP/RTCP port range for media, e.g. [20000, 20999]. */
  rtpPortRange?: [number, number];
  /** Network interface(s) Janus gathers ICE candidates on (`nat.ice_enforce_list`), e.g. `dc0` or `eth0`. */
  mediaInterface?: string;
  /** Address Janus puts in its SDP (`general.interface`), e.g. 127.0.0.2 in tests, the LAN address in a ward. */
  mediaAddress?: string;
  /** Public address when Janus sits behind NAT (`nat.nat_1_1_mapping`). */
  natPublicAddress?: string;
  /** STUN server `host:port` for Janus itself; none by default. */
  stunServer?: string;
  /** Janus debug level 0–7 (default 4). */
  debugLevel?: number;
  /** Restart Janus when it dies (default true). */
  supervise?: boolean;
}

export interface PublishOptions {
  /** Shown in Janus logs only; the product's labels live in our server. */
  display: string;
  audio: boolean;
  video: boolean;
}

export interface PublishResult {
  answerSdp: string;
}

/** One feed a subscriber wants to receive. */
export interface WantedFeed {
  feed: FeedKey;
  audio: boolean;
  video: boolean;
}

/** One m-line of a subscriber connection, mapped back to the feed it carries. */
export interface SubscriberStream {
  mid: string;
  feed: FeedKey;
  kind: 'audio' | 'video';
}

export interface SubscriberOffer {
  offerSdp: string;
  streams: SubscriberStream[];
}

export type EngineState = 'starting' | 'up' | 'restarting' | 'down' | 'closed';

export type MediaEngineEvents = {
  /** State changes: 'up' after the first start and after every recovery. */
  state: [EngineState];
  /**
   * Janus died and is running again. Every room was recreated empty: publishers and subscribers
   * are gone and each MediaRoom has emitted 'reset'.
   */
  restarted: [];
  listenererror: [string, unknown];
};

export type MediaRoomEvents = {
  /**
   * A feed's media reached Janus (its PeerConnection is up): subscribers can get it now. Until
   * then update() skips it; call update() again on this event.
   */
  feedready: [FeedKey];
  /** Voice activity of a published feed changed (from Janus's audio-level events). */
  talking: [FeedKey, boolean];
  /** A feed stopped publishing without being asked to (ICE failure, hang-up). */
  feedgone: [FeedKey];
  /** The media server restarted; all feeds and subscribers of this room are gone. */
  reset: [];
  closed: [];
  listenererror: [string, unknown];
};

/** The logger shape we need (pino's is compatible). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (tests, tools). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
