// Table types for Kysely. Rows never leave the stores: each store converts them to domain objects.
import type { Generated } from 'kysely';

export interface OrganizationTable {
  id: string;
  name: string;
  /** party_committee | people_committee | fatherland_front | neighborhood | party_cell */
  kind: string;
  parent_id: string | null;
  sort_order: number;
}

export interface BridgePointTable {
  id: string;
  name: string;
  organization_id: string;
  location: string;
  capacity: number;
  is_main: number;
  sort_order: number;
}

export interface MeetingTable {
  id: string;
  title: string;
  /** giao_ban | chi_bo | tap_huan | chuyen_de | hoi_nghi */
  type: string;
  host_bridge_point_id: string | null;
  starts_at: string;
  /** scheduled | open | ended */
  status: string;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface MigrationMarker {
  id: Generated<number>;
}

export interface Database {
  organizations: OrganizationTable;
  bridge_points: BridgePointTable;
  meetings: MeetingTable;
  settings: SettingTable;
}
