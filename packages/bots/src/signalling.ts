// Typed signalling client over `ws`: validates every server frame with the protocol schemas and
// matches responses to requests by `rid`, with timeouts. Knows nothing about media.
import {
  parseServerMessage,
  type ClientMessage,
  type ErrorCode,
  type MessageOf,
  type ServerMessage,
  type ServerMessageType,
} from '@diemcau/protocol';
import WebSocket from 'ws';
import { TypedEmitter } from './emitter.js';

/** Why a signalling operation failed: a server error code, or a local transport failure. */
export type SignallingErrorCode = ErrorCode | 'timeout' | 'closed' | 'connect_failed';

export class SignallingError extends Error {
  constructor(
    readonly code: SignallingErrorCode,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignallingError';
  }
}

export type SignallingEvents = {
  /** Every valid server message that did not answer a pending request. */
  message: [message: ServerMessage];
  /** A frame that failed validation (kept out of `message`). */
  invalid: [reason: string, raw: string];
  close: [code: number, reason: string];
};

/** Client messages that carry a request id. */
export type RequestMessage = Extract<ClientMessage, { rid: string }>;

interface Pending {
  expect: ServerMessageType;
  resolve: (message: ServerMessage) => void;
  reject: (err: SignallingError) => void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export class SignallingClient extends TypedEmitter<SignallingEvents> {
  private readonly pending = new Map<string, Pending>();
  private ridCounter = 0;
  private closed = false;

  private constructor(private readonly socket: WebSocket) {
    super((err) => console.error('signalling listener failed:', err));
    socket.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    socket.on('error', () => undefined); // NOTE: 'close' always follows and carries the outcome.
  }

  /** Opens the socket; rejects with `connect_failed` or `timeout`. */
  static connect(url: string, timeoutMs = 5_000): Promise<SignallingClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
      const fail = (err: SignallingError): void => {
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new SignallingError('timeout', `no connection to ${url}`)),
        timeoutMs,
      );
      socket.once('open', () => {
        clearTimeout(timer);
        socket.removeAllListeners();
        resolve(new SignallingClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        fail(
          new SignallingError('connect_failed', `cannot connect to ${url}: ${err.message}`, undefined, {
            cause: err,
          }),
        );
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  /** A fresh request id. */
  nextRid(prefix = 'r'): string {
    this.ridCounter += 1;
    return `${prefix}-${this.ridCounter}`;
  }

  /** Sends one message; returns false when the socket is no longer open. */
  send(message: ClientMessage): boolean {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Sends a request and resolves with the response of type `expect` carrying the same rid.
   * Rejects with the server's error code when an `error` with that rid arrives.
   */
  request<T extends ServerMessageType>(
    message: RequestMessage,
    expect: T,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<MessageOf<ServerMessage, T>> {
    return new Promise((resolve, reject) => {
      if (this.pending.has(message.rid)) {
        reject(new SignallingError('bad_message', `rid ${message.rid} already in use`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(message.rid);
        reject(new SignallingError('timeout', `no ${expect} for ${message.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(message.rid, {
        expect,
        resolve: (response) => resolve(response as MessageOf<ServerMessage, T>),
        reject,
        timer,
      });
      if (!this.send(message)) this.settle(message.rid, new SignallingError('closed', 'socket is closed'));
    });
  }

  /** Closes the socket and waits (briefly) for the close handshake. */
  close(timeoutMs = 1_000): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000, 'bye');
    });
  }

  private onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const text = raw.toString('utf8');
    if (isBinary) {
      this.emit('invalid', 'binary frame', text);
      return;
    }
    const parsed = parseServerMessage(text);
    if (!parsed.ok) {
      this.emit('invalid', parsed.field ? `${parsed.message} (${parsed.field})` : parsed.message, text);
      return;
    }
    const message = parsed.value;
    if ('rid' in message && message.rid !== undefined && this.pending.has(message.rid)) {
      const pending = this.pending.get(message.rid);
      if (message.type === 'error') {
        this.settle(message.rid, new SignallingError(message.code, message.message, message.field));
        return;
      }
      if (pending?.expect === message.type) {
        this.settle(message.rid, message);
        return;
      }
    }
    this.emit('message', message);
  }

  private settle(rid: string, outcome: ServerMessage | SignallingError): void {
    const pending = this.pending.get(rid);
    if (!pending) return;
    this.pending.delete(rid);
    clearTimeout(pending.timer);
    if (outcome instanceof SignallingError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private onClose(code: number, reason: string): void {
    this.closed = true;
    for (const rid of [...this.pending.keys()]) {
      this.settle(rid, new SignallingError('closed', `socket closed (${code}) before a response`));
    }
    this.emit('close', code, reason);
  }
}
