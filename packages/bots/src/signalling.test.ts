// Unit tests of the signalling client against a fake ws server on loopback: rid matching,
// server errors, timeouts, invalid frames and closing.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSignallingServer, joinedFor } from './fake-server.test-helper.js';
import { SignallingClient, SignallingError } from './signalling.js';

let server: FakeSignallingServer | undefined;
let client: SignallingClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('SignallingClient', () => {
  it('resolves a request with the response that carries its rid, and passes other messages on', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type !== 'join') return;
      connection.send({ type: 'speaker.active', participantId: null });
      connection.send({ type: 'ack', rid: 'someone-else' });
      connection.send(joinedFor(message));
    });
    client = await SignallingClient.connect(`${server.origin.replace('http', 'ws')}/ws`);
    const seen: string[] = [];
    client.on('message', (m) => seen.push(m.type));
    const joined = await client.request(
      { type: 'join', rid: client.nextRid('join'), meetingId: 'm1', name: 'Phường 1' },
      'joined',
    );
    expect(joined.self.name).toBe('Phường 1');
    expect(joined.rid).toBe('join-1');
    expect(seen).toEqual(['speaker.active', 'ack']);
  });

  it('rejects with the server error code for that rid', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type === 'join') {
        connection.send({
          type: 'error',
          rid: message.rid,
          code: 'meeting_not_found',
          message: 'no meeting',
          field: 'meetingId',
        });
      }
    });
    client = await SignallingClient.connect(`${server.origin.replace('http', 'ws')}/ws`);
    const failure = client.request({ type: 'join', rid: 'j', meetingId: 'nope', name: 'a' }, 'joined');
    await expect(failure).rejects.toMatchObject({ code: 'meeting_not_found', field: 'meetingId' });
    await expect(failure).rejects.toBeInstanceOf(SignallingError);
  });

  it('times out, and reports invalid frames without passing them on', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type === 'ping') {
        connection.send('not json');
        connection.send(JSON.stringify({ type: 'joined', rid: message.rid }));
        connection.send(JSON.stringify({ type: 'teleport' }));
      }
    });
    client = await SignallingClient.connect(`${server.origin.replace('http', 'ws')}/ws`);
    const invalid: string[] = [];
    const messages: string[] = [];
    client.on('invalid', (reason) => invalid.push(reason));
    client.on('message', (m) => messages.push(m.type));
    await expect(client.request({ type: 'ping', rid: 'p' }, 'pong', 200)).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(invalid).toHaveLength(3);
    expect(invalid[0]).toBe('frame is not JSON');
    expect(messages).toEqual([]);
  });

  it('rejects pending requests when the server closes the socket', async () => {
    server = await FakeSignallingServer.start((message, connection) => {
      if (message.type === 'ping') connection.socket.close(1011, 'going away');
    });
    client = await SignallingClient.connect(`${server.origin.replace('http', 'ws')}/ws`);
    const closed = new Promise<number>((resolve) => client?.on('close', (code) => resolve(code)));
    await expect(client.request({ type: 'ping', rid: 'p' }, 'pong')).rejects.toMatchObject({
      code: 'closed',
    });
    expect(await closed).toBe(1011);
    expect(client.isOpen).toBe(false);
    expect(client.send({ type: 'leave' })).toBe(false);
  });

  it('fails to connect with connect_failed when nobody listens', async () => {
    server = await FakeSignallingServer.start(() => undefined);
    const url = `${server.origin.replace('http', 'ws')}/ws`;
    await server.close();
    server = undefined;
    await expect(SignallingClient.connect(url)).rejects.toMatchObject({ code: 'connect_failed' });
  });
});
