// Receive adaptation on the wire: what a client shows (its tiles and their sizes, audio-only by
// choice), how the server answers (the receive mode it applied), and each participant's connection
// quality as everyone sees it (the chair's indicator).
import { z } from 'zod';

const id = z.string().min(1).max(128);
const pixels = z.number().int().min(0).max(8192);

/** One remote camera the client shows, with the tile's size in CSS pixels. */
export const ViewTile = z.object({ participantId: id, width: pixels, height: pixels });
export type ViewTile = z.infer<typeof ViewTile>;

/** Most tiles a client may describe (a gallery of 8×8 is already more than a screen shows). */
export const MAX_VIEW_TILES = 64;

/**
 * What a client receives after adaptation, from best to worst: every tile at the layer its size
 * wants; some tiles at a lower layer; the active speaker's video only; audio only (plus the active
 * speaker's lowest layer as a still picture, when the line carries it).
 */
export const ReceiveMode = z.enum(['full', 'reduced', 'speaker_only', 'audio_only']);
export type ReceiveMode = z.infer<typeof ReceiveMode>;

/** Why the mode is what it is: the client chose audio-only, its bridge point's cap, or its line. */
export const ReceiveReason = z.enum(['chosen', 'cap', 'bandwidth', 'none']);
export type ReceiveReason = z.infer<typeof ReceiveReason>;

/** A participant's connection quality, from its latest report (unknown before the first). */
export const QualityLevel = z.enum(['good', 'fair', 'poor', 'unknown']);
export type QualityLevel = z.infer<typeof QualityLevel>;

export const ParticipantQuality = z.object({ participantId: id, level: QualityLevel });
export type ParticipantQuality = z.infer<typeof ParticipantQuality>;
