// The AudioBridge request builders and reply readers, and MediaMix over fake handles that answer
// like Janus 1.1.2 (frames shaped as janus_audiobridge.c documents them and mix.int.test.ts sees).
import { AppError } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import {
  AUDIOBRIDGE_ERROR,
  FORWARD_OPUS_PT,
  createBridgeBody,
  joinListenerBody,
  joinSourceBody,
  listenerId,
  parseBridgeReply,
  parseForwardReply,
  rtpForwardBody,
  sourceId,
  DEFAULT_BRIDGE_OPTIONS,
} from './audiobridge.js';
import { TypedEmitter } from './emitter.js';
import { JanusError } from './janus-client.js';
import type { DetachReason, HandleEvents, JanusHandle, PluginReply } from './janus-session.js';
import type { Jsep } from './janus-wire.js';
import { MediaMix, type MixHost } from './mix.js';
import { silentLogger } from './types.js';

class FakeHandle extends TypedEmitter<HandleEvents> {
  readonly sent: { body: Record<string, unknown>; jsep: Jsep | undefined }[] = [];
  readonly trickled: unknown[] = [];
  detached = false;
  constructor(readonly reply: (body: Record<string, unknown>, jsep: Jsep | undefined) => PluginReply) {
    super();
  }
  message(body: object, jsep?: Jsep): Promise<PluginReply> {
    const b = body as Record<string, unknown>;
    this.sent.push({ body: b, jsep });
    try {
      return Promise.resolve(this.reply(b, jsep));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  trickle(candidate: unknown): Promise<void> {
    this.trickled.push(candidate);
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
}

/** What Janus 1.1.2's AudioBridge answers to each request. */
function bridgeReply(
  body: Record<string, unknown>,
  jsep: Jsep | undefined,
  state: { exists: boolean },
): PluginReply {
  switch (body.request) {
    case 'create':
      if (state.exists) throw new JanusError(AUDIOBRIDGE_ERROR.roomExists, 'Room m1 already exists');
      state.exists = true;
      return { data: { audiobridge: 'created', room: body.room, permanent: false }, jsep: undefined };
    case 'destroy':
      state.exists = false;
      return { data: { audiobridge: 'destroyed', room: body.room }, jsep: undefined };
    case 'join':
      if (body.rtp !== undefined)
        return {
          data: {
            audiobridge: 'joined',
            room: body.room,
            id: body.id,
            display: body.display,
            participants: [],
            rtp: { ip: '127.0.0.2', port: 20_420, payload_type: FORWARD_OPUS_PT },
          },
          jsep: undefined,
        };
      return {
        data: { audiobridge: 'joined', room: body.room, id: body.id, participants: [] },
        jsep: jsep ? { type: 'answer', sdp: 'v=0 mix answer' } : undefined,
      };
    case 'configure':
      return {
        data: { audiobridge: 'event', room: 'm1', result: 'ok' },
        jsep: jsep ? { type: 'answer', sdp: 'v=0 restart answer' } : undefined,
      };
    default:
      throw new Error(`unexpected ${String(body.request)}`);
  }
}

function fakeMix(opts: { staleRoom?: boolean; failForward?: string } = {}) {
  const handles: FakeHandle[] = [];
  const state = { exists: opts.staleRoom ?? false };
  const forwards: { feed: string; host: string; port: number; streamId: number }[] = [];
  const stopped: [string, number][] = [];
  let nextStream = 1;
  const host: MixHost = {
    key: 'm1',
    log: silentLogger,
    adminKey: 'admin-k',
    attachBridge: () => {
      const h = new FakeHandle((b, j) => bridgeReply(b, j, state));
      handles.push(h);
      return Promise.resolve(h as unknown as JanusHandle);
    },
    forwardAudio: (feed, target) => {
      if (feed === opts.failForward) return Promise.reject(new JanusError(428, 'No such feed'));
      const streamId = nextStream++;
      forwards.push({ feed, ...target, streamId });
      return Promise.resolve(streamId);
    },
    stopForward: (feed, streamId) => {
      stopped.push([feed, streamId]);
      return Promise.resolve();
    },
  };
  return { mix: new MediaMix(host), handles, forwards, stopped, state };
}

describe('AudioBridge wire', () => {
  it('reads the replies we act on', () => {
    expect(parseBridgeReply({ audiobridge: 'created', room: 'm1' })).toEqual({ kind: 'created', room: 'm1' });
    expect(
      parseBridgeReply({
        audiobridge: 'joined',
        room: 'm1',
        id: 'src:a',
        rtp: { ip: '127.0.0.2', port: 5000 },
      }),
    ).toEqual({ kind: 'joined', room: 'm1', id: 'src:a', rtp: { ip: '127.0.0.2', port: 5000 } });
    expect(parseBridgeReply({ audiobridge: 'joined', room: 7, id: 9 })).toEqual({
      kind: 'joined',
      room: '7',
      id: '9',
      rtp: undefined,
    });
    expect(parseBridgeReply({ audiobridge: 'event', result: 'ok' })).toEqual({ kind: 'ok' });
    expect(parseBridgeReply({ audiobridge: 'event', leaving: 'x' })).toEqual({
      kind: 'other',
      event: 'event',
    });
    expect(parseBridgeReply({})).toEqual({ kind: 'other', event: '' });
  });

  it('builds a private, temporary room open to plain-RTP sources, with FEC and our admin key', () => {
    expect(createBridgeBody('m1', 'k', DEFAULT_BRIDGE_OPTIONS)).toMatchObject({
      request: 'create',
      room: 'm1',
      admin_key: 'k',
      is_private: true,
      permanent: false,
      allow_rtp_participants: true,
      sampling_rate: 24000,
      default_expectedloss: 10,
    });
  });

  it('joins sources receive-only and listeners with their microphone, under distinct ids', () => {
    const source = joinSourceBody('m1', 'p1:camera') as { rtp: Record<string, unknown>; id: string };
    expect(source.id).toBe(sourceId('p1:camera'));
    // NOTE: no ip/port of ours: the bridge sends nothing back to a source.
    expect(source.rtp).toEqual({ payload_type: FORWARD_OPUS_PT, fec: true });
    expect(joinListenerBody('m1', 'p1', DEFAULT_BRIDGE_OPTIONS)).toMatchObject({
      id: listenerId('p1'),
      muted: false,
      bitrate: 24_000,
      expected_loss: 10,
    });
    expect(listenerId('p1')).not.toBe(sourceId('p1'));
  });

  it('forwards only the audio mid with our payload type, and reads the forwarder id', () => {
    expect(rtpForwardBody('m1', 'p1:camera', '0', { host: '127.0.0.2', port: 20_420 })).toEqual({
      request: 'rtp_forward',
      room: 'm1',
      publisher_id: 'p1:camera',
      host: '127.0.0.2',
      streams: [{ mid: '0', host: '127.0.0.2', port: 20_420, pt: FORWARD_OPUS_PT }],
    });
    expect(
      parseForwardReply({
        videoroom: 'rtp_forward',
        room: 'm1',
        publisher_id: 'p1:camera',
        forwarders: [{ stream_id: 77, type: 'audio', mid: '0', host: '127.0.0.2', port: 20_420 }],
      }),
    ).toEqual({ streamId: 77 });
    expect(parseForwardReply({ videoroom: 'rtp_forward', forwarders: [] })).toBeUndefined();
    expect(parseForwardReply({ videoroom: 'event' })).toBeUndefined();
  });
});

describe('MediaMix', () => {
  it('creates the bridge room, replacing a stale one', async () => {
    const { mix, handles } = fakeMix({ staleRoom: true });
    await mix.setup();
    expect(handles[0]?.sent.map((s) => s.body.request)).toEqual(['create', 'destroy', 'create']);
  });

  it('adds a source: joins it with plain RTP, then forwards the feed to the endpoint Janus gave', async () => {
    const { mix, handles, forwards } = fakeMix();
    await mix.setup();
    await mix.addSource('p1:camera');
    await mix.addSource('p1:camera');
    expect(handles).toHaveLength(2);
    expect(forwards).toEqual([{ feed: 'p1:camera', host: '127.0.0.2', port: 20_420, streamId: 1 }]);
    expect(mix.sources()).toEqual(['p1:camera']);
  });

  it('syncs sources: adds the missing, removes the others (stopping the forwarder)', async () => {
    const { mix, handles, stopped } = fakeMix();
    await mix.setup();
    await mix.syncSources(['a:camera', 'b:camera']);
    await mix.syncSources(['b:camera', 'c:camera']);
    expect(mix.sources().sort()).toEqual(['b:camera', 'c:camera']);
    expect(stopped).toEqual([['a:camera', 1]]);
    expect(handles[1]?.detached).toBe(true);
  });

  it('replaces a republished source, and drops one whose forwarding fails', async () => {
    const { mix, forwards, stopped, handles } = fakeMix({ failForward: 'bad:camera' });
    await mix.setup();
    await mix.addSource('a:camera');
    await mix.addSource('a:camera', true);
    expect(stopped).toEqual([['a:camera', 1]]);
    expect(forwards.map((f) => f.streamId)).toEqual([1, 2]);
    await expect(mix.addSource('bad:camera')).rejects.toMatchObject({ code: 'media_unavailable' });
    expect(mix.sources()).toEqual(['a:camera']);
    expect(handles.at(-1)?.detached).toBe(true);
    // syncSources logs a failed source and goes on with the others.
    await mix.syncSources(['a:camera', 'bad:camera']);
    expect(mix.sources()).toEqual(['a:camera']);
  });

  it('joins a listener with its offer and answers; hang-up is reported once', async () => {
    const { mix, handles } = fakeMix();
    await mix.setup();
    const gone: string[] = [];
    mix.on('listenergone', (p) => gone.push(p));
    expect(await mix.join('p1', 'v=0 offer')).toEqual({ answerSdp: 'v=0 mix answer' });
    const h = handles.at(-1) as FakeHandle;
    expect(h.sent[0]?.jsep).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    expect(mix.listeners()).toEqual(['p1']);
    await mix.trickle('p1', { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' });
    expect(h.trickled).toHaveLength(1);
    expect(await mix.restartListener('p1', 'v=0 restart')).toEqual({ answerSdp: 'v=0 restart answer' });
    h.fire('hangup', 'DTLS alert');
    h.fire('hangup', 'again');
    expect(gone).toEqual(['p1']);
    expect(mix.listeners()).toEqual([]);
    await expect(mix.restartListener('p1', 'v=0')).rejects.toMatchObject({ code: 'subscribe_failed' });
  });

  it('replaces a listener that joins again; our own leave reports nothing', async () => {
    const { mix, handles } = fakeMix();
    await mix.setup();
    const gone: string[] = [];
    mix.on('listenergone', (p) => gone.push(p));
    await mix.join('p1', 'v=0 a');
    const first = handles.at(-1) as FakeHandle;
    await mix.join('p1', 'v=0 b');
    expect(first.detached).toBe(true);
    await mix.leave('p1');
    expect(gone).toEqual([]);
  });

  it('forgets everything when Janus goes away and recreates the room empty', async () => {
    const { mix, handles, state } = fakeMix();
    await mix.setup();
    await mix.syncSources(['a:camera']);
    await mix.join('p1', 'v=0');
    const resets: number[] = [];
    mix.on('reset', () => resets.push(1));
    state.exists = false;
    await mix.recreate();
    expect(mix.sources()).toEqual([]);
    expect(mix.listeners()).toEqual([]);
    expect(resets).toEqual([1]);
    expect(handles.at(-1)?.sent.map((s) => s.body.request)).toEqual(['create']);
  });

  it('closes: removes sources and listeners, destroys the room, then refuses work', async () => {
    const { mix, handles, state } = fakeMix();
    await mix.setup();
    await mix.syncSources(['a:camera']);
    await mix.join('p1', 'v=0');
    const closed: number[] = [];
    mix.on('closed', () => closed.push(1));
    await mix.close();
    await mix.close();
    expect(closed).toEqual([1]);
    expect(state.exists).toBe(false);
    expect(handles.every((h) => h.detached)).toBe(true);
    await expect(mix.addSource('a:camera')).rejects.toBeInstanceOf(AppError);
    await expect(mix.join('p2', 'v=0')).rejects.toMatchObject({ code: 'media_unavailable' });
  });
});
