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
  /** Receive-bandwidth cap of the point in kbit/s (receive adaptation); null = none. */
  receive_cap_kbps: number | null;
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

export interface RecordingTable {
  id: string;
  meeting_id: string;
  /** recording | queued | processing | ready | failed | expired */
  status: string;
  started_at: string;
  ended_at: string | null;
  /** JSON [{start, end}] of ISO instants. */
  spans: Generated<string>;
  started_by: Generated<string>;
  progress: Generated<number>;
  duration_ms: Generated<number>;
  /** bigint: PostgreSQL returns it as a string. */
  size_bytes: number | string | null;
  file_path: string | null;
  attempts: Generated<number>;
  error: string | null;
  updated_at: string;
  expired_at: string | null;
}

export interface RecordingSegmentTable {
  recording_id: string;
  idx: number;
  from_ms: number;
  to_ms: number;
  /** pending | done */
  status: string;
  attempts: Generated<number>;
  done_at: string | null;
}

export interface RecordingChapterTable {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  title: string;
  at: string;
}

/** One event of a live meeting's log (conduct/store.ts). */
export interface LiveEventTable {
  meeting_id: string;
  seq: number;
  type: string;
  payload: string;
  created_at: string;
}

/** The count of one option of a secret vote (no voter, no time: see 0005_live.ts). */
export interface SecretTallyTable {
  vote_id: string;
  option_id: string;
  count: Generated<number>;
}

/** A meeting document; its files are versions (documents/). */
export interface DocumentTable {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  title: string;
  /** invited | bridge_point | chair */
  visibility: string;
  bridge_point_id: string | null;
  downloadable: Generated<number>;
  current_version_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  hidden_at: string | null;
  hidden_by: string | null;
}

export interface DocumentVersionTable {
  id: string;
  document_id: string;
  version: number;
  file_name: string;
  kind: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: string;
  /** queued | converting | rendering | ready | failed */
  conversion_state: string;
  conversion_progress: Generated<number>;
  conversion_error: string | null;
  pdf_sha256: string | null;
  page_count: number | null;
}

export interface DocumentPageTable {
  version_id: string;
  page: number;
  image_sha256: string;
  thumb_sha256: string;
}

export interface DocumentJobTable {
  id: string;
  version_id: string;
  /** queued | running | done | failed */
  status: string;
  attempts: Generated<number>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

export interface DeviceDocumentCacheTable {
  device_id: string;
  version_id: string;
  reported_at: string;
}

export interface DeviceDocumentReportTable {
  device_id: string;
  reported_at: string;
}

/** One network test of a bridge point's device (nettest/store.ts). */
export interface NetworkTestTable {
  id: string;
  device_id: string;
  bridge_point_id: string;
  meeting_id: string | null;
  /** auto | manual */
  trigger: string;
  started_at: string;
  at: string;
  has_camera: number;
  has_microphone: number;
  /** JSON of protocol NetworkLeg. */
  direct: string;
  relay: string;
  /** ready | degraded | failed */
  verdict: string;
  /** JSON array of protocol NetworkReason. */
  reasons: string;
}

/** One version of a meeting's minutes (minutes/store.ts). */
export interface MinutesVersionTable {
  id: string;
  meeting_id: string;
  version: number;
  /** draft | submitted | approved */
  status: string;
  /** nd30 | hd36 */
  format: string;
  /** JSON of protocol MinutesContent. */
  content: string;
  revision: number;
  sha256: string | null;
  based_on_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  submitted_by: string | null;
  submitted_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  returned_by: string | null;
  returned_at: string | null;
  return_comment: string | null;
}

/** A conclusion notice of a meeting (notices/store.ts). */
export interface NoticeTable {
  id: string;
  meeting_id: string;
  /** draft | issued */
  status: string;
  numbering_key: string;
  issuing_body: string;
  parent_body: string;
  symbol: string;
  place: string;
  title: string;
  intro: string;
  signer_title: string;
  signer_name: string;
  minutes_id: string;
  minutes_version: number;
  minutes_sha256: string;
  /** JSON of the conclusion items. */
  items: string;
  year: number | null;
  number: number | null;
  issued_tasks: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  issued_by: string | null;
  issued_at: string | null;
}

export interface NoticeCounterTable {
  numbering_key: string;
  year: number;
  last_number: number;
}

/** A follow-up task of a notice (notices/store.ts). */
export interface NoticeTaskTable {
  id: string;
  notice_id: string;
  meeting_id: string;
  item_index: number;
  title: string;
  assignee_org_id: string | null;
  assignee_person_id: string | null;
  /** YYYY-MM-DD in Asia/Ho_Chi_Minh. */
  due_date: string;
  notes: string;
  /** open | in_progress | done | cancelled */
  status: string;
  progress: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_by: string | null;
  closed_at: string | null;
  cancel_reason: string | null;
}

export interface TaskReportTable {
  id: string;
  task_id: string;
  /** progress | accepted | cancelled */
  kind: string;
  percent: number;
  text: string;
  by_user_id: string | null;
  by_label: string;
  at: string;
}

export interface TaskEvidenceTable {
  id: string;
  task_id: string;
  file_name: string;
  kind: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_label: string;
  uploaded_at: string;
}

/** Ward-level rates of the reports' "travel saved" (reports/store.ts; one row, id 1). */
export interface ReportRatesTable {
  id: number;
  cost_per_km_vnd: number;
  speed_kmh: number;
  hour_value_vnd: number;
  updated_at: string | null;
  updated_by: string | null;
}

/** Distance of a bridge point to the ward hall, in hundreds of metres (reports/store.ts). */
export interface ReportPointDistanceTable {
  bridge_point_id: string;
  distance_hm: number;
  updated_at: string;
}

/** A private note on one page of a document version (migration 0013). */
export interface DocumentNoteTable {
  /** `user:<id>` or `device:<id>`: the only one who may read it. */
  owner_key: string;
  version_id: string;
  page: number;
  text: string;
  updated_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** One entry of the full-text search index (search/index-store.ts; FTS5 or tsvector beside it). */
export interface SearchEntryTable {
  id: Generated<number>;
  /** meeting | document | minutes | notice */
  kind: string;
  ref_id: string;
  meeting_id: string;
  title: string;
  body: string;
  folded_title: string;
  folded_body: string;
  occurred_at: string;
  /** What was indexed (e.g. a document's version and update time), to skip unchanged rows. */
  revision: string | null;
  indexed_at: string;
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
  network_tests: NetworkTestTable;
  minutes_versions: MinutesVersionTable;
  meeting_bridge_points: MeetingBridgePointTable;
  meeting_invitees: MeetingInviteeTable;
  agenda_items: AgendaItemTable;
  join_tokens: JoinTokenTable;
  reminders_sent: ReminderSentTable;
  outbox_emails: OutboxEmailTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  document_pages: DocumentPageTable;
  document_jobs: DocumentJobTable;
  device_document_cache: DeviceDocumentCacheTable;
  device_document_reports: DeviceDocumentReportTable;
  document_notes: DocumentNoteTable;
  live_events: LiveEventTable;
  secret_tallies: SecretTallyTable;
  recordings: RecordingTable;
  recording_segments: RecordingSegmentTable;
  recording_chapters: RecordingChapterTable;
  notices: NoticeTable;
  notice_counters: NoticeCounterTable;
  notice_tasks: NoticeTaskTable;
  task_reports: TaskReportTable;
  task_evidence: TaskEvidenceTable;
  search_entries: SearchEntryTable;
  report_rates: ReportRatesTable;
  report_point_distances: ReportPointDistanceTable;
}
