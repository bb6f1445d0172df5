// HTTP routes of bridge points (điểm cầu): the list with each point's paired device and its
// status, and admin create/update/delete. At most one point is the main (host) point.
import { AppError, BridgePointCreateSchema, BridgePointPatchSchema } from '@diemcau/protocol';
import type { BridgePointListResponse, BridgePointView } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { userOf } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { DeviceStore } from '../devices/store.js';
import { newRowId } from '../ids.js';
import { IdParams, conflict, mapForeignKey, parseInput, viewerOf } from './http.js';
import type { Clock } from './http.js';
import { toBridgePointViews } from './service.js';
import type { Viewer } from './service.js';
import { isUniqueViolation } from './sql-errors.js';
import { OrgStore } from './store.js';
import type { BridgePointChanges } from './store.js';

export function registerBridgePointRoutes(app: FastifyInstance, deps: { db: Db; now: Clock }): void {
  const store = new OrgStore(deps.db);
  const devices = new DeviceStore(deps.db);

  const listViews = async (viewer: Viewer): Promise<BridgePointView[]> => {
    const [points, orgs, paired] = await Promise.all([
      store.listBridgePoints(),
      store.listOrganizations(),
      devices.listPaired(),
    ]);
    return toBridgePointViews(points, new Map(orgs.map((o) => [o.id, o.name])), paired, deps.now(), viewer);
  };
  const viewOf = async (id: string, viewer: Viewer): Promise<BridgePointView> => {
    const view = (await listViews(viewer)).find((p) => p.id === id);
    if (!view) throw AppError.notFound('bridge point', 'id');
    return view;
  };

  app.get('/api/org/bridge-points', async (req): Promise<BridgePointListResponse> => {
    return { bridgePoints: await listViews(viewerOf(req)) };
  });

  app.post('/api/org/bridge-points', async (req, reply): Promise<BridgePointView> => {
    const viewer = viewerOf(req);
    userOf(req, 'admin');
    const input = parseInput(BridgePointCreateSchema, req.body);
    const id = newRowId('bp');
    await mapUniqueName(() =>
      store.transaction(async (tx) => {
        await checkReferences(tx, id, input);
        if (input.isMain) await tx.clearMainBridgePoint(id);
        const sortOrder = input.sortOrder ?? (await tx.nextBridgePointSortOrder());
        await tx.addBridgePoint({ id, ...input }, sortOrder);
      }),
    );
    void reply.code(201);
    return viewOf(id, viewer);
  });

  app.patch('/api/org/bridge-points/:id', async (req): Promise<BridgePointView> => {
    const viewer = viewerOf(req);
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    const changes = parseInput(BridgePointPatchSchema, req.body);
    await mapUniqueName(() =>
      store.transaction(async (tx) => {
        if (!(await tx.getBridgePoint(id))) throw AppError.notFound('bridge point', 'id');
        await checkReferences(tx, id, changes);
        // NOTE: one transaction, so that no reader ever sees two main points or none in between.
        if (changes.isMain === true) await tx.clearMainBridgePoint(id);
        await tx.updateBridgePoint(id, changes);
      }),
    );
    return viewOf(id, viewer);
  });

  app.delete('/api/org/bridge-points/:id', async (req, reply) => {
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    await mapForeignKey('the bridge point is still used by meetings', () =>
      deps.db.transaction().execute(async (trx) => {
        const tx = new OrgStore(trx);
        if (!(await tx.getBridgePoint(id))) throw AppError.notFound('bridge point', 'id');
        // NOTE: a live kiosk must not silently lose its point; the admin revokes it first.
        if ((await new DeviceStore(trx).pairedFor(id)).length > 0) {
          throw conflict('a device is paired to this bridge point; revoke it first');
        }
        await tx.deleteBridgePoint(id);
      }),
    );
    return reply.code(204).send();
  });
}

/** The organization must exist and the name must be free (unique across bridge points). */
async function checkReferences(tx: OrgStore, id: string, changes: BridgePointChanges): Promise<void> {
  if (changes.organizationId !== undefined && !(await tx.getOrganization(changes.organizationId))) {
    throw AppError.notFound('organization', 'organizationId');
  }
  if (changes.name !== undefined) {
    const same = await tx.findBridgePointByName(changes.name);
    if (same && same.id !== id) throw conflict('another bridge point has this name', 'name');
  }
}

/** Two admins racing for one name: the unique index refuses the second; say so as 409. */
async function mapUniqueName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('conflict', 'another bridge point has this name', { field: 'name', cause: err });
    }
    throw err;
  }
}
