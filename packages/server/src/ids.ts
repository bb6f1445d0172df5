// Random identifiers. Meeting ids are 128-bit so that a join link cannot be guessed.
import { randomBytes } from 'node:crypto';

/** A 128-bit random id, base64url (22 characters). */
export const newMeetingId = (): string => randomBytes(16).toString('base64url');

/** A participant id: unique per join, safe inside a Janus feed id (no ':'). */
export const newParticipantId = (): string => `p${randomBytes(9).toString('base64url')}`;

/** A short request-independent id for rows we create. */
export const newRowId = (prefix: string): string => `${prefix}_${randomBytes(8).toString('base64url')}`;
