// The join decision the signalling server asks for: by session, device, personal or bridge-point
// token, or guest passcode; withdrawn invitations and confidential meetings refuse.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthContext } from '../auth/context.js';
import { openDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import { decideJoin } from './join.js';
import { MeetingService } from './service.js';
import { MemoryAudit, PEOPLE, seedPeople } from './testing.js';
import { issueJoinToken } from './tokens.js';

let db: Db;
let service: MeetingService;
const adminAuth: AuthContext = {
  kind: 'user',
  userId: 'u_admin',
  username: 'admin',
  personId: null,
  roles: ['admin'],
  bridgePointId: null,
  csrfToken: 'x',
};
const userAuth = (personId: string, roles: ('chair' | 'delegate')[] = ['delegate']): AuthContext => ({
  kind: 'user',
  userId: `u_${personId}`,
  username: personId,
  personId,
  roles,
  bridgePointId: null,
  csrfToken: 'x',
});

beforeEach(async () => {
  db = await openDatabase({ url: ':memory:' });
  await seedPeople(db);
  service = new MeetingService({ db, audit: new MemoryAudit(), invitations: null });
});
afterEach(async () => {
  await db.destroy();
});

async function schedule(confidential: boolean): Promise<string> {
  const { meeting } = await service.create(adminAuth, {
    title: 'Họp chi bộ',
    type: 'chi_bo',
    description: '',
    startsAt: '2026-12-01T01:00:00.000Z',
    durationMinutes: 60,
    recurrence: { kind: 'none' },
    hostBridgePointId: 'bp_kp4',
    organizationId: 'org_cb_kp4',
    bridgePointIds: ['bp_hoi_truong'],
    invitees: [{ personId: PEOPLE.chair.id, role: 'chair' }],
    agenda: [],
    confidential,
    sendInvitations: false,
  });
  return meeting.id;
}

describe('decideJoin', () => {
  it('a signed-in invitee as their role, with their name; a device as its bridge point', async () => {
    const id = await schedule(true);
    expect(await decideJoin(service, db, { meetingId: id, auth: userAuth(PEOPLE.chair.id) })).toEqual({
      decision: { kind: 'admit', role: 'chair', moderator: true },
      personId: PEOPLE.chair.id,
      bridgePointId: null,
      name: 'Nguyễn Thị Hồng Nhung',
      bridgePointName: null,
    });
    const device = await decideJoin(service, db, {
      meetingId: id,
      auth: { kind: 'device', deviceId: 'd1', bridgePointId: 'bp_hoi_truong' },
    });
    expect(device).toMatchObject({
      decision: { kind: 'admit', role: 'bridge_point' },
      name: 'Hội trường UBND phường',
      bridgePointName: 'Hội trường UBND phường',
    });
    const member = await decideJoin(service, db, { meetingId: id, auth: userAuth(PEOPLE.cell.id) });
    expect(member).toMatchObject({ decision: { kind: 'admit', role: 'delegate' }, name: 'Lê Văn Hai' });
  });

  it('tokens admit while the invitation stands; outsiders of a confidential meeting get not_found', async () => {
    const id = await schedule(true);
    const token = await issueJoinToken(db, {
      meetingId: id,
      personId: PEOPLE.chair.id,
      label: 'x',
      ttl: 60_000,
    });
    const anon: AuthContext = { kind: 'anonymous' };
    expect((await decideJoin(service, db, { meetingId: id, auth: anon, token })).decision).toEqual({
      kind: 'admit',
      role: 'chair',
      moderator: true,
    });
    const outsider = userAuth(PEOPLE.outsider.id, ['chair']);
    expect((await decideJoin(service, db, { meetingId: id, auth: outsider })).decision).toEqual({
      kind: 'refuse',
      reason: 'not_found',
    });
    // An outsider holding someone's token gets in as that person (the link is the credential).
    expect((await decideJoin(service, db, { meetingId: id, auth: outsider, token })).decision.kind).toBe(
      'admit',
    );
    await service.update(adminAuth, id, { invitees: [], notify: false });
    expect((await decideJoin(service, db, { meetingId: id, auth: anon, token })).decision).toEqual({
      kind: 'refuse',
      reason: 'forbidden',
    });
    expect((await decideJoin(service, db, { meetingId: 'nope', auth: adminAuth })).decision).toEqual({
      kind: 'refuse',
      reason: 'not_found',
    });
  });

  it('guests with the passcode wait in the lobby; a wrong passcode is refused', async () => {
    const id = await schedule(false);
    await service.setPasscode(adminAuth, id, '13579246');
    const anon: AuthContext = { kind: 'anonymous' };
    expect(
      (await decideJoin(service, db, { meetingId: id, auth: anon, passcode: '13579246' })).decision,
    ).toEqual({ kind: 'lobby', role: 'guest', moderator: false });
    expect(
      (await decideJoin(service, db, { meetingId: id, auth: anon, passcode: '00000000' })).decision,
    ).toEqual({ kind: 'refuse', reason: 'bad_passcode' });
    expect((await decideJoin(service, db, { meetingId: id, auth: anon })).decision).toEqual({
      kind: 'refuse',
      reason: 'forbidden',
    });
    await service.cancel(adminAuth, id, false);
    expect(
      (await decideJoin(service, db, { meetingId: id, auth: userAuth(PEOPLE.chair.id) })).decision,
    ).toEqual({ kind: 'refuse', reason: 'closed' });
  });
});
