// A Janus session (kept alive every 25 s) and its plugin handles: plugin messages with an optional
// JSEP, trickle, and the handle's own events (webrtcup, media, hangup, slowlink, plugin events).
import { AppError } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { JanusError, type JanusConnection } from './janus-client.js';
import type { HandleMessage, JanusCandidate, JanusMessage, Jsep } from './janus-wire.js';
import { silentLogger, type Logger } from './types.js';

/** A plugin's answer to a message: its `data` and, when it renegotiates, a JSEP. */
export interface PluginReply {
  data: Record<string, unknown>;
  jsep: Jsep | undefined;
}

export type HandleEvents = {
  /** A plugin event that answers none of our requests (notifications, Janus-initiated offers). */
  event: [Record<string, unknown>, Jsep | undefined];
  webrtcup: [];
  media: ['audio' | 'video', string | undefined, boolean];
  slowlink: [{ uplink: boolean; lost: number; mid: string | undefined }];
  /** The PeerConnection went away (ICE failure, DTLS alert, hangup request). */
  hangup: [string];
  /** The handle is gone: detached by us, by Janus, or with its whole session. */
  detached: [DetachReason];
  listenererror: [string, unknown];
};

/** Why a handle went away. */
export type DetachReason = 'us' | 'janus' | 'session';

/** One attachment to a plugin. Created by `JanusSession.attach()`. */
export class JanusHandle extends TypedEmitter<HandleEvents> {
  readonly id: number;
  readonly #session: JanusSession;
  #gone = false;

  constructor(session: JanusSession, id: number) {
    super();
    this.#session = session;
    this.id = id;
  }

  /** True once detached (by us or by Janus) or once the session is lost. */
  get detached(): boolean {
    return this.#gone;
  }

  /**
   * Sends a plugin message and waits for the plugin's answer, whether synchronous (`success`)
   * or asynchronous (`ack`, then `event`). A plugin `error_code` rejects with JanusError.
   */
  async message(body: object, jsep?: Jsep, timeoutMs?: number): Promise<PluginReply> {
    this.#assertUsable();
    const reply = await this.#session.connection.request(
      {
        janus: 'message',
        session_id: this.#session.id,
        handle_id: this.id,
        body,
        ...(jsep ? { jsep } : {}),
      },
      'reply',
      timeoutMs,
    );
    if (reply.janus !== 'success' && reply.janus !== 'event') {
      throw new JanusError(0, `unexpected ${reply.janus} to a plugin message`);
    }
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === 'number') {
      throw new JanusError(data.error_code, typeof data.error === 'string' ? data.error : 'plugin error');
    }
    return { data, jsep: reply.janus === 'event' ? reply.jsep : undefined };
  }

  /** Trickles one ICE candidate to Janus; `null` says gathering completed. */
  async trickle(candidate: Exclude<JanusCandidate, { completed: true }> | null): Promise<void> {
    this.#assertUsable();
    await this.#session.connection.request(
      {
        janus: 'trickle',
        session_id: this.#session.id,
        handle_id: this.id,
        candidate: candidate ?? { completed: true },
      },
      'ack',
    );
  }

  /** Detaches from the plugin (Janus hangs up its PeerConnection). Idempotent; never throws. */
  async detach(): Promise<void> {
    if (this.#gone) return;
    this.markGone('us');
    if (!this.#session.connection.isOpen) return;
    try {
      await this.#session.connection.request({
        janus: 'detach',
        session_id: this.#session.id,
        handle_id: this.id,
      });
    } catch {
      // NOTE: the handle may already be gone in Janus (hang-up, restart); nothing left to free.
    }
  }

  /** @internal Called by the session when Janus reports the handle gone or the session is lost. */
  markGone(reason: DetachReason): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#session.forget(this.id);
    this.emit('detached', reason);
  }

  /** @internal Routes one Janus event about this handle. */
  dispatch(msg: HandleMessage): void {
    switch (msg.janus) {
      case 'event':
        this.emit('event', msg.plugindata.data, msg.jsep);
        break;
      case 'webrtcup':
        this.emit('webrtcup');
        break;
      case 'media':
        this.emit('media', msg.type, msg.mid, msg.receiving);
        break;
      case 'slowlink':
        this.emit('slowlink', { uplink: msg.uplink, lost: msg.lost ?? 0, mid: msg.mid });
        break;
      case 'hangup':
        this.emit('hangup', msg.reason ?? 'unknown');
        break;
      case 'detached':
        this.markGone('janus');
        break;
      case 'trickle':
        // NOTE: Janus runs half-trickle: its candidates are already in its SDP.
        break;
    }
  }

  #assertUsable(): void {
    if (this.#gone) throw AppError.mediaUnavailable(new Error(`Janus handle ${this.id} is gone`));
  }
}

export type SessionEvents = {
  /** The session is over (socket closed, Janus timed it out); all its handles are gone. */
  lost: [Error];
  listenererror: [string, unknown];
};

/** A Janus session on one connection, kept alive while it lives. */
export class JanusSession extends TypedEmitter<SessionEvents> {
  readonly id: number;
  readonly connection: JanusConnection;
  readonly #handles = new Map<number, JanusHandle>();
  readonly #log: Logger;
  #keepalive: NodeJS.Timeout | undefined;
  #lost = false;
  readonly #onMessage = (m: JanusMessage): void => this.#route(m);
  readonly #onClose = (err: Error): void => this.#lose(err);

  private constructor(connection: JanusConnection, id: number, keepaliveMs: number, log: Logger) {
    super();
    this.connection = connection;
    this.id = id;
    this.#log = log;
    connection.on('message', this.#onMessage);
    connection.on('close', this.#onClose);
    this.#keepalive = setInterval(() => {
      connection.request({ janus: 'keepalive', session_id: id }, 'ack').catch((err: unknown) => {
        log.warn({ err, session: id }, 'Janus keepalive failed');
      });
    }, keepaliveMs);
    this.#keepalive.unref();
  }

  /** Creates a session; `keepaliveMs` must stay below Janus's session_timeout (60 s). */
  static async create(
    connection: JanusConnection,
    opts: { keepaliveMs?: number; log?: Logger } = {},
  ): Promise<JanusSession> {
    const reply = await connection.request({ janus: 'create' });
    if (reply.janus !== 'success' || reply.data === undefined)
      throw new JanusError(0, 'create: no session id');
    return new JanusSession(connection, reply.data.id, opts.keepaliveMs ?? 25_000, opts.log ?? silentLogger);
  }

  /** True until the session is destroyed or lost. */
  get alive(): boolean {
    return !this.#lost && this.connection.isOpen;
  }

  /** Attaches a new handle to `plugin` (e.g. `janus.plugin.videoroom`). */
  async attach(plugin: string, opaqueId?: string): Promise<JanusHandle> {
    if (this.#lost) throw AppError.mediaUnavailable(new Error('Janus session lost'));
    const reply = await this.connection.request({
      janus: 'attach',
      session_id: this.id,
      plugin,
      ...(opaqueId ? { opaque_id: opaqueId } : {}),
    });
    if (reply.janus !== 'success' || reply.data === undefined)
      throw new JanusError(0, 'attach: no handle id');
    const handle = new JanusHandle(this, reply.data.id);
    this.#handles.set(handle.id, handle);
    return handle;
  }

  /** Destroys the session in Janus (best effort) and stops the keepalive. */
  async destroy(): Promise<void> {
    if (this.#lost) return;
    const open = this.connection.isOpen;
    this.#lose(new Error('session destroyed'));
    if (!open) return;
    try {
      await this.connection.request({ janus: 'destroy', session_id: this.id });
    } catch {
      // NOTE: best effort: Janus destroys the session anyway when our socket closes.
    }
  }

  /** @internal */
  forget(handleId: number): void {
    this.#handles.delete(handleId);
  }

  #route(m: JanusMessage): void {
    if (m.janus === 'timeout' && m.session_id === this.id) {
      this.#lose(new Error('Janus timed the session out'));
      return;
    }
    if (!('sender' in m) || m.session_id !== this.id || m.janus === 'success') return;
    const handle = this.#handles.get(m.sender);
    if (handle) handle.dispatch(m);
    else this.#log.debug({ janus: m.janus, sender: m.sender }, 'event for an unknown handle');
  }

  #lose(err: Error): void {
    if (this.#lost) return;
    this.#lost = true;
    clearInterval(this.#keepalive);
    this.#keepalive = undefined;
    this.connection.off('message', this.#onMessage);
    this.connection.off('close', this.#onClose);
    for (const handle of [...this.#handles.values()]) handle.markGone('session');
    this.emit('lost', err);
  }
}
