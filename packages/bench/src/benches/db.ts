// db: how many meeting actions the database commits durably per second, on SQLite (WAL,
// synchronous=FULL) and PostgreSQL: named ballots, secret ballots (event + anonymous counter in
// one transaction) and roll-call updates, each its own transaction as the live server writes them
// (one meeting's actions are serialized, so this is the ceiling of one meeting), plus commit p99;
// and a burst of simultaneous ballots through the meeting's conduct, which group-commits them.
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
import { MeetingConduct } from '../../../server/dist/conduct/session.js';
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
  // NOTE: the bursts go first: the raw appends below leave their votes open for good.
  const voters = seconds < 5 ? 300 : 1000;
  const burstNamed = await burst(db, meetingId, voters, false);
  const burstSecret = await burst(db, meetingId, voters, true);
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
    burstNamed,
    burstSecret,
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

/**
 * A burst as the live server sees it: `voters` invited members cast their ballots at the same
 * moment through the meeting's conduct (decide → group commit → ack). Returns acknowledged
 * ballots per second and the slowest ack.
 */
async function burst(db: Db, meetingId: string, voters: number, secret: boolean): Promise<Rate> {
  const store = new LiveStore(db);
  const invited = Array.from({ length: voters }, (_, i) => ({
    personId: `pb${i}`,
    name: `Đại biểu ${i + 1}`,
    role: 'delegate' as const,
    rsvp: 'accepted' as const,
    reason: null,
    bridgePointId: null,
  }));
  const context = {
    meetingId,
    title: 'Hội nghị đo tải',
    meetingType: 'hoi_nghi',
    training: false,
    invited: [
      {
        personId: 'pchair',
        name: 'Chủ trì',
        role: 'chair' as const,
        rsvp: 'accepted' as const,
        reason: null,
        bridgePointId: null,
      },
      ...invited,
    ],
    points: [],
    agenda: [],
  };
  const silent = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    child() {
      return silent;
    },
  };
  const conduct = await MeetingConduct.open(context, {
    store,
    markEnded: () => Promise.resolve(),
    log: silent,
  });
  const who = (personId: string, name: string, moderator: boolean) => ({
    actor: { key: `person:${personId}`, name, bridgePointId: null, bridgePoint: null },
    participantId: `pp${personId}`,
    role: moderator ? ('chair' as const) : ('delegate' as const),
    moderator,
    participants: [],
  });
  const chair = who('pchair', 'Chủ trì', true);
  const opened = await conduct.act(chair, {
    type: 'vote.open',
    title: 'Biểu quyết thông qua nghị quyết',
    kind: 'motion',
    secret,
    scope: 'person',
  });
  const first = opened.events.find((e) => e.event.type === 'vote.opened')?.event;
  if (first?.type !== 'vote.opened') throw new Error('vote not opened');
  const voteId = first.vote.id;
  const options = ['yes', 'no', 'abstain'];
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    invited.map(async (p, i) => {
      await conduct.act(who(p.personId, p.name, false), {
        type: 'vote.cast',
        voteId,
        optionId: options[i % 3] ?? 'yes',
      });
      latencies.push(performance.now() - t0);
    }),
  );
  const total = (performance.now() - t0) / 1000;
  await conduct.act(chair, { type: 'vote.publish', voteId });
  const published = conduct.state.votes.find((v) => v.id === voteId)?.result?.cast;
  if (published !== voters) throw new Error(`counted ${String(published)} of ${voters} ballots`);
  await conduct.close();
  return { perS: voters / total, p99Ms: Math.max(...latencies) };
}

function metrics(prefix: string, r: Record<string, Rate>): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const [k, v] of Object.entries(r)) {
    const burst = k.startsWith('burst');
    out[`${prefix}.${k}PerS`] = metric(v.perS, burst ? 'acked ballots/s' : 'commits/s', 'higher');
    out[`${prefix}.${k}${burst ? 'LastAckMs' : 'P99Ms'}`] = metric(v.p99Ms, 'ms', 'lower');
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
      'named/secret/attendance: one action per durable commit (the ceiling of a meeting whose actions arrive one by one), bound by fsync latency of this disk (SQLite WAL synchronous=FULL) or one PostgreSQL round trip + WAL flush over the Unix socket. burst*: N invited members vote at the same moment through the meeting conduct, which group-commits every waiting action in one transaction; bound by decide + JSON per ballot on one core';
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
