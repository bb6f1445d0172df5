// Directory calls: organizations (tree), persons with memberships, bridge points.
import { api } from './client';
import type {
  BridgePointCreate,
  BridgePointListResponse,
  BridgePointPatch,
  BridgePointView,
  MembershipsPut,
  OrganizationCreate,
  OrganizationNode,
  OrganizationPatch,
  OrganizationTreeResponse,
  PersonCreate,
  PersonListResponse,
  PersonPatch,
  PersonView,
} from './contract';

const sig = (signal?: AbortSignal): { signal?: AbortSignal } => (signal ? { signal } : {});
const at = (base: string, id: string): string => `${base}/${encodeURIComponent(id)}`;

/** The tree's roots, each with its children. */
export async function listOrganizations(signal?: AbortSignal): Promise<OrganizationNode[]> {
  return (await api<OrganizationTreeResponse>('GET', '/api/org/organizations', sig(signal))).organizations;
}

/** Every node of a tree, depth first, with its depth (for indented selects and lists). */
export function flattenTree(
  nodes: readonly OrganizationNode[],
  depth = 0,
): { node: OrganizationNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flattenTree(node.children, depth + 1)]);
}

export const createOrganization = (body: OrganizationCreate): Promise<unknown> =>
  api('POST', '/api/org/organizations', { body });
export const updateOrganization = (id: string, body: OrganizationPatch): Promise<unknown> =>
  api('PATCH', at('/api/org/organizations', id), { body });
export const deleteOrganization = (id: string): Promise<void> =>
  api('DELETE', at('/api/org/organizations', id));

export async function listPersons(
  q: { q?: string; organizationId?: string },
  signal?: AbortSignal,
): Promise<PersonView[]> {
  return (await api<PersonListResponse>('GET', '/api/org/persons', { query: q, ...sig(signal) })).persons;
}

export const createPerson = (body: PersonCreate): Promise<PersonView> =>
  api('POST', '/api/org/persons', { body });
export const updatePerson = (id: string, body: PersonPatch): Promise<unknown> =>
  api('PATCH', at('/api/org/persons', id), { body });
export const deletePerson = (id: string): Promise<void> => api('DELETE', at('/api/org/persons', id));
export const putMemberships = (id: string, body: MembershipsPut): Promise<unknown> =>
  api('PUT', `${at('/api/org/persons', id)}/memberships`, { body });

export async function listBridgePoints(signal?: AbortSignal): Promise<BridgePointView[]> {
  return (await api<BridgePointListResponse>('GET', '/api/org/bridge-points', sig(signal))).bridgePoints;
}

export const createBridgePoint = (body: BridgePointCreate): Promise<unknown> =>
  api('POST', '/api/org/bridge-points', { body });
export const updateBridgePoint = (id: string, body: BridgePointPatch): Promise<unknown> =>
  api('PATCH', at('/api/org/bridge-points', id), { body });
export const deleteBridgePoint = (id: string): Promise<void> =>
  api('DELETE', at('/api/org/bridge-points', id));
