// A bot on a network of its own, for system tests and benchmarks: a network namespace behind a
// bridge that hangs off the media veth (dc1), so that it reaches Janus exactly as a LAN host would;
// its downlink can be rate-capped (`tc tbf`), lose packets at random or in bursts (nftables, see
// `LossProfile`), and its signalling can be cut. Runs processes (the bot CLI, `nft`) inside it.
// Must run inside scripts/in-netns.sh (root; a private namespace with Janus on 127.0.0.2 at dc0).
//
// NOTE on the topology. Janus is pinned to dc0 (ice_enforce_list) and sends only through it, so a
// bot must sit behind dc0's peer: dc1 is a port of the bridge `dcbr`, and every bot namespace is
// joined to that bridge by a veth. All addresses stay in 127.0.0.0/8 (bots talk to nothing else):
// the bots get 127.1.<n>.2, the bridge 127.1.0.1 (the test side: signalling proxy, coturn);
// `127.1.0.0/16 dev dc0` in the local routing table overrides the /8 loopback route so Janus's
// replies leave through dc0, and route_localnet lets 127/8 cross the veths. A bot namespace drops
// its own 127/8 loopback route (keeping 127.0.0.1) and sends the rest of 127/8 over its veth.
// NOTE on shaping: this kernel has no sch_netem; rate caps use tbf, loss uses nftables rules in the
// bot's namespace (input hook, UDP only: media and ICE), and delay/jitter a userspace relay on the
// bot's TURN-over-UDP leg (udp-delay.ts), since the kernel cannot hold packets.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The media interface (Janus), its veth peer, and Janus's address (see scripts/in-netns.sh). */
const MEDIA_IFACE = process.env.DIEMCAU_MEDIA_IFACE ?? 'dc0';
const MEDIA_PEER = 'dc1';
const MEDIA_ADDR = process.env.DIEMCAU_MEDIA_ADDR ?? '127.0.0.2';
const BRIDGE = 'dcbr';
/** The test side as bots see it (on the bridge). */
export const BOT_LAN_GATEWAY = '127.1.0.1';

/** Shaping of one direction, as `tc` qdisc arguments after `root` (null: none). */
export type Shape = string[] | null;

/** Link profiles that tc can apply here (no netem: see the file comment). */
export const SHAPES = {
  /**
   * A rate cap (token bucket) with a short queue, like a congested ADSL or 3G line: bursts of
   * 6 kB pass at line rate, packets that would wait more than 80 ms are dropped.
   */
  rate: (kbit: number): string[] => ['tbf', 'rate', `${kbit}kbit`, 'burst', '6kb', 'latency', '80ms'],
};

/**
 * Packet loss on what the bot receives (UDP). `random`: each packet independently with `percent`.
 * `bursty`: a two-state (Gilbert–Elliott) chain stepped every `slotMs`: from good to bad with
 * `pEnter`, back with `pLeave`; every packet is lost in the bad state, none in the good one. Mean
 * burst `slotMs / pLeave`, mean loss `pEnter / (pEnter + pLeave)`.
 */
export type LossProfile =
  { kind: 'random'; percent: number } | { kind: 'bursty'; pEnter: number; pLeave: number; slotMs: number };

export const LOSS = {
  random: (percent: number): LossProfile => ({ kind: 'random', percent }),
  /** The profile of our tests: bursts of 20 ms / 0.3 ≈ 67 ms (~3 audio packets), ~14 % of the time. */
  bursty: (pEnter = 0.05, pLeave = 0.3, slotMs = 20): LossProfile => ({
    kind: 'bursty',
    pEnter,
    pLeave,
    slotMs,
  }),
};

/** What the loss rules did since the profile was set. */
export interface LossCounters {
  /** UDP packets that reached the bot's namespace, and those the rules dropped. */
  seen: number;
  dropped: number;
  /** Bursty profile: bursts so far, their mean and longest length (ms as scheduled). */
  bursts: number;
  burstMeanMs: number;
  burstMaxMs: number;
}

export interface ShapedHostOptions {
  /** 1..250: picks the bot address 127.1.<index>.2 and the names. */
  index: number;
  /** What the bot receives (shaped on the bridge side of its veth). */
  downlink?: Shape;
  /** What the bot sends (shaped inside its namespace). */
  uplink?: Shape;
}

export interface ShapedHost {
  /** The namespace's name (for `ip netns exec`). */
  ns: string;
  /** The bot's address, and the test side's address as the bot reaches it. */
  address: string;
  gateway: string;
  /**
   * Makes `origin` (http://127.0.0.1:port, the server) reachable from the namespace; returns the
   * origin to use there (a TCP proxy on the gateway).
   */
  expose(origin: string): Promise<string>;
  /** Closes every proxied connection (the bot sees its signalling drop; new ones are accepted). */
  dropSignalling(): void;
  /** Replaces the shaping of one direction (null removes it). */
  shape(direction: 'downlink' | 'uplink', shape: Shape): Promise<void>;
  /** Replaces the loss on the downlink (null: none) and resets the counters. */
  loss(profile: LossProfile | null): Promise<void>;
  /** Counters of the current loss profile. */
  lossCounters(): Promise<LossCounters>;
  /** Runs a command inside the namespace to completion (e.g. `nft` rules that block UDP). */
  exec(command: string, args: string[]): Promise<string>;
  /** Starts a process inside the namespace; it is killed on close(). */
  spawn(command: string, args: string[]): ChildProcess;
  close(): Promise<void>;
}

/**
 * Throws unless this process runs in a private namespace of ours (scripts/in-netns.sh): only
 * loopback, the media veth, the bots' bridge and veths, and other test veths (dc*, vb*).
 */
export function assertTestNamespace(): void {
  const foreign = Object.keys(networkInterfaces()).filter((n) => n !== 'lo' && !/^(dc|vb)/.test(n));
  if (foreign.length > 0) throw new Error(`run through scripts/in-netns.sh (found ${foreign.join(', ')})`);
}

const sh = async (script: string): Promise<string> => (await run('bash', ['-euc', script])).stdout;

/**
 * The bridge behind dc1, once per test namespace. Idempotent and safe when several test files
 * build it at once: every step tolerates "exists", then the result is checked.
 */
async function ensureBotLan(): Promise<void> {
  await sh(`
    ip link add ${BRIDGE} type bridge 2>/dev/null || true
    ip link set ${MEDIA_PEER} master ${BRIDGE}
    ip link set ${BRIDGE} up
    sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.${MEDIA_IFACE}.route_localnet=1 \\
      net.ipv4.conf.${BRIDGE}.route_localnet=1
    # Each of dc0 and the bridge answers ARP only for its own address.
    sysctl -qw net.ipv4.conf.${MEDIA_IFACE}.arp_ignore=1 net.ipv4.conf.${BRIDGE}.arp_ignore=1
    ip addr add ${BOT_LAN_GATEWAY}/32 dev ${BRIDGE} 2>/dev/null || true
    ip route add 127.1.0.0/16 dev ${MEDIA_IFACE} src ${MEDIA_ADDR} table local 2>/dev/null || true
  `);
  const master = await sh(`ip -o link show ${MEDIA_PEER}`);
  const routes = await sh('ip route show table local');
  if (!master.includes(`master ${BRIDGE}`) || !routes.includes(`127.1.0.0/16 dev ${MEDIA_IFACE}`)) {
    throw new Error(`bot LAN not set up: ${master}\n${routes}`);
  }
}

/** Creates the namespace, the veth to the bridge, the routes and the shaping. */
export async function createShapedHost(options: ShapedHostOptions): Promise<ShapedHost> {
  const n = options.index;
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new Error(`bad shaped host index ${n}`);
  assertTestNamespace();
  await ensureBotLan();
  const ns = `dcbot${n}-${process.pid}`;
  const outer = `vb${n}o${process.pid % 10000}`;
  const inner = `vb${n}i`;
  const address = `127.1.${n}.2`;
  await run('ip', ['netns', 'add', ns]);
  const children = new Set<ChildProcess>();
  const proxies: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  let bursty: BurstyLoss | null = null;
  const close = async (): Promise<void> => {
    bursty?.stop();
    for (const child of children) child.kill('SIGKILL');
    for (const s of sockets) s.destroy();
    await Promise.all(proxies.map((p) => new Promise((r) => p.close(r))));
    await run('ip', ['link', 'del', outer]).catch(() => undefined);
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  };
  try {
    await sh(`
      ip link add ${outer} type veth peer name ${inner}
      ip link set ${inner} netns ${ns}
      ip link set ${outer} master ${BRIDGE}
      ip link set ${outer} up
      ip netns exec ${ns} bash -euc '
        ip link set lo up
        sysctl -qw net.ipv4.conf.all.route_localnet=1
        ip addr add ${address}/32 dev ${inner}
        ip link set ${inner} up
        sysctl -qw net.ipv4.conf.${inner}.route_localnet=1
        ip route del 127.0.0.0/8 dev lo table local
        ip route add 127.0.0.0/8 dev ${inner} src ${address} table local
      '
    `);
    await nftFile(ns, LOSS_TABLE);
  } catch (err) {
    await close();
    throw err;
  }
  const nft = (commands: string): Promise<unknown> => run('ip', ['netns', 'exec', ns, 'nft', commands]);
  const counter = async (name: string): Promise<number> => {
    const { stdout } = await run('ip', [
      'netns',
      'exec',
      ns,
      'nft',
      'list',
      'counter',
      'inet',
      'dcloss',
      name,
    ]);
    return Number(/packets (\d+)/.exec(stdout)?.[1] ?? NaN);
  };
  const host: ShapedHost = {
    ns,
    address,
    gateway: BOT_LAN_GATEWAY,
    async expose(origin) {
      const target = new URL(origin);
      const server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      proxies.push(server);
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, BOT_LAN_GATEWAY, () => {
          const a = server.address();
          if (a && typeof a === 'object') resolve(a.port);
          else reject(new Error('proxy has no port'));
        });
      });
      return `${target.protocol}//${BOT_LAN_GATEWAY}:${port}`;
    },
    dropSignalling() {
      for (const s of sockets) s.destroy();
    },
    async shape(direction, shape) {
      const dev = direction === 'downlink' ? outer : inner;
      const tc = (...args: string[]): Promise<unknown> =>
        direction === 'downlink' ? run('tc', args) : run('ip', ['netns', 'exec', ns, 'tc', ...args]);
      await tc('qdisc', 'del', 'dev', dev, 'root').catch(() => undefined);
      if (shape) await tc('qdisc', 'add', 'dev', dev, 'root', ...shape);
    },
    async loss(profile) {
      bursty?.stop();
      bursty = null;
      await nft('flush chain inet dcloss lossy; reset counters table inet dcloss');
      if (profile?.kind === 'random') {
        const pct = Math.round(profile.percent);
        if (!(pct >= 0 && pct <= 100)) throw new Error(`bad loss percent ${profile.percent}`);
        await nft(`add rule inet dcloss lossy numgen random mod 100 < ${pct} counter name "dropped" drop`);
      } else if (profile?.kind === 'bursty') {
        bursty = new BurstyLoss(ns, profile, children);
      }
    },
    async lossCounters() {
      const [seen, dropped] = await Promise.all([counter('seen'), counter('dropped')]);
      return { seen, dropped, ...(bursty?.summary() ?? { bursts: 0, burstMeanMs: 0, burstMaxMs: 0 }) };
    },
    async exec(command, args) {
      const { stdout } = await run('ip', ['netns', 'exec', ns, command, ...args]);
      return stdout;
    },
    spawn(command, args) {
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    close,
  };
  if (options.downlink) await host.shape('downlink', options.downlink);
  if (options.uplink) await host.shape('uplink', options.uplink);
  return host;
}

/** Counts UDP arriving in the bot's namespace; `lossy` holds the current loss rule. */
const LOSS_TABLE = `table inet dcloss {
  counter seen {}
  counter dropped {}
  chain input {
    type filter hook input priority 0; policy accept;
    meta l4proto udp counter name "seen"
    meta l4proto udp jump lossy
  }
  chain lossy {}
}
`;

/** Loads an nft script in the namespace (`nft -f -`). */
function nftFile(ns: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nft -f failed: ${stderr}`))));
    child.stdin.end(script);
  });
}

/** Slots until a transition of probability `p` per slot (geometric, at least 1). */
export function slotsUntil(p: number, random: () => number = Math.random): number {
  if (p >= 1) return 1;
  return Math.max(1, Math.ceil(Math.log(1 - random()) / Math.log(1 - p)));
}

/**
 * Drives the Gilbert–Elliott chain: one long-lived `nft -i` in the namespace, fed a drop rule at
 * each good→bad transition and a flush at each bad→good one. The state lengths are drawn ahead
 * (geometric in slots), so only transitions cost a timer.
 */
class BurstyLoss {
  private readonly nft: ChildProcess;
  private timer: NodeJS.Timeout | undefined;
  private readonly bursts: number[] = [];
  private stopped = false;

  constructor(
    ns: string,
    private readonly profile: Extract<LossProfile, { kind: 'bursty' }>,
    children: Set<ChildProcess>,
  ) {
    this.nft = spawn('ip', ['netns', 'exec', ns, 'nft', '-i'], { stdio: ['pipe', 'ignore', 'inherit'] });
    this.nft.stdin?.on('error', () => undefined); // it may be killed first (close())
    children.add(this.nft);
    this.nft.once('exit', () => children.delete(this.nft));
    this.good();
  }

  private good(): void {
    const ms = slotsUntil(this.profile.pEnter) * this.profile.slotMs;
    this.timer = setTimeout(() => this.bad(), ms);
  }

  private bad(): void {
    if (this.stopped) return;
    const ms = slotsUntil(this.profile.pLeave) * this.profile.slotMs;
    this.bursts.push(ms);
    this.nft.stdin?.write('add rule inet dcloss lossy counter name "dropped" drop\n');
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.nft.stdin?.write('flush chain inet dcloss lossy\n');
      this.good();
    }, ms);
  }

  summary(): Pick<LossCounters, 'bursts' | 'burstMeanMs' | 'burstMaxMs'> {
    const total = this.bursts.reduce((a, b) => a + b, 0);
    return {
      bursts: this.bursts.length,
      burstMeanMs: this.bursts.length ? Math.round(total / this.bursts.length) : 0,
      burstMaxMs: Math.max(0, ...this.bursts),
    };
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.nft.stdin?.end('flush chain inet dcloss lossy\n');
  }
}

/** The same join link with another origin (for a bot that reaches the server through a proxy). */
export function withOrigin(link: string, origin: string): string {
  const url = new URL(link);
  const to = new URL(origin);
  url.protocol = to.protocol;
  url.host = to.host;
  return url.toString();
}
