// Where a meeting and its viewers go in a pool of Janus nodes: pure functions over load figures,
// so the rules are tested without any Janus. The pool (pool.ts) and the cascade (cascade.ts) act
// on what these decide.

/** What the pool knows about one node when it decides. */
export interface NodeLoadView {
  id: string;
  up: boolean;
  rooms: number;
  /** Local publishers (WebRTC in, and forwarded out to other nodes when cascading). */
  publishers: number;
  /** Feeds forwarded here from other nodes (plain RTP in). */
  remoteFeeds: number;
  subscribers: number;
  /** Janus's CPU, % of one core over the last sample; null when unknown (remote nodes). */
  cpuPct: number | null;
}

/**
 * Weights of the load score, in "subscriber equivalents". NOTE: a publisher costs more than one
 * viewer (it sends simulcast, Janus receives three layers and answers RTCP); a forwarded feed is
 * one plain RTP stream in; a room costs little by itself. CPU joins at 1 point per 5 % of a core,
 * so a node that is busy for reasons our counters miss (another tenant, a slow disk) is avoided.
 */
export const LOAD_WEIGHTS = {
  publisher: 3,
  remoteFeed: 1,
  subscriber: 1,
  room: 0.5,
  cpuPctPerPoint: 5,
} as const;

/** A node's load score: lower is better. */
export function loadScore(n: NodeLoadView): number {
  const w = LOAD_WEIGHTS;
  return (
    n.publishers * w.publisher +
    n.remoteFeeds * w.remoteFeed +
    n.subscribers * w.subscriber +
    n.rooms * w.room +
    (n.cpuPct ?? 0) / w.cpuPctPerPoint
  );
}

/**
 * The least-loaded node that is up and not in `exclude`, or null. Ties go to the node listed
 * first, so a pool of one node (or an idle pool) always picks the same node.
 */
export function pickNode(
  nodes: readonly NodeLoadView[],
  exclude: ReadonlySet<string> = new Set(),
): string | null {
  const candidates = nodes.filter((n) => n.up && !exclude.has(n.id));
  // NOTE: a node whose CPU we cannot see (remote) counts as busy as the average node we can see,
  // neither idle (it would attract every meeting) nor full.
  const known = candidates.flatMap((n) => (n.cpuPct === null ? [] : [n.cpuPct]));
  const meanCpu = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : null;
  let best: NodeLoadView | null = null;
  let bestScore = Infinity;
  for (const n of candidates) {
    const score = loadScore(n.cpuPct === null ? { ...n, cpuPct: meanCpu } : n);
    if (score < bestScore) {
      best = n;
      bestScore = score;
    }
  }
  return best?.id ?? null;
}

/** One node a meeting is on (its origin or a replica), with the viewers placed there. */
export interface RoomHome {
  nodeId: string;
  /** Viewers of this meeting placed on this node (including those still connecting). */
  viewers: number;
}

/** Where one new viewer goes. */
export type ViewerPlacement = { kind: 'home'; nodeId: string } | { kind: 'replica'; nodeId: string };

/**
 * Places a new viewer of a meeting: the first home (origin first, then replicas in the order
 * they opened) with room below `maxPerNode`; when every home is full, a new replica on the
 * least-loaded other node; when no other node is up, the least-crowded home (over the limit
 * rather than refusing anyone). `homes` must not be empty (the origin is always a home).
 */
export function placeViewer(
  homes: readonly RoomHome[],
  nodes: readonly NodeLoadView[],
  maxPerNode: number,
): ViewerPlacement {
  const first = homes[0];
  if (!first) throw new RangeError('a meeting always has its origin as a home');
  const free = homes.find((h) => h.viewers < maxPerNode);
  if (free) return { kind: 'home', nodeId: free.nodeId };
  const other = pickNode(nodes, new Set(homes.map((h) => h.nodeId)));
  if (other !== null) return { kind: 'replica', nodeId: other };
  const least = homes.reduce((a, b) => (b.viewers < a.viewers ? b : a), first);
  return { kind: 'home', nodeId: least.nodeId };
}

/**
 * Splits the RTP port range `[min, max]` into `n` equal, disjoint slices (one per local Janus).
 * Throws when a slice would hold fewer than `minPerNode` ports.
 */
export function splitPortRange(range: [number, number], n: number, minPerNode = 20): [number, number][] {
  const size = Math.floor((range[1] - range[0] + 1) / n);
  if (n < 1 || size < minPerNode)
    throw new RangeError(`RTP range ${range[0]}-${range[1]} is too small for ${n} Janus processes`);
  return Array.from({ length: n }, (_, i): [number, number] => [
    range[0] + i * size,
    range[0] + (i + 1) * size - 1,
  ]);
}
