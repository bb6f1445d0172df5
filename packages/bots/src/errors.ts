// The bot's own failures (BotError) and how other failures (signalling, wrtc) map onto them and
// onto the codes of the report's error records.
import { SignallingError } from './signalling.js';

export type BotErrorCode =
  SignallingError['code'] | 'bad_link' | 'not_loopback' | 'socket_closed' | 'media_failed' | 'invalid_frame';

/** A failure that ends the run. */
export class BotError extends Error {
  constructor(
    readonly code: BotErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotError';
  }
}

/** The message of any thrown value. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The stable code of a signalling or bot failure; `fallback` for anything else. */
export const codeOf = (err: unknown, fallback: string): string =>
  err instanceof SignallingError || err instanceof BotError ? err.code : fallback;

/** Any failure as a BotError (a wrtc failure becomes `media_failed`), keeping the cause. */
export function toBotError(err: unknown): BotError {
  if (err instanceof BotError) return err;
  if (err instanceof SignallingError) return new BotError(err.code, err.message, { cause: err });
  return new BotError('media_failed', messageOf(err), { cause: err });
}
