// Signalling-only clients for conduct tests against a real server: join with an invitation token,
// send meeting actions and wait for their ack or error, follow the live state (snapshot + events).
// Also seeds invited voters with their join tokens.
import { applyLiveEvent, parseServerMessage, signallingUrl } from '@diemcau/protocol';
import type { ClientMessage, LiveAction, LiveState, ServerMessage } from '@diemcau/protocol';
import WebSocket from 'ws';
import type { Db } from '../db/database.js';
import { issueJoinToken } from '../meetings/tokens.js';

export type ActOutcome = { ok: true } | { ok: false; code: string };

export class LiveClient {
  readonly messages: ServerMessage[] = [];
  /** The live state: the last snapshot with every event after it applied. */
  state: LiveState | null = null;
  selfId = '';
  #ws: WebSocket | null = null;
  #rid = 0;
  readonly #pending = new Map<string, (o: ActOutcome) => void>();
  readonly #waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  constructor(
    readonly name: string,
    readonly token: string,
  ) {}

  /** Opens the socket and joins; resolves with the snapshot received after `joined`. */
  async join(origin: string, meetingId: string): Promise<LiveState> {
    this.state = null;
    const ws = new WebSocket(signallingUrl(origin), { perMessageDeflate: false });
    this.#ws = ws;
    ws.on('message', (data: Buffer) => this.#receive(data.toString()));
    ws.on('close', () => {
      for (const resolve of this.#pending.values()) resolve({ ok: false, code: 'disconnected' });
      this.#pending.clear();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const snapshot = this.next((m) => m.type === 'live.snapshot' || m.type === 'error', 15_000);
    ws.send(JSON.stringify({ type: 'join', rid: 'join', meetingId, name: this.name, token: this.token }));
    const m = await snapshot;
    if (m.type !== 'live.snapshot') throw new Error(`${this.name} could not join: ${JSON.stringify(m)}`);
    return m.state;
  }

  /** Sends an action; resolves with its ack or error (or `disconnected`). */
  act(action: LiveAction): Promise<ActOutcome> {
    const rid = `a${++this.#rid}`;
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve({ ok: false, code: 'disconnected' });
    return new Promise((resolve) => {
      this.#pending.set(rid, resolve);
      ws.send(JSON.stringify({ type: 'act', rid, action }), (err) => {
        if (err) {
          this.#pending.delete(rid);
          resolve({ ok: false, code: 'disconnected' });
        }
      });
    });
  }

  /** Sends any client message as is. */
  send(msg: ClientMessage): void {
    this.#ws?.send(JSON.stringify(msg));
  }

  /** Like act, but throws unless acknowledged. */
  async must(action: LiveAction): Promise<void> {
    const o = await this.act(action);
    if (!o.ok) throw new Error(`${this.name}: ${action.type} refused: ${o.code}`);
  }

  /** The next message (from now on) that passes `test`. */
  next(test: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: timed out waiting`)), timeoutMs);
      this.#waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Waits until the followed state passes `test`. */
  async until(test: (s: LiveState) => boolean, timeoutMs = 10_000): Promise<LiveState> {
    if (this.state && test(this.state)) return this.state;
    await this.next(() => this.state !== null && test(this.state), timeoutMs);
    if (!this.state) throw new Error('no state');
    return this.state;
  }

  close(): void {
    this.#ws?.close();
    this.#ws = null;
  }

  #receive(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) throw new Error(`invalid frame from the server: ${parsed.message}`);
    const m = parsed.value;
    this.messages.push(m);
    if (m.type === 'joined') this.selfId = m.self.id;
    if (m.type === 'live.snapshot') this.state = m.state;
    if (m.type === 'live.event' && this.state)
      this.state = applyLiveEvent(this.state, { seq: m.seq, event: m.event });
    if (m.type === 'ack' || (m.type === 'error' && m.rid !== undefined)) {
      const resolve = this.#pending.get(m.rid ?? '');
      if (resolve) {
        this.#pending.delete(m.rid ?? '');
        resolve(m.type === 'ack' ? { ok: true } : { ok: false, code: m.code });
      }
    }
    for (const w of [...this.#waiters])
      if (w.test(m)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(m);
      }
  }
}

/** Invites `n` delegates (persons `p_voter_<i>`) to a meeting; returns their names and join tokens. */
export async function seedVoters(
  db: Db,
  meetingId: string,
  n: number,
): Promise<{ personId: string; name: string; token: string }[]> {
  const now = new Date().toISOString();
  const out: { personId: string; name: string; token: string }[] = [];
  for (let i = 1; i <= n; i++) {
    const personId = `p_voter_${String(i).padStart(3, '0')}`;
    const name = `Đại biểu Số ${i}`;
    await db
      .insertInto('persons')
      .values({ id: personId, full_name: name, email: null, phone: null, created_at: now })
      .execute();
    await db
      .insertInto('meeting_invitees')
      .values({
        meeting_id: meetingId,
        person_id: personId,
        role: 'delegate',
        rsvp: 'accepted',
        rsvp_reason: null,
        rsvp_at: now,
        invited_at: now,
      })
      .execute();
    const token = await issueJoinToken(db, {
      meetingId,
      personId,
      bridgePointId: null,
      label: name,
      ttl: 3600_000,
    });
    out.push({ personId, name, token });
  }
  return out;
}
