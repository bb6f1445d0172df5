// HTTP routes of the ward directory: the organization tree and persons with their memberships
// (bridge points are in bridge-point-routes.ts). Any signed-in user reads; only admins change.
import {
  AppError,
  MembershipsPutSchema,
  OrganizationCreateSchema,
  OrganizationPatchSchema,
  PersonCreateSchema,
  PersonPatchSchema,
  PersonQuerySchema,
} from '@diemcau/protocol';
import type {
  OrganizationTreeResponse,
  OrganizationView,
  PersonListResponse,
  PersonView,
} from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';
import { userOf } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { newRowId } from '../ids.js';
import { registerBridgePointRoutes } from './bridge-point-routes.js';
import { IdParams, conflict, mapForeignKey, parseInput, systemClock, viewerOf } from './http.js';
import type { Clock } from './http.js';
import {
  buildOrganizationTree,
  searchPersons,
  toOrganizationView,
  toPersonView,
  wouldCreateCycle,
} from './service.js';
import type { Viewer } from './service.js';
import { OrgStore } from './store.js';

export interface OrgRouteDeps {
  db: Db;
  /** Time source for created_at and device online status; defaults to the system clock. */
  now?: Clock;
}

/** Registers every /api/org route: organizations, persons, memberships and bridge points. */
export function registerOrgRoutes(app: FastifyInstance, deps: OrgRouteDeps): void {
  const store = new OrgStore(deps.db);
  const now = deps.now ?? systemClock;
  registerOrganizationRoutes(app, store);
  registerPersonRoutes(app, store, now);
  registerBridgePointRoutes(app, { db: deps.db, now });
}

function registerOrganizationRoutes(app: FastifyInstance, store: OrgStore): void {
  app.get('/api/org/organizations', async (req): Promise<OrganizationTreeResponse> => {
    userOf(req);
    const [orgs, memberships, persons] = await Promise.all([
      store.listOrganizations(),
      store.listMemberships(),
      store.listPersons(),
    ]);
    return { organizations: buildOrganizationTree(orgs, memberships, persons) };
  });

  app.post('/api/org/organizations', async (req, reply): Promise<OrganizationView> => {
    userOf(req, 'admin');
    const input = parseInput(OrganizationCreateSchema, req.body);
    const created = await store.transaction(async (tx) => {
      if (input.parentId !== null && !(await tx.getOrganization(input.parentId))) {
        throw AppError.notFound('parent organization', 'parentId');
      }
      const org = {
        id: newRowId('org'),
        name: input.name,
        kind: input.kind,
        parentId: input.parentId,
        sortOrder: input.sortOrder ?? (await tx.nextOrganizationSortOrder()),
      };
      await tx.addOrganization(org, org.sortOrder);
      return org;
    });
    void reply.code(201);
    return toOrganizationView(created);
  });

  app.patch('/api/org/organizations/:id', async (req): Promise<OrganizationView> => {
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    const changes = parseInput(OrganizationPatchSchema, req.body);
    const updated = await store.transaction(async (tx) => {
      if (!(await tx.getOrganization(id))) throw AppError.notFound('organization', 'id');
      if (changes.parentId !== undefined && changes.parentId !== null) {
        if (!(await tx.getOrganization(changes.parentId))) {
          throw AppError.notFound('parent organization', 'parentId');
        }
        if (wouldCreateCycle(await tx.listOrganizations(), id, changes.parentId)) {
          throw AppError.validation('an organization cannot be placed inside itself', 'parentId');
        }
      }
      await tx.updateOrganization(id, changes);
      return tx.getOrganization(id);
    });
    if (!updated) throw AppError.notFound('organization', 'id');
    return toOrganizationView(updated);
  });

  app.delete('/api/org/organizations/:id', async (req, reply) => {
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    await mapForeignKey('the organization is still used by meetings', () =>
      store.transaction(async (tx) => {
        if (!(await tx.getOrganization(id))) throw AppError.notFound('organization', 'id');
        const usage = await tx.organizationUsage(id);
        if (usage.children > 0) throw conflict('the organization still has child organizations');
        if (usage.bridgePoints > 0) throw conflict('the organization still has bridge points');
        if (usage.members > 0) throw conflict('the organization still has members');
        await tx.deleteOrganization(id);
      }),
    );
    return reply.code(204).send();
  });
}

function registerPersonRoutes(app: FastifyInstance, store: OrgStore, now: Clock): void {
  /** Builds one person's view, or 404. */
  const viewOf = async (id: string, viewer: Viewer, tx: OrgStore = store): Promise<PersonView> => {
    const person = await tx.getPerson(id);
    if (!person) throw AppError.notFound('person', 'id');
    const [memberships, orgs] = await Promise.all([tx.listMemberships(id), tx.listOrganizations()]);
    return toPersonView(person, memberships, new Map(orgs.map((o) => [o.id, o.name])), viewer);
  };

  app.get('/api/org/persons', async (req): Promise<PersonListResponse> => {
    const viewer = viewerOf(req);
    const filter = parseInput(PersonQuerySchema, req.query);
    const [persons, memberships, orgs] = await Promise.all([
      store.listPersons(),
      store.listMemberships(),
      store.listOrganizations(),
    ]);
    const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
    const views = persons.map((p) => toPersonView(p, memberships, orgNames, viewer));
    return { persons: searchPersons(views, filter) };
  });

  app.get('/api/org/persons/:id', async (req): Promise<PersonView> => {
    const viewer = viewerOf(req);
    const { id } = parseInput(IdParams, req.params);
    return viewOf(id, viewer);
  });

  app.post('/api/org/persons', async (req, reply): Promise<PersonView> => {
    const viewer = viewerOf(req);
    userOf(req, 'admin');
    const input = parseInput(PersonCreateSchema, req.body);
    const id = newRowId('per');
    await store.addPerson({ id, ...input, createdAt: now().toISOString() });
    void reply.code(201);
    return viewOf(id, viewer);
  });

  app.patch('/api/org/persons/:id', async (req): Promise<PersonView> => {
    const viewer = viewerOf(req);
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    const changes = parseInput(PersonPatchSchema, req.body);
    if (!(await store.updatePerson(id, changes))) throw AppError.notFound('person', 'id');
    return viewOf(id, viewer);
  });

  app.delete('/api/org/persons/:id', async (req, reply) => {
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    const deleted = await mapForeignKey('the person is still invited to or presenting in meetings', () =>
      store.deletePerson(id),
    );
    if (!deleted) throw AppError.notFound('person', 'id');
    return reply.code(204).send();
  });

  app.put('/api/org/persons/:id/memberships', async (req): Promise<PersonView> => {
    const viewer = viewerOf(req);
    userOf(req, 'admin');
    const { id } = parseInput(IdParams, req.params);
    const memberships = parseInput(MembershipsPutSchema, req.body);
    return store.transaction(async (tx) => {
      if (!(await tx.getPerson(id))) throw AppError.notFound('person', 'id');
      const known = new Set((await tx.listOrganizations()).map((o) => o.id));
      const unknown = memberships.findIndex((m) => !known.has(m.organizationId));
      if (unknown >= 0) throw AppError.notFound('organization', `${unknown}.organizationId`);
      await tx.replaceMemberships(id, memberships);
      return viewOf(id, viewer, tx);
    });
  });
}
