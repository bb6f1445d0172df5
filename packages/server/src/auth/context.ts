// Who is making a request: a signed-in account, a paired bridge-point device, or nobody. The auth
// plugin resolves it once per request (cookie session or device bearer token) into `req.auth`.
import { ACCOUNT_ROLES } from '@diemcau/protocol';

/** Account roles (defined in the protocol, shared with the web app). */
export { ACCOUNT_ROLES };
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface UserAuth {
  kind: 'user';
  userId: string;
  username: string;
  personId: string | null;
  roles: AccountRole[];
  /** For an operator: the bridge point they run. */
  bridgePointId: string | null;
  /** The session's CSRF token (sent by the web app in the x-csrf-token header). */
  csrfToken: string;
}

export interface DeviceAuth {
  kind: 'device';
  deviceId: string;
  /** null while the device waits to be paired. */
  bridgePointId: string | null;
}

export type AuthContext = UserAuth | DeviceAuth | { kind: 'anonymous' };

export const ANONYMOUS: AuthContext = { kind: 'anonymous' };

export const hasRole = (auth: AuthContext, ...roles: AccountRole[]): boolean =>
  auth.kind === 'user' && auth.roles.some((r) => roles.includes(r));

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every request. */
    auth: AuthContext;
  }
}
