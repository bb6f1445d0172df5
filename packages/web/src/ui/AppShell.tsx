// The signed-in frame: skip link, header with the brand, main navigation (by role), the account
// menu and the language switch, then the page.
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate, useLocation } from '../app/router';
import { canSchedule, hasRole, useAuth } from '../auth/AuthContext';
import { paths } from '../lib/app-route';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';

function NavLink({
  to,
  children,
  match,
}: {
  to: string;
  children: ReactNode;
  match: (p: string) => boolean;
}): ReactElement {
  const loc = useLocation();
  const current = match(loc.split('?')[0] ?? '');
  return (
    <Link to={to} className="nav__link" aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }): ReactElement {
  const { t } = useTranslation();
  const { auth, signOut } = useAuth();
  const user = auth.user;
  const out = (): void => {
    void signOut().then(() => navigate(paths.login()));
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="shell__header">
        <Link to={paths.dashboard} className="shell__brand">
          <Brand />
        </Link>
        <div className="shell__tools">
          {user && (
            <span className="shell__user">
              <Link to={paths.account} data-testid="nav-account">
                {user.fullName ?? user.username}
              </Link>
              <button type="button" className="btn btn--ghost" onClick={out} data-testid="btn-logout">
                {t('nav.logout')}
              </button>
            </span>
          )}
          <LanguageSwitch />
        </div>
      </header>
      {user && (
        <nav className="nav" aria-label={t('nav.label')}>
          <NavLink to={paths.dashboard} match={(p) => p === '/'}>
            {t('nav.mine')}
          </NavLink>
          <NavLink to={paths.calendar} match={(p) => p === '/lich'}>
            {t('nav.calendar')}
          </NavLink>
          {canSchedule(user) && (
            <NavLink to={paths.meetingNew} match={(p) => p === '/cuoc-hop/moi'}>
              {t('nav.newMeeting')}
            </NavLink>
          )}
          <NavLink to={paths.archive} match={(p) => p === '/luu-tru' || p === '/archive'}>
            {t('archive.nav')}
          </NavLink>
          <NavLink to={paths.myTasks} match={(p) => p === '/nhiem-vu' || p === '/tasks'}>
            {t('notices.navTasks')}
          </NavLink>
          {hasRole(user, 'admin', 'chair', 'secretary') && (
            <NavLink to={paths.taskBoard} match={(p) => p === '/nhiem-vu/theo-doi' || p === '/tasks/board'}>
              {t('notices.navBoard')}
            </NavLink>
          )}
          {hasRole(user, 'admin', 'chair', 'operator') && (
            <NavLink to={paths.reports} match={(p) => p === '/bao-cao' || p === '/reports'}>
              {t('reports.nav')}
            </NavLink>
          )}
          {hasRole(user, 'admin') && (
            <NavLink to={paths.admin()} match={(p) => p.startsWith('/quan-tri')}>
              {t('nav.admin')}
            </NavLink>
          )}
        </nav>
      )}
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
