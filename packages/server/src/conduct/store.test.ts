// The conduct store on SQLite and PostgreSQL: the event log round-trips, two writers of the same
// seq conflict, and after secret ballots no row of any table links a voter to a choice.
import { applyLiveEvent, initialLiveState } from '@diemcau/protocol';
import type { LiveAction, LiveContext, LiveEvent, LiveState } from '@diemcau/protocol';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import { decide } from './decide.js';
import { LiveStore } from './store.js';
import { CONTEXT, PRESENT, T0 } from './testing.js';

const VOTERS = Array.from({ length: 12 }, (_, i) => `p_voter_${String(i + 1).padStart(2, '0')}`);
const NAMED = Array.from({ length: 4 }, (_, i) => `p_named_${i + 1}`);

async function meetingRow(db: Db): Promise<string> {
  return (await seedDemoWard(db)).meetingId;
}

/** Every user table of the database. */
async function tables(db: Db, kind: string): Promise<string[]> {
  const q =
    kind === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'`
      : sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`;
  return (await q.execute(db)).rows.map((r) => r.name);
}

/**
 * Rows of any table that hold both a voter of `voterIds` and a choice among `optionIds`: a column
 * named like an option, an `"optionId"` in a JSON payload, or a value that is one of the options.
 */
async function voterChoiceLinks(
  db: Db,
  kind: string,
  voterIds: readonly string[],
  optionIds: readonly string[],
): Promise<string[]> {
  const links: string[] = [];
  const quoted = optionIds.map((o) => `"${o}"`);
  for (const table of await tables(db, kind)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    for (const row of rows) {
      const values = Object.values(row).map((v) =>
        v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number),
      );
      const voter = voterIds.find((id) => values.some((v) => v.includes(id)));
      if (!voter) continue;
      const choice =
        Object.keys(row).some((c) => /option/i.test(c)) ||
        values.some(
          (v) => v.includes('"optionId"') || optionIds.includes(v) || quoted.some((q) => v.includes(q)),
        );
      if (choice) links.push(`${table}: ${values.join(' | ')}`);
    }
  }
  return links;
}

/** Decides, appends and applies, as the session does. */
class Writer {
  state: LiveState;
  #ids = 0;
  constructor(
    readonly store: LiveStore,
    readonly meetingId: string,
    context: LiveContext,
  ) {
    this.state = initialLiveState(context);
  }

  async act(personId: string, action: LiveAction, moderator = false): Promise<void> {
    const ctx = {
      actor: { key: `person:${personId}`, name: 'Đại biểu', bridgePointId: null, bridgePoint: null },
      participantId: `pp_${personId}`,
      role: moderator ? ('chair' as const) : ('delegate' as const),
      moderator,
      participants: PRESENT,
      ...(action.type === 'vote.publish' && this.state.votes.find((v) => v.id === action.voteId)?.secret
        ? { secretTallies: await this.store.secretTallies(action.voteId) }
        : {}),
    };
    const d = decide(this.state, action, ctx, T0, (p) => `${p}${this.meetingId.slice(0, 6)}${++this.#ids}`);
    const secret = d.effects.flatMap((e) => (e.kind === 'secret_ballot' ? [e] : []));
    const appended = await this.store.append(this.meetingId, this.state.seq, d.events, secret, T0);
    for (const e of appended) this.state = applyLiveEvent(this.state, e);
  }
}

const contextWith = (meetingId: string, personIds: readonly string[]): LiveContext => ({
  ...CONTEXT,
  meetingId,
  invited: [
    ...CONTEXT.invited,
    ...personIds.map((personId) => ({
      personId,
      name: `Đại biểu ${personId}`,
      role: 'delegate' as const,
      rsvp: 'accepted' as const,
      reason: null,
      bridgePointId: null,
    })),
  ],
});

describe.each(DB_KINDS)('live store on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('appends and loads events in order, with Vietnamese text intact', async () => {
    t = await createTestDatabase(kind);
    const meetingId = await meetingRow(t.db);
    const store = new LiveStore(t.db);
    const at = T0.toISOString();
    const events: LiveEvent[] = [
      { type: 'meeting.started', at },
      { type: 'agenda.current', itemId: 'a1', at },
      {
        type: 'chat.posted',
        message: {
          id: 'c1',
          from: { key: 'person:p_on', name: 'Phạm Văn Ơn', bridgePointId: null, bridgePoint: null },
          to: 'all',
          text: 'Đề nghị bổ sung “Kế hoạch phòng chống lụt bão” <script>',
          at,
        },
      },
    ];
    expect(await store.append(meetingId, 0, events.slice(0, 2))).toEqual([
      { seq: 1, event: events[0] },
      { seq: 2, event: events[1] },
    ]);
    await store.append(meetingId, 2, events.slice(2));
    expect(await store.load(meetingId)).toEqual(events.map((event, i) => ({ seq: i + 1, event })));
    expect(await store.load(meetingId, 2)).toEqual([{ seq: 3, event: events[2] }]);
    expect(await store.load('m_other')).toEqual([]);
    expect(await store.append(meetingId, 3, [])).toEqual([]);
  });

  it('a second writer of the same seq gets conflict and nothing of its batch is written', async () => {
    t = await createTestDatabase(kind);
    const meetingId = await meetingRow(t.db);
    const store = new LiveStore(t.db);
    const at = T0.toISOString();
    await store.append(meetingId, 0, [{ type: 'meeting.started', at }]);
    const stale = store.append(meetingId, 0, [
      { type: 'meeting.locked', locked: true, at },
      { type: 'spotlight.changed', actorKey: 'point:bp_kp1', at },
    ]);
    await expect(stale).rejects.toMatchObject({ code: 'conflict' });
    expect((await store.load(meetingId)).map((e) => e.event.type)).toEqual(['meeting.started']);
    // Both racing for seq 2: exactly one wins.
    const race = await Promise.allSettled([
      store.append(meetingId, 1, [{ type: 'meeting.locked', locked: true, at }]),
      store.append(meetingId, 1, [{ type: 'meeting.locked', locked: false, at }]),
    ]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(race.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    expect(await store.load(meetingId)).toHaveLength(2);
  });

  it('secret ballots: counted exactly, and no row of any table links a voter to a choice', async () => {
    t = await createTestDatabase(kind);
    const meetingId = await meetingRow(t.db);
    const store = new LiveStore(t.db);
    const w = new Writer(store, meetingId, contextWith(meetingId, [...VOTERS, ...NAMED]));
    await w.act(
      'p_chair',
      {
        type: 'vote.open',
        title: 'Bầu tổ trưởng',
        kind: 'poll',
        options: ['Anh Hai', 'Chị Ba', 'Cô Tư'],
        secret: true,
        scope: 'person',
      },
      true,
    );
    const secret = w.state.votes[0];
    if (!secret) throw new Error('no vote');
    expect(await store.secretTallies(secret.id)).toEqual({ o1: 0, o2: 0, o3: 0 });
    const choices = VOTERS.map((_, i) => ['o1', 'o2', 'o3'][i % 5 === 0 ? 2 : i % 2] ?? 'o1');
    for (const [i, voter] of VOTERS.entries())
      await w.act(voter, { type: 'vote.cast', voteId: secret.id, optionId: choices[i] ?? 'o1' });
    const expected = { o1: 0, o2: 0, o3: 0 } as Record<string, number>;
    for (const c of choices) expected[c] = (expected[c] ?? 0) + 1;
    expect(await store.secretTallies(secret.id)).toEqual(expected);
    await w.act('p_chair', { type: 'vote.close', voteId: secret.id }, true);
    await store.sealSecretTallies(secret.id);
    await w.act('p_chair', { type: 'vote.publish', voteId: secret.id }, true);
    expect(w.state.votes[0]?.result?.counts).toEqual(expected);
    expect(w.state.votes[0]?.voters).toHaveLength(VOTERS.length);

    // A named vote in the same meeting, as the control: there the link must be found.
    await w.act(
      'p_chair',
      {
        type: 'vote.open',
        title: 'Thông qua',
        kind: 'poll',
        options: ['Có', 'Không', 'Chưa rõ'],
        secret: false,
        scope: 'person',
      },
      true,
    );
    const named = w.state.votes[1];
    if (!named) throw new Error('no vote');
    for (const voter of NAMED) await w.act(voter, { type: 'vote.cast', voteId: named.id, optionId: 'o2' });

    const options = ['o1', 'o2', 'o3'];
    expect(await voterChoiceLinks(t.db, kind, NAMED, options)).toHaveLength(NAMED.length);
    expect(await voterChoiceLinks(t.db, kind, VOTERS, options)).toEqual([]);
    // The ballots of the secret vote are in the log (who voted), with no option.
    const ballots = (await store.load(meetingId)).filter(
      (e) => e.event.type === 'ballot.cast' && e.event.voteId === secret.id,
    );
    expect(ballots).toHaveLength(VOTERS.length);
    for (const b of ballots) expect(b.event).not.toHaveProperty('optionId');
  });
});
