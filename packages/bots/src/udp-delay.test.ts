import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { checkProfile, drawDelay, UdpDelayProxy } from './udp-delay.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function echoServer(): Promise<{ port: number; seen: string[]; texts: string[] }> {
  const socket = dgram.createSocket('udp4');
  const seen: string[] = [];
  const texts: string[] = [];
  socket.on('message', (msg, from) => {
    seen.push(`${from.address}:${from.port}`);
    texts.push(msg.toString());
    socket.send(Buffer.concat([Buffer.from('echo:'), msg]), from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  open.push({ close: () => new Promise<void>((r) => socket.close(() => r())) });
  return { port: socket.address().port, seen, texts };
}

async function client(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  open.push({ close: () => new Promise<void>((r) => socket.close(() => r())) });
  return socket;
}

/** Sends one datagram through the proxy and resolves with the answer and the round trip. */
function roundTrip(socket: dgram.Socket, port: number, text: string): Promise<{ text: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    socket.once('message', (msg) => resolve({ text: msg.toString(), ms: performance.now() - t0 }));
    socket.send(text, port, '127.0.0.1');
  });
}

describe('drawDelay and checkProfile', () => {
  it('spreads delay uniformly over delay ± jitter and never below zero', () => {
    const p = { delayMs: 100, jitterMs: 30 };
    expect(drawDelay(p, 0)).toBe(70);
    expect(drawDelay(p, 0.5)).toBe(100);
    expect(drawDelay(p, 0.999999)).toBeCloseTo(130, 3);
    expect(drawDelay({ delayMs: 0, jitterMs: 0 }, 0.3)).toBe(0);
  });

  it('refuses a negative delay and jitter larger than the delay', () => {
    expect(() => checkProfile({ delayMs: -1, jitterMs: 0 })).toThrow(/delay/);
    expect(() => checkProfile({ delayMs: 20, jitterMs: 40 })).toThrow(/jitter/);
    expect(() => checkProfile({ delayMs: Number.NaN, jitterMs: 0 })).toThrow(/delay/);
  });
});

describe('UdpDelayProxy', () => {
  it('holds each datagram for the delay in both directions, one upstream socket per client', async () => {
    const echo = await echoServer();
    const proxy = await UdpDelayProxy.start({
      host: '127.0.0.1',
      target: { host: '127.0.0.1', port: echo.port },
      profile: { delayMs: 60, jitterMs: 0 },
    });
    open.push(proxy);
    const a = await client();
    const b = await client();
    const first = await roundTrip(a, proxy.port, 'a1');
    expect(first.text).toBe('echo:a1');
    // 60 ms each way; timers may run late on a busy machine, never early.
    expect(first.ms).toBeGreaterThanOrEqual(118);
    expect((await roundTrip(b, proxy.port, 'b1')).text).toBe('echo:b1');
    expect((await roundTrip(a, proxy.port, 'a2')).text).toBe('echo:a2');
    // The target saw two distinct sources (a's twice from the same one), none of them the clients.
    expect(new Set(echo.seen).size).toBe(2);
    expect(echo.seen[0]).toBe(echo.seen[2]);
    expect(echo.seen).not.toContain(`127.0.0.1:${a.address().port}`);
    const stats = proxy.stats();
    expect(stats.up).toBe(3);
    expect(stats.down).toBe(3);
    expect(stats.meanDelayMs).toBeGreaterThanOrEqual(59);
  });

  it('reorders datagrams when the jitter exceeds their spacing, and counts it', async () => {
    const echo = await echoServer();
    // Draws alternate high and low: a datagram sent first waits 90 ms, the next 10 ms.
    let i = 0;
    const proxy = await UdpDelayProxy.start({
      host: '127.0.0.1',
      target: { host: '127.0.0.1', port: echo.port },
      profile: { delayMs: 50, jitterMs: 40 },
      random: () => (i++ % 2 === 0 ? 0.999 : 0),
    });
    open.push(proxy);
    const c = await client();
    const got: string[] = [];
    c.on('message', (m) => got.push(m.toString()));
    // '1' waits 90 ms and '2', sent 5 ms later, 10 ms: the target gets '2' first.
    c.send('1', proxy.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 5));
    c.send('2', proxy.port, '127.0.0.1');
    await expect.poll(() => got.length, { timeout: 2_000 }).toBe(2);
    expect(echo.texts).toEqual(['2', '1']);
    expect(proxy.stats().reordered).toBeGreaterThanOrEqual(1);
  });

  it('takes a new profile for datagrams sent after the change', async () => {
    const echo = await echoServer();
    const proxy = await UdpDelayProxy.start({
      host: '127.0.0.1',
      target: { host: '127.0.0.1', port: echo.port },
      profile: { delayMs: 0, jitterMs: 0 },
    });
    open.push(proxy);
    const c = await client();
    expect((await roundTrip(c, proxy.port, 'x')).ms).toBeLessThan(1_000);
    proxy.setProfile({ delayMs: 80, jitterMs: 0 });
    expect((await roundTrip(c, proxy.port, 'y')).ms).toBeGreaterThanOrEqual(158);
    expect(() => proxy.setProfile({ delayMs: 10, jitterMs: 20 })).toThrow(/jitter/);
  });
});
