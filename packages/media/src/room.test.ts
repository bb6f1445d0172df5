// MediaRoom and MediaSubscriber logic with fake handles fed recorded VideoRoom replies and events:
// talking de-duplication, feedgone vs own unpublish, and subscription diffs and renegotiations.
import { AppError } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './emitter.js';
import type { DetachReason, HandleEvents, JanusHandle, PluginReply } from './janus-session.js';
import type { Jsep } from './janus-wire.js';
import { MediaRoom, OBSERVER_ID, type RoomHost } from './room.js';
import { events, exchange, loadRecording, type Frame } from './test-support/fixtures.js';
import { silentLogger } from './types.js';

const rec = loadRecording('janus-videoroom-session');
const talkRec = loadRecording('janus-trickle-talking');

/** The recorded plugin reply of the nth plugin request of this kind. */
function recorded(kind: string, nth = 0): PluginReply {
  // NOTE: Janus may send the event before the ack; take the reply that carries plugin data.
  const last = exchange(rec, `message:${kind}`, nth).replies.find((r) => r.plugindata !== undefined) ?? {};
  return {
    data: (last.plugindata as { data: Record<string, unknown> }).data,
    jsep: last.jsep as Jsep | undefined,
  };
}
const pluginData = (f: Frame): Record<string, unknown> =>
  (f.plugindata as { data: Record<string, unknown> }).data;

class FakeHandle extends TypedEmitter<HandleEvents> {
  static next = 1;
  readonly id = FakeHandle.next++;
  readonly sent: { body: Record<string, unknown>; jsep: Jsep | undefined }[] = [];
  detached = false;
  constructor(readonly reply: (body: Record<string, unknown>) => PluginReply) {
    super();
  }
  message(body: object, jsep?: Jsep): Promise<PluginReply> {
    const b = body as Record<string, unknown>;
    this.sent.push({ body: b, jsep });
    try {
      return Promise.resolve(this.reply(b));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  trickle(): Promise<void> {
    return Promise.resolve();
  }
  detach(): Promise<void> {
    this.gone('us');
    return Promise.resolve();
  }
  gone(reason: DetachReason): void {
    if (this.detached) return;
    this.detached = true;
    this.emit('detached', reason);
  }
  fire<K extends keyof HandleEvents>(event: K, ...args: HandleEvents[K]): void {
    this.emit(event, ...args);
  }
  requests(): unknown[] {
    return this.sent.map((s) => s.body.request);
  }
}

/** A room over fake handles: the first attached is the observer, then one per publish/subscriber. */
async function fakeRoom() {
  const handles: FakeHandle[] = [];
  const replies: Record<string, PluginReply> = {
    create: recorded('create'),
    join: recorded('join'),
    joinandconfigure: recorded('joinandconfigure'),
    start: recorded('start'),
    destroy: recorded('destroy'),
    configure: recorded('configure'),
  };
  let updateReply = recorded('update');
  const host: RoomHost = {
    log: silentLogger,
    attach: () => {
      const h = new FakeHandle((body) => {
        if (body.request === 'join' && body.ptype === 'subscriber') return recorded('join', 1);
        if (body.request === 'update') return updateReply;
        const r = replies[String(body.request)];
        if (!r) throw new Error(`unexpected ${String(body.request)}`);
        return r;
      });
      handles.push(h);
      return Promise.resolve(h as unknown as JanusHandle);
    },
    roomClosed: () => {},
  };
  const room = new MediaRoom(host, 'r1');
  await room.setup();
  const talking: [string, boolean][] = [];
  const gone: string[] = [];
  const ready: string[] = [];
  room.on('talking', (f, on) => talking.push([f, on]));
  room.on('feedgone', (f) => gone.push(f));
  room.on('feedready', (f) => ready.push(f));
  const observer = handles[0] as FakeHandle;
  /** Publishes a feed and brings its PeerConnection up. */
  const publishUp = async (feed: string): Promise<FakeHandle> => {
    await room.publish(feed, 'v=0 offer', { display: feed, audio: true, video: true });
    const h = handles.at(-1) as FakeHandle;
    h.fire('webrtcup');
    return h;
  };
  const setUpdateReply = (r: PluginReply): void => {
    updateReply = r;
  };
  return { room, handles, observer, talking, gone, ready, publishUp, setUpdateReply };
}

describe('MediaRoom', () => {
  it('creates the VideoRoom with our settings and joins an observer', async () => {
    const { observer } = await fakeRoom();
    expect(observer.requests()).toEqual(['create', 'join']);
    expect(observer.sent[0]?.body).toMatchObject({
      room: 'r1',
      publishers: 64,
      fir_freq: 10,
      audiocodec: 'opus',
      videocodec: 'vp8',
      opus_fec: true,
      audiolevel_event: true,
      record: false,
    });
    expect(observer.sent[1]?.body).toMatchObject({ ptype: 'publisher', id: OBSERVER_ID });
  });

  it('publishes with the FeedKey as Janus id and lists the feed once it is up', async () => {
    const { room, handles, ready, publishUp } = await fakeRoom();
    const result = await room.publish('A:camera', 'v=0 offer', { display: 'An', audio: true, video: true });
    expect(result.answerSdp).toContain('v=0');
    expect(handles[1]?.sent[0]).toMatchObject({
      body: { request: 'joinandconfigure', ptype: 'publisher', room: 'r1', id: 'A:camera', display: 'An' },
      jsep: { type: 'offer', sdp: 'v=0 offer' },
    });
    expect(room.feeds()).toEqual([]);
    handles[1]?.fire('webrtcup');
    expect(room.feeds()).toEqual(['A:camera']);
    expect(ready).toEqual(['A:camera']);
    // Publishing again replaces the old publisher handle.
    await publishUp('A:camera');
    expect(handles[1]?.detached).toBe(true);
    expect(room.feeds()).toEqual(['A:camera']);
  });

  it("maps recorded talking/stopped-talking (sent to every participant) to one 'talking' each", async () => {
    const { observer, talking, publishUp } = await fakeRoom();
    await publishUp('A:camera');
    const frames = [...events(talkRec, 'event', 'talking'), ...events(talkRec, 'event', 'stopped-talking')];
    expect(frames).toHaveLength(4); // the publisher's copy and the observer's copy of each
    for (const f of frames) observer.fire('event', pluginData(f), undefined);
    expect(talking).toEqual([
      ['A:camera', true],
      ['A:camera', false],
    ]);
  });

  it("emits 'feedgone' once for an unexpected departure, never for our own unpublish", async () => {
    const { room, observer, gone, talking, publishUp } = await fakeRoom();
    await publishUp('A:camera');
    await publishUp('B:camera');
    observer.fire('event', pluginData(events(talkRec, 'event', 'talking')[0] ?? {}), undefined);
    await room.unpublish('A:camera');
    for (const f of events(rec, 'event', 'event').filter((e) => pluginData(e).unpublished === 'A:camera')) {
      observer.fire('event', pluginData(f), undefined);
    }
    expect(gone).toEqual([]);
    expect(talking).toEqual([
      ['A:camera', true],
      ['A:camera', false],
    ]);
    // B's connection dies: Janus hangs up its handle, then tells the room twice.
    const b = (await Promise.resolve(room.feeds())).includes('B:camera');
    expect(b).toBe(true);
    observer.fire('event', { videoroom: 'event', room: 'r1', unpublished: 'B:camera' }, undefined);
    observer.fire('event', { videoroom: 'event', room: 'r1', unpublished: 'B:camera' }, undefined);
    observer.fire('event', { videoroom: 'event', room: 'r1', leaving: 'B:camera' }, undefined);
    expect(gone).toEqual(['B:camera']);
    expect(room.feeds()).toEqual([]);
  });

  it("turns a publisher handle's hangup into 'feedgone', but not a lost session", async () => {
    const { room, gone, publishUp } = await fakeRoom();
    const a = await publishUp('A:camera');
    const b = await publishUp('B:camera');
    a.fire('hangup', 'DTLS alert');
    b.gone('session');
    expect(gone).toEqual(['A:camera']);
    expect(room.feeds()).toEqual(['B:camera']);
  });

  it('destroys the room and closes subscribers on close()', async () => {
    const { room, observer, publishUp } = await fakeRoom();
    const a = await publishUp('A:camera');
    const closed = new Promise<void>((resolve) => room.once('closed', resolve));
    await room.close();
    await closed;
    expect(a.detached).toBe(true);
    expect(observer.requests().at(-1)).toBe('destroy');
    expect(observer.detached).toBe(true);
    expect(() => room.subscriber('x')).toThrow(AppError);
  });
});

describe('MediaSubscriber', () => {
  it('creates no handle for nothing, skips unpublished feeds, and joins with the wanted mids', async () => {
    const { room, handles, publishUp } = await fakeRoom();
    const sub = room.subscriber('s1');
    expect(room.subscriber('s1')).toBe(sub);
    expect(await sub.update([])).toBeNull();
    expect(await sub.update([{ feed: 'A:camera', audio: true, video: true }])).toBeNull();
    expect(handles).toHaveLength(1);
    await publishUp('A:camera');
    const offer = await sub.update([{ feed: 'A:camera', audio: true, video: true }]);
    const h = handles.at(-1) as FakeHandle;
    expect(h.sent[0]?.body).toEqual({
      request: 'join',
      ptype: 'subscriber',
      room: 'r1',
      streams: [
        { feed: 'A:camera', mid: '0' },
        { feed: 'A:camera', mid: '1' },
      ],
    });
    expect(offer?.offerSdp).toContain('m=video');
    expect(offer?.streams).toEqual([
      { mid: '0', feed: 'A:camera', kind: 'audio' },
      { mid: '1', feed: 'A:camera', kind: 'video' },
    ]);
  });

  it('diffs updates into subscribe/unsubscribe, waits for the answer, and maps Janus offers', async () => {
    const { room, handles, publishUp, setUpdateReply } = await fakeRoom();
    await publishUp('A:camera');
    await publishUp('B:camera');
    const sub = room.subscriber('s1');
    const A = { feed: 'A:camera', audio: true, video: true };
    const B = { feed: 'B:camera', audio: true, video: true };
    await sub.update([A]);
    const h = handles.at(-1) as FakeHandle;
    // An update before the answer waits for it.
    let settled = false;
    const second = sub.update([A, B]).then((o) => {
      settled = true;
      return o;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    await sub.answer('v=0 answer');
    const offer = await second;
    expect(h.sent.map((s) => s.body)).toContainEqual({
      request: 'update',
      subscribe: [
        { feed: 'B:camera', mid: '0' },
        { feed: 'B:camera', mid: '1' },
      ],
    });
    expect(offer?.streams.map((s) => `${s.mid}:${s.feed}:${s.kind}`)).toEqual([
      '0:A:camera:audio',
      '1:A:camera:video',
      '2:B:camera:audio',
      '3:B:camera:video',
    ]);
    await sub.answer('v=0 answer');
    expect(await sub.update([A, B])).toBeNull();

    // Janus renegotiates on its own when A leaves (recorded unsolicited 'updated' with an offer).
    const unsolicited = events(rec, 'event', 'updated').find((e) => e.jsep !== undefined) ?? {};
    const offered = new Promise((resolve) => sub.once('offer', resolve));
    h.fire('event', pluginData(unsolicited), unsolicited.jsep as Jsep);
    expect(await offered).toMatchObject({
      streams: [
        { mid: '2', feed: 'B:camera' },
        { mid: '3', feed: 'B:camera' },
      ],
    });
    await sub.answer('v=0 answer');

    // Only B's audio now: unsubscribe its video by subscriber mid.
    setUpdateReply({ data: { videoroom: 'updated', room: 'r1' }, jsep: undefined });
    expect(await sub.update([{ feed: 'B:camera', audio: true, video: false }])).toBeNull();
    expect(h.sent.at(-1)?.body).toEqual({ request: 'update', unsubscribe: [{ sub_mid: '3' }] });

    await sub.setSubstream('B:camera', 0);
    expect(h.sent.at(-1)?.body).toEqual({ request: 'configure', mid: '3', substream: 0 });
    await expect(sub.answer('v=0')).rejects.toMatchObject({ code: 'subscribe_failed' });
    await sub.close();
    expect(h.detached).toBe(true);
    expect(room.subscriber('s1')).not.toBe(sub);
  });

  it('hands a Janus offer nobody listened for to the next update()', async () => {
    const { room, handles, publishUp } = await fakeRoom();
    await publishUp('A:camera');
    await publishUp('B:camera');
    const sub = room.subscriber('s1');
    const A = { feed: 'A:camera', audio: true, video: true };
    const B = { feed: 'B:camera', audio: true, video: true };
    await sub.update([A]);
    await sub.answer('v=0');
    await sub.update([A, B]);
    await sub.answer('v=0');
    const h = handles.at(-1) as FakeHandle;
    const sentBefore = h.sent.length;
    const unsolicited = events(rec, 'event', 'updated').find((e) => e.jsep !== undefined) ?? {};
    h.fire('event', pluginData(unsolicited), unsolicited.jsep as Jsep);
    const offer = await sub.update([B]);
    expect(offer?.offerSdp).toBe((unsolicited.jsep as Jsep).sdp);
    expect(offer?.streams.map((s) => s.feed)).toEqual(['B:camera', 'B:camera']);
    expect(h.sent.length).toBe(sentBefore); // nothing else to change
    await sub.answer('v=0');
    expect(await sub.update([B])).toBeNull();
  });

  it('starts afresh after its connection hangs up or the room is reset', async () => {
    const { room, handles, publishUp } = await fakeRoom();
    await publishUp('A:camera');
    const sub = room.subscriber('s1');
    const A = { feed: 'A:camera', audio: true, video: true };
    await sub.update([A]);
    await sub.answer('v=0');
    const first = handles.at(-1) as FakeHandle;
    const hungUp = new Promise((resolve) => sub.once('hangup', resolve));
    first.fire('hangup', 'ICE failed');
    expect(await hungUp).toBe('ICE failed');
    expect((await sub.update([A]))?.streams).toHaveLength(2);
    expect(handles.at(-1)).not.toBe(first);
    room.lose();
    expect(room.feeds()).toEqual([]);
    expect(await sub.update([A])).toBeNull();
  });
});
