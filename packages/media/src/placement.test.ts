// Placement rules of the Janus pool: which node gets a meeting, where a viewer goes, when a
// replica opens, and how the RTP range is shared between local Janus processes.
import { describe, expect, it } from 'vitest';
import { loadScore, pickNode, placeViewer, splitPortRange, type NodeLoadView } from './placement.js';

const node = (id: string, patch: Partial<NodeLoadView> = {}): NodeLoadView => ({
  id,
  up: true,
  rooms: 0,
  publishers: 0,
  remoteFeeds: 0,
  subscribers: 0,
  cpuPct: null,
  ...patch,
});

describe('loadScore', () => {
  it('weighs publishers above viewers and counts CPU', () => {
    expect(loadScore(node('a', { publishers: 1 }))).toBeGreaterThan(loadScore(node('b', { subscribers: 2 })));
    expect(loadScore(node('a', { cpuPct: 50 }))).toBe(10);
    expect(loadScore(node('a', { rooms: 2, remoteFeeds: 3, subscribers: 4 }))).toBe(8);
  });
});

describe('pickNode', () => {
  it('picks the least-loaded node that is up, ties to the first listed', () => {
    expect(pickNode([node('a'), node('b')])).toBe('a');
    expect(pickNode([node('a', { subscribers: 5 }), node('b', { subscribers: 2 })])).toBe('b');
    expect(pickNode([node('a'), node('b', { up: false }), node('c', { rooms: 1 })])).toBe('a');
    expect(pickNode([node('a', { up: false }), node('b', { rooms: 9 })])).toBe('b');
  });

  it('avoids a node busy for reasons the counters miss', () => {
    expect(pickNode([node('a', { cpuPct: 80 }), node('b', { subscribers: 10, cpuPct: 5 })])).toBe('b');
  });

  it('counts a node of unknown CPU (remote) as busy as the average known node', () => {
    // Mean known CPU 25 % = 5 points: a 8, b 4 + 2 = 6, r 0 + 5 = 5.
    const nodes = [node('a', { cpuPct: 40 }), node('b', { cpuPct: 10, subscribers: 4 }), node('r')];
    expect(pickNode(nodes)).toBe('r');
    expect(pickNode([...nodes.slice(0, 2), node('r', { rooms: 4 })])).toBe('b');
    expect(pickNode([node('r1', { rooms: 1 }), node('r2')])).toBe('r2');
  });

  it('skips excluded nodes and returns null when nothing is left', () => {
    expect(pickNode([node('a'), node('b', { rooms: 3 })], new Set(['a']))).toBe('b');
    expect(pickNode([node('a', { up: false })])).toBeNull();
    expect(pickNode([node('a')], new Set(['a']))).toBeNull();
    expect(pickNode([])).toBeNull();
  });
});

describe('placeViewer', () => {
  const nodes = [node('a', { publishers: 2 }), node('b', { subscribers: 7 }), node('c', { rooms: 1 })];

  it('fills the origin first, then replicas in order', () => {
    expect(placeViewer([{ nodeId: 'a', viewers: 2 }], nodes, 3)).toEqual({ kind: 'home', nodeId: 'a' });
    expect(
      placeViewer(
        [
          { nodeId: 'a', viewers: 3 },
          { nodeId: 'c', viewers: 1 },
        ],
        nodes,
        3,
      ),
    ).toEqual({ kind: 'home', nodeId: 'c' });
  });

  it('opens a replica on the least-loaded other node when every home is full', () => {
    expect(placeViewer([{ nodeId: 'a', viewers: 3 }], nodes, 3)).toEqual({ kind: 'replica', nodeId: 'c' });
    expect(
      placeViewer(
        [
          { nodeId: 'a', viewers: 3 },
          { nodeId: 'c', viewers: 3 },
        ],
        nodes,
        3,
      ),
    ).toEqual({ kind: 'replica', nodeId: 'b' });
  });

  it('never opens a replica on a node that is down', () => {
    const downC = [nodes[0] ?? node('a'), node('b', { up: false }), node('c', { up: false })];
    expect(placeViewer([{ nodeId: 'a', viewers: 3 }], downC, 3)).toEqual({ kind: 'home', nodeId: 'a' });
  });

  it('crowds the least-crowded home when no other node can take a replica', () => {
    expect(
      placeViewer(
        [
          { nodeId: 'a', viewers: 5 },
          { nodeId: 'b', viewers: 4 },
          { nodeId: 'c', viewers: 6 },
        ],
        nodes,
        3,
      ),
    ).toEqual({ kind: 'home', nodeId: 'b' });
  });

  it('needs the origin', () => {
    expect(() => placeViewer([], nodes, 3)).toThrow(RangeError);
  });
});

describe('splitPortRange', () => {
  it('gives each local Janus an equal, disjoint slice', () => {
    expect(splitPortRange([20000, 20999], 1)).toEqual([[20000, 20999]]);
    expect(splitPortRange([20000, 20999], 3)).toEqual([
      [20000, 20332],
      [20333, 20665],
      [20666, 20998],
    ]);
  });

  it('refuses slices that are too small', () => {
    expect(() => splitPortRange([20000, 20039], 3)).toThrow(/too small/);
    expect(() => splitPortRange([20000, 20999], 0)).toThrow(RangeError);
  });
});
