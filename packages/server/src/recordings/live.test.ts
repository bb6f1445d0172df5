// Recording in the live layer (fake media): only a moderator starts and stops it, everyone is told,
// a newcomer learns it right after joining, and closing the meeting queues the recording.
import { silentLogger } from '@diemcau/media';
import { describe, expect, it } from 'vitest';
import type { AdmissionPolicy } from '../live/admission.js';
import { openAdmission } from '../live/admission.js';
import { LiveHub } from '../live/hub.js';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { MEETING, settle, TestClient } from '../testing/fake-clients.js';
import type { LiveRecorder, RecordingActor, RecordingState } from './live-recorder.js';
import { NOT_RECORDING } from './live-recorder.js';

/** Names starting with "Chủ trì" are admitted as moderators. */
const admission: AdmissionPolicy = {
  async admit(c) {
    const a = await openAdmission.admit(c);
    if (a.kind !== 'admit') return a;
    return { kind: 'admit', identity: { ...a.identity, moderator: c.name.startsWith('Chủ trì') } };
  },
};

class FakeRecorder implements LiveRecorder {
  #state: RecordingState = NOT_RECORDING;
  readonly calls: string[] = [];
  constructor(private readonly media: () => Promise<{ setRecording(dir: string | null): Promise<void> }>) {}
  state(): RecordingState {
    return this.#state;
  }
  async start(by: RecordingActor): Promise<RecordingState> {
    await (await this.media()).setRecording('/rec/raw');
    this.calls.push(`start ${by.name}`);
    this.#state = { recording: true, since: '2026-11-26T01:02:03.000Z' };
    return this.#state;
  }
  async stop(by: RecordingActor): Promise<RecordingState> {
    await (await this.media()).setRecording(null);
    this.calls.push(`stop ${by.name}`);
    this.#state = NOT_RECORDING;
    return this.#state;
  }
  finish(): Promise<void> {
    this.calls.push('finish');
    return Promise.resolve();
  }
}

function setup(withRecorder = true) {
  const media = new FakeMediaEngine();
  const recorders: FakeRecorder[] = [];
  const hub = new LiveHub({
    meetings: { get: (id) => Promise.resolve(id === MEETING.id ? MEETING : null) },
    media,
    log: silentLogger,
    emptyRoomGraceMs: 10,
    ...(withRecorder
      ? {
          recorder: (_id, m) => {
            const r = new FakeRecorder(m);
            recorders.push(r);
            return r;
          },
        }
      : {}),
  });
  return { hub, media, recorders, client: () => new TestClient(hub, admission) };
}

describe('recording in a live meeting', () => {
  it('a delegate may not record; the chair may, and everyone sees the state', async () => {
    const { media, recorders, client } = setup();
    const chair = client();
    const delegate = client();
    await chair.join('Chủ trì Nguyễn Thị Hồng Nhung');
    await delegate.join('Văn phòng khu phố 4');

    await delegate.send({ type: 'recording.start', rid: 'r1' });
    expect(delegate.last('error')).toMatchObject({ rid: 'r1', code: 'forbidden' });
    expect(recorders[0]?.calls).toEqual([]);

    await chair.send({ type: 'recording.start', rid: 'r2' });
    expect(chair.last('ack').rid).toBe('r2');
    const on = { type: 'recording.state', recording: true, since: '2026-11-26T01:02:03.000Z' };
    expect(delegate.last('recording.state')).toEqual(on);
    expect(chair.last('recording.state')).toEqual(on);
    expect(media.rooms.get(MEETING.id)?.recordDir).toBe('/rec/raw');

    const late = client();
    await late.join('Văn phòng khu phố 6');
    const types = late.received.map((m) => m.type);
    expect(types.indexOf('recording.state')).toBe(types.indexOf('joined') + 1);

    await chair.send({ type: 'recording.stop', rid: 'r3' });
    expect(delegate.last('recording.state')).toEqual({
      type: 'recording.state',
      recording: false,
      since: null,
    });
    expect(media.rooms.get(MEETING.id)?.recordDir).toBeNull();
    expect(recorders[0]?.calls).toEqual([
      'start Chủ trì Nguyễn Thị Hồng Nhung',
      'stop Chủ trì Nguyễn Thị Hồng Nhung',
    ]);
  });

  it('closing the meeting finishes the recording', async () => {
    const { hub, recorders, client } = setup();
    const chair = client();
    await chair.join('Chủ trì');
    await chair.send({ type: 'recording.start', rid: 'r' });
    await chair.send({ type: 'leave' });
    await new Promise((r) => setTimeout(r, 50));
    await settle();
    expect(recorders[0]?.calls.at(-1)).toBe('finish');
    await hub.close();
  });

  it('without a recorder the server refuses to record', async () => {
    const { client } = setup(false);
    const chair = client();
    await chair.join('Chủ trì');
    await chair.send({ type: 'recording.start', rid: 'r' });
    expect(chair.last('error')).toMatchObject({ rid: 'r', code: 'media_unavailable' });
    expect(chair.of('recording.state')).toEqual([]);
  });
});
