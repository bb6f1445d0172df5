// @diemcau/bots: headless meeting participants that publish synthetic media and report what
// they receive; used by tests and load runs, in-process or through the CLI.
export { Bot, BotError, type BotErrorCode, type BotEvents, type BotOptions } from './bot.js';
export { routeText, selectedPair, selectedRoute, type RouteEnd, type SelectedRoute } from './stats.js';
export { formatReport, type BotErrorRecord, type BotReport } from './report.js';
export { Receiver, type RemoteStats, type StreamTarget } from './receiver.js';
export {
  SignallingClient,
  SignallingError,
  type SignallingErrorCode,
  type SignallingEvents,
} from './signalling.js';
export { OfferSequencer } from './sequencer.js';
export { SyntheticSources } from './source.js';
export { parseCliArgs, USAGE, type CliOptions, type CliParse } from './args.js';
export * from './synthetic.js';
export * from './sdp.js';
export { loadWrtc, type Wrtc } from './wrtc.js';
export * from './netns.js';
export { BotGroup, type BotGroupOptions } from './group.js';
export { BOT_TONES, MixAnalyser, MixListener, type MixReport } from './mix-listener.js';
export { BOT_CLI, botCliReport } from './cli-child.js';
export * from './udp-delay.js';
