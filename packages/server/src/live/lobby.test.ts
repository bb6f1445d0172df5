// Unit tests of admission and the lobby over fake media: guests wait until a moderator decides,
// only moderators may decide, refusals carry their code, and revoked identities are disconnected.
import { AppError } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { harness, MEETING, settle } from '../testing/fake-clients.js';
import type { AdmissionPolicy, Identity } from './admission.js';

const identity = (name: string, extra: Partial<Identity> = {}): Identity => ({
  name,
  bridgePoint: null,
  role: 'delegate',
  moderator: false,
  userId: null,
  personId: null,
  deviceId: null,
  bridgePointId: null,
  ...extra,
});

/** Chair "Chủ trì" moderates; names starting with "Khách" are guests; "Lạ" is refused; token "dev1" is a device. */
const policy: AdmissionPolicy = {
  admit: (c) => {
    if (c.name === 'Lạ') return Promise.resolve({ kind: 'refuse', error: AppError.forbidden('not invited') });
    if (c.name.startsWith('Khách'))
      return Promise.resolve({ kind: 'lobby', identity: identity(c.name, { role: 'guest' }) });
    if (c.name === 'Chủ trì')
      return Promise.resolve({
        kind: 'admit',
        identity: identity(c.name, { role: 'chair', moderator: true }),
      });
    const deviceId = c.deviceToken === 'dev1' ? 'device_1' : null;
    return Promise.resolve({
      kind: 'admit',
      identity: identity(c.name, { deviceId, role: deviceId ? 'bridge_point' : 'delegate' }),
    });
  },
};

describe('admission', () => {
  it('refuses with the policy code and keeps the connection usable', async () => {
    const { client } = harness(policy);
    const x = client();
    await x.send({ type: 'join', rid: 'r1', meetingId: MEETING.id, name: 'Lạ' });
    expect(x.last('error')).toMatchObject({ rid: 'r1', code: 'forbidden' });
    await x.send({ type: 'join', rid: 'r2', meetingId: MEETING.id, name: 'Đại biểu' });
    expect(x.last('joined').rid).toBe('r2');
  });

  it('shows the role and moderator flag the policy decided', async () => {
    const { client } = harness(policy);
    const chair = client();
    await chair.join('Chủ trì');
    expect(chair.last('joined').self).toMatchObject({ role: 'chair', moderator: true });
  });
});

describe('lobby', () => {
  it('keeps a guest waiting, tells moderators, and lets them in on admission', async () => {
    const { client } = harness(policy);
    const chair = client();
    const delegate = client();
    await chair.join('Chủ trì');
    await delegate.join('Đại biểu');
    const guest = client();
    await guest.send({ type: 'join', rid: 'g1', meetingId: MEETING.id, name: 'Khách mời Trần Văn Bình' });
    expect(guest.last('lobby.waiting').rid).toBe('g1');
    expect(guest.of('joined')).toHaveLength(0);
    const waiting = chair.last('lobby.updated').waiting;
    expect(waiting.map((w) => w.name)).toEqual(['Khách mời Trần Văn Bình']);
    expect(delegate.of('lobby.updated')).toHaveLength(0);
    expect(delegate.of('participant.joined').map((m) => m.participant.name)).not.toContain(
      'Khách mời Trần Văn Bình',
    );

    await delegate.send({ type: 'lobby.admit', rid: 'a0', participantId: waiting[0]?.id ?? '' });
    expect(delegate.last('error')).toMatchObject({ rid: 'a0', code: 'forbidden' });

    await chair.send({ type: 'lobby.admit', rid: 'a1', participantId: waiting[0]?.id ?? '' });
    expect(chair.last('ack').rid).toBe('a1');
    expect(guest.last('joined')).toMatchObject({ rid: 'g1', self: { role: 'guest', id: waiting[0]?.id } });
    expect(delegate.last('participant.joined').participant.name).toBe('Khách mời Trần Văn Bình');
    expect(chair.last('lobby.updated').waiting).toEqual([]);
  });

  it('turns a guest away with an error and closes the socket', async () => {
    const { client } = harness(policy);
    const chair = client();
    await chair.join('Chủ trì');
    const guest = client();
    await guest.send({ type: 'join', rid: 'g1', meetingId: MEETING.id, name: 'Khách' });
    const id = chair.last('lobby.updated').waiting[0]?.id ?? '';
    await chair.send({ type: 'lobby.reject', rid: 'x', participantId: id });
    expect(guest.last('error')).toMatchObject({ rid: 'g1', code: 'forbidden' });
    expect(guest.closedWith?.code).toBe(4003);
  });

  it('forgets a guest who leaves the lobby, and shows the queue to a moderator who arrives later', async () => {
    const { client } = harness(policy);
    const g1 = client();
    const g2 = client();
    await g1.send({ type: 'join', rid: 'g1', meetingId: MEETING.id, name: 'Khách 1' });
    await g2.send({ type: 'join', rid: 'g2', meetingId: MEETING.id, name: 'Khách 2' });
    await g1.connection.closed();
    const chair = client();
    await chair.join('Chủ trì');
    expect(chair.last('lobby.updated').waiting.map((w) => w.name)).toEqual(['Khách 2']);
  });

  it('answers not_found for an unknown waiting id', async () => {
    const { client } = harness(policy);
    const chair = client();
    await chair.join('Chủ trì');
    await chair.send({ type: 'lobby.admit', rid: 'z', participantId: 'pNobody' });
    expect(chair.last('error')).toMatchObject({ rid: 'z', code: 'not_found', field: 'participantId' });
  });
});

describe('revocation', () => {
  it('disconnects a revoked device at once and tells the others', async () => {
    const { client, hub } = harness(policy);
    const other = client();
    await other.join('Đại biểu');
    const kiosk = client();
    await kiosk.send({
      type: 'join',
      rid: 'k',
      meetingId: MEETING.id,
      name: 'Văn phòng khu phố 4',
      deviceToken: 'dev1',
    });
    const kioskId = kiosk.last('joined').self.id;
    const n = await hub.kick((who) => who.deviceId === 'device_1', 'device revoked');
    await settle();
    expect(n).toBe(1);
    expect(kiosk.closedWith?.code).toBe(4003);
    expect(other.last('participant.left')).toMatchObject({ participantId: kioskId, reason: 'removed' });
  });
});
