// Fixtures for the conduct tests: a meeting context (Vietnamese names, three bridge points, an
// agenda), actors of each kind, and a driver that decides and applies actions without I/O.
import { applyLiveEvent, initialLiveState } from '@diemcau/protocol';
import type { Actor, LiveAction, LiveContext, LiveState, ParticipantRole } from '@diemcau/protocol';
import { decide } from './decide.js';
import type { DecideContext, Decision, PresentParticipant } from './decide.js';

export const T0 = new Date('2026-11-26T01:00:00.000Z');

export const CONTEXT: LiveContext = Object.freeze({
  meetingId: 'm_conduct_test',
  title: 'Họp giao ban Đảng ủy – UBND phường tháng 11',
  meetingType: 'giao_ban',
  training: false,
  invited: [
    {
      personId: 'p_chair',
      name: 'Nguyễn Thị Hồng Nhung',
      role: 'chair',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_ht',
    },
    {
      personId: 'p_sec',
      name: 'Lê Thị Thu Hà',
      role: 'secretary',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_ht',
    },
    {
      personId: 'p_on',
      name: 'Phạm Văn Ơn',
      role: 'delegate',
      rsvp: 'pending',
      reason: null,
      bridgePointId: 'bp_kp1',
    },
    {
      personId: 'p_tuyet',
      name: 'Đỗ Thị Ánh Tuyết',
      role: 'delegate',
      rsvp: 'accepted',
      reason: null,
      bridgePointId: 'bp_kp2',
    },
    {
      personId: 'p_an',
      name: 'Võ Thị Ngọc Ẩn',
      role: 'delegate',
      rsvp: 'absent_with_reason',
      reason: 'Đi công tác tại quận',
      bridgePointId: null,
    },
    {
      personId: 'p_yen',
      name: 'Ngô Thị Yến',
      role: 'trainee',
      rsvp: 'pending',
      reason: null,
      bridgePointId: null,
    },
  ],
  points: [
    { bridgePointId: 'bp_ht', name: 'Hội trường UBND phường', isHost: true },
    { bridgePointId: 'bp_kp1', name: 'Văn phòng khu phố 1', isHost: false },
    { bridgePointId: 'bp_kp2', name: 'Văn phòng khu phố 2', isHost: false },
  ],
  agenda: [
    {
      id: 'a1',
      title: 'Báo cáo tình hình kinh tế – xã hội tháng 11',
      presenter: 'UBND phường',
      plannedMinutes: 20,
    },
    { id: 'a2', title: 'Công tác an ninh trật tự', presenter: 'Các khu phố', plannedMinutes: 30 },
  ],
}) as LiveContext;

const person = (id: string, name: string, point: [string, string] | null = null): Actor => ({
  key: `person:${id}`,
  name,
  bridgePointId: point?.[0] ?? null,
  bridgePoint: point?.[1] ?? null,
});

export const ACTORS = {
  chair: person('p_chair', 'Nguyễn Thị Hồng Nhung', ['bp_ht', 'Hội trường UBND phường']),
  secretary: person('p_sec', 'Lê Thị Thu Hà', ['bp_ht', 'Hội trường UBND phường']),
  on: person('p_on', 'Phạm Văn Ơn'),
  tuyet: person('p_tuyet', 'Đỗ Thị Ánh Tuyết'),
  yen: person('p_yen', 'Ngô Thị Yến'),
  kp1: {
    key: 'point:bp_kp1',
    name: 'Văn phòng khu phố 1',
    bridgePointId: 'bp_kp1',
    bridgePoint: 'Văn phòng khu phố 1',
  },
  kp2: {
    key: 'point:bp_kp2',
    name: 'Văn phòng khu phố 2',
    bridgePointId: 'bp_kp2',
    bridgePoint: 'Văn phòng khu phố 2',
  },
  guest: { key: 'guest:pGuest01', name: 'Khách mời', bridgePointId: null, bridgePoint: null },
} as const satisfies Record<string, Actor>;

export type ActorName = keyof typeof ACTORS;

const ROLES: Record<ActorName, ParticipantRole> = {
  chair: 'chair',
  secretary: 'secretary',
  on: 'delegate',
  tuyet: 'delegate',
  yen: 'trainee',
  kp1: 'bridge_point',
  kp2: 'bridge_point',
  guest: 'guest',
};

/** Everyone of ACTORS in the room, participant id = `pp_<name>`. */
export const PRESENT: PresentParticipant[] = (Object.keys(ACTORS) as ActorName[]).map((n) => ({
  participantId: `pp_${n}`,
  actorKey: ACTORS[n].key,
  role: ROLES[n],
  moderator: n === 'chair' || n === 'secretary',
}));

export function ctxOf(name: ActorName, extra: Partial<DecideContext> = {}): DecideContext {
  return {
    actor: ACTORS[name],
    participantId: `pp_${name}`,
    role: ROLES[name],
    moderator: name === 'chair' || name === 'secretary',
    participants: PRESENT,
    ...extra,
  };
}

/** Decides and applies actions in order, with a clock that moves one second per action. */
export class Driver {
  state: LiveState;
  now: Date;
  #ids = 0;
  last: Decision = { events: [], effects: [] };

  constructor(context: LiveContext = CONTEXT) {
    this.state = initialLiveState(context);
    this.now = T0;
  }

  readonly newId = (prefix: string): string => `${prefix}${++this.#ids}`;

  /** Decides `action` as `who`; applies the events; returns the decision (throws as decide does). */
  act(who: ActorName, action: LiveAction, extra: Partial<DecideContext> = {}): Decision {
    this.now = new Date(this.now.getTime() + 1000);
    const d = decide(this.state, action, ctxOf(who, extra), this.now, this.newId);
    for (const event of d.events) this.state = applyLiveEvent(this.state, { seq: this.state.seq + 1, event });
    this.last = d;
    return d;
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}
