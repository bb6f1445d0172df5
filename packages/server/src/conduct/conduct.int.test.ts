// System tests of meeting conduct with signalling-only clients against the real server:
// (a) 50 clients vote at once, named and secret: the published counts equal the acks received;
// (b) the server is killed (SIGKILL) mid-vote and restarted on the same data: every acknowledged
// ballot is still counted, and reconnecting clients get the same state.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseJoinLink } from '@diemcau/protocol';
import type { LiveAction, LiveState, Vote } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId } from '../auth/seed.js';
import { openDatabase } from '../db/database.js';
import { seedDemo } from '../demo/seed.js';
import { DEMO_PEOPLE } from '../demo/ward.js';
import { issueJoinToken } from '../meetings/tokens.js';
import { LiveClient, seedVoters } from '../testing/live-client.js';
import { startServerProcess } from '../testing/server-process.js';
import type { ServerProcess } from '../testing/server-process.js';
import { freePort, startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';
import { LiveStore } from './store.js';

const OPTIONS = ['yes', 'no', 'abstain'] as const;
const choiceOf = (i: number): string => OPTIONS[i % 3 === 0 ? 1 : i % 4 === 0 ? 2 : 0] ?? 'yes';
const CHAIR = DEMO_PEOPLE[0].name;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const motion = (title: string, secret: boolean): LiveAction => ({
  type: 'vote.open',
  title,
  kind: 'motion',
  secret,
  scope: 'person',
  majority: 'simple',
  quorum: { kind: 'none' },
});

const openVoteOf = (s: LiveState): Vote | undefined => s.votes.find((v) => v.status === 'open');

async function openVote(
  chair: LiveClient,
  voters: LiveClient[],
  title: string,
  secret: boolean,
): Promise<string> {
  await chair.must(motion(title, secret));
  const vote = openVoteOf(chair.state ?? (await chair.until((s) => openVoteOf(s) !== undefined)));
  if (!vote) throw new Error('no open vote');
  await Promise.all(voters.map((v) => v.until((s) => s.votes.some((x) => x.id === vote.id))));
  return vote.id;
}

describe('50 clients vote at once (in-process server, SQLite)', () => {
  let sys: TestSystem;
  let chair: LiveClient;
  let voters: LiveClient[];

  beforeAll(async () => {
    sys = await startTestSystem({ janus: false });
    const seeded = await seedVoters(sys.db, sys.demoMeetingId, 50);
    const chairToken = parseJoinLink(await sys.link(CHAIR))?.token ?? '';
    chair = new LiveClient(CHAIR, chairToken);
    voters = seeded.map((v) => new LiveClient(v.name, v.token));
    await chair.join(sys.origin, sys.demoMeetingId);
    await Promise.all(voters.map((v) => v.join(sys.origin, sys.demoMeetingId)));
  });

  afterAll(async () => {
    for (const c of [chair, ...(voters ?? [])]) c?.close();
    await sys?.stop();
  });

  for (const secret of [false, true]) {
    it(`${secret ? 'secret' : 'named'} ballot: each voter's first ballot is acked, the second refused; counts = acks`, async () => {
      const voteId = await openVote(
        chair,
        voters,
        secret ? 'Bầu tổ trưởng (bỏ phiếu kín)' : 'Thông qua kế hoạch',
        secret,
      );
      const started = performance.now();
      // Each voter sends two ballots at once: exactly one may count.
      const outcomes = await Promise.all(
        voters.map((v, i) =>
          Promise.all([
            v.act({ type: 'vote.cast', voteId, optionId: choiceOf(i) }),
            v.act({ type: 'vote.cast', voteId, optionId: 'abstain' }),
          ]),
        ),
      );
      const elapsed = performance.now() - started;
      console.log(
        `[conduct] 50 clients × 2 ballots (${secret ? 'secret' : 'named'}): ${elapsed.toFixed(0)} ms`,
      );
      const acked: Record<string, number> = { yes: 0, no: 0, abstain: 0 };
      outcomes.forEach(([first, second], i) => {
        expect(first, `voter ${i} first ballot`).toEqual({ ok: true });
        expect(second, `voter ${i} second ballot`).toEqual({ ok: false, code: 'wrong_state' });
        const c = choiceOf(i);
        acked[c] = (acked[c] ?? 0) + 1;
      });
      await chair.must({ type: 'vote.publish', voteId });
      const published = await chair.until(
        (s) => s.votes.find((v) => v.id === voteId)?.status === 'published',
      );
      const vote = published.votes.find((v) => v.id === voteId);
      expect(vote?.result).toMatchObject({ counts: acked, cast: 50 });
      expect(vote?.voters).toHaveLength(50);
      if (secret) {
        expect(vote?.ballots).toBeNull();
        expect(await new LiveStore(sys.db).secretTallies(voteId)).toEqual(acked);
      } else {
        expect(Object.keys(vote?.ballots ?? {})).toHaveLength(50);
      }
      // Everyone sees the same published result.
      for (const v of voters) {
        const s = await v.until((x) => x.votes.find((y) => y.id === voteId)?.status === 'published');
        expect(s.votes.find((y) => y.id === voteId)?.result).toEqual(vote?.result);
        expect(s.seq).toBe(published.seq);
      }
    });
  }

  it('floor on behalf of a person, mute all, lock → lobby, then the end disconnects everyone', async () => {
    const point = new LiveClient(
      'Văn phòng khu phố 1',
      parseJoinLink(await sys.link('Văn phòng khu phố 1'))?.token ?? '',
    );
    await point.join(sys.origin, sys.demoMeetingId);
    await point.must({
      type: 'speak.request',
      onBehalfOf: { personId: null, name: 'Ông Tư' },
      topic: 'Đèn đường',
    });
    const request = (await chair.until((s) => s.queue.length > 0)).queue[0];
    const floor = point.next((m) => m.type === 'moderation' && m.moderation.kind === 'floor_granted');
    await chair.must({ type: 'speak.grant', requestId: request?.id ?? '' });
    await floor;
    const seen = await voters[0]?.until((s) => s.current !== null);
    expect(seen?.current?.label).toBe('Văn phòng khu phố 1 – Ông Tư');
    expect(seen?.spotlight).toBe('point:bp_kp1');
    const muted = voters[1]?.next((m) => m.type === 'moderation' && m.moderation.kind === 'mute');
    const speakerMuted = point.next((m) => m.type === 'moderation' && m.moderation.kind === 'mute', 1500);
    await chair.must({ type: 'mute.all' });
    await muted;
    await expect(speakerMuted).rejects.toThrow(/timed out/);

    await chair.must({ type: 'meeting.lock', locked: true });
    const late = new LiveClient(
      'Văn phòng khu phố 2',
      parseJoinLink(await sys.link('Văn phòng khu phố 2'))?.token ?? '',
    );
    const waiting = chair.next((m) => m.type === 'lobby.updated' && m.waiting.length === 1);
    const lateJoin = late.join(sys.origin, sys.demoMeetingId);
    const lobby = await waiting;
    if (lobby.type !== 'lobby.updated') throw new Error('no lobby');
    chair.send({ type: 'lobby.admit', rid: 'adm', participantId: lobby.waiting[0]?.id ?? '' });
    expect((await lateJoin).locked).toBe(true);

    const ended = voters.map((v) =>
      v.next((m) => m.type === 'participant.left' && m.reason === 'meeting_ended'),
    );
    await chair.must({ type: 'meeting.end' });
    await Promise.all(ended);
    expect((await sys.app.meetings.store.get(sys.demoMeetingId))?.status).toBe('ended');
    await expect(
      new LiveClient(CHAIR, parseJoinLink(await sys.link(CHAIR))?.token ?? '').join(
        sys.origin,
        sys.demoMeetingId,
      ),
    ).rejects.toThrow(/meeting_not_found/);
    for (const c of [point, late]) c.close();
  });
});

describe('kill -9 of the server mid-vote (child process, SQLite)', () => {
  const N = 30;
  let dataDir = '';
  let server: ServerProcess | null = null;

  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every acknowledged ballot is counted after the restart; clients resume the same state', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-kill9-'));
    const port = await freePort();
    // Seed the data folder the server will use: demo ward, N invited voters, the chair's link.
    const db = await openDatabase({ url: path.join(dataDir, 'diemcau.sqlite') });
    const { meetingId } = await seedDemo(db);
    const seeded = await seedVoters(db, meetingId, N);
    const chairToken = await issueJoinToken(db, {
      meetingId,
      personId: demoPersonId(CHAIR),
      bridgePointId: null,
      label: CHAIR,
      ttl: 3600_000,
    });
    await db.destroy();

    server = await startServerProcess({ dataDir, port });
    const origin = server.origin;
    const chair = new LiveClient(CHAIR, chairToken);
    const voters = seeded.map((v) => new LiveClient(v.name, v.token));
    await chair.join(origin, meetingId);
    await Promise.all(voters.map((v) => v.join(origin, meetingId)));
    await chair.must({ type: 'meeting.start' });
    const voteId = await openVote(chair, voters, 'Thông qua nghị quyết (bỏ phiếu kín)', true);

    // Ballots arrive continuously (one every 15 ms); the server dies after the 10th ack.
    const acked = new Set<number>();
    const sends = voters.map(async (v, i) => {
      await sleep(i * 15);
      const o = await v.act({ type: 'vote.cast', voteId, optionId: choiceOf(i) });
      if (o.ok) acked.add(i);
      return o;
    });
    while (acked.size < 10) await sleep(2);
    const killedAt = performance.now();
    await server.kill9();
    const outcomes = await Promise.all(sends);
    const ackedBeforeKill = new Set(acked);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(10);
    expect(ackedBeforeKill.size).toBeLessThan(N);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.code === 'disconnected')).toBe(true);
    const chairBefore = chair.state;
    if (!chairBefore) throw new Error('no state before the kill');
    for (const c of [chair, ...voters]) c.close();

    server = await startServerProcess({ dataDir, port });
    const restartedMs = performance.now() - killedAt;
    const snapshot = await chair.join(origin, meetingId);
    const voterSnapshots = await Promise.all(voters.map((v) => v.join(origin, meetingId)));
    const recoveredMs = performance.now() - killedAt;
    console.log(
      `[conduct] kill -9 → server up in ${restartedMs.toFixed(0)} ms; ${N + 1} clients back with their snapshot in ${recoveredMs.toFixed(0)} ms; ${ackedBeforeKill.size} ballots acked before the kill`,
    );

    // The snapshot holds everything the chair had seen, and every acknowledged ballot.
    expect(snapshot.seq).toBeGreaterThanOrEqual(chairBefore.seq);
    expect(snapshot.status).toBe('in_progress');
    expect(snapshot.startedAt).toBe(chairBefore.startedAt);
    const vote = snapshot.votes.find((v) => v.id === voteId);
    expect(vote?.status).toBe('open');
    for (const key of chairBefore.votes[0]?.voters ?? []) expect(vote?.voters).toContain(key);
    for (const i of ackedBeforeKill) expect(vote?.voters).toContain(`person:${seeded[i]?.personId}`);
    // Every client resumes the same state.
    for (const s of voterSnapshots) {
      expect(s.seq).toBe(snapshot.seq);
      expect(s.votes).toEqual(snapshot.votes);
    }

    // Everyone sends their ballot (again): the acknowledged ones are refused as already cast.
    const retries = await Promise.all(
      voters.map((v, i) => v.act({ type: 'vote.cast', voteId, optionId: choiceOf(i) })),
    );
    retries.forEach((o, i) => {
      if (ackedBeforeKill.has(i))
        expect(o, `voter ${i} was acked before the kill`).toEqual({ ok: false, code: 'wrong_state' });
      else expect(o.ok || o.code === 'wrong_state', `voter ${i}: ${JSON.stringify(o)}`).toBe(true);
    });
    await chair.must({ type: 'vote.publish', voteId });
    const published = await chair.until((s) => s.votes.find((v) => v.id === voteId)?.status === 'published');
    const expected: Record<string, number> = { yes: 0, no: 0, abstain: 0 };
    for (let i = 0; i < N; i++) expected[choiceOf(i)] = (expected[choiceOf(i)] ?? 0) + 1;
    expect(published.votes.find((v) => v.id === voteId)?.result).toMatchObject({ counts: expected, cast: N });
    for (const c of [chair, ...voters]) c.close();
  });
});
