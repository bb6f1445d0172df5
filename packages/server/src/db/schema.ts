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
  /** ISO 8601 UTC instant of the (first) start. */
  starts_at: string;
  /** scheduled | open | ended | cancelled */
  status: string;
  created_at: string;
  duration_minutes: Generated<number>;
  description: Generated<string>;
  /** none | weekly | monthly */
  recurrence: Generated<string>;
  recurrence_until: string | null;
  recurrence_count: number | null;
  organization_id: string | null;
  confidential: Generated<number>;
  guest_passcode_hash: string | null;
  ics_sequence: Generated<number>;
  created_by: string | null;
  updated_at: string | null;
  cancelled_at: string | null;
}

export interface PersonTable {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  created_at: string;
}

export interface MembershipTable {
  person_id: string;
  organization_id: string;
  title: Generated<string>;
  sort_order: Generated<number>;
}

export interface UserTable {
  id: string;
  username: string;
  person_id: string | null;
  password_hash: string;
  /** JSON array of account roles. */
  roles: string;
  bridge_point_id: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  must_change_password: Generated<number>;
  calendar_token_hash: string | null;
  disabled: Generated<number>;
  created_at: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: Generated<string>;
  user_agent: Generated<string>;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_device_id: string | null;
  actor_label: Generated<string>;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: Generated<string>;
  detail: Generated<string>;
}

export interface DeviceTable {
  id: string;
  bridge_point_id: string | null;
  token_hash: string;
  pairing_code: string | null;
  pairing_expires_at: string | null;
  /** pending | paired | revoked */
  status: string;
  label: Generated<string>;
  auto_join: Generated<number>;
  user_agent: Generated<string>;
  created_at: string;
  paired_at: string | null;
  revoked_at: string | null;
  last_heartbeat_at: string | null;
  has_camera: number | null;
  has_microphone: number | null;
  last_network_test: string | null;
}

export interface MeetingBridgePointTable {
  meeting_id: string;
  bridge_point_id: string;
}

export interface MeetingInviteeTable {
  meeting_id: string;
  person_id: string;
  /** chair | secretary | delegate | presenter | trainee */
  role: string;
  /** pending | accepted | declined | absent_with_reason */
  rsvp: Generated<string>;
  rsvp_reason: string | null;
  rsvp_at: string | null;
  invited_at: string | null;
}

export interface AgendaItemTable {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  presenter_person_id: string | null;
  presenter_label: Generated<string>;
  planned_minutes: Generated<number>;
}

export interface JoinTokenTable {
  token_hash: string;
  meeting_id: string;
  person_id: string | null;
  bridge_point_id: string | null;
  label: Generated<string>;
  expires_at: string;
  created_at: string;
}

export interface ReminderSentTable {
  meeting_id: string;
  occurrence_start: string;
  person_id: string;
  kind: string;
  sent_at: string;
}

export interface OutboxEmailTable {
  id: string;
  to_address: string;
  subject: string;
  payload: string;
  /** queued | sent | failed */
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  organizations: OrganizationTable;
  bridge_points: BridgePointTable;
  meetings: MeetingTable;
  settings: SettingTable;
  persons: PersonTable;
  memberships: MembershipTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  devices: DeviceTable;
  meeting_bridge_points: MeetingBridgePointTable;
  meeting_invitees: MeetingInviteeTable;
  agenda_items: AgendaItemTable;
  join_tokens: JoinTokenTable;
  reminders_sent: ReminderSentTable;
  outbox_emails: OutboxEmailTable;
}
