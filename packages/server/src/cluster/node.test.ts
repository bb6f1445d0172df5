// Several nodes on one in-memory bus: who owns a meeting, relaying a client to the owner and back,
// and what happens when a node goes away (its meetings are taken over, relays are closed).
import { silentLogger } from '@diemcau/media';
import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../auth/context.js';
import type { AuthContext } from '../auth/context.js';
import { MemoryBroker, MemoryBus } from './bus.js';
import { ClusterNode, NODE_GONE_CLOSE } from './node.js';
import type { ClusterCommand, RelayTransport } from './node.js';

const tick = () => new Promise((r) => setTimeout(r, 0));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A hosted connection that echoes every frame back, upper-cased, and records its auth. */
function echoHost(log: string[]) {
  return (transport: RelayTransport, auth: AuthContext) => ({
    receive: (raw: string) => {
      log.push(`${auth.kind}:${raw}`);
      if (raw === 'bye') transport.close(4000, 'done');
      else transport.send(raw.toUpperCase());
      return Promise.resolve();
    },
    closed: () => {
      log.push('closed');
      return Promise.resolve();
    },
  });
}

const nodes: ClusterNode[] = [];
async function node(broker: MemoryBroker, id: string, log: string[] = [], commands: ClusterCommand[] = []) {
  const n = new ClusterNode({
    bus: new MemoryBus(broker),
    nodeId: id,
    log: silentLogger,
    host: echoHost(log),
    onCommand: (c) => commands.push(c),
    heartbeatMs: 20,
    nodeTtlMs: 80,
    leaseTtlMs: 120,
  });
  await n.start();
  nodes.push(n);
  return n;
}

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
});

function socket() {
  const sent: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  return {
    sent,
    closes,
    transport: {
      send: (t: string) => sent.push(t),
      close: (code: number, reason: string) => closes.push({ code, reason }),
    },
  };
}

describe('ClusterNode', () => {
  it('gives a meeting to the first node that asks, and sends the others to it', async () => {
    const bus = new MemoryBroker();
    const a = await node(bus, 'a');
    const b = await node(bus, 'b');
    expect(await a.route('m1')).toEqual({ local: true });
    a.hold('m1');
    expect(await b.route('m1')).toEqual({ local: false, owner: 'a' });
    expect(await a.route('m1')).toEqual({ local: true });
    // another meeting may live on the other node
    expect(await b.route('m2')).toEqual({ local: true });
  });

  it('relays frames to the owner and its answers back, in order, with the auth of the socket', async () => {
    const bus = new MemoryBroker();
    const ownerLog: string[] = [];
    await node(bus, 'a', ownerLog);
    const b = await node(bus, 'b');
    const s = socket();
    const auth: AuthContext = { kind: 'device', deviceId: 'd1', bridgePointId: 'bp1' };
    const link = b.openRemote('a', 'm1', auth, s.transport);
    for (const f of ['one', 'two', 'three']) link.forward(f);
    await wait(5);
    expect(ownerLog).toEqual(['device:one', 'device:two', 'device:three']);
    expect(s.sent).toEqual(['ONE', 'TWO', 'THREE']);
    link.forward('bye');
    await wait(5);
    expect(s.closes).toEqual([{ code: 4000, reason: 'done' }]);
  });

  it('closes the hosted connection when the client socket on the edge closes', async () => {
    const bus = new MemoryBroker();
    const ownerLog: string[] = [];
    const a = await node(bus, 'a', ownerLog);
    const b = await node(bus, 'b');
    const link = b.openRemote('a', 'm1', ANONYMOUS, socket().transport);
    link.forward('x');
    await tick();
    expect(a.stats().hosted).toBe(1);
    link.close();
    await wait(5);
    expect(ownerLog).toEqual(['anonymous:x', 'closed']);
    expect(a.stats().hosted).toBe(0);
  });

  it('when the owner goes away: relays are closed so clients reconnect, and another node takes the meeting', async () => {
    const bus = new MemoryBroker();
    const a = await node(bus, 'a');
    const b = await node(bus, 'b');
    expect(await a.route('m1')).toEqual({ local: true });
    a.hold('m1');
    const s = socket();
    b.openRemote('a', 'm1', ANONYMOUS, s.transport);
    // Node a dies without a word: its heartbeat stops and its keys expire.
    await a.close().catch(() => undefined);
    nodes.splice(nodes.indexOf(a), 1);
    await wait(250);
    expect(s.closes).toEqual([{ code: NODE_GONE_CLOSE, reason: expect.any(String) as string }]);
    expect(await b.route('m1')).toEqual({ local: true });
  });

  it('takes over the lease of a node whose heartbeat expired even if its lease key remains', async () => {
    const bus = new MemoryBroker();
    // A node that crashed: its lease is still there for a while, its heartbeat is gone.
    await new MemoryBus(bus).set('diemcau:meeting:m1:owner', 'dead', 60_000);
    const b = await node(bus, 'b');
    expect(await b.route('m1')).toEqual({ local: true });
    expect(await new MemoryBus(bus).get('diemcau:meeting:m1:owner')).toBe('b');
  });

  it('keeps the lease while a client holds the meeting and frees it after the last one', async () => {
    const bus = new MemoryBroker();
    const a = await node(bus, 'a');
    expect(await a.route('m1')).toEqual({ local: true });
    a.hold('m1');
    a.hold('m1');
    await wait(200); // longer than the lease TTL: the heartbeat refreshed it
    expect(await new MemoryBus(bus).get('diemcau:meeting:m1:owner')).toBe('a');
    a.release('m1');
    expect(await new MemoryBus(bus).get('diemcau:meeting:m1:owner')).toBe('a');
    a.release('m1');
    await tick();
    expect(await new MemoryBus(bus).get('diemcau:meeting:m1:owner')).toBeNull();
  });

  it('runs a broadcast command on every node', async () => {
    const bus = new MemoryBroker();
    const ca: ClusterCommand[] = [];
    const cb: ClusterCommand[] = [];
    const a = await node(bus, 'a', [], ca);
    await node(bus, 'b', [], cb);
    await a.broadcast({ kind: 'kick-device', deviceId: 'd9' });
    await tick();
    expect(ca).toEqual([{ kind: 'kick-device', deviceId: 'd9' }]);
    expect(cb).toEqual([{ kind: 'kick-device', deviceId: 'd9' }]);
  });
});
