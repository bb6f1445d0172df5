// HTTP contract of accounts: sign-in (password, TOTP), the session, one's own password and second
// factor, user administration, and the audit log. The server validates bodies with these schemas.
import { z } from 'zod';

/** Account roles. Meeting roles (chair, secretary of one meeting) live on the meeting. Never rename one. */
export const ACCOUNT_ROLES = ['admin', 'chair', 'secretary', 'operator', 'delegate'] as const;
export const AccountRoleSchema = z.enum(ACCOUNT_ROLES);
export type AccountRoleName = z.infer<typeof AccountRoleSchema>;

/** Password policy bounds (the server also refuses all-digit passwords and the username itself). */
export const PASSWORD_MIN_LENGTH = 10;
// NOTE: an upper bound keeps a megabyte "password" from tying up argon2 on every login attempt.
export const PASSWORD_MAX_LENGTH = 256;

/** Security-relevant actions recorded in the audit log. Wire strings: never rename one. */
export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.locked',
  'logout',
  'totp.enabled',
  'totp.disabled',
  'user.created',
  'user.updated',
  'user.role_change',
  'user.password_reset',
  'user.password_change',
  'user.sessions_revoked',
  'user.disabled',
  'meeting.access',
  'meeting.access_denied',
  'meeting.join',
  'document.access',
  'document.access_denied',
  'document.uploaded',
  'document.updated',
  'document.hidden',
  'minutes.created',
  'minutes.submitted',
  'minutes.returned',
  'minutes.approved',
  'minutes.exported',
  'notice.drafted',
  'notice.updated',
  'notice.issued',
  'notice.exported',
  'task.created',
  'task.updated',
  'task.reported',
  'task.accepted',
  'task.cancelled',
  'task.evidence_uploaded',
  'task.evidence_access',
  'task.access_denied',
  'recording.started',
  'recording.stopped',
  'recording.access',
  'recording.access_denied',
  'recording.expired',
  'report.exported',
  'report.settings_changed',
  'device.paired',
  'device.revoked',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

const entityId = z.string().trim().min(1).max(64);

/** A new username: lowercase ASCII letters, digits and . _ - (typed on any keyboard, no diacritics). */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'letters a-z, digits and . _ - only');

/** A 6-digit TOTP code; spaces ("123 456") are ignored. */
export const TotpCodeSchema = z
  .string()
  .max(20)
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'six digits'));

const anyPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const newPassword = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

/** `POST /api/auth/login`. The username is not checked against the creation rules (no hints). */
export const LoginRequestSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(100),
  password: anyPassword,
  totp: TotpCodeSchema.optional(),
});
export type LoginRequest = z.input<typeof LoginRequestSchema>;

/** The signed-in account as the web app sees it. */
export interface AuthUser {
  id: string;
  username: string;
  personId: string | null;
  /** The person's full name (with diacritics), or null for an account without a person. */
  fullName: string | null;
  roles: AccountRoleName[];
  bridgePointId: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

/** `POST /api/auth/login` → 200. The session itself travels in the httpOnly `dc_session` cookie. */
export interface LoginResponse {
  user: AuthUser;
  /** Send it back in the `x-csrf-token` header on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
}

/** `GET /api/auth/me` → 200 (401 when nobody is signed in). */
export type MeResponse =
  | { kind: 'user'; user: AuthUser; csrfToken: string }
  | { kind: 'device'; device: { id: string; bridgePointId: string | null } };

/** Body of 423 `account_locked` and 429 `rate_limited` (also in the Retry-After header). */
export interface RetryAfterErrorBody {
  code: 'account_locked' | 'rate_limited';
  message: string;
  retryAfterSeconds: number;
}

/** `POST /api/auth/password` (own password) → 204. */
export const PasswordChangeSchema = z.object({
  currentPassword: anyPassword,
  newPassword,
});
export type PasswordChange = z.input<typeof PasswordChangeSchema>;

/** `POST /api/auth/totp/setup` → 200: a new secret, not active until confirmed with a code. */
export interface TotpSetupResponse {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  /** `otpauth://totp/…` for a QR code. */
  otpauthUri: string;
}

/** `POST /api/auth/totp/enable` → 204. */
export const TotpEnableSchema = z.object({ code: TotpCodeSchema });
export type TotpEnable = z.input<typeof TotpEnableSchema>;

/** `POST /api/auth/totp/disable` → 204. */
export const TotpDisableSchema = z.object({ password: anyPassword });
export type TotpDisable = z.input<typeof TotpDisableSchema>;

const roleList = z
  .array(AccountRoleSchema)
  .min(1)
  .max(ACCOUNT_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'each role once');

/** `POST /api/admin/users` → 201 {user}. */
export const AdminUserCreateSchema = z.object({
  username: UsernameSchema,
  password: newPassword,
  roles: roleList,
  personId: entityId.nullable().optional(),
  /** Required for an operator: the bridge point they run. */
  bridgePointId: entityId.nullable().optional(),
  /** Ask for a new password at first sign-in (default true: the admin knows this one). */
  mustChangePassword: z.boolean().optional(),
});
export type AdminUserCreate = z.input<typeof AdminUserCreateSchema>;

/** `PATCH /api/admin/users/:id` → 200 {user}. Absent fields stay as they are. */
export const AdminUserPatchSchema = z.object({
  roles: roleList.optional(),
  personId: entityId.nullable().optional(),
  bridgePointId: entityId.nullable().optional(),
  disabled: z.boolean().optional(),
});
export type AdminUserPatch = z.input<typeof AdminUserPatchSchema>;

/** `POST /api/admin/users/:id/reset-password` (body optional) → 200. */
export const AdminPasswordResetSchema = z.object({
  /** Also turn off the second factor (the person lost their phone). */
  resetTotp: z.boolean().optional(),
});
export type AdminPasswordReset = z.input<typeof AdminPasswordResetSchema>;

export interface AdminPasswordResetResponse {
  /** Shown once to the admin; the user must change it at next sign-in. */
  temporaryPassword: string;
}

/** An account as the administrators' list shows it. */
export interface AdminUserView extends AuthUser {
  disabled: boolean;
  /** Locked after too many failed sign-ins; until when (ISO 8601) or null. */
  lockedUntil: string | null;
  locked: boolean;
  createdAt: string;
}

/** `GET /api/admin/users` → 200, sorted by username. */
export interface AdminUserListResponse {
  users: AdminUserView[];
}

/** `POST /api/admin/users` → 201, `PATCH /api/admin/users/:id` → 200. */
export interface AdminUserResponse {
  user: AdminUserView;
}

/** `DELETE /api/admin/users/:id/sessions` → 200. */
export interface AdminSessionsRevokedResponse {
  revoked: number;
}

const emptyToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);
const queryText = (max: number) =>
  z.preprocess(emptyToUndefined, z.string().trim().min(1).max(max).optional());
const queryInstant = z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true }).optional());

/** `GET /api/admin/audit?…` query. `before` is the `nextBefore` of the previous page. */
export const AuditQuerySchema = z.object({
  action: z.preprocess(emptyToUndefined, AuditActionSchema.optional()),
  /** A user id, device id or username. */
  actor: queryText(200),
  targetType: queryText(40),
  targetId: queryText(128),
  /** ISO 8601 instants: from ≤ at < to. */
  from: queryInstant,
  to: queryInstant,
  limit: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
  before: queryText(64),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export interface AuditEntryView {
  id: string;
  /** ISO 8601 UTC instant. */
  at: string;
  action: AuditAction;
  actor: { userId: string | null; deviceId: string | null; label: string };
  target: { type: string; id: string } | null;
  ip: string;
  /** Details of the action (never secrets), e.g. {before, after} of a role change. */
  detail: Record<string, unknown>;
}

/** `GET /api/admin/audit` → 200, newest first. */
export interface AuditListResponse {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: string | null;
}
