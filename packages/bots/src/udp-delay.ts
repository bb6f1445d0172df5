// A UDP relay that delays every datagram, for the latency and jitter tests. This kernel has no
// sch_netem (and no NFQUEUE, no fq for EDT), so delay cannot come from the kernel; but a bot that
// sends all its media through TURN over UDP talks to one address only, the TURN server, and that
// leg can go through this relay: the bot is given the relay's address as its TURN server, and the
// relay forwards to coturn from one socket per client, holding each datagram for
// `delayMs ± jitterMs` (uniform, drawn per datagram and per direction, like netem's `delay d j`:
// jitter larger than the packet spacing reorders packets, as it would on a real line).
import dgram from 'node:dgram';

export interface DelayProfile {
  /** One-way delay added in each direction (the round trip grows by twice this). */
  delayMs: number;
  /** Each datagram's delay is drawn uniformly from delayMs ± jitterMs (never below 0). */
  jitterMs: number;
}

export interface UdpDelayStats {
  /** Datagrams forwarded towards the target, and back towards the clients. */
  up: number;
  down: number;
  /** Mean and largest delay actually applied (timer lateness included), over both directions. */
  meanDelayMs: number;
  maxDelayMs: number;
  /** Datagrams delivered after one that was sent later in the same flow (jitter reorders). */
  reordered: number;
}

export interface UdpDelayOptions {
  /** Address the relay listens on and sends to the target from. */
  host: string;
  /** Where datagrams go (coturn's UDP listener). */
  target: { host: string; port: number };
  profile: DelayProfile;
  /** Uniform [0, 1) source; tests pass a fixed sequence. */
  random?: () => number;
}

export function checkProfile(p: DelayProfile): DelayProfile {
  if (!(Number.isFinite(p.delayMs) && p.delayMs >= 0 && p.delayMs <= 5_000)) {
    throw new Error(`delay must be 0–5000 ms, got ${p.delayMs}`);
  }
  if (!(Number.isFinite(p.jitterMs) && p.jitterMs >= 0 && p.jitterMs <= p.delayMs)) {
    throw new Error(`jitter must be 0–delay ms, got ${p.jitterMs}`);
  }
  return { ...p };
}

/** The delay of one datagram under a profile, from one uniform draw u ∈ [0, 1). */
export const drawDelay = (p: DelayProfile, u: number): number =>
  Math.max(0, p.delayMs + (2 * u - 1) * p.jitterMs);

export class UdpDelayProxy {
  private profile: DelayProfile;
  private readonly random: () => number;
  private readonly clients = new Map<string, dgram.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private up = 0;
  private down = 0;
  private delaySum = 0;
  private delayMax = 0;
  private reordered = 0;
  /** Per direction and client: the sequence number of the last datagram delivered. */
  private readonly lastDelivered = new Map<string, number>();
  private seq = 0;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly options: UdpDelayOptions,
  ) {
    this.profile = checkProfile(options.profile);
    this.random = options.random ?? Math.random;
  }

  /** Starts listening on an ephemeral port of `options.host`. */
  static async start(options: UdpDelayOptions): Promise<UdpDelayProxy> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const proxy = new UdpDelayProxy(socket, options);
    socket.on('message', (msg, from) => proxy.fromClient(msg, from));
    socket.on('error', () => undefined);
    return proxy;
  }

  /** The port clients send to (on `options.host`). */
  get port(): number {
    return this.socket.address().port;
  }

  /** Changes the delay from now on (datagrams already held keep theirs). */
  setProfile(profile: DelayProfile): void {
    this.profile = checkProfile(profile);
  }

  stats(): UdpDelayStats {
    const n = this.up + this.down;
    return {
      up: this.up,
      down: this.down,
      meanDelayMs: n === 0 ? 0 : this.delaySum / n,
      maxDelayMs: this.delayMax,
      reordered: this.reordered,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const sockets = [this.socket, ...this.clients.values()];
    this.clients.clear();
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  private fromClient(msg: Buffer, from: dgram.RemoteInfo): void {
    const key = `${from.address}:${from.port}`;
    let upstream = this.clients.get(key);
    if (!upstream) {
      // One socket per client, so the target sees each client as a distinct 5-tuple (as coturn
      // must: allocations are keyed by it) and its answers find their way back.
      upstream = dgram.createSocket('udp4');
      upstream.bind(0, this.options.host);
      upstream.on('error', () => undefined);
      upstream.on('message', (back) =>
        this.hold(`down ${key}`, () => this.socket.send(back, from.port, from.address), 'down'),
      );
      this.clients.set(key, upstream);
    }
    const socket = upstream;
    const { port, host } = this.options.target;
    this.hold(`up ${key}`, () => socket.send(msg, port, host), 'up');
  }

  private hold(flow: string, send: () => void, direction: 'up' | 'down'): void {
    if (this.closed) return;
    const seq = ++this.seq;
    const wanted = drawDelay(this.profile, this.random());
    const queuedAt = performance.now();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      const applied = performance.now() - queuedAt;
      this.delaySum += applied;
      this.delayMax = Math.max(this.delayMax, applied);
      if (direction === 'up') this.up += 1;
      else this.down += 1;
      const last = this.lastDelivered.get(flow) ?? 0;
      if (seq < last) this.reordered += 1;
      else this.lastDelivered.set(flow, seq);
      try {
        send();
      } catch {
        // A socket closed under us (the client went away): the datagram is lost, as on a line.
      }
    }, wanted);
    this.timers.add(timer);
  }
}
