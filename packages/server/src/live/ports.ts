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
  /** Pauses or resumes relaying a feed's audio or video at once, without renegotiating. */
  setSending(feed: FeedKey, kind: 'audio' | 'video', send: boolean): Promise<void>;
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
  /** The meeting's mixed audio (AudioBridge); absent where the media side has none. */
  openMix?(): Promise<MediaMixPort>;
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

/** A meeting's mixed audio (see media/src/mix.ts): feeds mixed in, weak points listening. */
export interface MediaMixPort {
  sources(): FeedKey[];
  addSource(feed: FeedKey, replace?: boolean): Promise<void>;
  syncSources(feeds: readonly FeedKey[]): Promise<void>;
  join(participantId: string, offerSdp: string): Promise<{ answerSdp: string }>;
  restartListener(participantId: string, offerSdp: string): Promise<{ answerSdp: string }>;
  trickle(participantId: string, candidate: CandidateInit | null): Promise<void>;
  leave(participantId: string): Promise<void>;
  on(event: 'listenergone', listener: (participantId: string) => void): unknown;
  on(event: 'reset' | 'closed', listener: () => void): unknown;
}
