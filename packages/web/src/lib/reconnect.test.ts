// The reconnect and ICE-restart rules: a node that went away reconnects at once, failed restarts
// ICE now, disconnected after the grace, healthy cancels, too many restarts give up, and coming
// back online restarts every live connection.
import type { PeerTarget } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from './backoff';
import { iceTrigger, IceWatchdog, NODE_GONE_CLOSE, reconnectDelay } from './reconnect';

describe('reconnectDelay', () => {
  const mid = (): number => 0.5; // no jitter
  it('reconnects at once after close code 4010, then backs off as usual', () => {
    expect(NODE_GONE_CLOSE).toBe(4010);
    expect(reconnectDelay(0, 4010, DEFAULT_BACKOFF, mid)).toBe(0);
    expect(reconnectDelay(1, 4010, DEFAULT_BACKOFF, mid)).toBe(1_000);
  });

  it('backs off exponentially up to the cap for any other drop', () => {
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelay(a, 1006, DEFAULT_BACKOFF, mid))).toEqual([
      500, 1_000, 2_000, 4_000, 10_000,
    ]);
    expect(reconnectDelay(0, null, DEFAULT_BACKOFF, mid)).toBe(500);
  });
});

describe('iceTrigger', () => {
  it('maps connection states to what they ask for', () => {
    expect(iceTrigger('failed')).toBe('restart');
    expect(iceTrigger('disconnected')).toBe('wait');
    expect(iceTrigger('connected')).toBe('healthy');
    expect(iceTrigger('completed')).toBe('healthy');
    for (const s of ['new', 'checking', 'connecting', 'closed'] as const) expect(iceTrigger(s)).toBe('none');
  });
});

/** A watchdog on a hand-driven clock. */
function watchdog(maxRestarts = 3) {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  const restarts: [PeerTarget, number][] = [];
  const gaveUp: PeerTarget[] = [];
  const dog = new IceWatchdog({
    restart: (t, attempt) => restarts.push([t, attempt]),
    giveUp: (t) => gaveUp.push(t),
    graceMs: 1_000,
    maxRestarts,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (h) => timers.delete(h as number),
  });
  const advance = (ms: number): void => {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { dog, restarts, gaveUp, advance, pending: () => timers.size };
}

describe('IceWatchdog', () => {
  it('restarts a failed connection at once, and only once while the restart is under way', () => {
    const w = watchdog();
    w.dog.observe('camera', 'failed');
    expect(w.restarts).toEqual([['camera', 1]]);
    w.dog.observe('camera', 'failed');
    expect(w.restarts).toHaveLength(1);
  });

  it('gives a disconnected connection the grace, and none when it recovers', () => {
    const w = watchdog();
    w.dog.observe('subscriber', 'disconnected');
    w.advance(900);
    expect(w.restarts).toEqual([]);
    w.dog.observe('subscriber', 'connected');
    w.advance(5_000);
    expect(w.restarts).toEqual([]);
    expect(w.pending()).toBe(0);
    w.dog.observe('subscriber', 'disconnected');
    w.advance(1_000);
    expect(w.restarts).toEqual([['subscriber', 1]]);
  });

  it('tries again while the connection stays down, then gives up; a success resets the count', () => {
    const w = watchdog(2);
    w.dog.observe('camera', 'failed');
    w.advance(2_000);
    expect(w.restarts).toEqual([
      ['camera', 1],
      ['camera', 2],
    ]);
    w.advance(2_000);
    expect(w.gaveUp).toEqual(['camera']);
    expect(w.dog.attempts('camera')).toBe(0);

    w.dog.observe('screen', 'failed');
    w.dog.observe('screen', 'connected');
    expect(w.dog.attempts('screen')).toBe(0);
    w.dog.observe('screen', 'failed');
    expect(w.restarts.at(-1)).toEqual(['screen', 1]);
  });

  it('restarts every given connection when the network comes back', () => {
    const w = watchdog();
    w.dog.observe('camera', 'disconnected');
    w.dog.networkChanged(['camera', 'subscriber']);
    expect(w.restarts).toEqual([
      ['camera', 1],
      ['subscriber', 1],
    ]);
    w.dog.observe('camera', 'connected');
    w.dog.observe('subscriber', 'connected');
    w.advance(10_000);
    expect(w.restarts).toHaveLength(2);
  });

  it('forgets a closed connection: its pending restart never fires', () => {
    const w = watchdog();
    w.dog.observe('camera', 'disconnected');
    w.dog.forget('camera');
    w.advance(10_000);
    expect(w.restarts).toEqual([]);
  });
});
