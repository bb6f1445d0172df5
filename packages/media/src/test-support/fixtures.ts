// Recorded Janus 1.1.2 traffic (src/fixtures/*.json) and a fake Janus WebSocket server that
// replays it, for unit tests of the client, the room and the subscriber without a real Janus.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type Frame = Record<string, unknown>;
export interface Exchange {
  request: Frame;
  replies: Frame[];
}
export interface Recording {
  recordedWith: string;
  exchanges: Exchange[];
  events: Frame[];
}

/** Loads one recording from src/fixtures. */
export function loadRecording(name: 'janus-videoroom-session' | 'janus-trickle-talking'): Recording {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as Recording;
}

const bodyRequest = (f: Frame): unknown => (f.body as Frame | undefined)?.request;

/** The first recorded exchange for a request type (`create`) or plugin request (`message:start`). */
export function exchange(rec: Recording, kind: string, nth = 0): Exchange {
  const [janus, request] = kind.split(':');
  const found = rec.exchanges.filter(
    (e) => e.request.janus === janus && (request === undefined || bodyRequest(e.request) === request),
  )[nth];
  if (!found) throw new Error(`no recorded ${kind} #${nth}`);
  return found;
}

/** Recorded events without a transaction, filtered by `janus` and optionally `plugindata.data.videoroom`. */
export function events(rec: Recording, janus: string, videoroom?: string): Frame[] {
  return rec.events.filter(
    (e) =>
      e.janus === janus &&
      (videoroom === undefined ||
        ((e.plugindata as Frame | undefined)?.data as Frame | undefined)?.videoroom === videoroom),
  );
}

type Responder = (request: Frame) => Frame[] | undefined;

/** A WebSocket server speaking `janus-protocol` that answers with recorded (or scripted) frames. */
export class FakeJanus {
  readonly received: Frame[] = [];
  readonly #server: WebSocketServer;
  readonly #responders: Responder[] = [];
  #socket: WebSocket | undefined;

  private constructor(server: WebSocketServer) {
    this.#server = server;
    server.on('connection', (ws) => {
      this.#socket = ws;
      ws.on('message', (data: Buffer) => {
        const request = JSON.parse(data.toString('utf8')) as Frame;
        this.received.push(request);
        for (const responder of this.#responders) {
          const replies = responder(request);
          if (replies === undefined) continue;
          for (const r of replies) ws.send(JSON.stringify({ ...r, transaction: request.transaction }));
          return;
        }
      });
    });
  }

  static async start(): Promise<FakeJanus> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('janus-protocol') ? 'janus-protocol' : false),
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new FakeJanus(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Answers requests `match` accepts with `replies` (transaction rewritten), first match wins. */
  on(match: (request: Frame) => boolean, replies: Frame[] | ((request: Frame) => Frame[])): this {
    this.#responders.push((req) =>
      match(req) ? (typeof replies === 'function' ? replies(req) : replies) : undefined,
    );
    return this;
  }

  /** Answers with the recorded replies of `ex` whenever a request of the same kind arrives. */
  replay(ex: Exchange): this {
    return this.on(
      (req) => req.janus === ex.request.janus && bodyRequest(req) === bodyRequest(ex.request),
      ex.replies,
    );
  }

  /** Sends a frame without a transaction (an event). */
  push(frame: Frame): void {
    this.#socket?.send(JSON.stringify(frame));
  }

  /** Drops the client's socket (as when Janus dies). */
  dropClients(): void {
    for (const c of this.#server.clients) c.terminate();
  }

  async close(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
