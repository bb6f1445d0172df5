// Auth calls: sign in (with the TOTP step), session, password, two-factor setup, and the admin's
// account management and audit log.
import { api, setCsrfToken } from './client';
import type {
  AdminPasswordResetResponse,
  AdminUserCreate,
  AdminUserListResponse,
  AdminUserPatch,
  AdminUserView,
  AuditListResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
  TotpSetupResponse,
} from './contract';
import type { SessionInfo } from './types';

/** POST /api/auth/login; remembers the CSRF token. Rejects with `totp_required` / `account_locked`. */
export async function login(input: LoginRequest): Promise<SessionInfo> {
  const s = await api<LoginResponse>('POST', '/api/auth/login', { body: input });
  setCsrfToken(s.csrfToken);
  return s;
}

/** GET /api/auth/me: the session after a reload (with its CSRF token), or null when signed out. */
export async function me(signal?: AbortSignal): Promise<SessionInfo | null> {
  try {
    const s = await api<MeResponse>('GET', '/api/auth/me', signal ? { signal } : {});
    if (s.kind !== 'user') return null;
    setCsrfToken(s.csrfToken);
    return { user: s.user, csrfToken: s.csrfToken };
  } catch (e) {
    if (e instanceof Error && 'status' in e && e.status === 401) return null;
    throw e;
  }
}

export async function logout(): Promise<void> {
  try {
    await api<void>('POST', '/api/auth/logout', { body: {} });
  } finally {
    setCsrfToken(null);
  }
}

export const changePassword = (currentPassword: string, newPassword: string): Promise<void> =>
  api('POST', '/api/auth/password', { body: { currentPassword, newPassword } });

export const totpSetup = (): Promise<TotpSetupResponse> => api('POST', '/api/auth/totp/setup', { body: {} });
export const totpEnable = (code: string): Promise<void> =>
  api('POST', '/api/auth/totp/enable', { body: { code } });
export const totpDisable = (password: string): Promise<void> =>
  api('POST', '/api/auth/totp/disable', { body: { password } });

export async function listUsers(signal?: AbortSignal): Promise<AdminUserView[]> {
  return (await api<AdminUserListResponse>('GET', '/api/admin/users', signal ? { signal } : {})).users;
}

const userPath = (id: string, rest = ''): string => `/api/admin/users/${encodeURIComponent(id)}${rest}`;

export const createUser = (body: AdminUserCreate): Promise<unknown> =>
  api('POST', '/api/admin/users', { body });
export const updateUser = (id: string, body: AdminUserPatch): Promise<unknown> =>
  api('PATCH', userPath(id), { body });
export const resetPassword = (id: string, resetTotp = false): Promise<AdminPasswordResetResponse> =>
  api('POST', userPath(id, '/reset-password'), { body: { resetTotp } });
export const signOutEverywhere = (id: string): Promise<{ revoked: number }> =>
  api('DELETE', userPath(id, '/sessions'));

/** Filters of the audit log (empty values are left out of the query). */
export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: number;
  before?: string;
}

export const listAudit = (q: AuditFilter, signal?: AbortSignal): Promise<AuditListResponse> =>
  api('GET', '/api/admin/audit', { query: { ...q }, ...(signal ? { signal } : {}) });
