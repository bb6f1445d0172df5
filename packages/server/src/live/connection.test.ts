// Unit tests of the signalling session and the live room, over fake media: joining, publishing,
// subscription offers, mute state, active speaker, leaving, media resets and bad input.
import { describe, expect, it } from 'vitest';
import { harness, MEETING, settle } from '../testing/fake-clients.js';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';

describe('join', () => {
  it('answers joined with self, the others and the meeting, and tells the others', async () => {
    const { client } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('Hội trường UBND phường', 'Hội trường UBND phường');
    const bId = await b.join('Văn phòng khu phố 4');
    const joined = b.last('joined');
    expect(joined.meeting).toEqual({
      id: MEETING.id,
      title: MEETING.title,
      hostBridgePoint: MEETING.hostBridgePointName,
    });
    expect(joined.participants.map((p) => p.id)).toEqual([aId]);
    expect(joined.self.name).toBe('Văn phòng khu phố 4');
    expect(a.last('participant.joined').participant.id).toBe(bId);
  });

  it('refuses an unknown meeting with meeting_not_found and the request id', async () => {
    const { client } = harness();
    const a = client();
    await a.send({ type: 'join', rid: 'r9', meetingId: 'nope', name: 'X' });
    expect(a.last('error')).toMatchObject({ code: 'meeting_not_found', rid: 'r9', field: 'meetingId' });
  });

  it('refuses a second join on the same connection', async () => {
    const { client } = harness();
    const a = client();
    await a.join('A');
    await a.send({ type: 'join', rid: 'again', meetingId: MEETING.id, name: 'A' });
    expect(a.last('error')).toMatchObject({ code: 'already_joined', rid: 'again' });
  });

  it('refuses a second join on the same connection while the first is still opening the room', async () => {
    const { client } = harness();
    const a = client();
    const first = a.send({ type: 'join', rid: 'one', meetingId: MEETING.id, name: 'A' });
    const second = a.send({ type: 'join', rid: 'two', meetingId: MEETING.id, name: 'A' });
    await Promise.all([first, second]);
    expect(a.of('joined')).toHaveLength(1);
    expect(a.last('error')).toMatchObject({ code: 'already_joined', rid: 'two' });
  });

  it('refuses media messages before join with not_joined', async () => {
    const { client } = harness();
    const a = client();
    await a.send({ type: 'publish', rid: 'p', source: 'camera', sdp: OFFER, audio: true, video: true });
    expect(a.last('error')).toMatchObject({ code: 'not_joined', rid: 'p' });
  });
});

describe('publish and subscribe', () => {
  it('publishes, tells everyone, and offers the new feed to the others only', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    expect(a.last('publish.answer')).toMatchObject({ rid: 'p1', source: 'camera' });
    expect(media.rooms.get(MEETING.id)?.published.has(`${aId}:camera`)).toBe(true);
    expect(b.last('participant.updated').participant.publishing.camera).toEqual({ audio: true, video: true });
    const offer = b.last('subscribe.offer');
    expect(offer.streams).toEqual([
      { mid: '0', participantId: aId, source: 'camera', kind: 'audio' },
      { mid: '1', participantId: aId, source: 'camera', kind: 'video' },
    ]);
    expect(a.of('subscribe.offer')).toHaveLength(0);
  });

  it('applies the answer to the matching offer version and refuses a stale one', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    await a.join('A');
    const bId = await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    const { version } = b.last('subscribe.offer');
    await b.send({ type: 'subscribe.answer', version: version + 5, sdp: 'v=0 stale answer' });
    expect(b.last('error')).toMatchObject({ code: 'bad_message', field: 'version' });
    await b.send({ type: 'subscribe.answer', version, sdp: 'v=0 good answer' });
    expect(media.rooms.get(MEETING.id)?.subscribers.get(bId)?.answers).toEqual(['v=0 good answer']);
  });

  it('serializes renegotiation: a second feed waits for the first answer, then comes as one new offer', async () => {
    const { client } = harness();
    const a = client();
    const b = client();
    const c = client();
    await a.join('A');
    await b.join('B');
    await c.join('C');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    await b.send({ type: 'publish', rid: 'p2', source: 'camera', sdp: OFFER, audio: true, video: true });
    await a.send({ type: 'publish', rid: 'p3', source: 'screen', sdp: OFFER, audio: false, video: true });
    await settle();
    expect(c.of('subscribe.offer')).toHaveLength(1);
    await c.send({
      type: 'subscribe.answer',
      version: c.last('subscribe.offer').version,
      sdp: 'v=0 answer one',
    });
    await settle();
    const offers = c.of('subscribe.offer');
    expect(offers).toHaveLength(2);
    expect(offers[1]?.streams.map((s) => `${s.source}:${s.kind}`).sort()).toEqual([
      'camera:audio',
      'camera:audio',
      'camera:video',
      'camera:video',
      'screen:video',
    ]);
  });

  it('forwards an offer Janus makes on its own, versioned after the others', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    const bId = await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    const first = b.last('subscribe.offer');
    await b.send({ type: 'subscribe.answer', version: first.version, sdp: 'v=0 answer one' });
    await settle();
    const sub = media.rooms.get(MEETING.id)?.subscribers.get(bId);
    sub?.offerUnprompted({
      offerSdp: 'v=0 janus renegotiated',
      streams: [{ mid: '1', feed: `${aId}:camera`, kind: 'video' }],
    });
    await settle();
    const second = b.last('subscribe.offer');
    expect(second.version).toBe(first.version + 1);
    expect(second.sdp).toBe('v=0 janus renegotiated');
    expect(second.streams).toEqual([{ mid: '1', participantId: aId, source: 'camera', kind: 'video' }]);
    await b.send({ type: 'subscribe.answer', version: second.version, sdp: 'v=0 answer two' });
    expect(sub?.answers).toEqual(['v=0 answer one', 'v=0 answer two']);
  });

  it('subscribes the others when Janus says a new feed is ready', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    const before = b.of('subscribe.offer').length;
    await b.send({ type: 'subscribe.answer', version: b.last('subscribe.offer').version, sdp: 'v=0 answer' });
    const bSub = [...(media.rooms.get(MEETING.id)?.subscribers.values() ?? [])].find(
      (s) => s.answers.length > 0,
    );
    if (bSub) bSub.current = [];
    media.rooms.get(MEETING.id)?.fire('feedready', `${aId}:camera`);
    await settle();
    expect(b.of('subscribe.offer').length).toBe(before + 1);
  });

  it('maps publish failures from the media server to publish_failed', async () => {
    const { client, media } = harness();
    const a = client();
    await a.join('A');
    await settle();
    const room = media.rooms.get(MEETING.id);
    if (!room) throw new Error('room not opened');
    room.failPublish = true;
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    expect(a.last('error')).toMatchObject({ code: 'publish_failed', rid: 'p1' });
  });

  it('answers media_unavailable when Janus is down', async () => {
    const { client, media } = harness();
    media.up = false;
    const a = client();
    await a.join('A');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    expect(a.last('error')).toMatchObject({ code: 'media_unavailable', rid: 'p1' });
  });

  it('routes trickled candidates to the right feed or to the subscriber', async () => {
    const { client, media } = harness();
    const a = client();
    const aId = await a.join('A');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    const cand = { candidate: 'candidate:1 1 udp 1 127.0.0.2 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    await a.send({ type: 'trickle', target: 'camera', candidate: cand });
    await a.send({ type: 'trickle', target: 'subscriber', candidate: null });
    const room = media.rooms.get(MEETING.id);
    expect(room?.feedTrickles).toEqual([[`${aId}:camera`, cand]]);
    expect(room?.subscribers.get(aId)?.trickles).toEqual([null]);
  });
});

describe('state shared with everyone', () => {
  it('reflects mute and camera-off to the others', async () => {
    const { client } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await a.send({ type: 'media.state', audioMuted: true, videoMuted: false });
    expect(b.last('participant.updated').participant).toMatchObject({
      id: aId,
      audioMuted: true,
      videoMuted: false,
    });
  });

  it('announces the active speaker from talking events and keeps the last one through pauses', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await settle();
    const room = media.rooms.get(MEETING.id);
    room?.fire('talking', `${aId}:camera`, true);
    expect(b.last('speaker.active').participantId).toBe(aId);
    room?.fire('talking', `${aId}:camera`, false);
    expect(b.of('speaker.active')).toHaveLength(1);
    room?.fire('talking', 'stranger:camera', true);
    expect(b.of('speaker.active')).toHaveLength(1);
  });

  it('removes a leaver from everyone, with the reason, and drops its feeds', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await a.send({ type: 'leave' });
    expect(b.last('participant.left')).toEqual({
      type: 'participant.left',
      participantId: aId,
      reason: 'left',
    });
    expect(media.rooms.get(MEETING.id)?.published.size).toBe(0);
    const c = client();
    await c.join('C');
    expect(c.last('joined').participants.map((p) => p.name)).toEqual(['B']);
  });

  it('treats a closed socket as a disconnect', async () => {
    const { client } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    await b.join('B');
    await a.connection.closed();
    expect(b.last('participant.left')).toMatchObject({ participantId: aId, reason: 'disconnected' });
  });

  it('after a media server restart tells every client to publish again and resubscribes them', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    await a.join('A');
    await b.join('B');
    await a.send({ type: 'publish', rid: 'p1', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    media.rooms.get(MEETING.id)?.fire('reset');
    await settle();
    expect(a.last('media.reset').reason).toBe('media_server_restarted');
    expect(b.last('media.reset').reason).toBe('media_server_restarted');
    expect(b.last('participant.updated').participant.publishing).toEqual({ camera: null, screen: false });
    await a.send({ type: 'publish', rid: 'p2', source: 'camera', sdp: OFFER, audio: true, video: true });
    await settle();
    expect(b.of('subscribe.offer').length).toBeGreaterThanOrEqual(2);
  });
});

describe('bad input', () => {
  it('answers malformed frames with bad_message and keeps the room working', async () => {
    const { client } = harness();
    const a = client();
    const b = client();
    await a.join('A');
    await b.join('B');
    await a.send('{not json');
    await a.send(JSON.stringify({ type: 'publish', rid: 'x1', source: 'camera', sdp: 3 }));
    await a.send(JSON.stringify({ type: 'explode', rid: 'x2' }));
    await a.send(JSON.stringify({ type: 'join', rid: 'x3', meetingId: MEETING.id, name: '' }));
    const errors = a.of('error');
    expect(errors.map((e) => e.code)).toEqual(['bad_message', 'bad_message', 'bad_message', 'bad_message']);
    expect(errors[1]).toMatchObject({ rid: 'x1', field: 'sdp' });
    expect(errors[3]).toMatchObject({ rid: 'x3', field: 'name' });
    await a.send({ type: 'media.state', audioMuted: true, videoMuted: true });
    expect(b.last('participant.updated').participant.audioMuted).toBe(true);
  });

  it('rate-limits a flood and disconnects a client that keeps sending garbage', async () => {
    const { client } = harness();
    const a = client();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 260; i++) sends.push(a.send('garbage'));
    await Promise.all(sends);
    expect(a.of('error').some((e) => e.code === 'rate_limited')).toBe(true);
    expect(a.closedWith).toEqual({ code: 1008, reason: 'too many invalid messages' });
  });

  it('carries names verbatim (the web app escapes them when it renders)', async () => {
    const { client } = harness();
    const a = client();
    const b = client();
    await a.join('<img src=x onerror=alert(1)>');
    await b.join('B');
    expect(b.last('joined').participants[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });
});
