// NetworkTestStore on both engines: the latest test per device (ties and other devices apart),
// a device's history newest first, pruning, and the legs and reasons surviving the round trip.
import type { NetworkTestView } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import { DeviceStore } from '../devices/store.js';
import { NetworkTestStore } from './store.js';

const test = (id: string, deviceId: string, at: string): NetworkTestView => ({
  id,
  deviceId,
  bridgePointId: deviceId === 'dev_a' ? 'bp_kp4' : 'bp_kp6',
  meetingId: null,
  trigger: 'manual',
  startedAt: at,
  at,
  hasCamera: true,
  hasMicrophone: false,
  direct: {
    status: 'ok',
    rttMs: 21.5,
    lossPct: 0,
    upKbps: 900,
    downKbps: 850,
    connectMs: 700,
    route: 'host',
    transport: 'udp',
  },
  relay: {
    status: 'unavailable',
    error: 'no_turn',
    rttMs: null,
    lossPct: null,
    upKbps: null,
    downKbps: null,
    connectMs: null,
    route: null,
    transport: null,
  },
  verdict: 'degraded',
  reasons: [{ code: 'no_microphone' }],
});

describe.each(DB_KINDS)('network tests on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function setup(): Promise<NetworkTestStore> {
    t = await createTestDatabase(kind);
    await seedDemoWard(t.db);
    const devices = new DeviceStore(t.db);
    for (const [id, bp] of [
      ['dev_a', 'bp_kp4'],
      ['dev_b', 'bp_kp6'],
    ] as const) {
      await devices.insertPending({
        id,
        tokenHash: `h-${id}`,
        pairingCode: `C${id}`,
        pairingExpiresAt: '2026-11-27T00:00:00.000Z',
        userAgent: '',
        createdAt: '2026-11-26T00:00:00.000Z',
      });
      await devices.markPaired(id, { bridgePointId: bp, at: '2026-11-26T00:01:00.000Z' });
    }
    return new NetworkTestStore(t.db);
  }

  it('latest per device, history newest first, pruning', async () => {
    const store = await setup();
    await store.insert(test('nt_1', 'dev_a', '2026-11-26T01:00:00.000Z'));
    await store.insert(test('nt_2', 'dev_a', '2026-11-26T02:00:00.000Z'));
    await store.insert(test('nt_3', 'dev_b', '2026-11-26T01:30:00.000Z'));
    const latest = await store.latestOfDevices(['dev_a', 'dev_b', 'dev_none']);
    expect([...latest.entries()].map(([d, v]) => [d, v.id]).sort()).toEqual([
      ['dev_a', 'nt_2'],
      ['dev_b', 'nt_3'],
    ]);
    expect(latest.get('dev_a')).toEqual(test('nt_2', 'dev_a', '2026-11-26T02:00:00.000Z'));
    expect((await store.latestOfDevices([])).size).toBe(0);
    expect((await store.ofDevice('dev_a')).map((v) => v.id)).toEqual(['nt_2', 'nt_1']);
    await store.pruneDevice('dev_a', '2026-11-26T01:30:00.000Z');
    expect((await store.ofDevice('dev_a')).map((v) => v.id)).toEqual(['nt_2']);
    expect((await store.ofDevice('dev_b')).map((v) => v.id)).toEqual(['nt_3']);
  });
});
