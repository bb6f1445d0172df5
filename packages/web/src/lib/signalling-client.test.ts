// The signalling client against a fake socket: validation, request/response by rid, errors,
// timeouts, heartbeat and reconnection with backoff.
import type { ClientMessage } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignallingClient, SignallingError, type SocketLike } from './signalling-client';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: ClientMessage[] = [];
  closed = false;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  // test controls
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006 } as CloseEvent);
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) } as MessageEvent);
  }
  last(): ClientMessage | undefined {
    return this.sent[this.sent.length - 1];
  }
}

const self = {
  id: 'p1',
  name: 'Khu phố 4',
  bridgePoint: null,
  actorKey: 'point:kp4',
  audioMuted: false,
  videoMuted: false,
  publishing: { camera: null, screen: false },
  joinedAt: '2025-11-26T07:00:00.000Z',
};

describe('SignallingClient', () => {
  let sockets: FakeSocket[];
  let client: SignallingClient;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    client = new SignallingClient({
      url: 'ws://127.0.0.1:8080/ws',
      socketFactory: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      requestTimeoutMs: 1_000,
      heartbeatMs: 5_000,
      backoff: { baseMs: 100, maxMs: 1_000, jitter: 0 },
    });
  });

  afterEach(() => {
    client.close();
    vi.useRealTimers();
  });

  const connect = (): FakeSocket => {
    client.connect();
    const s = sockets[sockets.length - 1];
    if (!s) throw new Error('no socket');
    s.open();
    return s;
  };

  it('reports its state and the first open', () => {
    const states: string[] = [];
    const opens: boolean[] = [];
    client.on('state', (s) => states.push(s));
    client.on('open', (e) => opens.push(e.reconnected));
    connect();
    expect(states).toEqual(['connecting', 'open']);
    expect(opens).toEqual([false]);
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:8080/ws');
  });

  it('matches a reply to its request by rid', async () => {
    const s = connect();
    const reply = client.request({ type: 'join', meetingId: 'm1', name: 'Khu phố 4' });
    const sent = s.last();
    expect(sent).toMatchObject({ type: 'join', meetingId: 'm1', name: 'Khu phố 4' });
    const rid = sent && 'rid' in sent ? sent.rid : '';
    expect(rid).not.toBe('');
    s.receive({
      type: 'joined',
      rid,
      self,
      meeting: { id: 'm1', title: 'Họp', hostBridgePoint: null },
      participants: [],
      activeSpeakerId: null,
      iceServers: [],
    });
    await expect(reply).resolves.toMatchObject({ type: 'joined', self: { id: 'p1' } });
  });

  it('rejects a request with the server error code and field', async () => {
    const s = connect();
    const reply = client.request({ type: 'join', meetingId: 'nope', name: 'A' });
    const sent = s.last();
    s.receive({
      type: 'error',
      rid: sent && 'rid' in sent ? sent.rid : '',
      code: 'meeting_not_found',
      message: 'no meeting nope',
      field: 'meetingId',
    });
    await expect(reply).rejects.toMatchObject({ code: 'meeting_not_found', field: 'meetingId' });
  });

  it('times out a request nobody answers', async () => {
    connect();
    const reply = client.request({ type: 'unpublish', source: 'screen' });
    vi.advanceTimersByTime(1_001);
    await expect(reply).rejects.toBeInstanceOf(SignallingError);
    await expect(reply).rejects.toMatchObject({ code: 'timeout' });
  });

  it('emits other messages as events and ignores invalid frames', () => {
    const s = connect();
    const messages: string[] = [];
    const invalid: string[] = [];
    client.on('message', (m) => messages.push(m.type));
    client.on('invalid', (e) => invalid.push(e.reason));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    s.receive({ type: 'speaker.active', participantId: 'p2' });
    s.receive('not json');
    s.receive({ type: 'speaker.active' });
    s.receive({ type: 'pong', rid: 'unknown-rid' });
    expect(messages).toEqual(['speaker.active', 'pong']);
    expect(invalid).toHaveLength(2);
  });

  it('refuses to send an invalid message and drops sends while closed', () => {
    const s = connect();
    expect(() => client.send({ type: 'media.state', audioMuted: 'yes' } as unknown as ClientMessage)).toThrow(
      SignallingError,
    );
    expect(s.sent).toHaveLength(0);
    s.readyState = 3;
    expect(client.send({ type: 'leave' })).toBe(false);
  });

  it('fails pending requests on drop, then reconnects with backoff', async () => {
    const opens: boolean[] = [];
    client.on('open', (e) => opens.push(e.reconnected));
    const s = connect();
    const reply = client.request({ type: 'ping' });
    s.drop();
    await expect(reply).rejects.toMatchObject({ code: 'disconnected' });
    expect(client.state).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    sockets[1]?.drop(); // second attempt fails too: wait longer
    vi.advanceTimersByTime(150);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(60);
    expect(sockets).toHaveLength(3);
    sockets[2]?.open();
    expect(opens).toEqual([false, true]);
    expect(client.state).toBe('open');
  });

  it('reconnects at once when the node running the meeting went away (close code 4010)', () => {
    const retries: { attempt: number; delayMs: number }[] = [];
    client.on('retry', (r) => retries.push(r));
    const s = connect();
    s.readyState = 3;
    s.onclose?.({ code: 4010 } as CloseEvent);
    vi.advanceTimersByTime(0);
    expect(sockets).toHaveLength(2);
    sockets[1]?.drop(); // the next node is not there yet: back off as usual
    vi.advanceTimersByTime(150);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(60);
    expect(sockets).toHaveLength(3);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 0 },
      { attempt: 2, delayMs: 200 },
    ]);
  });

  it('tries at once when asked while waiting to reconnect (the browser came back online)', () => {
    const s = connect();
    client.reconnectNow(); // connected: nothing to do
    expect(sockets).toHaveLength(1);
    s.drop();
    client.reconnectNow();
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
  });

  it('pings on a heartbeat and reconnects when the pong never comes', async () => {
    const s = connect();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.last()).toMatchObject({ type: 'ping' });
    await vi.advanceTimersByTimeAsync(5_001);
    expect(s.closed).toBe(true);
    expect(client.state).toBe('reconnecting');
  });

  it('does not reconnect after close()', () => {
    const s = connect();
    client.close();
    expect(s.closed).toBe(true);
    expect(client.state).toBe('closed');
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });

  it('isolates a throwing listener', () => {
    const s = connect();
    const seen: string[] = [];
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    client.on('message', () => {
      throw new Error('ui bug');
    });
    client.on('message', (m) => seen.push(m.type));
    s.receive({ type: 'speaker.active', participantId: null });
    expect(seen).toEqual(['speaker.active']);
  });
});
