// The app's screens by address (Vietnamese paths). /m/:id stays the meeting room (lib/route.ts).

export const ADMIN_SECTIONS = [
  'to-chuc',
  'nhan-su',
  'diem-cau',
  'thiet-bi',
  'tai-khoan',
  'nhat-ky',
  'tai-lieu',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export type AppRoute =
  | { kind: 'dashboard' }
  | { kind: 'login'; next: string }
  | { kind: 'calendar' }
  | { kind: 'meetingNew' }
  | { kind: 'meetingEdit'; id: string }
  | { kind: 'meetingDetail'; id: string }
  /** The minutes (biên bản) of a meeting: `/cuoc-hop/<id>/bien-ban`; `/meetings/<id>/minutes` too. */
  | { kind: 'meetingMinutes'; id: string }
  | { kind: 'admin'; section: AdminSection }
  | { kind: 'account' }
  /** Reports per month and per neighborhood (`/bao-cao`; `/reports` too). */
  | { kind: 'reports' }
  /** A meeting's conclusion notice (`/cuoc-hop/:id/thong-bao`; `/meetings/:id/notice` too). */
  | { kind: 'notice'; id: string }
  /** Tasks assigned to me or my unit (`/nhiem-vu`; `/tasks` too). */
  | { kind: 'myTasks' }
  /** The ward's follow-up board (`/nhiem-vu/theo-doi`; `/tasks/board` too). */
  | { kind: 'taskBoard' }
  /** Past meetings and full-text search (`/luu-tru`; `/archive` too). */
  | { kind: 'archive' }
  | { kind: 'kiosk' }
  /** The personal RSVP link of a giấy mời: `/rsvp/<token>`, used without signing in. */
  | { kind: 'rsvp'; token: string }
  | { kind: 'notFound' };

/** decodeURIComponent that never throws: a malformed escape (`%E0`) leaves the segment as is. */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses a path (with query) into a screen. */
export function parseAppRoute(pathAndQuery: string): AppRoute {
  const url = new URL(pathAndQuery, 'http://x');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const seg = path.split('/').slice(1).map(decodeSegment);
  if (path === '/') return { kind: 'dashboard' };
  if (path === '/dang-nhap') {
    const next = url.searchParams.get('next') ?? '/';
    // Only in-app paths: never an open redirect to another site.
    return { kind: 'login', next: next.startsWith('/') && !next.startsWith('//') ? next : '/' };
  }
  if (path === '/lich') return { kind: 'calendar' };
  if (path === '/tai-khoan') return { kind: 'account' };
  if (path === '/bao-cao' || path === '/reports') return { kind: 'reports' };
  if (path === '/nhiem-vu' || path === '/tasks') return { kind: 'myTasks' };
  if (path === '/nhiem-vu/theo-doi' || path === '/tasks/board') return { kind: 'taskBoard' };
  if (
    seg.length === 3 &&
    seg[1] &&
    ((seg[0] === 'cuoc-hop' && seg[2] === 'thong-bao') || (seg[0] === 'meetings' && seg[2] === 'notice'))
  )
    return { kind: 'notice', id: seg[1] };
  if (path === '/luu-tru' || path === '/archive') return { kind: 'archive' };
  if (path === '/kiosk') return { kind: 'kiosk' };
  if (seg[0] === 'cuoc-hop' && seg[1]) {
    if (seg[1] === 'moi' && seg.length === 2) return { kind: 'meetingNew' };
    if (seg.length === 2) return { kind: 'meetingDetail', id: seg[1] };
    if (seg.length === 3 && seg[2] === 'sua') return { kind: 'meetingEdit', id: seg[1] };
    if (seg.length === 3 && seg[2] === 'bien-ban') return { kind: 'meetingMinutes', id: seg[1] };
  }
  if (seg[0] === 'meetings' && seg[1] && seg.length === 3 && seg[2] === 'minutes') {
    return { kind: 'meetingMinutes', id: seg[1] };
  }
  if (seg[0] === 'rsvp' && seg.length === 2 && seg[1]) return { kind: 'rsvp', token: seg[1] };
  if (seg[0] === 'quan-tri' && seg.length <= 2) {
    const section = (seg[1] ?? 'to-chuc') as AdminSection;
    if (ADMIN_SECTIONS.includes(section)) return { kind: 'admin', section };
  }
  return { kind: 'notFound' };
}

export const paths = {
  dashboard: '/',
  login: (next?: string): string =>
    next && next !== '/' ? `/dang-nhap?next=${encodeURIComponent(next)}` : '/dang-nhap',
  calendar: '/lich',
  meetingNew: '/cuoc-hop/moi',
  meeting: (id: string): string => `/cuoc-hop/${encodeURIComponent(id)}`,
  meetingEdit: (id: string): string => `/cuoc-hop/${encodeURIComponent(id)}/sua`,
  meetingMinutes: (id: string): string => `/cuoc-hop/${encodeURIComponent(id)}/bien-ban`,
  admin: (s: AdminSection = 'to-chuc'): string => `/quan-tri/${s}`,
  account: '/tai-khoan',
  reports: '/bao-cao',
  notice: (id: string): string => `/cuoc-hop/${encodeURIComponent(id)}/thong-bao`,
  myTasks: '/nhiem-vu',
  taskBoard: '/nhiem-vu/theo-doi',
  archive: '/luu-tru',
  rsvp: (token: string): string => `/rsvp/${encodeURIComponent(token)}`,
} as const;
