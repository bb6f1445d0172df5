// Who may enter a live meeting, and as whom. The signalling server asks an AdmissionPolicy on
// every `join`; the policy answers admit (with the identity and role to show), lobby (a guest
// waits for a moderator), or refuse (with a stable error code).
import type { AppError, ParticipantRole } from '@diemcau/protocol';
import type { AuthContext } from '../auth/context.js';

export interface JoinCredentials {
  meetingId: string;
  /** Resolved from the WebSocket upgrade request (session cookie), or anonymous. */
  auth: AuthContext;
  /** Invitation token from the join link. */
  token?: string | undefined;
  /** A kiosk's device token. */
  deviceToken?: string | undefined;
  /** A guest's passcode. */
  passcode?: string | undefined;
  /** Name and bridge point the client asked to show (a policy may override them). */
  name: string;
  bridgePoint: string | null;
}

/** The admitted participant: what to show, what they may do, and whom to disconnect on revocation. */
export interface Identity {
  name: string;
  bridgePoint: string | null;
  role: ParticipantRole;
  moderator: boolean;
  userId: string | null;
  personId: string | null;
  deviceId: string | null;
  bridgePointId: string | null;
  /** The bridge point's receive cap in kbit/s, set by an admin (null or absent: none). */
  receiveCapKbps?: number | null;
}

export type Admission =
  | { kind: 'admit'; identity: Identity }
  | { kind: 'lobby'; identity: Identity }
  | { kind: 'refuse'; error: AppError };

export interface AdmissionPolicy {
  admit(credentials: JoinCredentials): Promise<Admission>;
}

/**
 * Everyone may enter, as a delegate with the name they gave. Used by unit tests of the live
 * layer and by tools; the server wires the meeting-aware policy.
 */
export const openAdmission: AdmissionPolicy = {
  admit: (c) =>
    Promise.resolve({
      kind: 'admit',
      identity: {
        name: c.name,
        bridgePoint: c.bridgePoint,
        role: 'delegate',
        moderator: false,
        userId: null,
        personId: null,
        deviceId: null,
        bridgePointId: null,
      },
    }),
};

/**
 * The durable key of an identity (see ActorKey in protocol/live/schema.ts): the person if known,
 * else the bridge point a device or point link stands for, else the account, else a guest key
 * bound to this participant id.
 */
export function actorKeyOf(identity: Identity, participantId: string): string {
  if (identity.personId) return `person:${identity.personId}`;
  if (identity.bridgePointId && (identity.deviceId || identity.role === 'bridge_point'))
    return `point:${identity.bridgePointId}`;
  if (identity.userId) return `user:${identity.userId}`;
  return `guest:${participantId}`;
}
