// Who is signed in: loads the session once (GET /api/auth/me, which also returns the CSRF token),
// and offers signIn / signOut and role checks to every screen.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import * as authApi from '../lib/api/auth';
import type { AccountRole, SessionInfo, SessionUser } from '../lib/api/types';

export type AuthState =
  | { status: 'loading'; user: null }
  | { status: 'anonymous'; user: null }
  | { status: 'signedIn'; user: SessionUser }
  | { status: 'error'; user: null; error: unknown };

interface AuthValue {
  auth: AuthState;
  signedIn: (session: SessionInfo) => void;
  signOut: () => Promise<void>;
  refresh: () => void;
}

const AuthCtx = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }): ReactElement {
  const [auth, setAuth] = useState<AuthState>({ status: 'loading', user: null });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    authApi.me(ctrl.signal).then(
      (s) =>
        !ctrl.signal.aborted &&
        setAuth(s ? { status: 'signedIn', user: s.user } : { status: 'anonymous', user: null }),
      (error: unknown) => !ctrl.signal.aborted && setAuth({ status: 'error', user: null, error }),
    );
    return () => ctrl.abort();
  }, [tick]);

  const signedIn = useCallback((s: SessionInfo) => setAuth({ status: 'signedIn', user: s.user }), []);
  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setAuth({ status: 'anonymous', user: null });
    }
  }, []);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const value = useMemo(() => ({ auth, signedIn, signOut, refresh }), [auth, signedIn, signOut, refresh]);
  return <AuthCtx.Provider value={value}>{children}</AuthCtx.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthCtx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** True when the user holds one of the roles. */
export const hasRole = (user: SessionUser | null, ...roles: AccountRole[]): boolean =>
  !!user && user.roles.some((r) => roles.includes(r));

/** Who may create and edit meetings. */
export const canSchedule = (user: SessionUser | null): boolean =>
  hasRole(user, 'admin', 'chair', 'secretary');
