// GET /api/health: whether the media server, the database and (when enabled) the TURN relay are
// up. 200 when all are, 503 when one is not, so that a load balancer or the IT officer's monitor
// can tell.
import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/database.js';
import type { Db } from '../db/database.js';
import type { LiveHub } from '../live/hub.js';

export interface HealthDeps {
  db: Db;
  media: { readonly state: string; isUp(): boolean } | null;
  hub: LiveHub;
  /** The TURN relay; null when TURN is disabled (then it does not count). */
  turn: { readonly state: string; isUp(): boolean } | null;
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/api/health', async (_req, reply) => {
    const database = await pingDatabase(deps.db);
    const janusState = deps.media?.state ?? 'disabled';
    const janus = deps.media?.isUp() ?? false;
    const turn = deps.turn?.isUp() ?? false;
    const ok = database && janus && (deps.turn === null || turn);
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      janus: { up: janus, state: janusState },
      database: { up: database },
      turn: { up: turn, state: deps.turn?.state ?? 'disabled' },
      live: deps.hub.stats(),
    });
  });
}
