// For route tests of one domain without the real login: a hook that takes `req.auth` from the
// `x-test-auth` header (JSON of an AuthContext). Never registered outside tests.
import type { FastifyInstance } from 'fastify';
import { ANONYMOUS } from '../auth/context.js';
import type { AccountRole, AuthContext } from '../auth/context.js';

export function installFakeAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', null as never);
  app.addHook('onRequest', async (req) => {
    const header = req.headers['x-test-auth'];
    req.auth = typeof header === 'string' ? (JSON.parse(header) as AuthContext) : ANONYMOUS;
    await Promise.resolve();
  });
}

/** Header value for a test user with roles. */
export function asUser(
  roles: AccountRole[],
  extra: { userId?: string; personId?: string | null; bridgePointId?: string | null } = {},
): { 'x-test-auth': string } {
  const auth: AuthContext = {
    kind: 'user',
    userId: extra.userId ?? `u_${roles.join('_') || 'none'}`,
    username: extra.userId ?? roles.join('-'),
    personId: extra.personId ?? null,
    roles,
    bridgePointId: extra.bridgePointId ?? null,
    csrfToken: 'test',
  };
  return { 'x-test-auth': JSON.stringify(auth) };
}

/** Header value for a test device bound to a bridge point. */
export function asDevice(deviceId: string, bridgePointId: string | null): { 'x-test-auth': string } {
  return { 'x-test-auth': JSON.stringify({ kind: 'device', deviceId, bridgePointId } satisfies AuthContext) };
}
