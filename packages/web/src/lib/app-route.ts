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
  | { kind: 'admin'; section: AdminSection }
  | { kind: 'account' }
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
  if (path === '/kiosk') return { kind: 'kiosk' };
  if (seg[0] === 'cuoc-hop' && seg[1]) {
    if (seg[1] === 'moi' && seg.length === 2) return { kind: 'meetingNew' };
    if (seg.length === 2) return { kind: 'meetingDetail', id: seg[1] };
    if (seg.length === 3 && seg[2] === 'sua') return { kind: 'meetingEdit', id: seg[1] };
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
  admin: (s: AdminSection = 'to-chuc'): string => `/quan-tri/${s}`,
  account: '/tai-khoan',
  rsvp: (token: string): string => `/rsvp/${encodeURIComponent(token)}`,
} as const;
