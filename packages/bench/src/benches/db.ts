// db: how many meeting actions the database commits durably per second, on SQLite (WAL,
// synchronous=FULL) and PostgreSQL: named ballots, secret ballots (event + anonymous counter in
// one transaction) and roll-call updates, each its own transaction as the live server writes them
// (one meeting's actions are serialized, so this is the ceiling of one meeting), plus commit p99.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LiveEvent } from '@diemcau/protocol';
// NOTE: reached by relative path into the server's build (bench is a harness beside the layers);
// the store and the migrations must be exactly the ones the server runs.
import { openDatabase } from '../../../server/dist/db/database.js';
import type { Db } from '../../../server/dist/db/database.js';
import { LiveStore } from '../../../server/dist/conduct/store.js';
import { seedDemoWard } from '../../../server/dist/demo/seed.js';
import { createTestPgUrl } from '../../../server/dist/db/testing.js';
import { percentile } from '../lib/stats.js';
import type { Metric } from '../lib/results.js';
import { metric } from './types.js';
import type { Bench, BenchContext } from './types.js';

interface Rate {
  perS: number;
  p99Ms: number;
}

/** Appends one-event transactions for `seconds`, like the server does for each acknowledged action. */
async function measure(
  store: LiveStore,
  meetingId: string,
  seq: { value: number },
  seconds: number,
  make: (i: number) => { event: LiveEvent; secret?: { voteId: string; optionId: string } },
): Promise<Rate> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let i = 0;
  while (performance.now() < until) {
    const { event, secret } = make(i++);
    const t0 = performance.now();
    await store.append(meetingId, seq.value, [event], secret ? [secret] : []);
    latencies.push(performance.now() - t0);
    seq.value += 1;
  }
  const total = latencies.reduce((a, b) => a + b, 0) / 1000;
  return { perS: latencies.length / total, p99Ms: percentile(latencies, 99) ?? NaN };
}

async function runEngine(db: Db, seconds: number): Promise<Record<string, Rate>> {
  const { meetingId } = await seedDemoWard(db);
  const store = new LiveStore(db);
  const seq = { value: (await store.load(meetingId)).length };
  const at = () => new Date().toISOString();
  const vote = (id: string, secret: boolean): LiveEvent => ({
    type: 'vote.opened',
    vote: {
      id,
      itemId: null,
      title: 'Biểu quyết thông qua nghị quyết',
      kind: 'motion',
      options: [
        { id: 'yes', label: 'Tán thành' },
        { id: 'no', label: 'Không tán thành' },
        { id: 'abstain', label: 'Không biểu quyết' },
      ],
      correctOptionId: null,
      secret,
      scope: 'person',
      majority: 'simple',
      quorum: { kind: 'none' },
      status: 'open',
      openedAt: at(),
      closedAt: null,
      publishedAt: null,
      voters: [],
      ballots: secret ? null : {},
      pointCounts: null,
      result: null,
    },
  });
  const named = `v_${randomBytes(4).toString('hex')}`;
  const secretId = `v_${randomBytes(4).toString('hex')}`;
  await store.append(meetingId, seq.value, [vote(named, false), vote(secretId, true)]);
  seq.value += 2;
  const options = ['yes', 'no', 'abstain'];
  return {
    named: await measure(store, meetingId, seq, seconds, (i) => ({
      event: {
        type: 'ballot.cast',
        voteId: named,
        voterKey: `person:b${i}`,
        optionId: options[i % 3] ?? 'yes',
        at: at(),
      },
    })),
    secret: await measure(store, meetingId, seq, seconds, (i) => ({
      event: { type: 'ballot.cast', voteId: secretId, voterKey: `person:s${i}`, at: at() },
      secret: { voteId: secretId, optionId: options[i % 3] ?? 'yes' },
    })),
    attendance: await measure(store, meetingId, seq, seconds, (i) => ({
      event: {
        type: 'attendance.reported',
        bridgePointId: 'bp_kp1',
        headCount: 10 + (i % 20),
        presentPersonIds: [],
        by: {
          key: 'point:bp_kp1',
          name: 'Văn phòng khu phố 1',
          bridgePointId: 'bp_kp1',
          bridgePoint: 'Văn phòng khu phố 1',
        },
        at: at(),
      },
    })),
  };
}

function metrics(prefix: string, r: Record<string, Rate>): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const [k, v] of Object.entries(r)) {
    out[`${prefix}.${k}PerS`] = metric(v.perS, 'commits/s', 'higher');
    out[`${prefix}.${k}P99Ms`] = metric(v.p99Ms, 'ms', 'lower');
  }
  return out;
}

export const dbBench: Bench = {
  name: 'db',
  async run(ctx: BenchContext) {
    const seconds = ctx.quick ? 1.5 : 8;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-db-'));
    const out: Record<string, Metric> = {};
    const limits =
      'one meeting’s actions are serialized and each is its own durable commit: the figures are bound by fsync latency of this disk (SQLite WAL synchronous=FULL) and by one PostgreSQL round trip + WAL flush per commit over the Unix socket; several meetings commit in parallel on PostgreSQL';
    try {
      ctx.log('db: SQLite (WAL, synchronous=FULL)');
      const sqlite = await openDatabase({ url: path.join(dir, 'bench.sqlite') });
      try {
        Object.assign(out, metrics('sqlite', await runEngine(sqlite, seconds)));
      } finally {
        await sqlite.destroy();
      }
      let fresh: { url: string; dispose(): Promise<void> };
      try {
        fresh = await createTestPgUrl();
      } catch (err) {
        ctx.log(`db: PostgreSQL not reachable (${String(err)}); SQLite only`);
        return { metrics: out, limits, notes: ['PostgreSQL not reachable: SQLite only'] };
      }
      try {
        ctx.log('db: PostgreSQL');
        const pgDb = await openDatabase({ url: fresh.url, poolSize: 4 });
        try {
          Object.assign(out, metrics('postgres', await runEngine(pgDb, seconds)));
        } finally {
          await pgDb.destroy();
        }
      } finally {
        await fresh.dispose();
      }
      return { metrics: out, limits };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
