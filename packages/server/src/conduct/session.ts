// The conduct of one live meeting: folds its stored events into the state, then takes actions in
// order, in batches: decide each → write all (one durable transaction) → apply → tell listeners →
// resolve each. A client is acknowledged only after its action is in the database, so a restart
// (even kill -9) loses nothing acknowledged.
import { AppError, applyLiveEvent, foldLiveEvents, initialLiveState, viewLiveState } from '@diemcau/protocol';
import type {
  LiveAction,
  LiveContext,
  LiveEvent,
  LiveState,
  LiveViewer,
  SequencedEvent,
} from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import { TypedEmitter } from '@diemcau/media';
import { randomBytes } from 'node:crypto';
import { TokenBucket } from '../live/rate-limit.js';
import { decide } from './decide.js';
import type { DecideContext, Effect, NewId } from './decide.js';
import type { PresentableDocument } from './decision.js';
import { controlsPresentation } from '../presentation/decide-present.js';
import type { LiveStore, SecretIncrement } from './store.js';

export interface ConductDeps {
  store: Pick<LiveStore, 'append' | 'load' | 'secretTallies' | 'sealSecretTallies'>;
  /** Marks the meeting ended in the schedule (meetings.status = 'ended'). */
  markEnded(meetingId: string, at: Date): Promise<void>;
  log: Logger;
  now?: () => Date;
  newId?: NewId;
  /**
   * After (re)opening, how long a person or bridge point the log shows present has to come back
   * before it is marked gone (a server restart must not log everyone as having left).
   */
  reconnectGraceMs?: number;
  /**
   * Loads the document version of a `present.open` and checks that the whole room may see it
   * (throws not_found or not_presentable). Without it, nothing can be presented.
   */
  presentable?(meetingId: string, documentId: string, versionId: string): Promise<PresentableDocument>;
}

export type ConductEvents = {
  /** Events were stored and applied, in order: broadcast them (each viewer's projection). */
  applied: [SequencedEvent[]];
  listenererror: [string, unknown];
};

export interface ActResult {
  events: SequencedEvent[];
  effects: Effect[];
}

/** Tries of one action when another writer (another node) appended first. */
const MAX_TRIES = 3;
/** Most actions written in one transaction (group commit). */
const MAX_BATCH = 200;

interface Pending {
  ctx: DecideContext;
  action: LiveAction;
  resolve(result: ActResult): void;
  reject(err: unknown): void;
}

type Decided =
  | { ok: true; pending: Pending; events: LiveEvent[]; effects: Effect[]; secret: SecretIncrement[] }
  | { ok: false; pending: Pending; error: unknown };

const defaultNewId: NewId = (prefix) => `${prefix}${randomBytes(9).toString('base64url')}`;

export class MeetingConduct extends TypedEmitter<ConductEvents> {
  #state: LiveState;
  #queue: Promise<unknown> = Promise.resolve();
  /** Actions waiting for the next group commit. */
  readonly #pending: Pending[] = [];
  /** Participants connected per actor key (several devices of one person count once). */
  readonly #present = new Map<string, number>();
  readonly #reactions = new Map<string, TokenBucket>();
  #graceTimer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #now: () => Date;
  readonly #newId: NewId;

  private constructor(
    state: LiveState,
    private readonly deps: ConductDeps,
  ) {
    super();
    this.#state = state;
    this.#now = deps.now ?? (() => new Date());
    this.#newId = deps.newId ?? defaultNewId;
    this.#graceTimer = setTimeout(() => {
      this.#graceTimer = null;
      this.#serial(() => this.#sweepAbsent()).catch((err: unknown) =>
        deps.log.warn({ err, meetingId: state.context.meetingId }, 'marking absentees failed'),
      );
    }, deps.reconnectGraceMs ?? 60_000);
    this.#graceTimer.unref();
  }

  /** Rebuilds the meeting's state from its stored events. */
  static async open(context: LiveContext, deps: ConductDeps): Promise<MeetingConduct> {
    const events = await deps.store.load(context.meetingId);
    return new MeetingConduct(foldLiveEvents(initialLiveState(context), events), deps);
  }

  get state(): LiveState {
    return this.#state;
  }

  get meetingId(): string {
    return this.#state.context.meetingId;
  }

  /** The state as one viewer may see it (the snapshot sent on join and reconnect). */
  snapshotFor(viewer: LiveViewer): LiveState {
    return viewLiveState(this.#state, viewer);
  }

  /**
   * Decides and stores one action; resolves (so the caller may acknowledge) once it is durable and
   * applied. Actions of a meeting run one at a time. Throws the AppError of decide, or conflict
   * when other writers kept winning.
   */
  act(ctx: DecideContext, action: LiveAction): Promise<ActResult> {
    if (action.type === 'reaction.send') this.#limitReaction(ctx.actor.key);
    return new Promise<ActResult>((resolve, reject) => {
      this.#pending.push({ ctx, action, resolve, reject });
      // NOTE: the first action after a drain schedules the next one; later ones join its batch.
      if (this.#pending.length === 1) void this.#serial(() => this.#drain());
    });
  }

  /** A participant of this actor joined: the first one makes the person or point present. */
  arrive(actorKey: string): Promise<void> {
    const n = (this.#present.get(actorKey) ?? 0) + 1;
    this.#present.set(actorKey, n);
    if (n > 1) return Promise.resolve();
    return this.#presence(actorKey, true);
  }

  /** A participant of this actor left: the last one makes the person or point gone. */
  depart(actorKey: string): Promise<void> {
    const n = (this.#present.get(actorKey) ?? 0) - 1;
    if (n > 0) {
      this.#present.set(actorKey, n);
      return Promise.resolve();
    }
    this.#present.delete(actorKey);
    return this.#presence(actorKey, false);
  }

  /** Stops timers; waits for the action in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
    await this.#queue.catch(() => undefined);
  }

  #serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(f, f);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Group commit: every action waiting when the previous write finished is decided in order
   * against the state as the earlier ones leave it, and all their events go to the database in ONE
   * transaction; then each is acknowledged. Under a burst (fifty ballots at once) this makes one
   * commit instead of fifty, and each ack still comes only after its action is durable.
   */
  async #drain(): Promise<void> {
    const batch = this.#takeBatch();
    if (this.#pending.length > 0) void this.#serial(() => this.#drain());
    for (let attempt = 1; ; attempt++) {
      const decided = await this.#decideBatch(batch);
      const events = decided.flatMap((d) => (d.ok ? d.events : []));
      const secret = decided.flatMap((d) => (d.ok ? d.secret : []));
      let stored: SequencedEvent[];
      try {
        stored = await this.#write(events, secret);
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict' && attempt < MAX_TRIES) {
          await this.#catchUp();
          continue;
        }
        for (const d of decided) d.pending.reject(d.ok ? err : d.error);
        return;
      }
      if (decided.some((d) => d.ok && d.effects.some((e) => e.kind === 'end_meeting')))
        // NOTE: the log already says ended (joins are refused from it); the schedule follows.
        await this.deps
          .markEnded(this.meetingId, this.#now())
          .catch((err: unknown) =>
            this.deps.log.error({ err, meetingId: this.meetingId }, 'marking the meeting ended failed'),
          );
      let at = 0;
      for (const d of decided) {
        if (!d.ok) {
          d.pending.reject(d.error);
          continue;
        }
        const mine = stored.slice(at, at + d.events.length);
        at += d.events.length;
        d.pending.resolve({ events: mine, effects: d.effects.filter((e) => e.kind !== 'secret_ballot') });
      }
      return;
    }
  }

  /**
   * The next batch. A secret vote's publication reads its counters from the database, so it must
   * see every ballot before it committed: it only ever starts a batch, and ends it.
   */
  #takeBatch(): Pending[] {
    const batch: Pending[] = [];
    while (batch.length < MAX_BATCH && this.#pending.length > 0) {
      const next = this.#pending[0];
      if (!next) break;
      const readsTallies = next.action.type === 'vote.publish';
      if (readsTallies && batch.length > 0) break;
      batch.push(next);
      this.#pending.shift();
      if (readsTallies) break;
    }
    return batch;
  }

  async #decideBatch(batch: Pending[]): Promise<Decided[]> {
    let working = this.#state;
    const out: Decided[] = [];
    for (const pending of batch) {
      try {
        const full = await this.#withDocument(
          await this.#withTallies(pending.ctx, pending.action),
          pending.action,
        );
        const decision = decide(working, pending.action, full, this.#now(), this.#newId);
        let seq = working.seq;
        for (const event of decision.events) working = applyLiveEvent(working, { seq: ++seq, event });
        const secret = decision.effects.filter(
          (e): e is Extract<Effect, { kind: 'secret_ballot' }> => e.kind === 'secret_ballot',
        );
        out.push({ ok: true, pending, events: decision.events, effects: decision.effects, secret });
      } catch (error) {
        out.push({ ok: false, pending, error });
      }
    }
    return out;
  }

  /** A secret vote's result is computed from its counters, which only the database holds. */
  async #withTallies(ctx: DecideContext, action: LiveAction): Promise<DecideContext> {
    if (action.type !== 'vote.publish') return ctx;
    const vote = this.#state.votes.find((v) => v.id === action.voteId);
    if (!vote?.secret || vote.status === 'published') return ctx;
    return { ...ctx, secretTallies: await this.deps.store.secretTallies(vote.id) };
  }

  /** A presented document must be one the whole room may see: the documents tables say so. */
  async #withDocument(ctx: DecideContext, action: LiveAction): Promise<DecideContext> {
    if (action.type !== 'present.open') return ctx;
    // NOTE: whoever may not present at all is refused by decide without a look at the document.
    if (!ctx.moderator && ctx.role !== 'presenter' && !controlsPresentation(this.#state, ctx)) return ctx;
    if (!this.deps.presentable) throw new AppError('not_presentable', 'documents are not available here');
    const doc = await this.deps.presentable(this.meetingId, action.documentId, action.versionId);
    return { ...ctx, presentDocument: doc };
  }

  /** Writes events (and secret counts) after the current seq, then applies and announces them. */
  async #write(events: LiveEvent[], secret: SecretIncrement[]): Promise<SequencedEvent[]> {
    if (events.length === 0 && secret.length === 0) return [];
    const before = this.#state;
    const stored = await this.deps.store.append(this.meetingId, before.seq, events, secret, this.#now());
    let next = before;
    for (const e of stored) next = applyLiveEvent(next, e);
    this.#state = next;
    if (stored.length > 0) this.emit('applied', stored);
    await this.#sealClosedSecretVotes(before, next);
    return stored;
  }

  /** Another writer appended first: fold what it wrote and announce it. */
  async #catchUp(): Promise<void> {
    const missed = await this.deps.store.load(this.meetingId, this.#state.seq);
    this.#state = foldLiveEvents(this.#state, missed);
    if (missed.length > 0) this.emit('applied', missed);
  }

  async #sealClosedSecretVotes(before: LiveState, after: LiveState): Promise<void> {
    for (const v of after.votes) {
      if (!v.secret || v.status === 'open') continue;
      if (before.votes.find((b) => b.id === v.id)?.status !== 'open') continue;
      await this.deps.store
        .sealSecretTallies(v.id)
        .catch((err: unknown) => this.deps.log.warn({ err, voteId: v.id }, 'sealing secret tallies failed'));
    }
  }

  #presence(actorKey: string, present: boolean): Promise<void> {
    return this.#serial(async () => {
      if (this.#closed || this.#state.status === 'ended') return;
      const events = this.#presenceEvents(actorKey, present, this.#now().toISOString());
      if (events.length > 0) await this.#writeRetrying(events);
    }).catch((err: unknown) =>
      this.deps.log.warn({ err, meetingId: this.meetingId, actorKey }, 'recording attendance failed'),
    );
  }

  /** person.arrived/left for persons, point.connected/disconnected for bridge points; only on change. */
  #presenceEvents(actorKey: string, present: boolean, at: string): LiveEvent[] {
    const [kind, id = ''] = actorKey.split(':', 2);
    if (kind === 'person') {
      const p = this.#state.persons[id];
      const isPresent = p !== undefined && p.leftAt === null;
      if (present === isPresent) return [];
      return [
        present ? { type: 'person.arrived', personId: id, at } : { type: 'person.left', personId: id, at },
      ];
    }
    if (kind === 'point') {
      const p = this.#state.points[id];
      const isConnected = p !== undefined && p.connectedAt !== null && p.disconnectedAt === null;
      if (present === isConnected) return [];
      return [
        present
          ? { type: 'point.connected', bridgePointId: id, at }
          : { type: 'point.disconnected', bridgePointId: id, at },
      ];
    }
    return [];
  }

  async #writeRetrying(events: LiveEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#write(events, []);
        return;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'conflict' || attempt >= MAX_TRIES) throw err;
        await this.#catchUp();
      }
    }
  }

  /** After a restart: whoever the log shows present but did not come back is marked gone. */
  async #sweepAbsent(): Promise<void> {
    if (this.#closed || this.#state.status === 'ended') return;
    const at = this.#now().toISOString();
    const events: LiveEvent[] = [];
    for (const p of Object.values(this.#state.persons))
      if (p.leftAt === null && !this.#present.has(`person:${p.personId}`))
        events.push({ type: 'person.left', personId: p.personId, at });
    for (const p of Object.values(this.#state.points))
      if (
        p.connectedAt !== null &&
        p.disconnectedAt === null &&
        !this.#present.has(`point:${p.bridgePointId}`)
      )
        events.push({ type: 'point.disconnected', bridgePointId: p.bridgePointId, at });
    if (events.length > 0) await this.#writeRetrying(events);
  }

  #limitReaction(actorKey: string): void {
    let bucket = this.#reactions.get(actorKey);
    if (!bucket) {
      bucket = new TokenBucket(1, 5, () => this.#now().getTime());
      this.#reactions.set(actorKey, bucket);
    }
    if (!bucket.take()) throw new AppError('rate_limited', 'too many reactions');
  }
}
