// The media engine the server uses: it runs and supervises Janus, keeps one API session to it,
// opens a MediaRoom per meeting, and after a Janus restart recreates every open room (empty).
import { AppError } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { JanusConnection } from './janus-client.js';
import {
  audiobridgeAdminKey,
  generateJanusConfig,
  resolveJanusConfig,
  writeJanusConfig,
  type ResolvedJanusConfig,
} from './janus-config.js';
import { JanusProcess } from './janus-process.js';
import { JanusSession, type JanusHandle } from './janus-session.js';
import { MediaRoom, type RoomHost, type RoomOptions, type RoomStats } from './room.js';
import {
  silentLogger,
  type EngineState,
  type JanusConfig,
  type Logger,
  type MediaEngineEvents,
} from './types.js';

const VIDEOROOM = 'janus.plugin.videoroom';
const AUDIOBRIDGE = 'janus.plugin.audiobridge';
const RECONNECT_MS = [200, 500, 1000, 2000, 5000];

/** A Janus that runs elsewhere (another host, or a process we do not supervise). */
export interface RemoteJanus {
  /** Its WebSocket API, e.g. `ws://10.0.0.5:8188`. */
  url: string;
  apiSecret: string;
}

/** How much an engine carries now: its rooms and what they hold. */
export interface EngineLoad extends RoomStats {
  rooms: number;
}

/**
 * Runs Janus (or connects to a remote one) and gives the server rooms. Start it with
 * `MediaEngine.start()` or `MediaEngine.connect()`.
 */
export class MediaEngine extends TypedEmitter<MediaEngineEvents> {
  readonly #config: ResolvedJanusConfig;
  readonly #wsUrl: string;
  /** Undefined for a remote Janus: then we only keep reconnecting to it. */
  readonly #process: JanusProcess | undefined;
  readonly #log: Logger;
  readonly #rooms = new Map<string, MediaRoom>();
  readonly #opening = new Map<string, Promise<MediaRoom>>();
  #state: EngineState = 'starting';
  #conn: JanusConnection | undefined;
  #session: JanusSession | undefined;
  #recovering: Promise<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #reconnectAttempt = 0;

  private constructor(config: ResolvedJanusConfig, log: Logger, remote?: RemoteJanus) {
    super();
    this.#config = config;
    this.#log = log;
    if (remote) {
      this.#wsUrl = remote.url;
      this.#process = undefined;
      return;
    }
    const generated = generateJanusConfig(config);
    this.#wsUrl = generated.wsUrl;
    this.#process = new JanusProcess(config, generated, { log });
    this.#process.on('exit', (exit) => this.#down(`Janus exited (code ${exit.code}, signal ${exit.signal})`));
    this.#process.on('ready', ({ restart }) => {
      if (restart) this.#recover();
    });
  }

  /** Generates Janus's config, starts and supervises Janus, and connects to it. */
  static async start(config: JanusConfig, log: Logger = silentLogger): Promise<MediaEngine> {
    const resolved = resolveJanusConfig(config);
    const engine = new MediaEngine(resolved, log);
    const process = engine.#process;
    if (!process) throw new Error('unreachable: a local engine has a process');
    await writeJanusConfig(generateJanusConfig(resolved));
    try {
      await process.start();
      await engine.#connect();
    } catch (err) {
      await process.stop();
      throw AppError.mediaUnavailable(err);
    }
    engine.#setState('up');
    return engine;
  }

  /**
   * Connects to a Janus we do not run. When it cannot be reached now the engine starts 'down'
   * and keeps reconnecting (with backoff) until it answers; it never throws for that.
   */
  static async connect(remote: RemoteJanus, log: Logger = silentLogger): Promise<MediaEngine> {
    // NOTE: only the secret matters for a remote Janus; runtimeDir is unused (no files, no process).
    const resolved = resolveJanusConfig({ runtimeDir: '.', apiSecret: remote.apiSecret });
    const engine = new MediaEngine(resolved, log, remote);
    try {
      await engine.#connect();
      engine.#setState('up');
    } catch (err) {
      log.warn({ err, url: remote.url }, 'remote Janus unreachable; retrying');
      engine.#setState('down');
      engine.#scheduleReconnect();
    }
    return engine;
  }

  get state(): EngineState {
    return this.#state;
  }

  /** True when Janus runs and the engine is connected to it. */
  isUp(): boolean {
    return this.#state === 'up';
  }

  /** Janus's process id while it runs (undefined for a remote Janus). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** Where Janus's output goes ('' for a remote Janus). */
  get logPath(): string {
    return this.#process?.logPath ?? '';
  }

  /** The WebSocket API this engine talks to. */
  get url(): string {
    return this.#wsUrl;
  }

  /** Rooms open here and the publishers, remote feeds and subscribers they hold. */
  load(): EngineLoad {
    const load: EngineLoad = { rooms: this.#rooms.size, publishers: 0, remoteFeeds: 0, subscribers: 0 };
    for (const room of this.#rooms.values()) {
      const s = room.stats();
      load.publishers += s.publishers;
      load.remoteFeeds += s.remoteFeeds;
      load.subscribers += s.subscribers;
    }
    return load;
  }

  /**
   * Opens the room `roomKey` (a VideoRoom whose string id is the key): Opus with FEC, VP8 with
   * simulcast, audio-level events, not recording until `MediaRoom.setRecording`. Idempotent per key.
   */
  openRoom(roomKey: string, opts: RoomOptions = {}): Promise<MediaRoom> {
    const open = this.#rooms.get(roomKey);
    if (open) return Promise.resolve(open);
    const pending = this.#opening.get(roomKey);
    if (pending) return pending;
    if (this.#state !== 'up')
      return Promise.reject(AppError.mediaUnavailable(new Error(`media engine is ${this.#state}`)));
    if (roomKey.length === 0 || roomKey.startsWith('~'))
      return Promise.reject(AppError.badMessage('bad room key', 'roomKey'));
    const room = new MediaRoom(this.#roomHost(), roomKey, opts);
    const opening = room
      .setup()
      .then(() => {
        this.#rooms.set(roomKey, room);
        return room;
      })
      .finally(() => this.#opening.delete(roomKey));
    this.#opening.set(roomKey, opening);
    return opening;
  }

  /** Closes every room, stops Janus and leaves no process behind. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasUp = this.#state === 'up';
    this.#setState('closed');
    clearTimeout(this.#reconnectTimer);
    if (wasUp) await Promise.allSettled([...this.#rooms.values()].map((r) => r.close()));
    else for (const room of this.#rooms.values()) room.lose();
    this.#rooms.clear();
    await this.#session?.destroy();
    this.#conn?.close();
    this.#session = undefined;
    this.#conn = undefined;
    await this.#process?.stop();
  }

  async #connect(): Promise<void> {
    const conn = await JanusConnection.connect(this.#wsUrl, {
      apiSecret: this.#config.apiSecret,
      log: this.#log,
    });
    try {
      const session = await JanusSession.create(conn, { log: this.#log });
      this.#conn = conn;
      this.#session = session;
      conn.on('close', (err) => {
        if (this.#conn === conn) this.#down(`Janus connection lost: ${err.message}`);
      });
      session.on('lost', (err) => {
        // NOTE: close() destroys the session itself; that is not a loss.
        if (this.#session === session && conn.isOpen && this.#state !== 'closed') {
          // NOTE: a session Janus timed out cannot be revived; dropping the socket starts recovery.
          this.#log.warn({ err }, 'Janus session lost');
          conn.terminate();
        }
      });
    } catch (err) {
      conn.close();
      throw err;
    }
  }

  /** Janus or our link to it went away: fail fast, forget every handle, and wait to recover. */
  #down(why: string): void {
    if (this.#state === 'closed') return;
    const conn = this.#conn;
    this.#conn = undefined;
    this.#session = undefined;
    conn?.terminate();
    for (const room of this.#rooms.values()) room.lose();
    if (this.#state === 'up') this.#log.error({ why }, 'media engine down');
    this.#setState(this.#process && this.#config.supervise ? 'restarting' : 'down');
    // NOTE: when Janus itself died, its 'ready' after the restart triggers recovery; when only
    // the socket dropped, Janus still runs and we reconnect to it.
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    clearTimeout(this.#reconnectTimer);
    if (this.#state === 'closed' || this.#state === 'up') return;
    const delay = RECONNECT_MS[Math.min(this.#reconnectAttempt, RECONNECT_MS.length - 1)] ?? 5000;
    this.#reconnectAttempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      // NOTE: a remote Janus may come back at any time: keep knocking.
      if (!this.#process || this.#process.pid !== undefined) this.#recover();
      else if (!this.#config.supervise) this.#setState('down');
    }, delay);
  }

  /** Reconnects, recreates every open room (empty), then emits 'reset' on each and 'restarted'. */
  #recover(): void {
    if (this.#recovering || this.#state === 'closed' || this.#state === 'up') return;
    this.#recovering = (async () => {
      try {
        await this.#connect();
        const results = await Promise.allSettled([...this.#rooms.values()].map((r) => r.recreate()));
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        if (this.#state === 'closed') return;
        this.#reconnectAttempt = 0;
        this.#setState('up');
        this.#log.info({ rooms: this.#rooms.size, pid: this.pid }, 'media engine recovered');
        this.emit('restarted');
      } catch (err) {
        this.#log.warn({ err }, 'media engine recovery failed; retrying');
        const conn = this.#conn;
        this.#conn = undefined;
        this.#session = undefined;
        conn?.terminate();
        this.#scheduleReconnect();
      }
    })().finally(() => {
      this.#recovering = undefined;
    });
  }

  #roomHost(): RoomHost {
    const attach = (plugin: string): Promise<JanusHandle> => {
      const session = this.#session;
      if (!session?.alive)
        return Promise.reject(AppError.mediaUnavailable(new Error(`media engine is ${this.#state}`)));
      return session.attach(plugin);
    };
    return {
      log: this.#log,
      attach: () => attach(VIDEOROOM),
      attachBridge: () => attach(AUDIOBRIDGE),
      bridgeAdminKey: audiobridgeAdminKey(this.#config.apiSecret),
      roomClosed: (room) => {
        if (this.#rooms.get(room.key) === room) this.#rooms.delete(room.key);
      },
    };
  }

  #setState(state: EngineState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
