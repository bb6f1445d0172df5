// The media engine the server uses: it runs and supervises Janus, keeps one API session to it,
// opens a MediaRoom per meeting, and after a Janus restart recreates every open room (empty).
import { AppError } from '@diemcau/protocol';
import { TypedEmitter } from './emitter.js';
import { JanusConnection } from './janus-client.js';
import {
  generateJanusConfig,
  resolveJanusConfig,
  writeJanusConfig,
  type GeneratedJanusConfig,
  type ResolvedJanusConfig,
} from './janus-config.js';
import { JanusProcess } from './janus-process.js';
import { JanusSession, type JanusHandle } from './janus-session.js';
import { MediaRoom, type RoomHost, type RoomOptions } from './room.js';
import {
  silentLogger,
  type EngineState,
  type JanusConfig,
  type Logger,
  type MediaEngineEvents,
} from './types.js';

const VIDEOROOM = 'janus.plugin.videoroom';
const RECONNECT_MS = [200, 500, 1000, 2000, 5000];

/** Runs Janus and gives the server rooms. Start it with `MediaEngine.start()`. */
export class MediaEngine extends TypedEmitter<MediaEngineEvents> {
  readonly #config: ResolvedJanusConfig;
  readonly #generated: GeneratedJanusConfig;
  readonly #process: JanusProcess;
  readonly #log: Logger;
  readonly #rooms = new Map<string, MediaRoom>();
  readonly #opening = new Map<string, Promise<MediaRoom>>();
  #state: EngineState = 'starting';
  #conn: JanusConnection | undefined;
  #session: JanusSession | undefined;
  #recovering: Promise<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #reconnectAttempt = 0;

  private constructor(config: ResolvedJanusConfig, log: Logger) {
    super();
    this.#config = config;
    this.#generated = generateJanusConfig(config);
    this.#log = log;
    this.#process = new JanusProcess(config, this.#generated, { log });
    this.#process.on('exit', (exit) => this.#down(`Janus exited (code ${exit.code}, signal ${exit.signal})`));
    this.#process.on('ready', ({ restart }) => {
      if (restart) this.#recover();
    });
  }

  /** Generates Janus's config, starts and supervises Janus, and connects to it. */
  static async start(config: JanusConfig, log: Logger = silentLogger): Promise<MediaEngine> {
    const resolved = resolveJanusConfig(config);
    const engine = new MediaEngine(resolved, log);
    await writeJanusConfig(engine.#generated);
    try {
      await engine.#process.start();
      await engine.#connect();
    } catch (err) {
      await engine.#process.stop();
      throw AppError.mediaUnavailable(err);
    }
    engine.#setState('up');
    return engine;
  }

  get state(): EngineState {
    return this.#state;
  }

  /** True when Janus runs and the engine is connected to it. */
  isUp(): boolean {
    return this.#state === 'up';
  }

  /** Janus's process id while it runs. */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Where Janus's output goes. */
  get logPath(): string {
    return this.#process.logPath;
  }

  /**
   * Opens the room `roomKey` (a VideoRoom whose string id is the key): Opus with FEC, VP8 with
   * simulcast, audio-level events, no recording. Idempotent per key.
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
    await this.#process.stop();
  }

  async #connect(): Promise<void> {
    const conn = await JanusConnection.connect(this.#generated.wsUrl, {
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
        if (this.#session === session && conn.isOpen) {
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
    this.#setState(this.#config.supervise ? 'restarting' : 'down');
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
      if (this.#process.pid !== undefined) this.#recover();
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
    return {
      log: this.#log,
      attach: (): Promise<JanusHandle> => {
        const session = this.#session;
        if (!session?.alive)
          return Promise.reject(AppError.mediaUnavailable(new Error(`media engine is ${this.#state}`)));
        return session.attach(VIDEOROOM);
      },
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
