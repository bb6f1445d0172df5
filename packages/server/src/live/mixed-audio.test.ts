// Mixed audio for weak points: the decision with its hysteresis (pure), and the whole path through
// Connection and LiveRoom over fake media: told by `receive.mode`, `mix.join` answered, sources kept
// in step (never the listener's own feed), per-feed audio dropped and restored, refusals.
import type { FeedKey } from '@diemcau/media';
import { TypedEmitter } from '@diemcau/media';
import { describe, expect, it } from 'vitest';
import { harness, MEETING, settle, type TestClient } from '../testing/fake-clients.js';
import type { FakeMediaEngine } from '../testing/fake-media.js';
import {
  decideMix,
  MIX_EXIT_FACTOR,
  MIX_EXIT_HOLD_MS,
  NOT_MIXED,
  perSpeakerNeedKbps,
  type MixDecision,
  type MixDecisionInput,
} from './mixed-audio.js';
import type { CandidateInit, MediaMixPort } from './ports.js';

// Three speakers: 3 × 58 of audio + 66 for the speaker's lowest layer.
const MIX_ENTER_KBPS = perSpeakerNeedKbps(3);
const MIX_EXIT_KBPS = Math.ceil(MIX_ENTER_KBPS * MIX_EXIT_FACTOR);

const input = (patch: Partial<MixDecisionInput>): MixDecisionInput => ({
  preferred: false,
  budgetKbps: null,
  audioSources: 3,
  nowMs: 0,
  ...patch,
});

describe('decideMix', () => {
  it('enters at once when chosen, whatever the line', () => {
    expect(decideMix(NOT_MIXED, input({ preferred: true }))).toEqual({ mixed: true, clearSinceMs: null });
    expect(decideMix(NOT_MIXED, input({ preferred: true, audioSources: 0 })).mixed).toBe(true);
  });

  it("needs one audio stream per speaker next to the speaker's picture", () => {
    expect(MIX_ENTER_KBPS).toBe(240);
    expect(perSpeakerNeedKbps(20)).toBeGreaterThan(1000);
  });

  it('enters below the threshold with at least two speakers, not at it nor with one', () => {
    expect(decideMix(NOT_MIXED, input({ budgetKbps: MIX_ENTER_KBPS - 1 })).mixed).toBe(true);
    expect(decideMix(NOT_MIXED, input({ budgetKbps: MIX_ENTER_KBPS })).mixed).toBe(false);
    expect(decideMix(NOT_MIXED, input({ budgetKbps: 60, audioSources: 1 })).mixed).toBe(false);
    expect(decideMix(NOT_MIXED, input({ budgetKbps: null }))).toEqual(NOT_MIXED);
  });

  it('leaves only after the line held above the exit threshold for the whole hold', () => {
    let s: MixDecision = decideMix(NOT_MIXED, input({ budgetKbps: 80 }));
    expect(s.mixed).toBe(true);
    // Between the thresholds: stays, and no hold starts.
    s = decideMix(s, input({ budgetKbps: MIX_EXIT_KBPS - 1, nowMs: 1000 }));
    expect(s).toEqual({ mixed: true, clearSinceMs: null });
    s = decideMix(s, input({ budgetKbps: MIX_EXIT_KBPS, nowMs: 2000 }));
    expect(s).toEqual({ mixed: true, clearSinceMs: 2000 });
    s = decideMix(s, input({ budgetKbps: 400, nowMs: 2000 + MIX_EXIT_HOLD_MS - 1 }));
    expect(s.mixed).toBe(true);
    s = decideMix(s, input({ budgetKbps: null, nowMs: 2000 + MIX_EXIT_HOLD_MS }));
    expect(s).toEqual(NOT_MIXED);
  });

  it('starts the hold over when the line dips again', () => {
    let s: MixDecision = { mixed: true, clearSinceMs: 0 };
    s = decideMix(s, input({ budgetKbps: 90, nowMs: MIX_EXIT_HOLD_MS - 1000 }));
    expect(s).toEqual({ mixed: true, clearSinceMs: null });
    s = decideMix(s, input({ budgetKbps: 500, nowMs: MIX_EXIT_HOLD_MS }));
    s = decideMix(s, input({ budgetKbps: 500, nowMs: 2 * MIX_EXIT_HOLD_MS - 1 }));
    expect(s.mixed).toBe(true);
  });
});

/** A mix that records what the room asks of it, like MediaMix from the outside. */
class FakeMix
  extends TypedEmitter<{ listenergone: [string]; reset: []; closed: [] }>
  implements MediaMixPort
{
  readonly current = new Set<FeedKey>();
  readonly joined: string[] = [];
  readonly left: string[] = [];
  readonly replaced: FeedKey[] = [];
  readonly trickles: [string, CandidateInit | null][] = [];
  sources(): FeedKey[] {
    return [...this.current].sort();
  }
  addSource(feed: FeedKey, replace = false): Promise<void> {
    if (replace) this.replaced.push(feed);
    this.current.add(feed);
    return Promise.resolve();
  }
  syncSources(feeds: readonly FeedKey[]): Promise<void> {
    this.current.clear();
    for (const f of feeds) this.current.add(f);
    return Promise.resolve();
  }
  join(participantId: string, offerSdp: string): Promise<{ answerSdp: string }> {
    this.joined.push(participantId);
    return Promise.resolve({ answerSdp: `mix answer to ${offerSdp.length} bytes` });
  }
  restartListener(participantId: string): Promise<{ answerSdp: string }> {
    return Promise.resolve({ answerSdp: `mix restart answer for ${participantId}` });
  }
  trickle(participantId: string, candidate: CandidateInit | null): Promise<void> {
    this.trickles.push([participantId, candidate]);
    return Promise.resolve();
  }
  leave(participantId: string): Promise<void> {
    this.left.push(participantId);
    return Promise.resolve();
  }
}

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';

/** Answers every subscription offer the client got (as a browser does), until none is waiting. */
async function answerOffers(client: TestClient): Promise<void> {
  for (let answered = 0; ;) {
    await settle();
    const offers = client.of('subscribe.offer');
    if (offers.length === answered) return;
    answered = offers.length;
    const last = offers[offers.length - 1];
    if (last) await client.send({ type: 'subscribe.answer', version: last.version, sdp: 'v=0 answer' });
  }
}

/** Four participants; b, c and d publish audio and video; the fake room gets a mix. */
async function meeting(media: FakeMediaEngine, clients: TestClient[]) {
  const [a, b, c, d] = clients as [TestClient, TestClient, TestClient, TestClient];
  const ids = {
    a: await a.join('Khu phố 9 (mạng yếu)'),
    b: await b.join('B'),
    c: await c.join('C'),
    d: await d.join('D'),
  };
  const mix = new FakeMix();
  const room = media.rooms.get(MEETING.id);
  if (!room) throw new Error('no media room');
  Object.assign(room, { openMix: () => Promise.resolve(mix) });
  for (const [who, client] of [
    ['a', a],
    ['b', b],
    ['c', c],
    ['d', d],
  ] as const) {
    await client.send({
      type: 'publish',
      rid: `p-${who}`,
      source: 'camera',
      sdp: OFFER,
      audio: true,
      video: true,
    });
  }
  await answerOffers(a);
  const subscription = () => room.subscribers.get(ids.a)?.current ?? [];
  return { a, b, ids, mix, room, subscription };
}

describe('mixed audio through the signalling', () => {
  it('puts a point that chose "Âm thanh gộp" on the mix: one stream, without its own feed', async () => {
    const { media, client } = harness();
    const { a, ids, mix, subscription } = await meeting(media, [client(), client(), client(), client()]);
    expect(subscription().every((w) => w.audio)).toBe(true);

    await a.send({ type: 'receive.preference', mixedAudio: true });
    expect(a.last('receive.mode')).toMatchObject({ mixedAudio: true });

    await a.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    await answerOffers(a);
    expect(a.last('mix.answer').rid).toBe('m1');
    expect(a.last('mix.answer').sdp).toContain('mix answer');
    expect(mix.joined).toEqual([ids.a]);
    expect(mix.sources()).toEqual([`${ids.b}:camera`, `${ids.c}:camera`, `${ids.d}:camera`].sort());
    // Per-feed audio is gone from its VideoRoom subscription; video stays as planned.
    expect(subscription()).toHaveLength(3);
    expect(subscription().some((w) => w.audio)).toBe(false);

    await a.send({ type: 'trickle', target: 'mix', candidate: null });
    expect(mix.trickles).toEqual([[ids.a, null]]);

    // Un-choosing on a good line: per-feed audio comes back at once and the mix is left.
    await a.send({ type: 'receive.preference', mixedAudio: false });
    await answerOffers(a);
    expect(a.last('receive.mode')).toMatchObject({ mixedAudio: false });
    expect(subscription().every((w) => w.audio)).toBe(true);
    expect(mix.left).toEqual([ids.a]);
    // Nobody listens any more: the bridge decodes no feed.
    expect(mix.sources()).toEqual([]);
  });

  it('switches a point on its own when its line carries less than one stream per speaker', async () => {
    const { media, client } = harness();
    const { a, b } = await meeting(media, [client(), client(), client(), client()]);
    // Heavy loss on 80 kbit/s: congestion, the estimate drops under the threshold.
    await a.send({
      type: 'quality.report',
      sample: { sendKbps: 30, recvKbps: 80, lossPct: 30, rttMs: 120, availableOutgoingKbps: null },
    });
    const mode = a.last('receive.mode');
    expect(mode.mixedAudio).toBe(true);
    expect(mode.budgetKbps).toBeLessThan(MIX_ENTER_KBPS);
    expect(b.of('receive.mode').every((m) => m.mixedAudio !== true)).toBe(true);
  });

  it('mixes a republished feed again (its forwarder is new) and stops mixing who leaves', async () => {
    const { media, client } = harness();
    const { a, ids, mix, room } = await meeting(media, [client(), client(), client(), client()]);
    await a.send({ type: 'receive.preference', mixedAudio: true });
    await a.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    await settle();
    room.fire('feedready', `${ids.b}:camera`);
    await settle();
    expect(mix.replaced).toEqual([`${ids.b}:camera`]);
    await a.send({ type: 'leave' });
    await settle();
    expect(mix.left).toEqual([ids.a]);
    expect(mix.sources()).toEqual([]);
  });

  it('asks a mixed point to join again after a media restart', async () => {
    const { media, client } = harness();
    const { a, room } = await meeting(media, [client(), client(), client(), client()]);
    await a.send({ type: 'receive.preference', mixedAudio: true });
    await a.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    await settle();
    const before = a.of('receive.mode').length;
    room.fire('reset');
    await settle();
    expect(a.of('receive.mode').length).toBe(before + 1);
    expect(a.last('receive.mode').mixedAudio).toBe(true);
    // After media.reset (which closes the client's connections), so the client joins the new mix.
    const types = a.received.map((m) => m.type);
    expect(types.lastIndexOf('receive.mode')).toBeGreaterThan(types.lastIndexOf('media.reset'));
  });

  it('gives per-feed audio back at once when the mix refuses a restart (its place is gone)', async () => {
    const { media, client } = harness();
    const { a, mix, subscription } = await meeting(media, [client(), client(), client(), client()]);
    await a.send({ type: 'receive.preference', mixedAudio: true });
    await a.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    await answerOffers(a);
    expect(subscription().some((w) => w.audio)).toBe(false);
    mix.restartListener = () => Promise.reject(new Error('no such listener'));
    await a.send({ type: 'mix.join', rid: 'm2', sdp: OFFER, restart: true });
    expect(a.last('error').rid).toBe('m2');
    await answerOffers(a);
    expect(subscription().every((w) => w.audio)).toBe(true);
    // Joining again afresh puts it back on the mix.
    await a.send({ type: 'mix.join', rid: 'm3', sdp: OFFER });
    await answerOffers(a);
    expect(a.last('mix.answer').rid).toBe('m3');
    expect(subscription().some((w) => w.audio)).toBe(false);
  });

  it('refuses mix.join when mixed audio is off, and invalid frames with the field', async () => {
    const { media, client } = harness();
    const { a, mix } = await meeting(media, [client(), client(), client(), client()]);
    await a.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    expect(a.last('error')).toMatchObject({ rid: 'm1', code: 'wrong_state' });
    expect(mix.joined).toEqual([]);
    await a.send(JSON.stringify({ type: 'mix.join', rid: 'm2', sdp: 'short' }));
    expect(a.last('error')).toMatchObject({ code: 'bad_message', field: 'sdp' });
    await a.send(JSON.stringify({ type: 'receive.preference', mixedAudio: 'yes' }));
    expect(a.last('error')).toMatchObject({ code: 'bad_message', field: 'mixedAudio' });
  });

  it('refuses every mix frame before joining', async () => {
    const { client } = harness();
    const x = client();
    await x.send({ type: 'receive.preference', mixedAudio: true });
    expect(x.last('error')).toMatchObject({ code: 'not_joined' });
    await x.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    expect(x.last('error')).toMatchObject({ rid: 'm1', code: 'not_joined' });
    await x.send({ type: 'mix.leave', rid: 'm2' });
    expect(x.last('error')).toMatchObject({ rid: 'm2', code: 'not_joined' });
  });

  it('only lets a participant act on its own mix connection (no id in the frames)', async () => {
    const { media, client } = harness();
    const { a, b, ids, mix } = await meeting(media, [client(), client(), client(), client()]);
    await a.send({ type: 'receive.preference', mixedAudio: true });
    await a.send({ type: 'mix.join', rid: 'm1', sdp: OFFER });
    // b cannot leave a's mix: its own leave is a no-op for a.
    await b.send({ type: 'mix.leave', rid: 'x' });
    expect(b.last('ack')).toMatchObject({ rid: 'x' });
    expect(mix.left).toEqual([]);
    await a.send({ type: 'mix.leave', rid: 'm2' });
    expect(a.last('ack')).toMatchObject({ rid: 'm2' });
    expect(mix.left).toEqual([ids.a]);
  });
});
