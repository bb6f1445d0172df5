// ICE restarts over fake media: a publisher's restart offer is answered on the same feed (nobody
// renegotiates), and a subscriber's restart brings a fresh offer for the same streams.
import { describe, expect, it } from 'vitest';
import { harness, MEETING, settle } from '../testing/fake-clients.js';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';

describe('ICE restart', () => {
  it("answers a publisher's restart on the same feed without renegotiating the viewers", async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    const offersBefore = b.of('subscribe.offer').length;
    const updatesBefore = b.of('participant.updated').length;
    await a.send({
      type: 'publish',
      rid: 'p2',
      source: 'camera',
      sdp: `${OFFER}a=ice-restart\r\n`,
      audio: true,
      video: true,
      restart: true,
    });
    await settle();
    expect(a.last('publish.answer')).toMatchObject({ rid: 'p2' });
    expect(a.last('publish.answer').sdp).toContain('restart answer');
    const room = media.rooms.get(MEETING.id);
    expect(room?.publisherRestarts).toEqual([`${aId}:camera`]);
    expect(b.of('subscribe.offer')).toHaveLength(offersBefore);
    expect(b.of('participant.updated')).toHaveLength(updatesBefore);
  });

  it('refuses a restart of a source that is not published, so the client publishes afresh', async () => {
    const { client } = harness();
    const a = client();
    await a.join('A');
    await a.send({
      type: 'publish',
      rid: 'p1',
      source: 'screen',
      sdp: OFFER,
      audio: false,
      video: true,
      restart: true,
    });
    expect(a.last('error')).toMatchObject({ rid: 'p1' });
    expect(a.of('publish.answer')).toHaveLength(0);
  });

  it('re-offers the same streams to a subscriber that restarts ICE, with the next version', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    await a.join('A');
    const bId = await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    const first = b.last('subscribe.offer');
    await b.send({ type: 'subscribe.answer', version: first.version, sdp: 'v=0 answer' });
    await b.send({ type: 'subscribe.restart' });
    await settle();
    const again = b.last('subscribe.offer');
    expect(again.version).toBe(first.version + 1);
    expect(again.sdp).toContain('ice-restart');
    expect(again.streams).toEqual(first.streams);
    expect(media.rooms.get(MEETING.id)?.subscribers.get(bId)?.restarts).toBe(1);
    await b.send({ type: 'subscribe.answer', version: again.version, sdp: 'v=0 restarted' });
    expect(media.rooms.get(MEETING.id)?.subscribers.get(bId)?.answers).toEqual([
      'v=0 answer',
      'v=0 restarted',
    ]);
  });

  it('makes a first subscription when a client restarts before it has one', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    await a.join('A');
    const bId = await b.join('B');
    await b.send({ type: 'subscribe.restart' });
    await settle();
    expect(b.of('subscribe.offer')).toHaveLength(0);
    expect(media.rooms.get(MEETING.id)?.subscribers.get(bId)?.restarts).toBe(1);
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    expect(b.last('subscribe.offer').sdp).not.toContain('ice-restart');
  });

  it('drops a subscription beyond repair and offers a new one for a new connection', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    await a.join('A');
    const bId = await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    const first = b.last('subscribe.offer');
    await b.send({ type: 'subscribe.answer', version: first.version, sdp: 'v=0 answer' });
    const old = media.rooms.get(MEETING.id)?.subscribers.get(bId);
    await b.send({ type: 'subscribe.restart', fresh: true });
    await settle();
    expect(old?.closed).toBe(true);
    const again = b.last('subscribe.offer');
    expect(again.version).toBe(first.version + 1);
    expect(again.sdp).not.toContain('ice-restart');
    expect(again.streams).toEqual(first.streams);
    const fresh = media.rooms.get(MEETING.id)?.subscribers.get(bId);
    expect(fresh).not.toBe(old);
    await b.send({ type: 'subscribe.answer', version: again.version, sdp: 'v=0 new connection' });
    expect(fresh?.answers).toEqual(['v=0 new connection']);
  });
});
