// One network-test socket (/ws/nettest): a paired kiosk publishes into a private Janus room of its
// own and receives the same feed back (loopback through the SFU), so that it can measure its line
// without touching any meeting. The room closes with the socket, or after `maxMs` at the latest.
import { randomBytes } from 'node:crypto';
import { AppError, NetTestClientMessage, toAppError } from '@diemcau/protocol';
import type { IceServer, NetTestServerMessage } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { DeviceService } from '../devices/service.js';
import type { Identity } from '../live/admission.js';
import type { MediaEnginePort, MediaRoomPort, MediaSubscriberPort } from '../live/ports.js';
import { TokenBucket } from '../live/rate-limit.js';
import type { Transport } from '../live/connection.js';

/** A session ends after this long whatever the client does (two 8 s legs run on two sockets). */
export const NETTEST_MAX_MS = 45_000;
/** At most this many tests run at once on a server: each holds a Janus room and two connections. */
export const NETTEST_MAX_SESSIONS = 12;
const FEEDREADY_TIMEOUT_MS = 15_000;

/** The sessions running now: at most one per device, and at most a few in all. */
export class NetTestRegistry {
  readonly #byDevice = new Map<string, NetTestSession>();

  constructor(readonly maxSessions = NETTEST_MAX_SESSIONS) {}

  get size(): number {
    return this.#byDevice.size;
  }

  /** Takes the device's slot; a session it still holds (a leg that did not close) is ended first. */
  claim(deviceId: string, session: NetTestSession): boolean {
    const previous = this.#byDevice.get(deviceId);
    if (previous && previous !== session) previous.end('replaced by a new test');
    else if (this.#byDevice.size >= this.maxSessions) return false;
    this.#byDevice.set(deviceId, session);
    return true;
  }

  release(deviceId: string, session: NetTestSession): void {
    if (this.#byDevice.get(deviceId) === session) this.#byDevice.delete(deviceId);
  }
}

export interface NetTestSessionDeps {
  media: MediaEnginePort | null;
  devices: Pick<DeviceService, 'resolveToken'>;
  /** ICE servers with TURN credentials of this device's own (as in a meeting's `joined`). */
  iceServers: (identity: Identity) => IceServer[];
  registry: NetTestRegistry;
  log: Logger;
  maxMs?: number;
}

type State =
  | { kind: 'idle' }
  | { kind: 'started'; deviceId: string; room: MediaRoomPort; feed: string; sub: MediaSubscriberPort | null }
  | { kind: 'closed' };

export class NetTestSession {
  #state: State = { kind: 'idle' };
  #chain: Promise<void> = Promise.resolve();
  #feedReady = false;
  readonly #feedWaiters: (() => void)[] = [];
  readonly #bucket = new TokenBucket(30, 120);
  readonly #timer: NodeJS.Timeout;
  readonly #id = `nt${randomBytes(6).toString('base64url')}`;

  constructor(
    private readonly transport: Transport,
    private readonly deps: NetTestSessionDeps,
  ) {
    this.#timer = setTimeout(() => this.end('time is up'), deps.maxMs ?? NETTEST_MAX_MS);
    this.#timer.unref();
  }

  /** Handles one text frame; frames run one after another, in order. */
  receive(text: string): void {
    if (!this.#bucket.take()) {
      this.end('too many messages');
      return;
    }
    this.#chain = this.#chain.then(() => this.#handle(text));
  }

  /** The socket closed: free the room. */
  closed(): void {
    void this.#teardown();
  }

  /** Ends the session from our side (time limit, replaced, protocol error). */
  end(reason: string): void {
    if (this.#state.kind === 'closed') return;
    void this.#teardown();
    this.transport.close(4000, reason);
  }

  async #handle(text: string): Promise<void> {
    if (this.#state.kind === 'closed') return;
    let parsed: NetTestClientMessage;
    try {
      parsed = NetTestClientMessage.parse(JSON.parse(text));
    } catch {
      this.#fail(AppError.badMessage('not a network-test message'));
      return;
    }
    try {
      await this.#dispatch(parsed);
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'internal') this.deps.log.warn({ err, session: this.#id }, 'network test failed');
      this.#fail(e);
    }
  }

  async #dispatch(m: NetTestClientMessage): Promise<void> {
    if (m.type === 'nettest.start') return this.#start(m.deviceToken);
    const s = this.#state;
    if (s.kind !== 'started') throw new AppError('wrong_state', 'send nettest.start first');
    switch (m.type) {
      case 'nettest.publish': {
        const { answerSdp } = await s.room.publish(s.feed, m.sdp, {
          display: 'network test',
          audio: true,
          video: true,
        });
        return this.#send({ type: 'nettest.publish.answer', sdp: answerSdp });
      }
      case 'nettest.trickle':
        if (m.target === 'publisher') return s.room.trickleFeed(s.feed, m.candidate);
        return s.sub?.trickle(m.candidate);
      case 'nettest.subscribe': {
        await this.#waitFeedReady();
        s.sub = s.room.subscriber(`${this.#id}-loop`);
        const offer = await s.sub.update([{ feed: s.feed, audio: true, video: true }]);
        if (!offer) throw new AppError('subscribe_failed', 'the test feed is not live');
        return this.#send({ type: 'nettest.subscribe.offer', sdp: offer.offerSdp });
      }
      case 'nettest.answer':
        if (!s.sub) throw new AppError('wrong_state', 'send nettest.subscribe first');
        await s.sub.answer(m.sdp);
        return this.#send({ type: 'nettest.subscribed' });
    }
  }

  async #start(deviceToken: string): Promise<void> {
    if (this.#state.kind !== 'idle') throw new AppError('wrong_state', 'the test has started already');
    const device = await this.deps.devices.resolveToken(deviceToken);
    if (!device || device.bridgePointId === null)
      throw AppError.unauthorized('this bridge-point device is not paired');
    const media = this.deps.media;
    if (!media || !media.isUp()) throw AppError.mediaUnavailable();
    if (!this.deps.registry.claim(device.deviceId, this))
      throw new AppError('rate_limited', 'too many network tests at once; try again in a minute');
    let room: MediaRoomPort;
    try {
      // NOTE: a room of its own per session; the key can never be a meeting id (those have no '~'
      // but neither prefix), and Janus keeps it apart from every meeting's room.
      room = await media.openRoom(`nettest-${device.deviceId}-${this.#id}`);
    } catch (err) {
      this.deps.registry.release(device.deviceId, this);
      throw err instanceof AppError ? err : AppError.mediaUnavailable(err);
    }
    const feed = `${this.#id}:camera`;
    room.on('feedready', (key) => {
      if (key !== feed) return;
      this.#feedReady = true;
      for (const wake of this.#feedWaiters.splice(0)) wake();
    });
    if (this.#state.kind !== 'idle') {
      // The socket closed while the room opened.
      this.deps.registry.release(device.deviceId, this);
      await room.close();
      return;
    }
    this.#state = { kind: 'started', deviceId: device.deviceId, room, feed, sub: null };
    const identity: Identity = {
      name: 'network test',
      bridgePoint: null,
      role: 'bridge_point',
      moderator: false,
      userId: null,
      personId: null,
      deviceId: device.deviceId,
      bridgePointId: device.bridgePointId,
    };
    const iceServers = this.deps.iceServers(identity);
    const turn = iceServers.some((s) =>
      (Array.isArray(s.urls) ? s.urls : [s.urls]).some((u) => /^turns?:/i.test(u)),
    );
    this.#send({ type: 'nettest.ready', iceServers, turn, maxMs: this.deps.maxMs ?? NETTEST_MAX_MS });
  }

  /** Janus subscribes only to a feed whose media arrived; wait for it (the publisher's ICE). */
  async #waitFeedReady(): Promise<void> {
    if (this.#feedReady) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#feedWaiters.indexOf(wake);
        if (i >= 0) this.#feedWaiters.splice(i, 1);
        reject(new AppError('subscribe_failed', 'no media reached the server from this device'));
      }, FEEDREADY_TIMEOUT_MS);
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.#feedWaiters.push(wake);
    });
  }

  #send(m: NetTestServerMessage): void {
    if (this.#state.kind !== 'closed') this.transport.send(JSON.stringify(m));
  }

  /** Tells the client what went wrong and ends the session: a test is not worth retrying in place. */
  #fail(e: AppError): void {
    this.#send({ type: 'nettest.error', code: e.code, message: e.message });
    this.end(e.code);
  }

  async #teardown(): Promise<void> {
    const s = this.#state;
    this.#state = { kind: 'closed' };
    clearTimeout(this.#timer);
    if (s.kind !== 'started') return;
    this.deps.registry.release(s.deviceId, this);
    await s.room
      .close()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'closing a network-test room failed'));
  }
}
