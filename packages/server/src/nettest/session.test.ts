// Unit tests of the network-test socket over in-memory media: the loopback sequence in a room of
// its own, TURN credentials of the device's own, refusals (unpaired, out of order, garbage), one
// session per device, the cap on sessions, and the room closing with the socket.
import type { IceServer, NetTestServerMessage } from '@diemcau/protocol';
import { silentLogger } from '@diemcau/media';
import { describe, expect, it } from 'vitest';
import type { DeviceAuth } from '../auth/context.js';
import type { Identity } from '../live/admission.js';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { NetTestRegistry, NetTestSession } from './session.js';

const DEVICES: Record<string, DeviceAuth> = {
  'tok-kp4': { kind: 'device', deviceId: 'dev_kp4', bridgePointId: 'bp_kp4' },
  'tok-kp6': { kind: 'device', deviceId: 'dev_kp6', bridgePointId: 'bp_kp6' },
  'tok-pending': { kind: 'device', deviceId: 'dev_new', bridgePointId: null },
};

function setup(registry = new NetTestRegistry()) {
  const media = new FakeMediaEngine();
  const issuedFor: Identity[] = [];
  const iceServers = (who: Identity): IceServer[] => {
    issuedFor.push(who);
    return [{ urls: 'turn:127.0.0.2:3478', username: `123:d-${who.deviceId ?? ''}`, credential: 'x' }];
  };
  const open = () => {
    const sent: NetTestServerMessage[] = [];
    const closes: string[] = [];
    const session = new NetTestSession(
      {
        send: (t) => sent.push(JSON.parse(t) as NetTestServerMessage),
        close: (_c, reason) => closes.push(reason),
      },
      {
        media,
        devices: { resolveToken: (t) => Promise.resolve(DEVICES[t] ?? null) },
        iceServers,
        registry,
        log: silentLogger,
      },
    );
    const send = async (m: object): Promise<void> => {
      session.receive(JSON.stringify(m));
      for (let i = 0; i < 10; i++) await Promise.resolve();
      await new Promise((r) => setTimeout(r, 5));
    };
    return { session, sent, closes, send };
  };
  return { media, issuedFor, open, registry };
}

describe('NetTestSession', () => {
  it('runs the loopback in a room of its own and closes it with the socket', async () => {
    const { media, issuedFor, open } = setup();
    const c = open();
    await c.send({ type: 'nettest.start', deviceToken: 'tok-kp4' });
    expect(c.sent[0]).toMatchObject({ type: 'nettest.ready', turn: true, maxMs: 45_000 });
    expect(issuedFor[0]).toMatchObject({ deviceId: 'dev_kp4', bridgePointId: 'bp_kp4', userId: null });
    const [room] = [...media.rooms.values()];
    expect(room?.key).toMatch(/^nettest-dev_kp4-/);

    await c.send({ type: 'nettest.publish', sdp: 'v=0 offer' });
    expect(c.sent[1]).toMatchObject({ type: 'nettest.publish.answer' });
    const [feed] = [...(room?.published.keys() ?? [])];
    await c.send({
      type: 'nettest.trickle',
      target: 'publisher',
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.2 5000 typ host' },
    });
    expect(room?.feedTrickles).toHaveLength(1);

    // Janus subscribes only once the feed's media arrived.
    const subscribing = c.send({ type: 'nettest.subscribe' });
    room?.fire('feedready', feed ?? '');
    await subscribing;
    await new Promise((r) => setTimeout(r, 5));
    expect(c.sent[2]).toMatchObject({ type: 'nettest.subscribe.offer', sdp: 'v=0 fake offer 2' });
    const [sub] = [...(room?.subscribers.values() ?? [])];
    expect(sub?.current).toEqual([{ feed, audio: true, video: true }]);
    await c.send({ type: 'nettest.answer', sdp: 'v=0 answer' });
    expect(c.sent[3]).toEqual({ type: 'nettest.subscribed' });
    expect(sub?.answers).toEqual(['v=0 answer']);

    c.session.closed();
    await Promise.resolve();
    expect(room?.closed).toBe(true);
  });

  it('refuses an unpaired device, messages out of order and garbage, and ends the session', async () => {
    const { media, open } = setup();
    const a = open();
    await a.send({ type: 'nettest.start', deviceToken: 'tok-pending' });
    expect(a.sent).toEqual([
      { type: 'nettest.error', code: 'unauthorized', message: 'this bridge-point device is not paired' },
    ]);
    expect(a.closes).toEqual(['unauthorized']);
    const b = open();
    await b.send({ type: 'nettest.publish', sdp: 'v=0' });
    expect(b.sent[0]).toMatchObject({ type: 'nettest.error', code: 'wrong_state' });
    const c = open();
    await c.send({ type: 'nettest.hello' });
    expect(c.sent[0]).toMatchObject({ type: 'nettest.error', code: 'bad_message' });
    expect(media.rooms.size).toBe(0);
  });

  it('one session per device (a new one ends the old), and a cap on all', async () => {
    const { media, open, registry } = setup(new NetTestRegistry(1));
    const first = open();
    await first.send({ type: 'nettest.start', deviceToken: 'tok-kp4' });
    const again = open();
    await again.send({ type: 'nettest.start', deviceToken: 'tok-kp4' });
    expect(first.closes).toEqual(['replaced by a new test']);
    expect([...media.rooms.values()].map((r) => r.closed)).toEqual([true, false]);
    const other = open();
    await other.send({ type: 'nettest.start', deviceToken: 'tok-kp6' });
    expect(other.sent[0]).toMatchObject({ type: 'nettest.error', code: 'rate_limited' });
    expect(registry.size).toBe(1);
  });

  it('media down: a clear error, no slot held', async () => {
    const { media, open, registry } = setup();
    media.up = false;
    const c = open();
    await c.send({ type: 'nettest.start', deviceToken: 'tok-kp4' });
    expect(c.sent[0]).toMatchObject({ type: 'nettest.error', code: 'media_unavailable' });
    expect(registry.size).toBe(0);
  });
});
