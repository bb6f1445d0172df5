// The room reducer and the layout rules (stage choice, simulcast plan, labels).
import type { Participant, ServerMessage } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import type { LocalMedia } from '../lib/call';
import { initialsOf, labelOf, pickStage, qualityPlan } from './layout';
import { lobbyArrivals, waitedMinutes } from './lobby';
import { initialRoomState, roomReducer, type RoomAction, type RoomState } from './room-reducer';

const at = '2025-11-26T07:00:00.000Z';
const person = (id: string, extra: Partial<Participant> = {}): Participant => ({
  id,
  name: `Người ${id}`,
  role: 'delegate',
  moderator: false,
  bridgePoint: `Khu phố ${id}`,
  actorKey: `point:${id}`,
  audioMuted: false,
  videoMuted: false,
  publishing: { camera: { audio: true, video: true }, screen: false },
  joinedAt: at,
  ...extra,
});

const joined = (others: Participant[], activeSpeakerId: string | null = null): ServerMessage => ({
  type: 'joined',
  rid: 'r1',
  self: person('me', { bridgePoint: 'Văn phòng khu phố 4' }),
  meeting: { id: 'm1', title: 'Họp giao ban', hostBridgePoint: 'Khu phố h' },
  participants: others,
  activeSpeakerId,
  iceServers: [],
});

const run = (actions: RoomAction[], from: RoomState = initialRoomState()): RoomState =>
  actions.reduce(roomReducer, from);
const server = (msg: ServerMessage): RoomAction => ({ type: 'server', msg });

describe('roomReducer', () => {
  it('starts joining and becomes joined with self first, no duplicates', () => {
    expect(initialRoomState().phase).toBe('joining');
    const s = run([server(joined([person('a'), person('me'), person('b')], 'a'))]);
    expect(s.phase).toBe('joined');
    expect(s.selfId).toBe('me');
    expect(s.participants.map((p) => p.id)).toEqual(['me', 'a', 'b']);
    expect(s.activeSpeakerId).toBe('a');
    expect(s.stageSpeakerId).toBe('a');
    expect(s.meeting?.title).toBe('Họp giao ban');
  });

  it('adds, updates and removes participants', () => {
    const s = run([
      server(joined([person('a')])),
      server({ type: 'participant.joined', participant: person('b') }),
      server({ type: 'participant.updated', participant: person('a', { audioMuted: true }) }),
      server({ type: 'participant.joined', participant: person('b', { videoMuted: true }) }),
    ]);
    expect(s.participants.map((p) => [p.id, p.audioMuted, p.videoMuted])).toEqual([
      ['me', false, false],
      ['a', true, false],
      ['b', false, true],
    ]);
    const after = run([server({ type: 'participant.left', participantId: 'a', reason: 'left' })], s);
    expect(after.participants.map((p) => p.id)).toEqual(['me', 'b']);
  });

  it('keeps the last remote speaker on stage through silence and self-speech', () => {
    const s = run([
      server(joined([person('a'), person('b')])),
      server({ type: 'speaker.active', participantId: 'b' }),
      server({ type: 'speaker.active', participantId: null }),
      server({ type: 'speaker.active', participantId: 'me' }),
    ]);
    expect(s.activeSpeakerId).toBe('me');
    expect(s.stageSpeakerId).toBe('b');
    const left = run([server({ type: 'participant.left', participantId: 'b', reason: 'disconnected' })], s);
    expect(left.stageSpeakerId).toBeNull();
  });

  it('clears the active speaker and remote media when that participant leaves', () => {
    const media = { participantId: 'a', camera: null, audio: null, screen: null };
    const s = run([
      server(joined([person('a')], 'a')),
      { type: 'remote', media: [media] },
      server({ type: 'participant.left', participantId: 'a', reason: 'left' }),
    ]);
    expect(s.activeSpeakerId).toBeNull();
    expect(s.remote).toEqual({});
  });

  it('goes to left when the server removes us, with the reason', () => {
    const s = run([
      server(joined([])),
      server({ type: 'participant.left', participantId: 'me', reason: 'removed' }),
    ]);
    expect(s.phase).toBe('left');
    expect(s.leaveReason).toBe('removed');
  });

  it('drops remote media on media.reset and tracks connection, failure and notices', () => {
    const s = run([
      server(joined([person('a')])),
      { type: 'remote', media: [{ participantId: 'a', camera: null, audio: null, screen: null }] },
      server({ type: 'media.reset', reason: 'media_server_restarted' }),
      { type: 'connection', state: 'reconnecting' },
      { type: 'notice', code: 'publish_failed', message: 'x' },
      { type: 'notice', code: 'publish_failed', message: 'x' },
    ]);
    expect(s.remote).toEqual({});
    expect(s.connection).toBe('reconnecting');
    expect(s.phase).toBe('joined');
    expect(s.notice?.seq).toBe(2);
    expect(run([{ type: 'dismissNotice' }], s).notice).toBeNull();
    expect(run([{ type: 'failure', code: 'meeting_full', message: 'full' }], s)).toMatchObject({
      phase: 'error',
      error: { code: 'meeting_full' },
    });
    expect(run([{ type: 'ended', reason: 'left' }], s).phase).toBe('left');
  });

  it('ignores messages that do not change the room', () => {
    const s = run([server(joined([]))]);
    expect(roomReducer(s, server({ type: 'pong', rid: 'x' }))).toBe(s);
  });
});

describe('layout', () => {
  const local = (screen: boolean): LocalMedia => ({
    camera: null,
    screen: screen ? ({} as MediaStream) : null,
    audioMuted: false,
    videoMuted: false,
  });
  const base = run([server(joined([person('a'), person('h'), person('b')]))]);

  it('prefers a remote shared screen, then our own share', () => {
    const sharing = run(
      [
        server({
          type: 'participant.updated',
          participant: person('b', { publishing: { camera: null, screen: true } }),
        }),
      ],
      base,
    );
    expect(pickStage({ ...sharing, local: local(true) })).toMatchObject({
      kind: 'screen',
      participant: { id: 'b' },
    });
    expect(pickStage({ ...base, local: local(true) })).toEqual({ kind: 'self-screen' });
  });

  it('then the last speaker, then the host bridge point, then the first remote', () => {
    expect(pickStage({ ...base, stageSpeakerId: 'b' })).toMatchObject({
      kind: 'camera',
      participant: { id: 'b' },
    });
    expect(pickStage(base)).toMatchObject({ kind: 'camera', participant: { id: 'h' } });
    expect(pickStage({ ...base, meeting: null })).toMatchObject({ kind: 'camera', participant: { id: 'a' } });
    expect(pickStage(run([server(joined([]))]))).toEqual({ kind: 'empty' });
  });

  it('asks the top layer for the stage camera and smaller ones for tiles', () => {
    const stage = pickStage({ ...base, stageSpeakerId: 'b' });
    expect([...qualityPlan(stage, ['a', 'h', 'b'], { compact: false })]).toEqual([
      ['a', 1],
      ['h', 1],
      ['b', 2],
    ]);
    expect(qualityPlan(stage, ['a', 'h', 'b', 'c', 'd'], { compact: false }).get('a')).toBe(0);
    expect([...qualityPlan(stage, ['a', 'b'], { compact: true })]).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(qualityPlan({ kind: 'empty' }, ['a'], { compact: false }).get('a')).toBe(1);
  });

  it('labels by bridge point, else name, with initials', () => {
    expect(labelOf({ name: 'An', bridgePoint: 'Khu phố 4' })).toBe('Khu phố 4');
    expect(labelOf({ name: 'Nguyễn Văn An', bridgePoint: null })).toBe('Nguyễn Văn An');
    expect(initialsOf('Nguyễn Văn An')).toBe('NA');
    expect(initialsOf('Văn phòng khu phố 2')).toBe('V2');
    expect(initialsOf('đức')).toBe('Đ');
    expect(initialsOf('  ')).toBe('?');
  });
});

describe('roomReducer lobby', () => {
  const waitingMsg: ServerMessage = { type: 'lobby.waiting', rid: 'r1' };
  const guest = (id: string, since = at) => ({ id, name: `Khách ${id}`, bridgePoint: null, since });

  it('waits in the lobby, then joins when admitted (same rid)', () => {
    const waiting = run([server(waitingMsg)]);
    expect(waiting.phase).toBe('lobby');
    const s = run([server(joined([person('a')]))], waiting);
    expect(s.phase).toBe('joined');
    expect(s.selfId).toBe('me');
  });

  it('remembers that a refusal came in the lobby, and a wrong passcode before it', () => {
    const refused = run([server(waitingMsg), { type: 'failure', code: 'forbidden', message: 'no' }]);
    expect(refused.phase).toBe('error');
    expect(refused.error).toEqual({ code: 'forbidden', message: 'no', phase: 'lobby' });
    const wrong = run([{ type: 'failure', code: 'forbidden', message: 'wrong passcode' }]);
    expect(wrong.error?.phase).toBe('joining');
  });

  it('ignores a stray lobby.waiting once joined', () => {
    const s = run([server(joined([])), server(waitingMsg)]);
    expect(s.phase).toBe('joined');
  });

  it('keeps the waiting guests a moderator is told about, even before joined', () => {
    const s = run([
      server({ type: 'lobby.updated', waiting: [guest('g1')] }),
      server(joined([], null)),
      server({ type: 'lobby.updated', waiting: [guest('g1'), guest('g2')] }),
    ]);
    expect(s.lobby.map((g) => g.id)).toEqual(['g1', 'g2']);
    expect(run([server({ type: 'lobby.updated', waiting: [] })], s).lobby).toEqual([]);
  });

  it('finds new arrivals and whole minutes waited', () => {
    expect(lobbyArrivals([guest('g1')], [guest('g1'), guest('g2')]).map((g) => g.id)).toEqual(['g2']);
    expect(lobbyArrivals([guest('g1')], [])).toEqual([]);
    const now = Date.parse(at);
    expect(waitedMinutes(at, now + 59_000)).toBe(0);
    expect(waitedMinutes(at, now + 150_000)).toBe(2);
    expect(waitedMinutes(at, now - 5_000)).toBe(0);
  });
});
