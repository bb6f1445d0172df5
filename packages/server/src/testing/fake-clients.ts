// Test harness for the live layer: a hub over fake media and a fake meeting, and clients whose
// outgoing frames are parsed back into ServerMessages.
import { parseServerMessage } from '@diemcau/protocol';
import type { ClientMessage, MessageOf, ServerMessage, ServerMessageType } from '@diemcau/protocol';
import { silentLogger } from '@diemcau/media';
import { ANONYMOUS } from '../auth/context.js';
import { openAdmission } from '../live/admission.js';
import type { AdmissionPolicy } from '../live/admission.js';
import { Connection } from '../live/connection.js';
import { LiveHub } from '../live/hub.js';
import type { MeetingWithHost } from '../meetings/store.js';
import { FakeMediaEngine } from './fake-media.js';

export const MEETING: MeetingWithHost = {
  id: 'm_test_0123456789abcdef',
  title: 'Họp giao ban tháng 11',
  type: 'giao_ban',
  hostBridgePointId: 'bp_hoi_truong',
  hostBridgePointName: 'Hội trường UBND phường',
  startsAt: '2026-11-26T01:00:00.000Z',
  status: 'open',
};

export function harness(admission: AdmissionPolicy = openAdmission): {
  hub: LiveHub;
  media: FakeMediaEngine;
  client: () => TestClient;
} {
  const media = new FakeMediaEngine();
  const hub = new LiveHub({
    meetings: { get: (id) => Promise.resolve(id === MEETING.id ? MEETING : null) },
    media,
    log: silentLogger,
    emptyRoomGraceMs: 10,
  });
  return { hub, media, client: () => new TestClient(hub, admission) };
}

export class TestClient {
  readonly received: ServerMessage[] = [];
  closedWith: { code: number; reason: string } | null = null;
  readonly connection: Connection;

  constructor(hub: LiveHub, admission: AdmissionPolicy) {
    this.connection = new Connection(
      {
        send: (text) => {
          const parsed = parseServerMessage(text);
          if (!parsed.ok) throw new Error(`server sent an invalid frame: ${parsed.message} ${text}`);
          this.received.push(parsed.value);
        },
        close: (code, reason) => {
          this.closedWith = { code, reason };
        },
      },
      { hub, admission, auth: ANONYMOUS, iceServers: () => [], log: silentLogger },
    );
  }

  send(msg: ClientMessage | string): Promise<void> {
    return this.connection.receive(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  of<T extends ServerMessageType>(type: T): MessageOf<ServerMessage, T>[] {
    return this.received.filter((m): m is MessageOf<ServerMessage, T> => m.type === type);
  }

  last<T extends ServerMessageType>(type: T): MessageOf<ServerMessage, T> {
    const all = this.of(type);
    const m = all[all.length - 1];
    if (!m) throw new Error(`no ${type} received; got ${this.received.map((r) => r.type).join(', ')}`);
    return m;
  }

  async join(name: string, bridgePoint: string | null = null): Promise<string> {
    await this.send({ type: 'join', rid: 'j1', meetingId: MEETING.id, name, bridgePoint });
    return this.last('joined').self.id;
  }
}

/** Lets queued promise callbacks (subscription rounds) run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
