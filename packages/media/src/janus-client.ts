// Our typed Janus client over one WebSocket (`janus-protocol`): transactions with timeouts, and the
// routing of handle events to sessions. Losing the socket fails every pending call at once.
import { randomBytes } from 'node:crypto';
import { AppError } from '@diemcau/protocol';
import WebSocket from 'ws';
import { TypedEmitter } from './emitter.js';
import { parseJanusMessage, type JanusMessage, type JanusRequest } from './janus-wire.js';
import { silentLogger, type Logger } from './types.js';

/** An error Janus returned (core `error`, or a plugin `error_code`). */
export class JanusError extends Error {
  readonly code: number;
  constructor(code: number, reason: string) {
    super(`Janus error ${code}: ${reason}`);
    this.name = 'JanusError';
    this.code = code;
  }
}

export interface JanusConnectionOptions {
  apiSecret?: string;
  /** How long a request may wait for its answer (default 10 s). */
  requestTimeoutMs?: number;
  /** How long to wait for the socket to open (default 5 s). */
  connectTimeoutMs?: number;
  log?: Logger;
  /** Sees every frame in both directions (fixture capture, debugging). */
  tap?: (direction: 'in' | 'out', message: unknown) => void;
}

export type JanusConnectionEvents = {
  /** A message Janus sent outside any pending transaction (handle and session events). */
  message: [JanusMessage];
  /** The socket closed; every pending request has been rejected. */
  close: [Error];
  listenererror: [string, unknown];
};

/** What a request waits for: the final reply, or `ack` for trickle and keepalive. */
export type Expect = 'reply' | 'ack';

interface Pending {
  expect: Expect;
  resolve: (m: JanusMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  what: string;
}

/** One WebSocket to Janus. Use `JanusConnection.connect()`. */
export class JanusConnection extends TypedEmitter<JanusConnectionEvents> {
  readonly #ws: WebSocket;
  readonly #opts: Required<Omit<JanusConnectionOptions, 'apiSecret' | 'tap'>> &
    Pick<JanusConnectionOptions, 'apiSecret' | 'tap'>;
  readonly #pending = new Map<string, Pending>();
  #closedWith: Error | undefined;

  private constructor(ws: WebSocket, opts: JanusConnectionOptions) {
    super();
    this.#ws = ws;
    this.#opts = {
      requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 5_000,
      log: opts.log ?? silentLogger,
      apiSecret: opts.apiSecret,
      tap: opts.tap,
    };
    ws.on('message', (data: WebSocket.RawData) => this.#onFrame(rawToString(data)));
    ws.on('close', (code, reason) =>
      this.#onClose(new Error(`Janus socket closed (${code} ${reason.toString()})`)),
    );
    ws.on('error', (err) => this.#opts.log.warn({ err }, 'Janus socket error'));
  }

  /** Opens the socket; rejects with media_unavailable when Janus does not answer. */
  static connect(url: string, opts: JanusConnectionOptions = {}): Promise<JanusConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-protocol', { perMessageDeflate: false });
      const timer = setTimeout(
        () => fail(new Error(`connect to ${url} timed out`)),
        opts.connectTimeoutMs ?? 5_000,
      );
      const fail = (err: Error): void => {
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.on('error', () => {});
        ws.terminate();
        reject(AppError.mediaUnavailable(err));
      };
      ws.once('error', fail);
      ws.once('close', () => fail(new Error(`Janus closed the socket at ${url}`)));
      ws.once('open', () => {
        clearTimeout(timer);
        ws.removeAllListeners();
        resolve(new JanusConnection(ws, opts));
      });
    });
  }

  /** True until the socket closes. */
  get isOpen(): boolean {
    return this.#closedWith === undefined && this.#ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends one request and resolves with Janus's answer: `success`/`server_info`/`event` for
   * 'reply', the `ack` for 'ack'. A Janus `error` rejects with JanusError; a timeout or a lost
   * socket rejects with AppError('media_unavailable').
   */
  request(req: JanusRequest, expect: Expect = 'reply', timeoutMs?: number): Promise<JanusMessage> {
    if (this.#closedWith !== undefined || this.#ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(
        AppError.mediaUnavailable(this.#closedWith ?? new Error('Janus socket not open')),
      );
    }
    const transaction = randomBytes(9).toString('base64url');
    const frame = {
      ...req,
      transaction,
      ...(this.#opts.apiSecret ? { apisecret: this.#opts.apiSecret } : {}),
    };
    const what = req.janus === 'message' ? `message ${describeBody(req.body)}` : req.janus;
    return new Promise<JanusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(AppError.mediaUnavailable(new Error(`Janus ${what} timed out`)));
      }, timeoutMs ?? this.#opts.requestTimeoutMs);
      this.#pending.set(transaction, { expect, resolve, reject, timer, what });
      this.#opts.tap?.('out', frame);
      this.#ws.send(JSON.stringify(frame), (err) => {
        if (err) this.#settle(transaction, undefined, AppError.mediaUnavailable(err));
      });
    });
  }

  /** Closes the socket; pending requests fail with media_unavailable. */
  close(): void {
    if (this.#closedWith === undefined) this.#onClose(new Error('Janus connection closed by us'));
    this.#ws.close();
  }

  /** Drops the socket at once (tests, and after Janus died). */
  terminate(): void {
    this.#ws.terminate();
    if (this.#closedWith === undefined) this.#onClose(new Error('Janus connection terminated'));
  }

  #onFrame(text: string): void {
    const msg = parseJanusMessage(text);
    this.#opts.tap?.('in', msg ?? text);
    if (msg === null) {
      this.#opts.log.warn({ frame: text.slice(0, 300) }, 'unexpected frame from Janus');
      return;
    }
    const tx = 'transaction' in msg ? msg.transaction : undefined;
    const pending = tx === undefined ? undefined : this.#pending.get(tx);
    if (tx === undefined || pending === undefined) {
      this.emit('message', msg);
      return;
    }
    if (msg.janus === 'error') {
      this.#settle(tx, undefined, new JanusError(msg.error.code, msg.error.reason));
    } else if (msg.janus === 'ack' && pending.expect === 'reply') {
      // NOTE: an asynchronous plugin request: the `event` with the same transaction follows.
      return;
    } else {
      this.#settle(tx, msg);
    }
  }

  #settle(tx: string, msg: JanusMessage | undefined, err?: Error): void {
    const pending = this.#pending.get(tx);
    if (!pending) return;
    this.#pending.delete(tx);
    clearTimeout(pending.timer);
    if (err !== undefined || msg === undefined) pending.reject(err ?? new Error('no answer'));
    else pending.resolve(msg);
  }

  #onClose(cause: Error): void {
    if (this.#closedWith !== undefined) return;
    this.#closedWith = cause;
    for (const [tx, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(tx);
      p.reject(AppError.mediaUnavailable(cause));
    }
    this.emit('close', cause);
  }
}

function rawToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function describeBody(body: object): string {
  const request = (body as { request?: unknown }).request;
  return typeof request === 'string' ? request : '?';
}
