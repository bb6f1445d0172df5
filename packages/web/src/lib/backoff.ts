// Reconnect delays: exponential backoff with a cap and jitter, as a pure function.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1: how much of the delay is randomised (0.2 = ±20 %). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 0.2 };

/** Delay before reconnect attempt `attempt` (0-based). `random` is injectable for tests. */
export function backoffDelay(attempt: number, options = DEFAULT_BACKOFF, random = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  const spread = exp * options.jitter;
  return Math.round(Math.max(0, exp - spread + random() * 2 * spread));
}
