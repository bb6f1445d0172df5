// When to reconnect and when to restart ICE, as small pure rules plus one timer-driven watchdog:
// the signalling socket's reconnect delay (a node that went away reconnects at once), and the
// ICE-restart trigger of each peer connection (failed at once, disconnected after a short grace,
// every live connection when the browser comes back online).
import type { PeerTarget } from '@diemcau/protocol';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

/** Close code of a socket whose meeting's node went away (cluster edge): reconnect now. */
export const NODE_GONE_CLOSE = 4010;

/**
 * Delay before reconnect attempt `attempt` (0-based) after a socket closed with `closeCode`.
 * NOTE: 4010 means the server node running the meeting is gone and another one takes it over as
 * soon as someone asks: waiting only delays everybody's media, so the first attempt is immediate.
 */
export function reconnectDelay(
  attempt: number,
  closeCode: number | null,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (closeCode === NODE_GONE_CLOSE && attempt === 0) return 0;
  return backoffDelay(attempt, options, random);
}

/** How long a connection may stay `disconnected` before its ICE is restarted. */
export const ICE_GRACE_MS = 2_500;
/** ICE restarts of one connection without reaching `connected` before the caller starts over. */
export const MAX_ICE_RESTARTS = 3;

export type IceTrigger = 'restart' | 'wait' | 'healthy' | 'none';

/**
 * What a connection state asks for: `failed` → restart now; `disconnected` → wait the grace
 * (it often recovers by itself on a short loss); `connected`/`completed` → healthy (forget
 * pending restarts); anything else (new, checking, connecting, closed) → nothing.
 */
export function iceTrigger(state: RTCPeerConnectionState | RTCIceConnectionState): IceTrigger {
  switch (state) {
    case 'failed':
      return 'restart';
    case 'disconnected':
      return 'wait';
    case 'connected':
    case 'completed':
      return 'healthy';
    default:
      return 'none';
  }
}

export interface IceWatchdogOptions {
  /** Restart ICE of `target` (attempt is 1-based); `giveUp` after MAX_ICE_RESTARTS failed ones. */
  restart(target: PeerTarget, attempt: number): void;
  giveUp(target: PeerTarget): void;
  graceMs?: number;
  maxRestarts?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Watches the connection state of each peer connection and decides when to restart its ICE. One
 * restart per target at a time: a further `failed` during a restart waits for its outcome.
 */
export class IceWatchdog {
  readonly #opts: IceWatchdogOptions;
  readonly #timers = new Map<PeerTarget, unknown>();
  readonly #attempts = new Map<PeerTarget, number>();
  readonly #states = new Map<PeerTarget, IceTrigger>();
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;

  constructor(options: IceWatchdogOptions) {
    this.#opts = options;
    this.#setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer =
      options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout> | undefined));
  }

  /** Restarts done for `target` since it was last connected. */
  attempts(target: PeerTarget): number {
    return this.#attempts.get(target) ?? 0;
  }

  /** A connection's state changed. */
  observe(target: PeerTarget, state: RTCPeerConnectionState | RTCIceConnectionState): void {
    const trigger = iceTrigger(state);
    this.#states.set(target, trigger);
    if (trigger === 'healthy') {
      this.#cancel(target);
      this.#attempts.delete(target);
    } else if (trigger === 'restart') {
      if (!this.#timers.has(target)) this.#fire(target);
    } else if (trigger === 'wait') {
      if (!this.#timers.has(target))
        this.#timers.set(
          target,
          this.#setTimer(() => {
            this.#timers.delete(target);
            if (this.#states.get(target) === 'wait') this.#fire(target);
          }, this.#opts.graceMs ?? ICE_GRACE_MS),
        );
    }
  }

  /**
   * The network changed (the browser's `online` event): every connection that is not plainly new
   * or closed restarts its ICE now, since its candidate pair may be gone. `targets` are the open ones.
   */
  networkChanged(targets: readonly PeerTarget[]): void {
    for (const target of targets) {
      this.#cancel(target);
      this.#attempts.delete(target);
      this.#fire(target);
    }
  }

  /** A connection was closed or replaced: forget it. */
  forget(target: PeerTarget): void {
    this.#cancel(target);
    this.#attempts.delete(target);
    this.#states.delete(target);
  }

  dispose(): void {
    for (const target of [...this.#timers.keys()]) this.#cancel(target);
    this.#attempts.clear();
    this.#states.clear();
  }

  #fire(target: PeerTarget): void {
    const attempt = (this.#attempts.get(target) ?? 0) + 1;
    if (attempt > (this.#opts.maxRestarts ?? MAX_ICE_RESTARTS)) {
      this.forget(target);
      this.#opts.giveUp(target);
      return;
    }
    this.#attempts.set(target, attempt);
    // NOTE: a restart takes a round trip and new checks; the next decision waits one grace period.
    this.#timers.set(
      target,
      this.#setTimer(
        () => {
          this.#timers.delete(target);
          const state = this.#states.get(target);
          if (state === 'restart' || state === 'wait') this.#fire(target);
        },
        (this.#opts.graceMs ?? ICE_GRACE_MS) * 2,
      ),
    );
    this.#opts.restart(target, attempt);
  }

  #cancel(target: PeerTarget): void {
    const timer = this.#timers.get(target);
    if (timer !== undefined) this.#clearTimer(timer);
    this.#timers.delete(target);
  }
}
