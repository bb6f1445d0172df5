// The pointer relay: never back to the sender, at most one position per interval per presenter,
// and the latest held position always goes out (so the dot comes to rest where the hand stopped).
import type { ServerMessage } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PointerRelay } from './pointer.js';

let now = 0;
let inbox: Record<string, ServerMessage[]>;
const room = () =>
  ['p_chair', 'p_kp1', 'p_kp2'].map((id) => ({ id, send: (m: ServerMessage) => (inbox[id] ??= []).push(m) }));

beforeEach(() => {
  vi.useFakeTimers();
  now = 1_000;
  inbox = {};
});
afterEach(() => vi.useRealTimers());

describe('PointerRelay', () => {
  it('relays to everyone else, never to the presenter', () => {
    const relay = new PointerRelay({ now: () => now });
    relay.relay('p_chair', { x: 0.25, y: 0.5 }, room);
    const msg = { type: 'present.pointer', participantId: 'p_chair', pointer: { x: 0.25, y: 0.5 } };
    expect(inbox.p_kp1).toEqual([msg]);
    expect(inbox.p_kp2).toEqual([msg]);
    expect(inbox.p_chair).toBeUndefined();
  });

  it('holds positions that come too soon and sends only the latest when the interval ends', () => {
    const relay = new PointerRelay({ now: () => now, intervalMs: 100 });
    relay.relay('p_chair', { x: 0.1, y: 0.1 }, room);
    for (let i = 2; i <= 9; i++) {
      now += 5;
      relay.relay('p_chair', { x: i / 10, y: 0.1 }, room);
    }
    expect(inbox.p_kp1).toHaveLength(1);
    now += 100;
    vi.advanceTimersByTime(100);
    expect(inbox.p_kp1?.map((m) => (m.type === 'present.pointer' ? m.pointer?.x : null))).toEqual([0.1, 0.9]);
    expect(relay.relayed).toBe(2);
    expect(relay.coalesced).toBe(7);
  });

  it('a burst of 100 positions in one second goes out at most ~10 times, ending with "left the page"', () => {
    const relay = new PointerRelay({ now: () => now, intervalMs: 100 });
    for (let i = 0; i < 100; i++) {
      relay.relay('p_chair', i === 99 ? null : { x: i / 100, y: 0.5 }, room);
      now += 10;
      vi.advanceTimersByTime(10);
    }
    now += 200;
    vi.advanceTimersByTime(200);
    const got = inbox.p_kp1 ?? [];
    expect(got.length).toBeLessThanOrEqual(11);
    expect(got.at(-1)).toEqual({ type: 'present.pointer', participantId: 'p_chair', pointer: null });
  });

  it('forgets a presenter who left: what it held is not sent', () => {
    const relay = new PointerRelay({ now: () => now, intervalMs: 100 });
    relay.relay('p_chair', { x: 0.1, y: 0.1 }, room);
    relay.relay('p_chair', { x: 0.2, y: 0.2 }, room);
    relay.forget('p_chair');
    vi.advanceTimersByTime(500);
    expect(inbox.p_kp1).toHaveLength(1);
  });
});
