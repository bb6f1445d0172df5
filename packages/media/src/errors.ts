// Maps failures inside the media package to the AppErrors the server sees: an AppError passes
// through (media_unavailable on a lost Janus), anything else becomes the operation's own code.
import { AppError, type ErrorCode } from '@diemcau/protocol';
import { JanusError } from './janus-client.js';

/** Wraps `err` as an AppError with `code`, keeping it as `cause`; AppErrors pass through. */
export function mediaError(err: unknown, code: ErrorCode, what: string): AppError {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError(code, `${what}: ${detail}`, { cause: err });
}

/** True when `err` is a Janus (plugin) error with this code. */
export function isJanusCode(err: unknown, code: number): boolean {
  return err instanceof JanusError && err.code === code;
}
