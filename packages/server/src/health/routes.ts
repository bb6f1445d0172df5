// GET /api/health: whether the media server and the database are up. 200 when both are, 503 when
// either is not, so that a load balancer or the IT officer's monitor can tell.
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import type { LiveHub } from '../live/hub.js';

export interface HealthDeps {
  db: Db;
  media: { readonly state: string; isUp(): boolean } | null;
  hub: LiveHub;
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/api/health', async (_req, reply) => {
    const database = await pingDatabase(deps.db);
    const janusState = deps.media?.state ?? 'disabled';
    const janus = deps.media?.isUp() ?? false;
    const ok = database && janus;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      janus: { up: janus, state: janusState },
      database: { up: database },
      live: deps.hub.stats(),
    });
  });
}
