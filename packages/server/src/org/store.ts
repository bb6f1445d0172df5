// Store for the ward's organizations and bridge points (điểm cầu). The only place that touches
// their tables.
import type { Db } from '../db/database.js';

export type OrganizationKind =
  'party_committee' | 'people_committee' | 'fatherland_front' | 'neighborhood' | 'party_cell';

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  parentId: string | null;
}

export interface BridgePoint {
  id: string;
  name: string;
  organizationId: string;
  location: string;
  capacity: number;
  isMain: boolean;
}

export class OrgStore {
  constructor(private readonly db: Db) {}

  async addOrganization(org: Organization, sortOrder = 0): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values({ id: org.id, name: org.name, kind: org.kind, parent_id: org.parentId, sort_order: sortOrder })
      .execute();
  }

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
      })
      .execute();
  }

  async listOrganizations(): Promise<Organization[]> {
    const rows = await this.db.selectFrom('organizations').selectAll().orderBy('sort_order').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind as OrganizationKind,
      parentId: r.parent_id,
    }));
  }

  async listBridgePoints(): Promise<BridgePoint[]> {
    const rows = await this.db.selectFrom('bridge_points').selectAll().orderBy('sort_order').execute();
    return rows.map(toBridgePoint);
  }

  async getBridgePoint(id: string): Promise<BridgePoint | null> {
    const row = await this.db.selectFrom('bridge_points').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toBridgePoint(row) : null;
  }

  async countOrganizations(): Promise<number> {
    const row = await this.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toBridgePoint(r: {
  id: string;
  name: string;
  organization_id: string;
  location: string;
  capacity: number;
  is_main: number;
}): BridgePoint {
  return {
    id: r.id,
    name: r.name,
    organizationId: r.organization_id,
    location: r.location,
    capacity: r.capacity,
    isMain: r.is_main === 1,
  };
}
