// The Grafana dashboard in deploy/grafana stays true to the server: every metric a panel queries
// is one /metrics exports, panels use the Prometheus datasource variable, and none overlap.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harness } from '../testing/fake-clients.js';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { parseExposition } from './exposition.test-helper.js';
import { ServerMetrics } from './registry.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { expr: string; refId: string; datasource: { uid: string } }[];
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../../../deploy/grafana/diemcau-dashboard.json', import.meta.url), 'utf8'),
) as {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
};

const queried = (p: Panel): string[] => p.targets?.map((t) => t.expr) ?? [];

describe('Grafana dashboard', () => {
  it('has a Prometheus datasource variable that every query uses', () => {
    expect(dashboard.uid).toBe('diemcau-overview');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ds = dashboard.templating.list.find((v) => v.name === 'datasource');
    expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(20);
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource.uid).toBe('${datasource}');
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('lays panels out on the 24-column grid without overlaps', () => {
    const taken = new Set<string>();
    for (const p of dashboard.panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w, p.title).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(taken.has(`${i},${j}`), `${p.title} overlaps at ${i},${j}`).toBe(false);
          taken.add(`${i},${j}`);
        }
    }
  });

  it('queries only metrics the server exports, with balanced brackets', async () => {
    const metrics = new ServerMetrics({ defaultMetrics: true });
    metrics.attach({ hub: harness().hub, media: new FakeMediaEngine() });
    const { types } = parseExposition((await metrics.exposition()).body);
    const exprs = dashboard.panels.flatMap(queried);
    const names = new Set(exprs.flatMap((e) => e.match(/\bdiemcau_[a-z0-9_]+/g) ?? []));
    expect(names.size).toBeGreaterThan(20);
    for (const name of names) {
      const family = name.replace(/_(bucket|sum|count)$/, '');
      expect(types.has(family) || types.has(name), name).toBe(true);
    }
    for (const e of exprs) {
      for (const [open, close] of ['()', '{}', '[]'])
        expect(e.split(open ?? '').length, e).toBe(e.split(close ?? '').length);
    }
  });
});
