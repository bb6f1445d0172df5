// What the live layer needs of the media engine, as interfaces: the real MediaEngine satisfies
// them, and unit tests pass in-memory fakes.
import type {
  FeedKey,
  MediaRoomEvents,
  PublishOptions,
  PublishResult,
  SubscriberOffer,
  WantedFeed,
} from '@diemcau/media';

export type CandidateInit = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null };

export interface MediaSubscriberPort {
  update(wanted: WantedFeed[]): Promise<SubscriberOffer | null>;
  answer(sdp: string): Promise<void>;
  setSubstream(feed: FeedKey, substream: 0 | 1 | 2): Promise<void>;
  trickle(candidate: CandidateInit | null): Promise<void>;
  close(): Promise<void>;
  /** ICE restart: a fresh offer on the same connection, or null when there is none yet. */
  restartIce(): Promise<SubscriberOffer | null>;
  /** Janus renegotiates on its own (a subscribed feed went away): the new offer comes here. */
  on(event: 'offer', listener: (offer: SubscriberOffer) => void): unknown;
}

export interface MediaRoomPort {
  publish(feed: FeedKey, offerSdp: string, opts: PublishOptions): Promise<PublishResult>;
  /** ICE restart of a published feed's connection: answers the client's restart offer. */
  restartPublisher(feed: FeedKey, offerSdp: string): Promise<PublishResult>;
  unpublish(feed: FeedKey): Promise<void>;
  trickleFeed(feed: FeedKey, candidate: CandidateInit | null): Promise<void>;
  subscriber(subscriberId: string): MediaSubscriberPort;
  /** Records every feed into `dir` (.mjr files), or stops recording (`null`). */
  setRecording(dir: string | null): Promise<void>;
  close(): Promise<void>;
  on<K extends Extract<keyof MediaRoomEvents, string>>(
    event: K,
    listener: (...args: MediaRoomEvents[K]) => void,
  ): unknown;
}

export interface MediaEnginePort {
  isUp(): boolean;
  openRoom(key: string): Promise<MediaRoomPort>;
}
