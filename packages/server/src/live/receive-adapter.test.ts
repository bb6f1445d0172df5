// Receive adaptation through the live room over fake media: quality reports and layouts change
// what a client is subscribed to, which simulcast layers it gets, and what everyone is told.
import type { QualitySample } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { harness, MEETING, settle } from '../testing/fake-clients.js';
import type { TestClient } from '../testing/fake-clients.js';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';

const sample = (over: Partial<QualitySample> = {}): QualitySample => ({
  sendKbps: 500,
  recvKbps: 1500,
  lossPct: 0,
  rttMs: 20,
  availableOutgoingKbps: null,
  ...over,
});

async function publish(c: TestClient): Promise<void> {
  await c.send({ type: 'publish', rid: 'p', source: 'camera', sdp: OFFER, audio: true, video: true });
  await settle();
}

/** Answers offers until none is left waiting (the room sends one at a time). */
async function answerLatest(c: TestClient): Promise<void> {
  let answered = -1;
  for (let i = 0; i < 10; i++) {
    const offer = c.of('subscribe.offer').at(-1);
    if (!offer || offer.version === answered) return;
    answered = offer.version;
    await c.send({ type: 'subscribe.answer', version: offer.version, sdp: OFFER });
    await settle();
  }
}

const videoFrom = (c: TestClient): string[] =>
  c
    .last('subscribe.offer')
    .streams.filter((s) => s.kind === 'video')
    .map((s) => s.participantId);

async function meeting(): Promise<{
  a: TestClient;
  b: TestClient;
  bId: string;
  aId: string;
  media: ReturnType<typeof harness>['media'];
}> {
  const { client, media } = harness();
  const a = client();
  const b = client();
  const aId = await a.join('Văn phòng khu phố 4');
  const bId = await b.join('Hội trường UBND phường');
  await publish(b);
  await answerLatest(a);
  return { a, b, aId, bId, media };
}

describe('receive adaptation in the live room', () => {
  it('a congested subscriber drops to audio only, is told why, and everyone sees it as poor', async () => {
    const { a, b, aId, bId, media } = await meeting();
    const sub = media.rooms.get(MEETING.id)?.subscriber(aId);
    expect(a.last('subscribe.offer').streams.map((s) => s.kind)).toEqual(['audio', 'video']);
    expect(b.last('quality.levels').levels).toEqual(
      expect.arrayContaining([{ participantId: aId, level: 'unknown' }]),
    );
    // 80 kbit/s arrived: the budget (68) holds the audio (35) but not the lowest layer next to it.
    await a.send({ type: 'quality.report', sample: sample({ recvKbps: 80, lossPct: 40, rttMs: 300 }) });
    await settle();
    expect(a.last('receive.mode')).toEqual({
      type: 'receive.mode',
      mode: 'audio_only',
      reason: 'bandwidth',
      budgetKbps: 68,
    });
    // The video is held back at once, before the client answers the renegotiation that drops it.
    expect(sub?.sending).toEqual([[`${bId}:camera`, 'video', false]]);
    const offer = a.last('subscribe.offer');
    expect(offer.streams).toEqual([{ mid: '0', participantId: bId, source: 'camera', kind: 'audio' }]);
    expect(b.last('quality.levels').levels).toEqual([{ participantId: aId, level: 'poor' }]);
  });

  it('picks the layer from the tile size and sends it again after each new subscription', async () => {
    const { a, bId, media } = await meeting();
    const sub = media.rooms.get(MEETING.id)?.subscriber(a.connection.participantId ?? '');
    await a.send({
      type: 'view.layout',
      tiles: [{ participantId: bId, width: 320, height: 180 }],
      audioOnly: false,
    });
    await settle();
    expect(sub?.substreams.at(-1)).toEqual([`${bId}:camera`, 0]);
    await a.send({
      type: 'view.layout',
      tiles: [{ participantId: bId, width: 1280, height: 720 }],
      audioOnly: false,
    });
    await settle();
    expect(sub?.substreams.at(-1)).toEqual([`${bId}:camera`, 2]);
    expect(a.of('receive.mode')).toHaveLength(0);
  });

  it('audio-only by choice keeps the active speaker at the lowest layer and drops the rest', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const c = client();
    await a.join('A');
    const bId = await b.join('B');
    const cId = await c.join('C');
    await publish(b);
    await publish(c);
    await answerLatest(a);
    media.rooms.get(MEETING.id)?.fire('talking', `${cId}:camera`, true);
    await a.send({ type: 'view.layout', tiles: [], audioOnly: true });
    await settle();
    expect(a.last('receive.mode')).toMatchObject({ mode: 'audio_only', reason: 'chosen' });
    const streams = a.last('subscribe.offer').streams;
    expect(
      streams
        .filter((s) => s.kind === 'audio')
        .map((s) => s.participantId)
        .sort(),
    ).toEqual([bId, cId].sort());
    expect(videoFrom(a)).toEqual([cId]);
    await answerLatest(a);
    const sub = media.rooms.get(MEETING.id)?.subscriber(a.connection.participantId ?? '');
    expect(sub?.substreams.at(-1)).toEqual([`${cId}:camera`, 0]);
    // The speaker changes: the still picture follows.
    media.rooms.get(MEETING.id)?.fire('talking', `${bId}:camera`, true);
    await settle();
    expect(videoFrom(a)).toEqual([bId]);
  });

  it('a bridge point with a receive cap gets what fits in it from the start', async () => {
    const { client, media } = harness({
      admit: (c) =>
        Promise.resolve({
          kind: 'admit',
          identity: {
            name: c.name,
            bridgePoint: c.bridgePoint,
            role: 'bridge_point',
            moderator: false,
            userId: null,
            personId: null,
            deviceId: null,
            bridgePointId: null,
            receiveCapKbps: c.name === 'Khu phố xa' ? 200 : null,
          },
        }),
    });
    const far = client();
    const b = client();
    const c = client();
    await far.join('Khu phố xa');
    await b.join('B');
    const cId = await c.join('C');
    await publish(b);
    await publish(c);
    await answerLatest(far);
    // Two audio streams and one lowest layer fit (2 × 58 + 66 ≤ 200), two layers do not.
    expect(far.last('receive.mode')).toMatchObject({ mode: 'speaker_only', reason: 'cap', budgetKbps: 200 });
    expect(videoFrom(far)).toHaveLength(1);
    media.rooms.get(MEETING.id)?.fire('talking', `${cId}:camera`, true);
    await settle();
    await answerLatest(far);
    expect(videoFrom(far)).toEqual([cId]);
    const unlimited = b
      .of('subscribe.offer')
      .at(-1)
      ?.streams.filter((s) => s.kind === 'video');
    expect(unlimited).toHaveLength(1);
  });
});
