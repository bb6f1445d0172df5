// The demo ward from shared/GLOSSARY.md: Phường An Phú Đông, its organizations and bridge points.
// Seeded by the start command so that a fresh install has something real to join.
import type { BridgePoint, Organization } from '../org/store.js';

export const DEMO_WARD_NAME = 'Phường An Phú Đông, Thành phố Hồ Chí Minh';
export const DEMO_MEETING_TITLE = 'Họp giao ban trực tuyến Đảng ủy – UBND phường với các khu phố';

const neighborhoods = [1, 2, 3, 4, 5, 6];

export const DEMO_ORGANIZATIONS: Organization[] = [
  { id: 'org_dang_uy', name: 'Đảng ủy phường An Phú Đông', kind: 'party_committee', parentId: null },
  { id: 'org_ubnd', name: 'UBND phường An Phú Đông', kind: 'people_committee', parentId: null },
  { id: 'org_mttq', name: 'Ủy ban MTTQ phường An Phú Đông', kind: 'fatherland_front', parentId: null },
  ...neighborhoods.map((n): Organization => ({
    id: `org_kp${n}`,
    name: `Khu phố ${n}`,
    kind: 'neighborhood',
    parentId: 'org_ubnd',
  })),
  ...neighborhoods.map((n): Organization => ({
    id: `org_cb_kp${n}`,
    name: `Chi bộ khu phố ${n}`,
    kind: 'party_cell',
    parentId: 'org_dang_uy',
  })),
];

export const DEMO_BRIDGE_POINTS: BridgePoint[] = [
  {
    id: 'bp_hoi_truong',
    name: 'Hội trường UBND phường',
    organizationId: 'org_ubnd',
    location: 'Trụ sở UBND phường An Phú Đông',
    capacity: 80,
    isMain: true,
  },
  {
    id: 'bp_vp_dang_uy',
    name: 'Văn phòng Đảng ủy phường',
    organizationId: 'org_dang_uy',
    location: 'Trụ sở Đảng ủy phường An Phú Đông',
    capacity: 15,
    isMain: false,
  },
  {
    id: 'bp_vp_lien_kp',
    name: 'Văn phòng liên khu phố 1–6',
    organizationId: 'org_ubnd',
    location: 'Văn phòng liên khu phố 1–6, phường An Phú Đông',
    capacity: 30,
    isMain: false,
  },
  ...neighborhoods.map((n): BridgePoint => ({
    id: `bp_kp${n}`,
    name: `Văn phòng khu phố ${n}`,
    organizationId: `org_kp${n}`,
    location: `Khu phố ${n}, phường An Phú Đông`,
    capacity: 20,
    isMain: false,
  })),
];

/** Fictional people of the demo ward (accounts arrive with the scheduling issue). */
export const DEMO_PEOPLE = [
  { name: 'Nguyễn Thị Hồng Nhung', title: 'Bí thư Đảng ủy phường', organizationId: 'org_dang_uy' },
  { name: 'Trần Quốc Việt', title: 'Phó Chủ tịch UBND phường', organizationId: 'org_ubnd' },
  { name: 'Lê Thị Thu Hà', title: 'Chánh Văn phòng HĐND-UBND phường', organizationId: 'org_ubnd' },
  { name: 'Phạm Văn Ơn', title: 'Bí thư Chi bộ khu phố 1', organizationId: 'org_cb_kp1' },
  { name: 'Đỗ Thị Ánh Tuyết', title: 'Bí thư Chi bộ khu phố 2', organizationId: 'org_cb_kp2' },
  { name: 'Huỳnh Văn Dũng', title: 'Bí thư Chi bộ khu phố 3', organizationId: 'org_cb_kp3' },
  { name: 'Lê Văn Hai', title: 'Bí thư Chi bộ khu phố 4', organizationId: 'org_cb_kp4' },
  { name: 'Võ Thị Ngọc Ẩn', title: 'Bí thư Chi bộ khu phố 5', organizationId: 'org_cb_kp5' },
  { name: 'Bùi Đức Thưởng', title: 'Bí thư Chi bộ khu phố 6', organizationId: 'org_cb_kp6' },
  { name: 'Ngô Thị Yến', title: 'Đại biểu – Hội Liên hiệp Phụ nữ phường', organizationId: 'org_mttq' },
  { name: 'Châu Minh Khải', title: 'Đại biểu – Đoàn Thanh niên phường', organizationId: 'org_mttq' },
] as const;
