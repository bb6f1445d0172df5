// The little SDP knowledge the media package needs: which streams a subscriber offer carries,
// converted from the VideoRoom's `streams` list (the Janus JSON stays here).
import type { FeedKey, SubscriberStream } from './types.js';

/** One m-line of a subscription as the VideoRoom reports it. */
export interface SubscriptionStream {
  /** The mid in the subscriber's SDP. */
  mid: string;
  kind: 'audio' | 'video';
  feed: FeedKey;
  /** The mid of the same stream in the publisher's SDP. */
  feedMid: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Reads the active audio/video streams of a VideoRoom `attached`/`updated` payload. Inactive
 * m-lines (unsubscribed, or their publisher left) have no feed and are left out.
 */
export function parseSubscriptionStreams(streams: unknown): SubscriptionStream[] {
  if (!Array.isArray(streams)) return [];
  const out: SubscriptionStream[] = [];
  for (const s of streams) {
    if (!isRecord(s) || s.active === false) continue;
    const { mid, type, feed_id: feed, feed_mid: feedMid } = s;
    if (typeof mid !== 'string' || typeof feed !== 'string' || typeof feedMid !== 'string') continue;
    if (type !== 'audio' && type !== 'video') continue;
    out.push({ mid, kind: type, feed, feedMid });
  }
  return out;
}

/** A published stream: its mid in the publisher's SDP and its kind. */
export interface PublishedStream {
  mid: string;
  kind: 'audio' | 'video';
}

/** Reads the `streams` of a VideoRoom `joined`/`configured` reply to a publisher. */
export function parsePublishedStreams(streams: unknown): PublishedStream[] {
  if (!Array.isArray(streams)) return [];
  const out: PublishedStream[] = [];
  for (const s of streams) {
    if (!isRecord(s) || s.disabled === true) continue;
    if (typeof s.mid === 'string' && (s.type === 'audio' || s.type === 'video'))
      out.push({ mid: s.mid, kind: s.type });
  }
  return out;
}

/** What the server needs to map a subscriber's m-lines back to feeds. */
export function toSubscriberStreams(streams: SubscriptionStream[]): SubscriberStream[] {
  return streams.map(({ mid, feed, kind }) => ({ mid, feed, kind }));
}
