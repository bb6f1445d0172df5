// The live slice of the room (snapshot, then events; reactions and moderation prompts), the rules
// the panels show (spotlight on the main view, agenda time, queue moves, labels, error texts) and
// the change announcements.
import {
  initialLiveState,
  type Actor,
  type LiveContext,
  type LiveEvent,
  type LiveState,
  type Participant,
  type ServerMessage,
} from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { pickStage } from './layout';
import { liveAnnouncements } from './live-announce';
import {
  actionErrorKey,
  actorName,
  agendaNeighbours,
  formatDuration,
  inviteesForPoint,
  itemTiming,
  pointRows,
  queueMoveTarget,
  requestLabel,
  spotlightParticipant,
} from './live-logic';
import { initialRoomState, roomReducer, type RoomAction, type RoomState } from './room-reducer';

const T0 = Date.parse('2025-11-26T07:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const CONTEXT: LiveContext = {
  meetingId: 'm1',
  title: 'Họp giao ban',
  meetingType: 'giao_ban',
  training: false,
  invited: [
    {
      personId: 'nhung',
      name: 'Nguyễn Thị Hồng Nhung',
      role: 'chair',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: null,
    },
    {
      personId: 'on',
      name: 'Phạm Văn Ơn',
      role: 'delegate',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'kp1',
    },
    {
      personId: 'an',
      name: 'Trần Văn An',
      role: 'delegate',
      rsvp: 'pending',
      reason: null,
      bridgePointId: null,
    },
  ],
  points: [
    { bridgePointId: 'ht', name: 'Hội trường UBND phường', isHost: true },
    { bridgePointId: 'kp1', name: 'Văn phòng khu phố 1', isHost: false },
    { bridgePointId: 'kp2', name: 'Văn phòng khu phố 2', isHost: false },
  ],
  agenda: [
    { id: 'a1', title: 'Báo cáo tháng 11', presenter: 'UBND phường', plannedMinutes: 20 },
    { id: 'a2', title: 'An ninh trật tự', presenter: 'Các khu phố', plannedMinutes: 10 },
  ],
};

const KP1: Actor = {
  key: 'point:kp1',
  name: 'Văn phòng khu phố 1',
  bridgePointId: 'kp1',
  bridgePoint: 'Văn phòng khu phố 1',
};

const server = (msg: ServerMessage): RoomAction => ({ type: 'server', msg });

function stateOf(events: LiveEvent[]): LiveState {
  let room = roomReducer(
    initialRoomState(),
    server({ type: 'live.snapshot', state: initialLiveState(CONTEXT) }),
  );
  events.forEach((event, i) => {
    room = roomReducer(room, server({ type: 'live.event', seq: i + 1, event }));
  });
  if (!room.live.state) throw new Error('no live state');
  return room.live.state;
}

const participant = (id: string, actorKey: string, extra: Partial<Participant> = {}): Participant => ({
  id,
  name: id,
  role: 'bridge_point',
  moderator: false,
  bridgePoint: id,
  actorKey,
  audioMuted: false,
  videoMuted: false,
  publishing: { camera: { audio: true, video: true }, screen: false },
  joinedAt: at(0),
  ...extra,
});

describe('the live slice of the room', () => {
  it('ignores events before the snapshot, then folds events in order once', () => {
    const early = roomReducer(
      initialRoomState(),
      server({ type: 'live.event', seq: 1, event: { type: 'meeting.started', at: at(0) } }),
    );
    expect(early.live.state).toBeNull();
    const s = stateOf([
      { type: 'meeting.started', at: at(0) },
      { type: 'agenda.current', itemId: 'a1', at: at(1) },
    ]);
    expect(s.status).toBe('in_progress');
    expect(s.currentItemId).toBe('a1');
    expect(s.seq).toBe(2);
  });

  it('does not apply a repeated event twice (seq already seen)', () => {
    let room: RoomState = roomReducer(
      initialRoomState(),
      server({ type: 'live.snapshot', state: initialLiveState(CONTEXT) }),
    );
    const ev = server({
      type: 'live.event',
      seq: 1,
      event: {
        type: 'speak.requested',
        request: { id: 'r1', by: KP1, onBehalfOf: null, topic: '', itemId: null, requestedAt: at(0) },
      },
    });
    room = roomReducer(room, ev);
    const again = roomReducer(room, ev);
    expect(again).toBe(room);
    expect(again.live.state?.queue).toHaveLength(1);
  });

  it('a new snapshot (reconnect) replaces the state', () => {
    const ended = { ...initialLiveState(CONTEXT), status: 'ended' as const, seq: 9 };
    const room = roomReducer(initialRoomState(), server({ type: 'live.snapshot', state: ended }));
    expect(room.live.state?.status).toBe('ended');
  });

  it('keeps reactions until dropped, at most twelve, and numbers moderation prompts', () => {
    let room = initialRoomState();
    for (let i = 0; i < 15; i++)
      room = roomReducer(room, server({ type: 'reaction', from: KP1, reaction: 'clap' }));
    expect(room.live.reactions).toHaveLength(12);
    const first = room.live.reactions[0]?.id ?? -1;
    room = roomReducer(room, { type: 'dropReaction', id: first });
    expect(room.live.reactions.map((r) => r.id)).not.toContain(first);
    expect(roomReducer(room, { type: 'dropReaction', id: first })).toBe(room);

    room = roomReducer(
      room,
      server({ type: 'moderation', moderation: { kind: 'unmute_request', by: 'Chủ trì' } }),
    );
    const seq = room.live.moderation?.seq ?? 0;
    room = roomReducer(
      room,
      server({ type: 'moderation', moderation: { kind: 'unmute_request', by: 'Chủ trì' } }),
    );
    expect(room.live.moderation?.seq).toBe(seq + 1);
    expect(roomReducer(room, { type: 'clearModeration', seq }).live.moderation).not.toBeNull();
    expect(roomReducer(room, { type: 'clearModeration', seq: seq + 1 }).live.moderation).toBeNull();
  });
});

describe('the spotlight and the main view', () => {
  const self = participant('me', 'person:nhung');
  const kp1 = participant('p1', 'point:kp1');
  const kp2 = participant('p2', 'point:kp2');
  const room = { ...initialRoomState(), selfId: 'me', participants: [self, kp2, kp1], stageSpeakerId: 'p2' };

  it('puts the spotlighted point on the stage over the last speaker and a shared screen', () => {
    const spot = spotlightParticipant(room.participants, 'point:kp1', 'me');
    expect(spot?.id).toBe('p1');
    expect(pickStage(room, spot)).toEqual({ kind: 'camera', participant: kp1 });
    const sharing = {
      ...room,
      participants: [self, { ...kp2, publishing: { camera: null, screen: true } }, kp1],
    };
    expect(pickStage(sharing, spot)).toMatchObject({ kind: 'camera', participant: { id: 'p1' } });
    expect(pickStage(sharing, null)).toMatchObject({ kind: 'screen', participant: { id: 'p2' } });
  });

  it('shows the spotlighted point’s own screen when it shares', () => {
    const sharer = { ...kp1, publishing: { camera: { audio: true, video: true }, screen: true } };
    expect(pickStage({ ...room, participants: [self, sharer] }, sharer)).toMatchObject({ kind: 'screen' });
  });

  it('falls back to the usual stage when the spotlight is me, nobody, or someone not here', () => {
    expect(spotlightParticipant(room.participants, 'person:nhung', 'me')).toBeNull();
    expect(spotlightParticipant(room.participants, null, 'me')).toBeNull();
    expect(spotlightParticipant(room.participants, 'point:kp9', 'me')).toBeNull();
    expect(pickStage(room, null)).toMatchObject({ kind: 'camera', participant: { id: 'p2' } });
  });

  it('prefers the newest connection of a point that publishes video', () => {
    const stale = participant('old', 'point:kp1', { publishing: { camera: null, screen: false } });
    const fresh = participant('new', 'point:kp1');
    const later = participant('newer', 'point:kp1', { publishing: { camera: null, screen: false } });
    expect(spotlightParticipant([stale, fresh, later], 'point:kp1', 'me')?.id).toBe('new');
    expect(spotlightParticipant([stale, later], 'point:kp1', 'me')?.id).toBe('newer');
  });
});

describe('agenda, queue and labels', () => {
  it('formats durations as mm:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(307_000)).toBe('05:07');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5_000)).toBe('00:00');
  });

  it('adds the running period of the current item to the time already spent, against the plan', () => {
    const s = stateOf([
      { type: 'agenda.current', itemId: 'a2', at: at(0) },
      { type: 'agenda.current', itemId: 'a1', at: at(4) },
      { type: 'agenda.current', itemId: 'a2', at: at(5) },
    ]);
    const a2 = itemTiming(s, 'a2', T0 + 12 * 60_000);
    expect(a2).toEqual({ spentMs: 11 * 60_000, plannedMs: 10 * 60_000, over: true, current: true });
    const a1 = itemTiming(s, 'a1', T0 + 12 * 60_000);
    expect(a1).toEqual({ spentMs: 60_000, plannedMs: 20 * 60_000, over: false, current: false });
    expect(agendaNeighbours(s)).toEqual({ previous: 'a1', next: null });
    expect(agendaNeighbours(stateOf([]))).toEqual({ previous: null, next: 'a1' });
  });

  it('moves a request up or down, and not past either end', () => {
    const req = (id: string) => ({
      id,
      by: KP1,
      onBehalfOf: null,
      topic: '',
      itemId: null,
      requestedAt: at(0),
    });
    const q = [req('a'), req('b'), req('c')];
    expect(queueMoveTarget(q, 'b', -1)).toBe(0);
    expect(queueMoveTarget(q, 'b', 1)).toBe(2);
    expect(queueMoveTarget(q, 'a', -1)).toBeNull();
    expect(queueMoveTarget(q, 'c', 1)).toBeNull();
    expect(queueMoveTarget(q, 'x', 1)).toBeNull();
  });

  it('labels a request "<point> – <person>" when a point asks on behalf of someone', () => {
    expect(requestLabel({ by: KP1, onBehalfOf: { personId: 'on', name: 'Phạm Văn Ơn' } })).toBe(
      'Văn phòng khu phố 1 – Phạm Văn Ơn',
    );
    expect(requestLabel({ by: KP1, onBehalfOf: null })).toBe('Văn phòng khu phố 1');
    const person: Actor = { key: 'person:an', name: 'Trần Văn An', bridgePointId: null, bridgePoint: null };
    expect(requestLabel({ by: person, onBehalfOf: null })).toBe('Trần Văn An');
  });

  it('names actors from the invitations, the points, the room, else the bare id', () => {
    const s = stateOf([]);
    const guest = participant('g1', 'guest:g1', { name: 'Khách', bridgePoint: null });
    expect(actorName(s, [], 'person:on')).toBe('Phạm Văn Ơn');
    expect(actorName(s, [], 'point:kp2')).toBe('Văn phòng khu phố 2');
    expect(actorName(s, [guest], 'guest:g1')).toBe('Khách');
    expect(actorName(s, [], 'user:u9')).toBe('u9');
  });

  it('lists the invitees sitting at a point first, then the others by Vietnamese name order', () => {
    expect(inviteesForPoint(stateOf([]), 'kp1').map((p) => p.personId)).toEqual(['on', 'nhung', 'an']);
  });

  it('rolls up each invited point with its connection and report', () => {
    const s = stateOf([
      { type: 'point.connected', bridgePointId: 'kp1', at: at(0) },
      {
        type: 'attendance.reported',
        bridgePointId: 'kp1',
        headCount: 14,
        presentPersonIds: ['on'],
        by: KP1,
        at: at(1),
      },
      { type: 'point.connected', bridgePointId: 'kp2', at: at(0) },
      { type: 'point.disconnected', bridgePointId: 'kp2', at: at(3) },
    ]);
    const rows = pointRows(s);
    expect(rows.find((r) => r.bridgePointId === 'kp1')).toMatchObject({
      connected: true,
      headCount: 14,
      ticked: 1,
    });
    expect(rows.find((r) => r.bridgePointId === 'kp2')).toMatchObject({
      connected: false,
      disconnectedAt: at(3),
    });
    expect(rows.find((r) => r.bridgePointId === 'ht')).toMatchObject({ connected: false, connectedAt: null });
  });

  it('gives refusals a text that says what happened', () => {
    expect(actionErrorKey('vote.close', 'wrong_state')).toBe('liveErr.voteNotOpen');
    expect(actionErrorKey('vote.cast', 'wrong_state')).toBe('liveErr.castRefused');
    expect(actionErrorKey('vote.open', 'wrong_state')).toBe('liveErr.voteAlreadyOpen');
    expect(actionErrorKey('speak.end', 'wrong_state')).toBe('liveErr.nobodySpeaking');
    expect(actionErrorKey('speak.grant', 'wrong_state')).toBe('liveErr.requestGone');
    expect(actionErrorKey('chat.send', 'rate_limited')).toBe('liveErr.chatTooFast');
    expect(actionErrorKey('vote.count', 'forbidden')).toBe('liveErr.notThisPoint');
    expect(actionErrorKey('mute.all', 'forbidden')).toBe('liveErr.forbidden');
    expect(actionErrorKey('chat.send', 'timeout')).toBe('errors.timeout');
  });
});

describe('announcements', () => {
  it('announce a new speaker (me or another), a vote opened and published, nothing on the first snapshot', () => {
    const s0 = stateOf([]);
    expect(liveAnnouncements(null, s0, 'point:kp1')).toEqual([]);
    const request = { id: 'r1', by: KP1, onBehalfOf: null, topic: '', itemId: null, requestedAt: at(0) };
    const granted = stateOf([
      { type: 'speak.requested', request },
      {
        type: 'speak.granted',
        speech: {
          requestId: 'r1',
          speakerKey: 'point:kp1',
          label: 'Văn phòng khu phố 1',
          topic: '',
          itemId: null,
          startedAt: at(1),
          endedAt: null,
        },
      },
    ]);
    expect(liveAnnouncements(s0, granted, 'point:kp1')).toEqual([
      { kind: 'floorGranted', label: 'Văn phòng khu phố 1', self: true },
    ]);
    expect(liveAnnouncements(s0, granted, 'point:kp2')[0]).toMatchObject({ self: false });
    const vote = {
      id: 'v1',
      itemId: null,
      title: 'Thông qua kế hoạch',
      kind: 'motion' as const,
      options: [
        { id: 'yes', label: 'Tán thành' },
        { id: 'no', label: 'Không tán thành' },
      ],
      correctOptionId: null,
      secret: false,
      scope: 'point' as const,
      majority: 'simple' as const,
      quorum: { kind: 'none' as const },
      status: 'open' as const,
      openedAt: at(2),
      closedAt: null,
      publishedAt: null,
      voters: [],
      ballots: null,
      pointCounts: {},
      result: null,
    };
    const opened = { ...s0, votes: [vote] };
    expect(liveAnnouncements(s0, opened, null)).toEqual([
      { kind: 'voteOpened', voteId: 'v1', title: 'Thông qua kế hoạch' },
    ]);
    const published = { ...s0, votes: [{ ...vote, status: 'published' as const }] };
    expect(liveAnnouncements(opened, published, null)).toEqual([
      { kind: 'votePublished', voteId: 'v1', title: 'Thông qua kế hoạch' },
    ]);
  });
});
