// @diemcau/media: runs Janus and turns meetings, feeds and SDP into VideoRoom operations. The
// server sees only this surface; Janus's JSON never leaves the package.
export { MediaEngine, type EngineLoad, type RemoteJanus } from './engine.js';
export { MediaRoom, type RoomOptions, type RoomStats } from './room.js';
export {
  MediaPool,
  type LocalNodeConfig,
  type MediaPoolEvents,
  type MediaPoolOptions,
  type PoolNodeConfig,
  type PoolNodeStatus,
  type RemoteNodeConfig,
} from './pool.js';
export { CascadeRoom, type CascadeLayout } from './cascade.js';
export { MediaMix, type MediaMixEvents } from './mix.js';
export { DEFAULT_BRIDGE_OPTIONS, type BridgeRoomOptions } from './audiobridge.js';
export { CascadeSubscriber } from './cascade-subscriber.js';
export { loadScore, pickNode, placeViewer, splitPortRange, type NodeLoadView } from './placement.js';
export { MediaSubscriber, type MediaSubscriberEvents } from './subscriber.js';
export { TypedEmitter, type EventMap } from './emitter.js';
export {
  generateJanusConfig,
  resolveJanusConfig,
  type GeneratedJanusConfig,
  type ResolvedJanusConfig,
} from './janus-config.js';
export {
  silentLogger,
  type EngineState,
  type FeedKey,
  type JanusConfig,
  type Logger,
  type MediaEngineEvents,
  type MediaRoomEvents,
  type PublishOptions,
  type PublishResult,
  type SubscriberOffer,
  type SubscriberStream,
  type WantedFeed,
} from './types.js';
export * from './child-process.js';
