// MeetingConduct over a real (in-memory SQLite) store: actions are stored before they resolve,
// presence is logged once per actor, a stale second writer catches up and decides again, and a
// reopened conduct rebuilds the same state from the log.
import { silentLogger } from '@diemcau/media';
import type { LiveContext, SequencedEvent } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import { MeetingConduct } from './session.js';
import type { ConductDeps } from './session.js';
import { LiveStore } from './store.js';
import { CONTEXT, ctxOf } from './testing.js';

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

async function setup(): Promise<{
  deps: ConductDeps;
  store: LiveStore;
  ended: string[];
  context: () => LiveContext;
  meetingId: string;
}> {
  t = await createTestDatabase('sqlite');
  const { meetingId } = await seedDemoWard(t.db);
  const store = new LiveStore(t.db);
  const ended: string[] = [];
  return {
    store,
    ended,
    meetingId,
    context: () => ({ ...CONTEXT, meetingId }),
    deps: {
      store,
      markEnded: (id) => {
        ended.push(id);
        return Promise.resolve();
      },
      log: silentLogger,
      reconnectGraceMs: 60_000,
    },
  };
}

describe('MeetingConduct', () => {
  it('group commit: a burst of actions is written in few transactions, each resolved with its own events, a refused one alone', async () => {
    const { deps, store, context, meetingId } = await setup();
    let appends = 0;
    const counting: ConductDeps = {
      ...deps,
      store: {
        ...store,
        append: (...args: Parameters<LiveStore['append']>) => {
          appends += 1;
          return store.append(...args);
        },
        load: (...args: Parameters<LiveStore['load']>) => store.load(...args),
        secretTallies: (id) => store.secretTallies(id),
        sealSecretTallies: (id) => store.sealSecretTallies(id),
      },
    };
    const c = await MeetingConduct.open(context(), counting);
    await c.act(ctxOf('chair'), { type: 'meeting.start' });
    const before = appends;
    // Forty chat messages from four people at once (the chat limit is 5 per 10 s per person: the
    // sixth of each is refused while the others are stored), plus a chair action in the middle.
    const senders = ['chair', 'secretary', 'on', 'tuyet'] as const;
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        i === 20
          ? c.act(ctxOf('chair'), { type: 'meeting.lock', locked: true })
          : c.act(ctxOf(senders[i % 4] ?? 'chair'), { type: 'chat.send', to: 'all', text: `Ý kiến số ${i}` }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refusedCodes = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { code?: string }).code] : [],
    );
    expect(refusedCodes).toEqual(refusedCodes.map(() => 'rate_limited'));
    expect(refusedCodes.length).toBe(19);
    expect(ok.length).toBe(1 + 4 * 5);
    expect(appends - before, 'transactions for the burst').toBeLessThanOrEqual(3);
    // Every resolved action got exactly its own stored event, in order, and the log has them all.
    const log = await store.load(meetingId);
    const seqs = ok.flatMap((r) =>
      (r as PromiseFulfilledResult<{ events: SequencedEvent[] }>).value.events.map((e) => e.seq),
    );
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(log.length).toBe(1 + seqs.length);
    expect(c.state.locked).toBe(true);
    expect(c.state.chat.map((m) => m.text).sort()).toEqual(
      log.flatMap((e) => (e.event.type === 'chat.posted' ? [e.event.message.text] : [])).sort(),
    );
    await c.close();
  });

  it('an action resolves after it is stored and announced; the end marks the meeting ended', async () => {
    const { deps, store, ended, context, meetingId } = await setup();
    const c = await MeetingConduct.open(context(), deps);
    const announced: SequencedEvent[] = [];
    c.on('applied', (events) => announced.push(...events));
    const r = await c.act(ctxOf('chair'), { type: 'agenda.goto', itemId: 'a1' });
    expect(r.events.map((e) => [e.seq, e.event.type])).toEqual([
      [1, 'meeting.started'],
      [2, 'agenda.current'],
    ]);
    expect(await store.load(meetingId)).toEqual(r.events);
    expect(announced).toEqual(r.events);
    await expect(c.act(ctxOf('on'), { type: 'meeting.end' })).rejects.toMatchObject({ code: 'forbidden' });
    const end = await c.act(ctxOf('chair'), { type: 'meeting.end' });
    expect(end.effects).toEqual([{ kind: 'end_meeting' }]);
    expect(ended).toEqual([meetingId]);
    await c.close();
  });

  it('presence: the first device of a person arrives, the last one leaves; guests are not logged', async () => {
    const { deps, store, context, meetingId } = await setup();
    const c = await MeetingConduct.open(context(), deps);
    await c.arrive('person:p_on');
    await c.arrive('person:p_on');
    await c.arrive('point:bp_kp1');
    await c.arrive('guest:pX');
    await c.depart('person:p_on');
    expect(c.state.persons.p_on?.leftAt).toBeNull();
    await c.depart('person:p_on');
    await c.depart('guest:pX');
    expect((await store.load(meetingId)).map((e) => e.event.type)).toEqual([
      'person.arrived',
      'point.connected',
      'person.left',
    ]);
    await c.close();
  });

  it('a second writer with a stale state catches up and decides again; a reopened conduct has the same state', async () => {
    const { deps, context } = await setup();
    const a = await MeetingConduct.open(context(), deps);
    const b = await MeetingConduct.open(context(), deps);
    await a.act(ctxOf('chair'), { type: 'meeting.start' });
    // b has not seen meeting.started: its write conflicts, it reloads, and deciding again refuses.
    await expect(b.act(ctxOf('secretary'), { type: 'meeting.start' })).rejects.toMatchObject({
      code: 'wrong_state',
    });
    const r = await b.act(ctxOf('kp1'), { type: 'speak.request', onBehalfOf: null, topic: 'Môi trường' });
    expect(r.events[0]?.seq).toBe(2);
    expect(b.state.status).toBe('in_progress');
    const reopened = await MeetingConduct.open(context(), deps);
    expect(reopened.state).toEqual(b.state);
    for (const c of [a, b, reopened]) await c.close();
  });

  it('after a restart, whoever has not come back within the grace period is marked gone', async () => {
    const { deps, store, context, meetingId } = await setup();
    const before = await MeetingConduct.open(context(), deps);
    await before.arrive('person:p_on');
    await before.arrive('person:p_tuyet');
    await before.arrive('point:bp_kp2');
    await before.close();
    const after = await MeetingConduct.open(context(), { ...deps, reconnectGraceMs: 50 });
    await after.arrive('person:p_tuyet');
    await new Promise((r) => setTimeout(r, 200));
    expect(after.state.persons.p_on?.leftAt).not.toBeNull();
    expect(after.state.persons.p_tuyet?.leftAt).toBeNull();
    expect(after.state.points.bp_kp2?.disconnectedAt).not.toBeNull();
    expect((await store.load(meetingId)).map((e) => e.event.type)).toEqual([
      'person.arrived',
      'person.arrived',
      'point.connected',
      'person.left',
      'point.disconnected',
    ]);
    await after.close();
  });
});
