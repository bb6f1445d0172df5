// Store for the ward's organizations, persons with their memberships, and bridge points (điểm cầu).
// The only place that touches their tables; rows become domain objects here and never leave.
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { BridgePointTable, OrganizationTable, PersonTable } from '../db/schema.js';

export type OrganizationKind =
  'party_committee' | 'people_committee' | 'fatherland_front' | 'neighborhood' | 'party_cell';

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  parentId: string | null;
}

/** An organization as stored, with its position among its siblings. */
export interface OrganizationRecord extends Organization {
  sortOrder: number;
}

export interface BridgePoint {
  id: string;
  name: string;
  organizationId: string;
  location: string;
  capacity: number;
  isMain: boolean;
  /** Receive-bandwidth cap in kbit/s (receive adaptation); null or absent = none. */
  receiveCapKbps?: number | null;
}

export interface BridgePointRecord extends BridgePoint {
  sortOrder: number;
  receiveCapKbps: number | null;
}

export interface Person {
  id: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
}

/** A person's place in an organization: (Lê Văn Hai, Chi bộ khu phố 4, "Bí thư"). */
export interface Membership {
  personId: string;
  organizationId: string;
  title: string;
  sortOrder: number;
}

/** What still hangs on an organization; it may be deleted only when all are zero. */
export interface OrganizationUsage {
  children: number;
  bridgePoints: number;
  members: number;
}

export type OrganizationChanges = Partial<Omit<OrganizationRecord, 'id'>>;
export type BridgePointChanges = Partial<Omit<BridgePointRecord, 'id'>>;
export type PersonChanges = Partial<Pick<Person, 'fullName' | 'email' | 'phone'>>;

export class OrgStore {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one transaction (or in the caller's, when this store already runs in one). */
  async transaction<T>(fn: (store: OrgStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new OrgStore(trx)));
  }

  // ── organizations ──────────────────────────────────────────────────────────────────────────

  async addOrganization(org: Organization, sortOrder = 0): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values({ id: org.id, name: org.name, kind: org.kind, parent_id: org.parentId, sort_order: sortOrder })
      .execute();
  }

  async listOrganizations(): Promise<OrganizationRecord[]> {
    const rows = await this.db
      .selectFrom('organizations')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map(toOrganization);
  }

  async getOrganization(id: string): Promise<OrganizationRecord | null> {
    const row = await this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOrganization(row) : null;
  }

  async updateOrganization(id: string, changes: OrganizationChanges): Promise<boolean> {
    const values = {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.kind === undefined ? {} : { kind: changes.kind }),
      ...(changes.parentId === undefined ? {} : { parent_id: changes.parentId }),
      ...(changes.sortOrder === undefined ? {} : { sort_order: changes.sortOrder }),
    };
    if (Object.keys(values).length === 0) return (await this.getOrganization(id)) !== null;
    const res = await this.db
      .updateTable('organizations')
      .set(values)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async organizationUsage(id: string): Promise<OrganizationUsage> {
    const [children, bridgePoints, members] = await Promise.all([
      this.db
        .selectFrom('organizations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_id', '=', id)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('bridge_points')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', id)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', id)
        .executeTakeFirstOrThrow(),
    ]);
    return { children: Number(children.n), bridgePoints: Number(bridgePoints.n), members: Number(members.n) };
  }

  /** Deletes an organization; a foreign-key error means another table (meetings) still uses it. */
  async deleteOrganization(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** The sort order that puts a new organization after every existing one. */
  async nextOrganizationSortOrder(): Promise<number> {
    const row = await this.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.max<number | null>('sort_order').as('m'))
      .executeTakeFirst();
    return row?.m === null || row?.m === undefined ? 0 : Number(row.m) + 1;
  }

  async countOrganizations(): Promise<number> {
    const row = await this.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ── bridge points ──────────────────────────────────────────────────────────────────────────

  async addBridgePoint(bp: BridgePoint, sortOrder = 0): Promise<void> {
    await this.db
      .insertInto('bridge_points')
      .values({
        id: bp.id,
        name: bp.name,
        organization_id: bp.organizationId,
        location: bp.location,
        capacity: bp.capacity,
        is_main: bp.isMain ? 1 : 0,
        sort_order: sortOrder,
        receive_cap_kbps: bp.receiveCapKbps ?? null,
      })
      .execute();
  }

  async listBridgePoints(): Promise<BridgePointRecord[]> {
    const rows = await this.db
      .selectFrom('bridge_points')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map(toBridgePoint);
  }

  async getBridgePoint(id: string): Promise<BridgePointRecord | null> {
    const row = await this.db.selectFrom('bridge_points').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toBridgePoint(row) : null;
  }

  async findBridgePointByName(name: string): Promise<BridgePointRecord | null> {
    const row = await this.db
      .selectFrom('bridge_points')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toBridgePoint(row) : null;
  }

  async updateBridgePoint(id: string, changes: BridgePointChanges): Promise<boolean> {
    const values = {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.organizationId === undefined ? {} : { organization_id: changes.organizationId }),
      ...(changes.location === undefined ? {} : { location: changes.location }),
      ...(changes.capacity === undefined ? {} : { capacity: changes.capacity }),
      ...(changes.isMain === undefined ? {} : { is_main: changes.isMain ? 1 : 0 }),
      ...(changes.sortOrder === undefined ? {} : { sort_order: changes.sortOrder }),
      ...(changes.receiveCapKbps === undefined ? {} : { receive_cap_kbps: changes.receiveCapKbps }),
    };
    if (Object.keys(values).length === 0) return (await this.getBridgePoint(id)) !== null;
    const res = await this.db
      .updateTable('bridge_points')
      .set(values)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Makes every point but `exceptId` secondary. Call inside the transaction that sets the main one. */
  async clearMainBridgePoint(exceptId: string): Promise<void> {
    await this.db
      .updateTable('bridge_points')
      .set({ is_main: 0 })
      .where('is_main', '=', 1)
      .where('id', '!=', exceptId)
      .execute();
  }

  async deleteBridgePoint(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('bridge_points').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async nextBridgePointSortOrder(): Promise<number> {
    const row = await this.db
      .selectFrom('bridge_points')
      .select((eb) => eb.fn.max<number | null>('sort_order').as('m'))
      .executeTakeFirst();
    return row?.m === null || row?.m === undefined ? 0 : Number(row.m) + 1;
  }

  // ── persons and memberships ────────────────────────────────────────────────────────────────

  async addPerson(person: Person): Promise<void> {
    await this.db
      .insertInto('persons')
      .values({
        id: person.id,
        full_name: person.fullName,
        email: person.email,
        phone: person.phone,
        created_at: person.createdAt,
      })
      .execute();
  }

  /** Every person, unordered: the directory is a ward's, small enough to sort and search in JS. */
  async listPersons(): Promise<Person[]> {
    const rows = await this.db.selectFrom('persons').selectAll().execute();
    return rows.map(toPerson);
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = await this.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPerson(row) : null;
  }

  async updatePerson(id: string, changes: PersonChanges): Promise<boolean> {
    const values = {
      ...(changes.fullName === undefined ? {} : { full_name: changes.fullName }),
      ...(changes.email === undefined ? {} : { email: changes.email }),
      ...(changes.phone === undefined ? {} : { phone: changes.phone }),
    };
    if (Object.keys(values).length === 0) return (await this.getPerson(id)) !== null;
    const res = await this.db.updateTable('persons').set(values).where('id', '=', id).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Deletes a person and (by cascade) their memberships; a foreign-key error means invitations use them. */
  async deletePerson(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('persons').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async listMemberships(personId?: string): Promise<Membership[]> {
    let query = this.db.selectFrom('memberships').selectAll();
    if (personId !== undefined) query = query.where('person_id', '=', personId);
    const rows = await query.orderBy('sort_order').orderBy('organization_id').execute();
    return rows.map((r) => ({
      personId: r.person_id,
      organizationId: r.organization_id,
      title: r.title,
      sortOrder: r.sort_order,
    }));
  }

  /** Replaces all of a person's memberships. Call inside a transaction. */
  async replaceMemberships(personId: string, memberships: Omit<Membership, 'personId'>[]): Promise<void> {
    await this.db.deleteFrom('memberships').where('person_id', '=', personId).execute();
    if (memberships.length === 0) return;
    await this.db
      .insertInto('memberships')
      .values(
        memberships.map((m) => ({
          person_id: personId,
          organization_id: m.organizationId,
          title: m.title,
          sort_order: m.sortOrder,
        })),
      )
      .execute();
  }
}

function toOrganization(r: Selectable<OrganizationTable>): OrganizationRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as OrganizationKind,
    parentId: r.parent_id,
    sortOrder: r.sort_order,
  };
}

function toBridgePoint(r: Selectable<BridgePointTable>): BridgePointRecord {
  return {
    id: r.id,
    name: r.name,
    organizationId: r.organization_id,
    location: r.location,
    capacity: r.capacity,
    isMain: r.is_main === 1,
    sortOrder: r.sort_order,
    receiveCapKbps: r.receive_cap_kbps,
  };
}

function toPerson(r: Selectable<PersonTable>): Person {
  return { id: r.id, fullName: r.full_name, email: r.email, phone: r.phone, createdAt: r.created_at };
}
