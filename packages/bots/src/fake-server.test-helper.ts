// A scripted stand-in for our signalling server, for tests: a `ws` server on 127.0.0.1 that
// validates what clients send and lets the test answer. Not a test file itself.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  parseClientMessage,
  type ClientMessage,
  type Participant,
  type ServerMessage,
} from '@diemcau/protocol';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeConnection {
  socket: WebSocket;
  received: ClientMessage[];
  send(message: ServerMessage | string): void;
}

export class FakeSignallingServer {
  readonly connections: FakeConnection[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: WebSocketServer,
    private readonly onMessage: (message: ClientMessage, connection: FakeConnection) => void,
  ) {
    server.on('connection', (socket) => {
      const connection: FakeConnection = {
        socket,
        received: [],
        send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
      };
      this.connections.push(connection);
      socket.on('message', (data) => {
        const parsed = parseClientMessage((data as Buffer).toString('utf8'));
        if (!parsed.ok) throw new Error(`client sent an invalid frame: ${parsed.message}`);
        connection.received.push(parsed.value);
        this.onMessage(parsed.value, connection);
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  static async start(
    onMessage: (message: ClientMessage, connection: FakeConnection) => void,
  ): Promise<FakeSignallingServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
    await once(server, 'listening');
    return new FakeSignallingServer(server, onMessage);
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  link(meetingId: string, name: string): string {
    return `${this.origin}/m/${meetingId}?name=${encodeURIComponent(name)}&bp=Ph%C6%B0%E1%BB%9Dng%201&t=tok`;
  }

  /** Resolves once some connection has received a message matching `predicate`. */
  async waitFor(predicate: (message: ClientMessage) => boolean, timeoutMs = 5_000): Promise<ClientMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const connection of this.connections) {
        const found = connection.received.find(predicate);
        if (found) return found;
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for a client message');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A participant as the server would describe it. */
export function participant(id: string, name: string): Participant {
  return {
    id,
    name,
    role: 'delegate',
    moderator: false,
    bridgePoint: null,
    actorKey: `guest:${id}`,
    audioMuted: false,
    videoMuted: false,
    publishing: { camera: null, screen: false },
    joinedAt: new Date(0).toISOString(),
  };
}

/** The `joined` answer to a `join` request. */
export function joinedFor(
  message: Extract<ClientMessage, { type: 'join' }>,
  others: Participant[] = [],
): ServerMessage {
  return {
    type: 'joined',
    rid: message.rid,
    self: participant('self-1', message.name),
    meeting: { id: message.meetingId, title: 'Họp thử', hostBridgePoint: null },
    participants: others,
    activeSpeakerId: others[0]?.id ?? null,
    iceServers: [{ urls: 'stun:192.0.2.9:3478' }],
  };
}
