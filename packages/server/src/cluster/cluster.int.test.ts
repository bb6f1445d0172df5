// Two server nodes behind one address, sharing PostgreSQL and Redis: clients that land on either
// node are in the same meeting, a chair action on one node reaches clients on the other, and when
// the node running the meeting goes away its clients move to the other without losing state.
import net from 'node:net';
import { parseJoinLink } from '@diemcau/protocol';
import type { ServerMessage } from '@diemcau/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPgUrl } from '../db/testing.js';
import { startTestRedis } from '../testing/redis.js';
import type { TestRedis } from '../testing/redis.js';
import { startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

let redis: TestRedis;
let pg: { url: string; dispose(): Promise<void> };
const nodes: TestSystem[] = [];
let front: { port: number; close(): void };

/** "One address": a TCP front that sends each new connection to the next node that answers. */
function startFront(ports: () => number[]): Promise<{ port: number; close(): void }> {
  let next = 0;
  const server = net.createServer((client) => {
    const targets = ports();
    const tryConnect = (left: number): void => {
      const port = targets[next++ % targets.length] ?? 0;
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('connect', () => {
        client.pipe(upstream).pipe(client);
      });
      upstream.once('error', () => {
        if (left > 1 && !client.destroyed && upstream.bytesWritten === 0) tryConnect(left - 1);
        else client.destroy();
      });
      client.once('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    };
    tryConnect(targets.length);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : 0, close: () => server.close() });
    });
  });
}

beforeAll(async () => {
  redis = await startTestRedis();
  pg = await createTestPgUrl();
  // NOTE: started one after the other: the first migrates and seeds the shared database.
  for (const id of ['nodeA', 'nodeB']) {
    nodes.push(
      await startTestSystem({
        janus: false,
        env: { DATABASE_URL: pg.url, REDIS_URL: redis.url, NODE_ID: id, TURN_ENABLED: '0' },
      }),
    );
  }
  front = await startFront(() => nodes.map((n) => Number(new URL(n.origin).port)));
}, 60_000);

afterAll(async () => {
  front?.close();
  await Promise.allSettled(nodes.map((n) => n.stop()));
  await redis?.stop();
  await pg?.dispose();
});

/** A signalling client through the front address, reconnecting and rejoining when told to. */
class Client {
  readonly messages: ServerMessage[] = [];
  ws!: WebSocket;
  closes: number[] = [];
  #waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  constructor(
    readonly name: string,
    readonly link: string,
  ) {}

  async connect(): Promise<void> {
    this.ws = new WebSocket(`ws://127.0.0.1:${front.port}/ws`);
    this.ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as ServerMessage;
      this.messages.push(m);
      this.#waiters = this.#waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    this.ws.on('close', (code) => this.closes.push(code));
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }

  next<T extends ServerMessage['type']>(
    type: T,
    pred: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    ms = 10_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const match = (m: ServerMessage): m is Extract<ServerMessage, { type: T }> =>
      m.type === type && pred(m as Extract<ServerMessage, { type: T }>);
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.name}: no ${type} within ${ms} ms`)), ms);
      this.#waiters.push({
        pred: match,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }

  async join(): Promise<Extract<ServerMessage, { type: 'joined' }>> {
    const parsed = parseJoinLink(this.link);
    if (!parsed) throw new Error('bad link');
    this.messages.length = 0;
    this.send({ type: 'join', rid: 'j', meetingId: parsed.meetingId, name: this.name, token: parsed.token });
    return this.next('joined');
  }
}

describe('two server nodes behind one address', () => {
  it('clients on either node share one meeting, and a node going away moves its clients without losing them', async () => {
    const [a, b] = nodes as [TestSystem, TestSystem];
    const chair = new Client('Nguyễn Thị Hồng Nhung', await a.link('Nguyễn Thị Hồng Nhung'));
    const point = new Client('Văn phòng khu phố 1', await a.link('Văn phòng khu phố 1'));
    await chair.connect();
    const chairJoined = await chair.join();
    await point.connect();
    const pointJoined = await point.join();
    // The two sockets landed on different nodes (the front alternates), yet they meet.
    expect(
      a.app.cluster?.stats().relayed ?? 0 + (b.app.cluster?.stats().relayed ?? 0),
    ).toBeGreaterThanOrEqual(0);
    const seen = await chair.next('participant.joined', (m) => m.participant.name === 'Văn phòng khu phố 1');
    expect(seen.participant.bridgePoint).toBe('Văn phòng khu phố 1');
    const relayed = (a.app.cluster?.stats().relayed ?? 0) + (b.app.cluster?.stats().relayed ?? 0);
    const hosted = (a.app.cluster?.stats().hosted ?? 0) + (b.app.cluster?.stats().hosted ?? 0);
    expect(relayed, 'one socket is relayed to the owner').toBe(1);
    expect(hosted, 'and hosted there').toBe(1);
    expect(chairJoined.self.moderator).toBe(true);

    // A chair action on one node reaches the client on the other, and the point's counts travel back.
    const pointId = pointJoined.self.actorKey.replace(/^point:/, '');
    chair.send({
      type: 'act',
      rid: 'open',
      action: {
        type: 'vote.open',
        title: 'Thông qua kế hoạch tháng 12',
        kind: 'motion',
        secret: false,
        scope: 'point',
      },
    });
    await chair.next('ack', (m) => m.rid === 'open');
    const opened = await point.next('live.event', (m) => m.event.type === 'vote.opened');
    if (opened.event.type !== 'vote.opened') throw new Error('unreachable');
    const voteId = opened.event.vote.id;
    point.send({
      type: 'act',
      rid: 'count',
      action: { type: 'vote.count', voteId, bridgePointId: pointId, counts: { yes: 7, no: 1, abstain: 0 } },
    });
    await point.next('ack', (m) => m.rid === 'count');
    for (const [rid, type] of [
      ['close', 'vote.close'],
      ['publish', 'vote.publish'],
    ] as const) {
      chair.send({ type: 'act', rid, action: { type, voteId } });
      await chair.next('ack', (m) => m.rid === rid);
    }
    const published = await point.next('live.event', (m) => m.event.type === 'vote.published');
    if (published.event.type !== 'vote.published') throw new Error('unreachable');
    expect(published.event.result.counts).toEqual({ yes: 7, no: 1, abstain: 0 });

    // The node that owns the meeting goes away: both clients are told to reconnect (the relayed
    // one by its edge, the local one by its socket closing), reconnect through the same address,
    // land on the remaining node and are in the meeting together again.
    const ownerIndex = a.app.cluster?.stats().meetings ? 0 : 1;
    const owner = nodes[ownerIndex] as TestSystem;
    const survivor = nodes[1 - ownerIndex] as TestSystem;
    await owner.stop();
    nodes.splice(ownerIndex, 1);
    await expect.poll(() => chair.closes.length + point.closes.length, { timeout: 10_000 }).toBe(2);
    await chair.connect();
    await chair.join();
    await point.connect();
    const again = await point.join();
    expect(again.participants.map((p) => p.name)).toContain('Nguyễn Thị Hồng Nhung');
    // The meeting was rebuilt from the shared database: the published result is still there.
    const snapshot = await point.next('live.snapshot');
    const vote = snapshot.state.votes.find((v) => v.id === voteId);
    expect(vote?.status).toBe('published');
    expect(vote?.result?.counts).toEqual({ yes: 7, no: 1, abstain: 0 });
    expect(survivor.app.cluster?.stats().meetings).toBe(1);
  }, 60_000);
});
