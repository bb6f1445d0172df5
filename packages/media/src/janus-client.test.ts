// The Janus client against a fake WebSocket server replaying frames recorded from Janus 1.1.2:
// transactions (sync, ack+event, errors, timeouts), sessions, handles and connection loss.
import { AppError } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JanusConnection, JanusError } from './janus-client.js';
import { JanusSession, type DetachReason } from './janus-session.js';
import { JANUS_MESSAGE_TYPES, parseJanusMessage } from './janus-wire.js';
import { events, exchange, FakeJanus, loadRecording, type Frame } from './test-support/fixtures.js';

const rec = loadRecording('janus-videoroom-session');
const trickleRec = loadRecording('janus-trickle-talking');
const VR = 'janus.plugin.videoroom';

const codeOf = (err: unknown): unknown =>
  err instanceof AppError || err instanceof JanusError ? err.code : err;

describe('janus wire', () => {
  it('pins the wire strings (brittle on purpose)', () => {
    expect(JANUS_MESSAGE_TYPES).toEqual([
      'success',
      'ack',
      'error',
      'server_info',
      'event',
      'webrtcup',
      'media',
      'slowlink',
      'hangup',
      'detached',
      'trickle',
      'timeout',
    ]);
  });

  it('parses every frame Janus sent in the recordings', () => {
    for (const r of [rec, trickleRec]) {
      const frames = [...r.exchanges.flatMap((e) => e.replies), ...r.events];
      expect(frames.length).toBeGreaterThan(20);
      for (const f of frames)
        expect(parseJanusMessage(JSON.stringify(f)), JSON.stringify(f).slice(0, 80)).not.toBeNull();
    }
  });

  it('rejects what is not a Janus message', () => {
    expect(parseJanusMessage('not json')).toBeNull();
    expect(parseJanusMessage('{"janus":"nonsense"}')).toBeNull();
    expect(parseJanusMessage('{"janus":"event","session_id":1}')).toBeNull();
    expect(parseJanusMessage('{"janus":"success"}')).toBeNull();
  });
});

describe('JanusConnection and JanusSession', () => {
  let fake: FakeJanus;
  let conn: JanusConnection;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    for (const kind of ['create', 'attach', 'detach', 'destroy']) fake.replay(exchange(rec, kind));
    fake.on(
      (r) => r.janus === 'keepalive' || r.janus === 'trickle',
      (r) => [{ janus: 'ack', session_id: r.session_id }],
    );
    conn = await JanusConnection.connect(fake.url, { apiSecret: 'sekrit', requestTimeoutMs: 300 });
  });

  afterEach(async () => {
    conn.close();
    await fake.close();
  });

  it('sends the API secret and a fresh transaction with every request', async () => {
    const session = await JanusSession.create(conn);
    await session.attach(VR);
    const [a, b] = fake.received;
    expect(a).toMatchObject({ janus: 'create', apisecret: 'sekrit' });
    expect(b).toMatchObject({ janus: 'attach', plugin: VR, session_id: session.id, apisecret: 'sekrit' });
    expect(a?.transaction).not.toBe(b?.transaction);
  });

  it('resolves synchronous plugin replies (success with plugindata)', async () => {
    fake.replay(exchange(rec, 'message:create'));
    const handle = await (await JanusSession.create(conn)).attach(VR);
    const reply = await handle.message({ request: 'create', room: 'r1' });
    expect(reply.data).toMatchObject({ videoroom: 'created', room: 'r1' });
    expect(reply.jsep).toBeUndefined();
  });

  it('waits past the ack for the asynchronous event and its JSEP', async () => {
    const ex = exchange(rec, 'message:joinandconfigure');
    expect(ex.replies.map((r) => r.janus)).toEqual(['ack', 'event']);
    fake.replay(ex);
    const handle = await (await JanusSession.create(conn)).attach(VR);
    const reply = await handle.message({ request: 'joinandconfigure' }, { type: 'offer', sdp: 'v=0' });
    expect(reply.data).toMatchObject({ videoroom: 'joined', id: 'A:camera' });
    expect(reply.jsep?.type).toBe('answer');
    expect(reply.jsep?.sdp).toContain('a=candidate');
  });

  it('rejects plugin errors and core errors with JanusError codes', async () => {
    const notFound = rec.exchanges.find((e) =>
      e.replies.some(
        (r) =>
          (r.plugindata as Frame | undefined)?.data &&
          ((r.plugindata as Frame).data as Frame).error_code === 428,
      ),
    );
    expect(notFound).toBeDefined();
    if (notFound) fake.replay(notFound);
    const handle = await (await JanusSession.create(conn)).attach(VR);
    expect(codeOf(await handle.message({ request: 'update' }).catch((e: unknown) => e))).toBe(428);
    fake.on(
      (r) => r.janus === 'info',
      [
        {
          janus: 'error',
          error: { code: 403, reason: 'Unauthorized request (wrong or missing secret/token)' },
        },
      ],
    );
    expect(codeOf(await conn.request({ janus: 'info' }).catch((e: unknown) => e))).toBe(403);
  });

  it('resolves trickle on its ack, candidates and completion alike', async () => {
    const handle = await (await JanusSession.create(conn)).attach(VR);
    const recorded = exchange(trickleRec, 'trickle').request.candidate as { candidate: string };
    await handle.trickle({ candidate: recorded.candidate, sdpMid: '0', sdpMLineIndex: 0 });
    await handle.trickle(null);
    const sent = fake.received.filter((f) => f.janus === 'trickle');
    expect(sent.map((f) => f.candidate)).toEqual([
      { candidate: recorded.candidate, sdpMid: '0', sdpMLineIndex: 0 },
      { completed: true },
    ]);
  });

  it('times out an unanswered request with media_unavailable', async () => {
    const handle = await (await JanusSession.create(conn)).attach(VR);
    const t0 = Date.now();
    const err = await handle.message({ request: 'never-answered' }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('media_unavailable');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('routes handle events: webrtcup, media, slowlink, hangup, plugin events, detached', async () => {
    const session = await JanusSession.create(conn);
    const handle = await session.attach(VR);
    const seen: string[] = [];
    handle.on('webrtcup', () => seen.push('webrtcup'));
    handle.on('media', (kind, mid, on) => seen.push(`media ${kind} ${mid} ${on}`));
    handle.on('slowlink', (s) => seen.push(`slowlink ${s.uplink} ${s.lost}`));
    handle.on('hangup', (reason) => seen.push(`hangup ${reason}`));
    handle.on('event', (data) => seen.push(`event ${String(data.videoroom)}`));
    const detached = new Promise<DetachReason>((resolve) => handle.on('detached', resolve));
    const retarget = (f: Frame): Frame => ({ ...f, session_id: session.id, sender: handle.id });
    fake.push(retarget(events(rec, 'webrtcup')[0] ?? {}));
    fake.push(retarget(events(rec, 'media')[0] ?? {}));
    fake.push({
      janus: 'slowlink',
      session_id: session.id,
      sender: handle.id,
      uplink: true,
      lost: 12,
      mid: '1',
    });
    fake.push(retarget(events(rec, 'event', 'talking')[0] ?? {}));
    fake.push(retarget(events(rec, 'hangup')[0] ?? {}));
    fake.push(retarget(events(rec, 'detached')[0] ?? {}));
    expect(await detached).toBe('janus');
    expect(seen).toEqual([
      'webrtcup',
      'media video 1 true',
      'slowlink true 12',
      'event talking',
      'hangup DTLS alert',
    ]);
    expect(handle.detached).toBe(true);
  });

  it('keeps the session alive and stops doing so once it is gone', async () => {
    const session = await JanusSession.create(conn, { keepaliveMs: 40 });
    await new Promise((r) => setTimeout(r, 150));
    const count = (): number => fake.received.filter((f) => f.janus === 'keepalive').length;
    expect(count()).toBeGreaterThanOrEqual(2);
    await session.destroy();
    const after = count();
    await new Promise((r) => setTimeout(r, 150));
    expect(count()).toBe(after);
    expect(fake.received.at(-1)).toMatchObject({ janus: 'destroy', session_id: session.id });
  });

  it('fails every pending call with media_unavailable when the socket drops', async () => {
    const session = await JanusSession.create(conn, { keepaliveMs: 40 });
    const handle = await session.attach(VR);
    const lost = new Promise<Error>((resolve) => session.once('lost', resolve));
    const detached = new Promise<DetachReason>((resolve) => handle.once('detached', resolve));
    const pending = [
      handle.message({ request: 'a' }),
      handle.message({ request: 'b' }),
      conn.request({ janus: 'info' }),
    ];
    await new Promise((r) => setTimeout(r, 20));
    fake.dropClients();
    const results = await Promise.allSettled(pending);
    for (const r of results) expect(r.status === 'rejected' ? codeOf(r.reason) : r).toBe('media_unavailable');
    await lost;
    expect(await detached).toBe('session');
    expect(conn.isOpen).toBe(false);
    expect(session.alive).toBe(false);
    expect(codeOf(await handle.message({ request: 'c' }).catch((e: unknown) => e))).toBe('media_unavailable');
    expect(codeOf(await conn.request({ janus: 'info' }).catch((e: unknown) => e))).toBe('media_unavailable');
    const keepalives = fake.received.filter((f) => f.janus === 'keepalive').length;
    await new Promise((r) => setTimeout(r, 120));
    expect(fake.received.filter((f) => f.janus === 'keepalive').length).toBe(keepalives);
  });

  it('reports an unreachable Janus as media_unavailable', async () => {
    const err = await JanusConnection.connect('ws://127.0.0.1:1', { connectTimeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(codeOf(err)).toBe('media_unavailable');
  });
});
