// Unit tests of `video.stalled`: a viewer whose picture is stuck gets its publisher asked for a key
// frame, once a second at most per feed, and only for video it really receives.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { harness, MEETING, settle } from '../testing/fake-clients.js';
import type { TestClient } from '../testing/fake-clients.js';
import { KEYFRAME_MIN_INTERVAL_MS } from './room-adaptation.js';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';

async function publish(c: TestClient, video = true): Promise<void> {
  await c.send({ type: 'publish', rid: 'p', source: 'camera', sdp: OFFER, audio: true, video });
  await settle();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('video.stalled', () => {
  it('asks the publisher for a key frame, at most once a second per feed', async () => {
    let now = 10_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { client, media } = harness();
    const a = client();
    const b = client();
    const c = client();
    const aId = await a.join('Hội trường UBND phường');
    await b.join('Văn phòng khu phố 4');
    await c.join('Văn phòng khu phố 7');
    await publish(a);
    const room = media.rooms.get(MEETING.id);
    await b.send({ type: 'video.stalled', participantId: aId, source: 'camera' });
    expect(room?.keyframeRequests).toEqual([`${aId}:camera`]);
    // Another viewer of the same feed within the second: the key frame on its way serves it too.
    now += KEYFRAME_MIN_INTERVAL_MS - 1;
    await c.send({ type: 'video.stalled', participantId: aId, source: 'camera' });
    await b.send({ type: 'video.stalled', participantId: aId, source: 'camera' });
    expect(room?.keyframeRequests).toHaveLength(1);
    now += 1;
    await c.send({ type: 'video.stalled', participantId: aId, source: 'camera' });
    expect(room?.keyframeRequests).toEqual([`${aId}:camera`, `${aId}:camera`]);
    expect(b.of('error')).toEqual([]);
    expect(c.of('error')).toEqual([]);
  });

  it('ignores feeds with nothing to repair: its own, one without video, a screen not shared, a stranger', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const aId = await a.join('A');
    const bId = await b.join('B');
    await publish(a, false);
    await publish(b);
    const room = media.rooms.get(MEETING.id);
    await b.send({ type: 'video.stalled', participantId: bId, source: 'camera' });
    await b.send({ type: 'video.stalled', participantId: aId, source: 'camera' });
    await b.send({ type: 'video.stalled', participantId: aId, source: 'screen' });
    await b.send({ type: 'video.stalled', participantId: 'p-nobody', source: 'camera' });
    expect(room?.keyframeRequests).toEqual([]);
    expect(b.of('error')).toEqual([]);
  });

  it('ignores a camera the viewer does not receive now (audio only, not the speaker)', async () => {
    const { client, media } = harness();
    const a = client();
    const b = client();
    const c = client();
    const aId = await a.join('A');
    const bId = await b.join('B');
    await c.join('C');
    await publish(a);
    await publish(b);
    media.rooms.get(MEETING.id)?.fire('talking', `${bId}:camera`, true);
    await c.send({ type: 'view.layout', tiles: [], audioOnly: true });
    await settle();
    await c.send({ type: 'video.stalled', participantId: aId, source: 'camera' });
    expect(media.rooms.get(MEETING.id)?.keyframeRequests).toEqual([]);
    // The speaker's still picture does reach it.
    await c.send({ type: 'video.stalled', participantId: bId, source: 'camera' });
    expect(media.rooms.get(MEETING.id)?.keyframeRequests).toEqual([`${bId}:camera`]);
  });

  it('refuses a malformed report and one before joining', async () => {
    const { client } = harness();
    const a = client();
    await a.send({ type: 'video.stalled', participantId: 'p1', source: 'camera' });
    expect(a.last('error')).toMatchObject({ code: 'not_joined' });
    await a.join('A');
    await a.send(JSON.stringify({ type: 'video.stalled', participantId: 'p1', source: 'window' }));
    expect(a.last('error')).toMatchObject({ code: 'bad_message' });
  });
});
