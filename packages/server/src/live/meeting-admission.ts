// The admission policy the server runs: a kiosk's device token, the session's user, a join link's
// token or a guest's passcode, decided by the meetings domain's rules (meetings/join.ts).
import { AppError } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import type { DeviceService } from '../devices/service.js';
import { bridgePointInvited } from '../meetings/authz.js';
import { decideJoin } from '../meetings/join.js';
import { MeetingStore } from '../meetings/store.js';
import { OrgStore } from '../org/store.js';
import type { MeetingService } from '../meetings/service.js';
import type { Admission, AdmissionPolicy, Identity, JoinCredentials } from './admission.js';

/** Wrong passcodes a meeting tolerates per minute before it stops checking them for a while. */
const PASSCODE_FAILURES_PER_MINUTE = 10;

export interface MeetingAdmissionDeps {
  db: Db;
  meetings: MeetingService;
  devices: Pick<DeviceService, 'resolveToken'>;
  now?: () => Date;
}

export class MeetingAdmission implements AdmissionPolicy {
  /** meetingId → timestamps (ms) of recent wrong passcodes. */
  readonly #passcodeFailures = new Map<string, number[]>();

  constructor(private readonly deps: MeetingAdmissionDeps) {}

  async admit(c: JoinCredentials): Promise<Admission> {
    const now = this.deps.now?.() ?? new Date();
    let auth = c.auth;
    if (c.deviceToken !== undefined) {
      const device = await this.deps.devices.resolveToken(c.deviceToken);
      if (!device)
        return { kind: 'refuse', error: AppError.unauthorized('this bridge-point device is not paired') };
      auth = device;
    }
    // NOTE: a 6-digit passcode is weak; refuse passcode attempts on a meeting under guessing.
    if (c.passcode !== undefined && this.#tooManyFailures(c.meetingId, now.getTime())) {
      return {
        kind: 'refuse',
        error: new AppError('rate_limited', 'too many wrong passcodes; try again later'),
      };
    }
    const outcome = await decideJoin(
      this.deps.meetings,
      this.deps.db,
      { meetingId: c.meetingId, auth, token: c.token, passcode: c.passcode },
      now,
    );
    const d = outcome.decision;
    if (d.kind === 'refuse') {
      if (d.reason === 'bad_passcode') this.#recordFailure(c.meetingId, now.getTime());
      if (d.reason === 'not_found' || d.reason === 'closed')
        return { kind: 'refuse', error: AppError.meetingNotFound(c.meetingId) };
      return {
        kind: 'refuse',
        error: AppError.forbidden(
          d.reason === 'bad_passcode' ? 'wrong passcode' : 'you are not invited to this meeting',
        ),
      };
    }
    const identity = {
      // Known people and points are shown by their registered names; guests by what they typed.
      name: outcome.name ?? c.name,
      bridgePoint: outcome.bridgePointName ?? c.bridgePoint,
      role: d.role,
      moderator: d.moderator,
      userId: auth.kind === 'user' ? auth.userId : null,
      personId: outcome.personId,
      deviceId: auth.kind === 'device' ? auth.deviceId : null,
      bridgePointId: outcome.bridgePointId,
      receiveCapKbps: await this.#receiveCap(outcome.bridgePointId),
    };
    return d.kind === 'lobby' ? { kind: 'lobby', identity } : { kind: 'admit', identity };
  }

  /**
   * After a meeting changed (invitations withdrawn, cancelled): a test telling who of those already
   * inside may stay. Admitted guests stay unless the meeting is over; so do label-only demo
   * tokens and accounts let in without an invitation (admins).
   */
  async stillAllowed(meetingId: string): Promise<(who: Identity) => boolean> {
    const access = await new MeetingStore(this.deps.db).access(meetingId);
    if (!access || access.status === 'cancelled' || access.status === 'ended') return () => false;
    const invited = (personId: string | null): boolean =>
      personId !== null && access.invitees.some((i) => i.personId === personId);
    return (who) => {
      if (who.role === 'guest') return true;
      if (who.deviceId !== null || who.role === 'bridge_point')
        return bridgePointInvited(access, who.bridgePointId);
      if (who.personId !== null && invited(who.personId)) return true;
      if (who.userId !== null) return who.moderator || bridgePointInvited(access, who.bridgePointId);
      // A token for a person: only while the person is invited; a label-only token stays.
      return who.personId === null;
    };
  }

  /** The admin-set receive cap of the bridge point the participant stands for (null: none). */
  async #receiveCap(bridgePointId: string | null): Promise<number | null> {
    if (bridgePointId === null) return null;
    return (await new OrgStore(this.deps.db).getBridgePoint(bridgePointId))?.receiveCapKbps ?? null;
  }

  #tooManyFailures(meetingId: string, nowMs: number): boolean {
    const recent = (this.#passcodeFailures.get(meetingId) ?? []).filter((t) => nowMs - t < 60_000);
    this.#passcodeFailures.set(meetingId, recent);
    return recent.length >= PASSCODE_FAILURES_PER_MINUTE;
  }

  #recordFailure(meetingId: string, nowMs: number): void {
    const list = this.#passcodeFailures.get(meetingId) ?? [];
    list.push(nowMs);
    this.#passcodeFailures.set(meetingId, list);
  }
}
