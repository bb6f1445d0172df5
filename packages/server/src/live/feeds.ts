// Feed keys name one published source of one participant: `${participantId}:${source}`. They are
// also the Janus feed ids (string ids), so the media engine and the room agree without a table.
import type { MediaSource } from '@diemcau/protocol';

export const feedKey = (participantId: string, source: MediaSource): string => `${participantId}:${source}`;

/** Splits a feed key; null for anything that is not one of ours. */
export function parseFeedKey(key: string): { participantId: string; source: MediaSource } | null {
  const i = key.lastIndexOf(':');
  if (i <= 0) return null;
  const source = key.slice(i + 1);
  if (source !== 'camera' && source !== 'screen') return null;
  return { participantId: key.slice(0, i), source };
}
