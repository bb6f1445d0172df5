// Pure rules of the ward directory: the organization tree and its cycle check, who may see a
// person's contacts, searching and ordering people the Vietnamese way, and bridge-point views.
import type {
  BridgePointView,
  OrganizationMember,
  OrganizationNode,
  OrganizationView,
  PersonView,
} from '@diemcau/protocol';
import { isOnline } from '../devices/status.js';
import type { DeviceRecord } from '../devices/store.js';
import type { BridgePointRecord, Membership, OrganizationRecord, Person } from './store.js';
import { compareFullNames, foldVietnamese, matchesFolded, viCollator } from './vietnamese.js';

/** Who is looking: decides whether contacts and device details are shown. */
export interface Viewer {
  isAdmin: boolean;
  personId: string | null;
}

export const toOrganizationView = (o: OrganizationRecord): OrganizationView => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  parentId: o.parentId,
  sortOrder: o.sortOrder,
});

/** Display order of siblings: the explicit order, then the name in Vietnamese collation. */
export const compareOrganizations = (a: OrganizationRecord, b: OrganizationRecord): number =>
  a.sortOrder - b.sortOrder || viCollator.compare(a.name, b.name);

/** True when making `parentId` the parent of `id` would put `id` inside itself. */
export function wouldCreateCycle(
  orgs: readonly Pick<OrganizationRecord, 'id' | 'parentId'>[],
  id: string,
  parentId: string | null,
): boolean {
  const parentOf = new Map(orgs.map((o) => [o.id, o.parentId]));
  const seen = new Set<string>();
  for (let cur = parentId; cur !== null; cur = parentOf.get(cur) ?? null) {
    // NOTE: a loop already in the data (it cannot arise through this code) also refuses the move.
    if (cur === id || seen.has(cur)) return true;
    seen.add(cur);
  }
  return false;
}

/** The organizations as a sorted forest, each node with its members (names and titles only). */
export function buildOrganizationTree(
  orgs: readonly OrganizationRecord[],
  memberships: readonly Membership[],
  persons: readonly Person[],
): OrganizationNode[] {
  const names = new Map(persons.map((p) => [p.id, p.fullName]));
  const membersOf = new Map<string, (OrganizationMember & { sortOrder: number })[]>();
  for (const m of memberships) {
    const fullName = names.get(m.personId);
    if (fullName === undefined) continue;
    const list = membersOf.get(m.organizationId) ?? [];
    list.push({ personId: m.personId, fullName, title: m.title, sortOrder: m.sortOrder });
    membersOf.set(m.organizationId, list);
  }
  const nodes = new Map<string, OrganizationNode>();
  for (const o of [...orgs].sort(compareOrganizations)) {
    const members = (membersOf.get(o.id) ?? [])
      .sort((a, b) => a.sortOrder - b.sortOrder || compareFullNames(a.fullName, b.fullName))
      .map(({ personId, fullName, title }) => ({ personId, fullName, title }));
    nodes.set(o.id, { ...toOrganizationView(o), members, children: [] });
  }
  const roots: OrganizationNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Contacts (e-mail, phone) are for administrators and for the person themself. */
export const canSeeContacts = (viewer: Viewer, personId: string): boolean =>
  viewer.isAdmin || (viewer.personId !== null && viewer.personId === personId);

/** A person as `viewer` may see them. */
export function toPersonView(
  person: Person,
  memberships: readonly Membership[],
  orgNames: ReadonlyMap<string, string>,
  viewer: Viewer,
): PersonView {
  const own = memberships
    .filter((m) => m.personId === person.id)
    .map((m) => ({
      organizationId: m.organizationId,
      organizationName: orgNames.get(m.organizationId) ?? '',
      title: m.title,
      sortOrder: m.sortOrder,
    }))
    .sort((a, b) => a.sortOrder - b.sortOrder || viCollator.compare(a.organizationName, b.organizationName))
    .map(({ organizationId, organizationName, title }) => ({ organizationId, organizationName, title }));
  return {
    id: person.id,
    fullName: person.fullName,
    ...(canSeeContacts(viewer, person.id) ? { email: person.email, phone: person.phone } : {}),
    memberships: own,
  };
}

export interface PersonFilter {
  q?: string | undefined;
  organizationId?: string | undefined;
}

/**
 * Filters and orders the directory. The query matches the name and titles by word prefix,
 * without regard to marks ("le van hai" finds "Lê Văn Hai"); contacts only for those who may see
 * them, so a search cannot reveal whose e-mail is whose. Sorted by given name, then full name.
 */
export function searchPersons(views: readonly PersonView[], filter: PersonFilter): PersonView[] {
  const q = filter.q?.trim() ?? '';
  return views
    .filter(
      (v) => !filter.organizationId || v.memberships.some((m) => m.organizationId === filter.organizationId),
    )
    .filter((v) => q === '' || matchesFolded(foldedHaystack(v), q))
    .sort((a, b) => compareFullNames(a.fullName, b.fullName) || a.id.localeCompare(b.id));
}

function foldedHaystack(v: PersonView): string {
  // NOTE: organization names are left out: "Đông" in every ward name would match any "do…".
  const parts = [v.fullName, ...v.memberships.map((m) => m.title)];
  if (v.email) parts.push(v.email);
  if (v.phone) parts.push(v.phone);
  return foldVietnamese(parts.join(' '));
}

/** Bridge points with their organization and the status of their paired device, sorted for display. */
export function toBridgePointViews(
  points: readonly BridgePointRecord[],
  orgNames: ReadonlyMap<string, string>,
  pairedDevices: readonly DeviceRecord[],
  now: Date,
  viewer: Viewer,
): BridgePointView[] {
  const deviceOf = new Map<string, DeviceRecord>();
  for (const d of pairedDevices) {
    // NOTE: pairing keeps one paired device per point; should two ever exist, show the newest.
    const prev = d.bridgePointId === null ? undefined : deviceOf.get(d.bridgePointId);
    if (d.bridgePointId !== null && (!prev || (prev.pairedAt ?? '') < (d.pairedAt ?? ''))) {
      deviceOf.set(d.bridgePointId, d);
    }
  }
  return [...points]
    .sort((a, b) => a.sortOrder - b.sortOrder || viCollator.compare(a.name, b.name))
    .map((p) => {
      const d = deviceOf.get(p.id);
      return {
        id: p.id,
        name: p.name,
        organizationId: p.organizationId,
        organizationName: orgNames.get(p.organizationId) ?? '',
        location: p.location,
        capacity: p.capacity,
        isMain: p.isMain,
        sortOrder: p.sortOrder,
        receiveCapKbps: p.receiveCapKbps,
        device: d
          ? {
              ...(viewer.isAdmin ? { id: d.id, label: d.label } : {}),
              online: isOnline(d, now),
              lastHeartbeatAt: d.lastHeartbeatAt,
              hasCamera: d.hasCamera,
              hasMicrophone: d.hasMicrophone,
            }
          : null,
      };
    });
}
