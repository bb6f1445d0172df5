// `present.ticket` over the signalling socket: refused before joining and while nothing is presented;
// once the chair presents, an admitted guest (no account) gets a ticket URL of exactly the presented
// version, bound to their own participant id; after the presentation closes it is refused again.
import { silentLogger } from '@diemcau/media';
import { parseServerMessage } from '@diemcau/protocol';
import type { ClientMessage, MessageOf, ServerMessage, ServerMessageType } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../auth/context.js';
import { MeetingConduct } from '../conduct/session.js';
import { LiveStore } from '../conduct/store.js';
import { CONTEXT } from '../conduct/testing.js';
import { createTestDatabase } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { seedDemoWard } from '../demo/seed.js';
import type { AdmissionPolicy } from '../live/admission.js';
import { Connection } from '../live/connection.js';
import { LiveHub } from '../live/hub.js';
import { MEETING } from '../testing/fake-clients.js';
import { FakeMediaEngine } from '../testing/fake-media.js';
import { PresentationTickets } from './ticket.js';

const DOC = { documentId: 'doc_bao_cao_11', versionId: 'dv_bao_cao_11a' };
const NOW = new Date('2026-11-26T02:00:00.000Z');

/** The chair by name; everyone else an invitation-link guest without an account. */
const admission: AdmissionPolicy = {
  admit: (c) =>
    Promise.resolve({
      kind: 'admit',
      identity:
        c.name === 'Chủ tọa'
          ? {
              name: 'Nguyễn Thị Hồng Nhung',
              bridgePoint: 'Hội trường UBND phường',
              role: 'chair',
              moderator: true,
              userId: 'u_chair',
              personId: 'p_chair',
              deviceId: null,
              bridgePointId: 'bp_ht',
            }
          : {
              name: c.name,
              bridgePoint: null,
              role: 'guest',
              moderator: false,
              userId: null,
              personId: null,
              deviceId: null,
              bridgePointId: null,
            },
    }),
};

let t: TestDatabase | null = null;
let hub: LiveHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  await t?.dispose();
  t = null;
});

class Client {
  readonly received: ServerMessage[] = [];
  readonly connection: Connection;
  constructor(h: LiveHub, tickets: PresentationTickets) {
    this.connection = new Connection(
      {
        send: (text) => {
          const parsed = parseServerMessage(text);
          if (!parsed.ok) throw new Error(`server sent an invalid frame: ${parsed.message} ${text}`);
          this.received.push(parsed.value);
        },
        close: () => undefined,
      },
      {
        hub: h,
        admission,
        auth: ANONYMOUS,
        iceServers: () => [],
        log: silentLogger,
        presentTickets: tickets,
      },
    );
  }
  send(msg: ClientMessage): Promise<void> {
    return this.connection.receive(JSON.stringify(msg));
  }
  last<T extends ServerMessageType>(type: T): MessageOf<ServerMessage, T> {
    const all = this.received.filter((m): m is MessageOf<ServerMessage, T> => m.type === type);
    const m = all[all.length - 1];
    if (!m) throw new Error(`no ${type}; got ${this.received.map((r) => r.type).join(', ')}`);
    return m;
  }
}

describe('present.ticket over signalling', () => {
  it('only an admitted participant of a presenting meeting gets a ticket of the presented version', async () => {
    t = await createTestDatabase('sqlite');
    const db = t.db;
    const { meetingId } = await seedDemoWard(db);
    const meeting = { ...MEETING, id: meetingId };
    hub = new LiveHub({
      meetings: { get: (id) => Promise.resolve(id === meetingId ? meeting : null) },
      media: new FakeMediaEngine(),
      log: silentLogger,
      emptyRoomGraceMs: 10,
      conduct: (id) =>
        MeetingConduct.open(
          { ...CONTEXT, meetingId: id },
          {
            store: new LiveStore(db),
            markEnded: () => Promise.resolve(),
            log: silentLogger,
            now: () => NOW,
            presentable: (_m, documentId, versionId) =>
              Promise.resolve({ documentId, versionId, title: 'Báo cáo tháng 11', pageCount: 5 }),
          },
        ),
    });
    const tickets = new PresentationTickets(db, () => NOW);
    const chair = new Client(hub, tickets);
    const guest = new Client(hub, tickets);

    await guest.send({ type: 'present.ticket', rid: 't0' });
    expect(guest.last('error')).toMatchObject({ code: 'not_joined', rid: 't0' });

    await chair.send({ type: 'join', rid: 'j', meetingId, name: 'Chủ tọa' });
    await guest.send({ type: 'join', rid: 'j', meetingId, name: 'Khách mời' });
    const guestId = guest.last('joined').self.id;

    await guest.send({ type: 'present.ticket', rid: 't1' });
    expect(guest.last('error')).toMatchObject({ code: 'wrong_state', rid: 't1' });
    expect(guest.received.some((m) => m.type === 'present.ticket')).toBe(false);

    await chair.send({ type: 'act', rid: 'a1', action: { type: 'present.open', ...DOC, page: 1 } });
    expect(chair.last('ack').rid).toBe('a1');
    await guest.send({ type: 'present.ticket', rid: 't2' });
    const answer = guest.last('present.ticket');
    expect(answer.rid).toBe('t2');
    expect(answer.url).toMatch(
      new RegExp(`^/api/presentations/${meetingId}/${DOC.documentId}/${DOC.versionId}\\.pdf\\?ticket=`),
    );
    const ticket = new URL(answer.url, 'https://x.invalid').searchParams.get('ticket') ?? '';
    expect(await tickets.verify({ meetingId, ...DOC }, ticket)).toBe(guestId);

    await chair.send({ type: 'act', rid: 'a2', action: { type: 'present.close' } });
    await guest.send({ type: 'present.ticket', rid: 't3' });
    expect(guest.last('error')).toMatchObject({ code: 'wrong_state', rid: 't3' });
  });
});
