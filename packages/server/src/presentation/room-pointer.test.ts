// The pointer through the room's conduct: only the current presenter points (others forbidden,
// nothing relayed), never without a presentation, never echoed to the presenter; a handover moves
// the right to point. Bounds are checked by the wire schema (a frame outside 0–1 never arrives).
import { silentLogger } from '@diemcau/media';
import { parseClientMessage } from '@diemcau/protocol';
import type { Participant, ServerMessage } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomConduct } from '../conduct/room-conduct.js';
import type { ConductMember } from '../conduct/room-conduct.js';
import { MeetingConduct } from '../conduct/session.js';
import { LiveStore } from '../conduct/store.js';
import { ACTORS, CONTEXT } from '../conduct/testing.js';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

function member(
  id: string,
  actor: (typeof ACTORS)[keyof typeof ACTORS],
  moderator: boolean,
  inbox: ServerMessage[],
): ConductMember {
  const info: Participant = {
    id,
    name: actor.name,
    role: moderator ? 'chair' : 'bridge_point',
    moderator,
    bridgePoint: actor.bridgePoint,
    actorKey: actor.key,
    audioMuted: false,
    videoMuted: false,
    publishing: { camera: null, screen: false },
    joinedAt: '2026-11-26T01:00:00.000Z',
  };
  return {
    info,
    identity: {
      name: actor.name,
      bridgePoint: actor.bridgePoint,
      role: info.role,
      moderator,
      userId: null,
      personId: null,
      deviceId: null,
      bridgePointId: actor.bridgePointId,
    },
    sink: { send: (m) => inbox.push(m), close: () => undefined },
  };
}

const pointers = (inbox: ServerMessage[]): ServerMessage[] =>
  inbox.filter((m) => m.type === 'present.pointer');

describe('the presenter’s pointer in the room', () => {
  it('relays only the presenter’s pointer, to the others', async () => {
    t = await createTestDatabase('sqlite');
    const { meetingId } = await seedDemoWard(t.db);
    const conduct = await MeetingConduct.open(
      { ...CONTEXT, meetingId },
      {
        store: new LiveStore(t.db),
        markEnded: () => Promise.resolve(),
        log: silentLogger,
        presentable: (_m, documentId, versionId) =>
          Promise.resolve({ documentId, versionId, title: 'Báo cáo', pageCount: 3 }),
      },
    );
    const inbox = { chair: [] as ServerMessage[], kp1: [] as ServerMessage[], kp2: [] as ServerMessage[] };
    const members = [
      member('p_chair', ACTORS.chair, true, inbox.chair),
      member('p_kp1', ACTORS.kp1, false, inbox.kp1),
      member('p_kp2', ACTORS.kp2, false, inbox.kp2),
    ];
    const [chair, kp1] = members as [ConductMember, ConductMember, ConductMember];
    const room = new RoomConduct(
      conduct,
      { members: () => members, remove: () => Promise.resolve(), endMeeting: () => Promise.resolve() },
      silentLogger,
    );

    expect(() => room.pointer(chair, { x: 0.5, y: 0.5 })).toThrow(/no document/);
    await room.act(chair, {
      type: 'present.open',
      documentId: 'doc_bao_cao_11',
      versionId: 'dv_bao_cao_11a',
      page: 1,
    });
    room.pointer(chair, { x: 0.25, y: 0.75 });
    const expected = { type: 'present.pointer', participantId: 'p_chair', pointer: { x: 0.25, y: 0.75 } };
    expect(pointers(inbox.kp1)).toEqual([expected]);
    expect(pointers(inbox.kp2)).toEqual([expected]);
    expect(pointers(inbox.chair)).toEqual([]);

    expect(() => room.pointer(kp1, { x: 0.1, y: 0.1 })).toThrow(/only the presenter/);
    expect(pointers(inbox.chair)).toEqual([]);

    await room.act(chair, { type: 'present.handover', actorKey: ACTORS.kp1.key });
    room.pointer(kp1, null);
    expect(pointers(inbox.chair)).toEqual([
      { type: 'present.pointer', participantId: 'p_kp1', pointer: null },
    ]);
    expect(pointers(inbox.kp1)).toHaveLength(1);
    await room.close();
  });

  it('the wire refuses a pointer outside the page', () => {
    const r = parseClientMessage(JSON.stringify({ type: 'present.pointer', pointer: { x: 1.2, y: 0.5 } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field).toBe('pointer.x');
    expect(parseClientMessage(JSON.stringify({ type: 'present.pointer', pointer: null })).ok).toBe(true);
  });
});
