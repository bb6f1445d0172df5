// Typed signalling client over one WebSocket: validated frames both ways, request/response by
// rid with timeouts, a typed event map, heartbeat pings and reconnection with backoff.
import {
  ClientMessage,
  parseServerMessage,
  type ErrorCode,
  type MessageOf,
  type ServerMessage,
} from '@diemcau/protocol';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { reconnectDelay } from './reconnect';
import { Emitter } from './emitter';

/** The part of the browser WebSocket this client uses (a fake implements it in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type RequestMessage = Extract<ClientMessage, { rid: string }>;
/** A request as the caller writes it: the client fills in the rid. */
export type OutgoingRequest = DistributiveOmit<RequestMessage, 'rid'>;

/** Which server message answers which request. */
export interface ReplyMap {
  join: MessageOf<ServerMessage, 'joined'>;
  publish: MessageOf<ServerMessage, 'publish.answer'>;
  unpublish: MessageOf<ServerMessage, 'ack'>;
  ping: MessageOf<ServerMessage, 'pong'>;
  'lobby.admit': MessageOf<ServerMessage, 'ack'>;
  'lobby.reject': MessageOf<ServerMessage, 'ack'>;
  'recording.start': MessageOf<ServerMessage, 'ack'>;
  'recording.stop': MessageOf<ServerMessage, 'ack'>;
  act: MessageOf<ServerMessage, 'ack'>;
  'mix.join': MessageOf<ServerMessage, 'mix.answer'>;
  'mix.leave': MessageOf<ServerMessage, 'ack'>;
  'present.ticket': MessageOf<ServerMessage, 'present.ticket'>;
}

/** An error the server answered with, or a local failure (timeout, disconnect). */
export class SignallingError extends Error {
  constructor(
    readonly code: ErrorCode | 'timeout' | 'disconnected',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SignallingError';
  }
}

export interface SignallingEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** The socket is open; `reconnected` is true when this is not the first open. */
  open: { reconnected: boolean };
  /** Every valid server message that did not answer a pending request. */
  message: ServerMessage;
  /** A frame that failed validation (logged; never acted on). */
  invalid: { reason: string };
  /** A reconnect is scheduled: attempt number (1-based) and the wait before it. */
  retry: { attempt: number; delayMs: number };
}

export interface SignallingOptions {
  url: string;
  socketFactory?: SocketFactory;
  requestTimeoutMs?: number;
  heartbeatMs?: number;
  backoff?: BackoffOptions;
}

interface Pending {
  type: RequestMessage['type'];
  resolve: (msg: ServerMessage) => void;
  reject: (err: SignallingError) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

export class SignallingClient extends Emitter<SignallingEvents> {
  readonly #url: string;
  readonly #factory: SocketFactory;
  readonly #timeoutMs: number;
  readonly #heartbeatMs: number;
  readonly #backoff: BackoffOptions;
  readonly #pending = new Map<string, Pending>();
  #socket: SocketLike | null = null;
  #state: ConnectionState = 'idle';
  #wanted = false;
  #everOpened = false;
  #attempt = 0;
  #ridCounter = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Close code of the last socket that dropped (null: no close frame, e.g. a lost pong). */
  #closeCode: number | null = null;
  #heartbeatTimer: ReturnType<typeof setInterval> | null = null;

  constructor(options: SignallingOptions) {
    super();
    this.#url = options.url;
    this.#factory = options.socketFactory ?? ((url) => new WebSocket(url));
    this.#timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#heartbeatMs = options.heartbeatMs ?? 20_000;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Opens the socket and keeps it open (reconnecting) until `close()`. */
  connect(): void {
    if (this.#wanted) return;
    this.#wanted = true;
    this.#open();
  }

  /** Closes for good: no reconnect; pending requests fail. */
  close(): void {
    this.#wanted = false;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#dropSocket();
    this.#failPending('disconnected', 'closed by client');
    this.#setState('closed');
  }

  /**
   * While waiting to reconnect, tries at once (the browser came back online): the backoff is for
   * an unreachable server, not for a network that just returned.
   */
  reconnectNow(): void {
    if (!this.#wanted || this.#reconnectTimer === null) return;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#open();
  }

  /** Sends a fire-and-forget message. Returns false when the socket is not open (dropped). */
  send(message: ClientMessage): boolean {
    const checked = ClientMessage.safeParse(message);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new SignallingError(
        'validation_failed',
        issue?.message ?? 'invalid message',
        issue?.path.join('.'),
      );
    }
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(checked.data));
    return true;
  }

  /** Sends a request and resolves with its reply (matched by rid); rejects on error or timeout. */
  request<M extends OutgoingRequest>(message: M, timeoutMs = this.#timeoutMs): Promise<ReplyMap[M['type']]> {
    const rid = `r${++this.#ridCounter}-${Math.random().toString(36).slice(2, 8)}`;
    const full = { ...message, rid };
    return new Promise<ReplyMap[M['type']]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(rid);
        reject(new SignallingError('timeout', `no reply to ${full.type} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(rid, {
        type: full.type,
        resolve: resolve as (msg: ServerMessage) => void,
        reject,
        timer,
      });
      try {
        if (!this.send(full)) throw new SignallingError('disconnected', 'not connected');
      } catch (err) {
        clearTimeout(timer);
        this.#pending.delete(rid);
        reject(err instanceof SignallingError ? err : new SignallingError('internal', String(err)));
      }
    });
  }

  #open(): void {
    this.#setState(this.#everOpened ? 'reconnecting' : 'connecting');
    let socket: SocketLike;
    try {
      socket = this.#factory(this.#url);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      const reconnected = this.#everOpened;
      this.#everOpened = true;
      this.#attempt = 0;
      this.#startHeartbeat();
      this.#setState('open');
      this.emit('open', { reconnected });
    };
    socket.onmessage = (ev) => this.#onFrame(ev.data);
    socket.onerror = () => undefined; // onclose follows and handles it
    socket.onclose = (ev) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#closeCode = typeof ev.code === 'number' ? ev.code : null;
      this.#afterDrop();
    };
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      this.emit('invalid', { reason: 'binary frame' });
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      console.warn('[diemcau] invalid server frame', parsed.message, parsed.field);
      this.emit('invalid', { reason: parsed.message });
      return;
    }
    const msg = parsed.value;
    const rid = 'rid' in msg ? msg.rid : undefined;
    const pending = rid === undefined ? undefined : this.#pending.get(rid);
    if (rid !== undefined && pending && msg.type === 'lobby.waiting') {
      // NOTE: a guest's join stays pending while they wait in the lobby, however long the chair
      // takes; `joined` (admitted) or `error` (refused) with the same rid settles it.
      clearTimeout(pending.timer);
      this.emit('message', msg);
      return;
    }
    if (rid !== undefined && pending) {
      this.#pending.delete(rid);
      clearTimeout(pending.timer);
      if (msg.type === 'error') pending.reject(new SignallingError(msg.code, msg.message, msg.field));
      else pending.resolve(msg);
      return;
    }
    this.emit('message', msg);
  }

  #afterDrop(): void {
    this.#stopHeartbeat();
    this.#failPending('disconnected', 'connection lost');
    if (this.#wanted) this.#scheduleReconnect();
    else this.#setState('closed');
  }

  #scheduleReconnect(): void {
    this.#setState('reconnecting');
    const delay = reconnectDelay(this.#attempt++, this.#closeCode, this.#backoff);
    this.#closeCode = null;
    this.emit('retry', { attempt: this.#attempt, delayMs: delay });
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#wanted) this.#open();
    }, delay);
  }

  /** Detaches and closes the current socket without waiting for its close event. */
  #dropSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#stopHeartbeat();
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, 'bye');
    } catch {
      // already closed
    }
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    this.#heartbeatTimer = setInterval(() => {
      this.request({ type: 'ping' }, Math.min(10_000, this.#heartbeatMs)).catch((err: unknown) => {
        // NOTE: a half-open TCP connection may never fire onclose; a lost pong forces a reconnect.
        if (err instanceof SignallingError && err.code === 'timeout' && this.#socket) {
          this.#dropSocket();
          this.#afterDrop();
        }
      });
    }, this.#heartbeatMs);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }

  #failPending(code: 'disconnected', message: string): void {
    for (const [rid, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(rid);
      pending.reject(new SignallingError(code, message));
    }
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
