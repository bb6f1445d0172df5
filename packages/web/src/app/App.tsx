// The app shell: a tiny router on location.pathname. /m/:id is a meeting (unchanged), /kiosk the
// bridge-point device screen, /rsvp/:token the giấy mời answer page (no sign-in); every other
// screen sits in the signed-in frame behind its guard.
import { lazy, Suspense, useEffect, useMemo, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthProvider, canSchedule, hasRole, useAuth } from '../auth/AuthContext';
import { parseAppRoute, paths, type AppRoute } from '../lib/app-route';
import type { AccountRole } from '../lib/api/types';
import { parseRoute } from '../lib/route';
import { AppShell } from '../ui/AppShell';
import { HomePage } from '../ui/StatusPages';
import { MeetingFlow } from './MeetingFlow';
import { navigate, useLocation } from './router';

const LoginPage = lazy(() => import('../pages/LoginPage'));
const DashboardPage = lazy(() => import('../pages/DashboardPage'));
const CalendarPage = lazy(() => import('../pages/CalendarPage'));
const MeetingEditorPage = lazy(() => import('../pages/MeetingEditorPage'));
const MeetingDetailPage = lazy(() => import('../pages/MeetingDetailPage'));
const MinutesPage = lazy(() => import('../pages/minutes/MinutesPage'));
const AccountPage = lazy(() => import('../pages/AccountPage'));
const ReportsPage = lazy(() => import('../pages/reports/ReportsPage'));
const NoticePage = lazy(() => import('../pages/notices/NoticePage'));
const MyTasksPage = lazy(() => import('../pages/notices/MyTasksPage'));
const TaskBoardPage = lazy(() => import('../pages/notices/TaskBoardPage'));
const ArchivePage = lazy(() => import('../pages/archive/ArchivePage'));
const AdminPage = lazy(() => import('../pages/admin/AdminPage'));
const RsvpPage = lazy(() => import('../pages/RsvpPage'));
const KioskPage = lazy(() => import('../kiosk/KioskPage'));

function Loading(): ReactElement {
  const { t } = useTranslation();
  return (
    <p className="page-loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Renders children for a signed-in user holding one of `roles` (any role when empty). */
function Guard({ roles, children }: { roles?: AccountRole[]; children: ReactNode }): ReactElement {
  const { t } = useTranslation();
  const { auth } = useAuth();
  const loc = useLocation();
  useEffect(() => {
    if (auth.status === 'anonymous') navigate(paths.login(loc), { replace: true });
  }, [auth.status, loc]);
  if (auth.status === 'loading' || auth.status === 'anonymous') return <Loading />;
  if (auth.status === 'error') return <p role="alert">{t('errors.network')}</p>;
  if (roles && !hasRole(auth.user, ...roles))
    return (
      <section className="page">
        <h1 tabIndex={-1}>{t('errors.forbidden')}</h1>
      </section>
    );
  return <>{children}</>;
}

function Screen({ route }: { route: AppRoute }): ReactElement {
  const { t } = useTranslation();
  const { auth } = useAuth();
  switch (route.kind) {
    case 'dashboard':
      return <DashboardPage />;
    case 'login':
      return <LoginPage next={route.next} />;
    case 'calendar':
      return <Guard>{<CalendarPage />}</Guard>;
    case 'meetingNew':
      return <Guard roles={['admin', 'chair', 'secretary']}>{<MeetingEditorPage id={null} />}</Guard>;
    case 'meetingEdit':
      return <Guard roles={['admin', 'chair', 'secretary']}>{<MeetingEditorPage id={route.id} />}</Guard>;
    case 'meetingDetail':
      return (
        <Guard>
          <MeetingDetailPage id={route.id} canEdit={canSchedule(auth.user)} />
        </Guard>
      );
    case 'meetingMinutes':
      return <Guard>{<MinutesPage id={route.id} />}</Guard>;
    case 'admin':
      return <Guard roles={['admin']}>{<AdminPage section={route.section} />}</Guard>;
    case 'account':
      return <Guard>{<AccountPage />}</Guard>;
    case 'notice':
      return <Guard>{<NoticePage meetingId={route.id} />}</Guard>;
    case 'myTasks':
      return <Guard>{<MyTasksPage />}</Guard>;
    case 'taskBoard':
      return <Guard roles={['admin', 'chair', 'secretary']}>{<TaskBoardPage />}</Guard>;
    case 'reports':
      return <Guard roles={['admin', 'chair', 'operator']}>{<ReportsPage />}</Guard>;
    case 'archive':
      return <Guard>{<ArchivePage />}</Guard>;
    case 'rsvp':
      return <RsvpPage token={route.token} />;
    default:
      return (
        <section className="page">
          <h1 tabIndex={-1}>{t('common.notFound')}</h1>
        </section>
      );
  }
}

/** The signed-in frame, or a bare page for signing in and for the anonymous home page. */
function Frame({ route }: { route: AppRoute }): ReactElement {
  const { auth } = useAuth();
  const page = (
    <Suspense fallback={<Loading />}>
      <Screen route={route} />
    </Suspense>
  );
  // NOTE: the e-mail RSVP link is for people without an account: a bare page, no guard. It still
  // sits inside AuthProvider so that a browser with a session knows its CSRF token before answering.
  if (route.kind === 'login' || route.kind === 'rsvp') return page;
  if (route.kind === 'dashboard' && auth.status === 'loading') return <Loading />;
  if (route.kind === 'dashboard' && auth.status !== 'signedIn') return <HomePage />;
  return <AppShell>{page}</AppShell>;
}

export function App(): ReactElement {
  const loc = useLocation();
  const meeting = useMemo(() => parseRoute(new URL(loc, window.location.origin).href), [loc]);
  const route = useMemo(() => parseAppRoute(loc), [loc]);
  if (meeting.kind === 'meeting') return <MeetingFlow route={meeting} />;
  if (route.kind === 'kiosk')
    return (
      <Suspense fallback={<Loading />}>
        <KioskPage />
      </Suspense>
    );
  return (
    <AuthProvider>
      <div className="app" data-state="idle">
        <Frame route={route} />
      </div>
    </AuthProvider>
  );
}
