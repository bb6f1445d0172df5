// DEV ONLY: an in-memory API for screenshots and design work before the server routes exist.
// Installed by main.tsx under `import.meta.env.DEV` with `?mockapi=1`; never part of a build.
import type { DeviceView, KioskMeeting, MeetingDetail, OrganizationNode, PersonView } from './contract';
import { setTransport } from './client';
import type { MyOccurrence } from './types';

const DAY = 86_400_000;
const now = Date.now();
const vnDay = Math.floor((now + 7 * 3600_000) / DAY) * DAY - 7 * 3600_000;
const at = (dayOffset: number, hh: number, mm = 0): string =>
  new Date(vnDay + dayOffset * DAY + (hh * 60 + mm) * 60_000).toISOString();
const liveStart = new Date(Math.floor(now / 60_000) * 60_000 - 20 * 60_000).toISOString();

const org = (
  id: string,
  name: string,
  kind: OrganizationNode['kind'],
  children: OrganizationNode[] = [],
  members: OrganizationNode['members'] = [],
): OrganizationNode => ({
  id,
  name,
  kind,
  parentId: null,
  sortOrder: 0,
  members,
  children: children.map((c) => ({ ...c, parentId: id })),
});

const orgs: OrganizationNode[] = [
  org(
    'o-du',
    'Đảng ủy phường An Phú Đông',
    'party_committee',
    [1, 2, 3, 4, 5, 6].map((n) =>
      org(
        `o-cb${n}`,
        `Chi bộ khu phố ${n}`,
        'party_cell',
        [],
        n === 4 ? [{ personId: 'p4', fullName: 'Phạm Thị Hồng', title: 'Bí thư chi bộ' }] : [],
      ),
    ),
    [{ personId: 'p1', fullName: 'Nguyễn Văn An', title: 'Bí thư Đảng ủy' }],
  ),
  org(
    'o-ub',
    'UBND phường An Phú Đông',
    'people_committee',
    [],
    [{ personId: 'p2', fullName: 'Trần Thị Bích Ngọc', title: 'Phó Chủ tịch' }],
  ),
  org('o-mt', 'Ủy ban MTTQ phường', 'fatherland_front'),
  ...[1, 2, 3, 4, 5, 6].map((n) => org(`o-kp${n}`, `Khu phố ${n}`, 'neighborhood')),
];

const persons: PersonView[] = [
  ['p1', 'Nguyễn Văn An', 'Bí thư Đảng ủy', 'Đảng ủy phường An Phú Đông'],
  ['p2', 'Trần Thị Bích Ngọc', 'Phó Chủ tịch', 'UBND phường An Phú Đông'],
  ['p3', 'Lê Văn Hải', 'Chánh Văn phòng', 'UBND phường An Phú Đông'],
  ['p4', 'Phạm Thị Hồng', 'Bí thư chi bộ', 'Chi bộ khu phố 4'],
  ['p5', 'Đỗ Minh Đức', 'Trưởng khu phố', 'Khu phố 2'],
  ['p6', 'Võ Thị Ánh', 'Đảng viên', 'Chi bộ khu phố 4'],
  ['p7', 'Huỳnh Quốc Việt', 'Đại biểu', 'Ủy ban MTTQ phường'],
].map(([id, fullName, title, organizationName]) => ({
  id: id ?? '',
  fullName: fullName ?? '',
  email: `${id}@anphudong.example`,
  phone: '0283 123 4567',
  memberships: [{ organizationId: 'o-du', organizationName: organizationName ?? '', title: title ?? '' }],
}));

const dev = (i: number, online: boolean, cam: boolean): DeviceView['lastNetworkTest'] | null =>
  online
    ? {
        at: new Date(now - (i + 1) * 300_000).toISOString(),
        rttMs: 30 + i * 12,
        lossPercent: i % 3,
        downKbps: 8000 - i * 900,
        upKbps: 2500 - i * 200,
      }
    : cam
      ? null
      : null;
const bridgePoints = [
  'Hội trường UBND phường',
  'Văn phòng Đảng ủy phường',
  ...[1, 2, 3, 4, 5, 6].map((n) => `Văn phòng khu phố ${n}`),
].map((name, i) => ({
  id: `bp${i}`,
  name,
  organizationId: i < 2 ? 'o-ub' : `o-kp${i - 1}`,
  organizationName: i < 2 ? 'UBND phường An Phú Đông' : `Khu phố ${i - 1}`,
  location: i < 2 ? '12 Hà Huy Giáp' : `Khu phố ${i - 1}`,
  capacity: i === 0 ? 200 : 30,
  receiveCapKbps: i === 7 ? 384 : null,
  isMain: i === 0,
  sortOrder: i,
  device:
    i === 7
      ? null
      : {
          id: `d${i}`,
          label: `Máy tính ${name}`,
          online: i % 3 !== 2,
          lastHeartbeatAt: new Date(now - (i % 3 === 2 ? 3 * 3600_000 : 40_000 + i * 30_000)).toISOString(),
          hasCamera: i !== 4,
          hasMicrophone: true,
        },
}));

const devices: DeviceView[] = bridgePoints
  .filter((b) => b.device)
  .map((b, i) => ({
    id: b.device?.id ?? '',
    status: 'paired' as const,
    label: b.device?.label ?? '',
    autoJoin: i % 2 === 0,
    userAgent: 'Chrome',
    bridgePoint: { id: b.id, name: b.name },
    online: b.device?.online ?? false,
    lastHeartbeatAt: b.device?.lastHeartbeatAt ?? null,
    hasCamera: b.device?.hasCamera ?? null,
    hasMicrophone: true,
    lastNetworkTest: dev(i, b.device?.online ?? false, true),
    createdAt: at(-30, 9),
    pairedAt: at(-30, 9, 5),
    revokedAt: null,
    pairingExpiresAt: null,
  }));

const occ = (
  id: string,
  title: string,
  type: MyOccurrence['type'],
  start: string,
  minutes: number,
  extra: Partial<MyOccurrence> = {},
): MyOccurrence => ({
  id,
  title,
  type,
  status: 'scheduled',
  confidential: false,
  startsAt: start,
  occurrenceStart: start,
  occurrenceEnd: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
  durationMinutes: minutes,
  recurrence: { kind: 'none', until: null, count: null },
  hostBridgePoint: 'Hội trường UBND phường',
  hostBridgePointId: 'bp0',
  organizationId: 'o-ub',
  myRsvp: 'pending',
  ...extra,
});

const meetings: MyOccurrence[] = [
  occ('m-live', 'Họp giao ban tháng 11 — Phường An Phú Đông', 'giao_ban', liveStart, 90, {
    myRsvp: 'accepted',
    myRole: 'chair',
  }),
  occ('m-cb4', 'Sinh hoạt chi bộ khu phố 4 tháng 12', 'chi_bo', at(1, 19, 30), 120, {
    confidential: true,
    hostBridgePoint: 'Văn phòng khu phố 4',
    organizationId: 'o-cb4',
    myRole: 'delegate',
  }),
  occ('m-th', 'Tập huấn chuyển đổi số cho tổ dân phố', 'tap_huan', at(2, 8), 180, {
    myRsvp: 'absent_with_reason',
  }),
  occ('m-cd', 'Sinh hoạt chuyên đề: phòng chống ngập nước', 'chuyen_de', at(4, 14), 90, {
    myRsvp: 'declined',
  }),
  occ('m-hn', 'Hội nghị sơ kết 6 tháng', 'hoi_nghi', at(9, 8), 240),
  ...[-7, 7, 14].map((d) =>
    occ(`m-gb${d}`, 'Họp giao ban hằng tuần', 'giao_ban', at(d, 7, 30), 60, {
      recurrence: { kind: 'weekly', until: null, count: 12 },
    }),
  ),
];

const detail = (id: string): MeetingDetail => {
  const m = meetings.find((x) => x.id === id) ?? meetings[0];
  if (!m) throw new Error('no meetings');
  return {
    ...m,
    description:
      'Đánh giá kết quả tháng 11, triển khai nhiệm vụ tháng 12.\nCác khu phố chuẩn bị báo cáo ngắn.',
    organization: { id: 'o-ub', name: 'UBND phường An Phú Đông' },
    bridgePoints: bridgePoints.slice(1, 5).map((b) => ({ id: b.id, name: b.name })),
    invitees: persons.slice(0, 6).map((p, i) => ({
      personId: p.id,
      fullName: p.fullName,
      role: i === 0 ? 'chair' : i === 2 ? 'secretary' : 'delegate',
      rsvp:
        (['accepted', 'accepted', 'pending', 'absent_with_reason', 'declined', 'pending'] as const)[i] ??
        'pending',
      rsvpReason: i === 3 ? 'Đi công tác tại quận' : null,
      rsvpAt: null,
      hasEmail: true,
    })),
    agenda: [
      ['Khai mạc, giới thiệu đại biểu', 'Lê Văn Hải', 5],
      ['Báo cáo kết quả tháng 11', 'Trần Thị Bích Ngọc', 30],
      ['Ý kiến các khu phố', '', 40],
      ['Kết luận của chủ trì', 'Nguyễn Văn An', 15],
    ].map(([title, presenter, min], i) => ({
      id: `a${i}`,
      position: i,
      title: String(title),
      presenterPersonId: null,
      presenterName: presenter ? String(presenter) : null,
      presenterLabel: presenter ? '' : 'Trưởng các khu phố',
      plannedMinutes: Number(min),
    })),
    guestAccess: true,
    icsSequence: 0,
    canEdit: true,
  };
};

const kioskMeetings = (): KioskMeeting[] =>
  meetings.slice(0, 3).map((m, i) => ({
    ...m,
    live: i === 0 && new URLSearchParams(window.location.search).get('mocklive') !== '0',
  }));

type Handler = (url: URL, body: unknown) => unknown;
const user = {
  id: 'u1',
  username: 'admin',
  personId: 'p1',
  fullName: 'Nguyễn Văn An',
  roles: ['admin', 'chair'],
  bridgePointId: null,
  totpEnabled: false,
  mustChangePassword: false,
};
const routes: [string, RegExp, Handler][] = [
  [
    'GET',
    /^\/api\/auth\/me$/,
    () => (sessionStorage.getItem('mockanon') ? null : { kind: 'user', user, csrfToken: 'csrf' }),
  ],
  [
    'POST',
    /^\/api\/auth\/login$/,
    (_u, b) =>
      (b as { totp?: string }).totp
        ? { user, csrfToken: 'csrf' }
        : { __status: 401, code: 'totp_required', message: 'totp' },
  ],
  ['GET', /^\/api\/meetings$/, () => ({ meetings })],
  ['GET', /^\/api\/meetings\/([^/]+)$/, (u) => detail(decodeURIComponent(u.pathname.split('/')[3] ?? ''))],
  [
    'POST',
    /^\/api\/meetings$/,
    () => ({ __status: 400, code: 'validation_failed', message: 'host', field: 'hostBridgePointId' }),
  ],
  ['GET', /^\/api\/org\/organizations$/, () => ({ organizations: orgs })],
  ['GET', /^\/api\/org\/persons$/, () => ({ persons })],
  ['GET', /^\/api\/org\/bridge-points$/, () => ({ bridgePoints })],
  ['GET', /^\/api\/devices$/, () => ({ devices })],
  [
    'GET',
    /^\/api\/admin\/users$/,
    () => ({
      users: [
        { ...user, disabled: false, locked: false, lockedUntil: null, createdAt: at(-60, 8) },
        {
          ...user,
          id: 'u2',
          username: 'kp4.thuky',
          fullName: 'Phạm Thị Hồng',
          roles: ['secretary'],
          disabled: false,
          locked: true,
          lockedUntil: at(0, 23),
          createdAt: at(-50, 8),
        },
      ],
    }),
  ],
  [
    'GET',
    /^\/api\/admin\/audit$/,
    () => ({
      entries: [0, 1, 2, 3].map((i) => ({
        id: `e${i}`,
        at: new Date(now - i * 3_600_000).toISOString(),
        action: (['login.success', 'device.paired', 'user.role_change', 'login.failure'] as const)[i],
        actor: { userId: 'u1', deviceId: null, label: 'admin' },
        target: i === 1 ? { type: 'device', id: 'd3' } : null,
        ip: '127.0.0.1',
        detail: i === 2 ? { before: ['delegate'], after: ['secretary'] } : {},
      })),
      nextBefore: 'e3',
    }),
  ],
  [
    'POST',
    /^\/api\/kiosk\/register$/,
    () => ({ deviceId: 'd-new', token: 'tok', pairingCode: 'K7M3QP', expiresAt: at(1, 0) }),
  ],
  [
    'GET',
    /^\/api\/kiosk\/state$/,
    () =>
      new URLSearchParams(window.location.search).get('mockkiosk') === 'paired'
        ? {
            status: 'paired',
            bridgePoint: { id: 'bp5', name: 'Văn phòng khu phố 4' },
            autoJoin: true,
            label: 'Máy tính KP4',
          }
        : {
            status: 'pending',
            pairingCode: 'K7M3QP',
            pairingExpiresAt: at(1, 0),
            autoJoin: false,
            label: '',
          },
  ],
  ['GET', /^\/api\/kiosk\/meetings$/, () => ({ meetings: kioskMeetings() })],
  // `/rsvp/demo…` is a live invitation (`demo-mat` confidential); any other token is dead.
  [
    'GET',
    /^\/api\/rsvp\/demo/,
    (u) => ({
      meeting: {
        id: 'm1',
        title: 'Họp giao ban tuần Đảng ủy phường',
        hostBridgePoint: 'Hội trường UBND phường',
        confidential: u.pathname.endsWith('-mat'),
        startsAt: at(1, 8),
        durationMinutes: 90,
        status: 'scheduled',
      },
      person: { id: 'p4', fullName: 'Phạm Thị Hồng' },
      rsvp: { status: 'pending', reason: null },
    }),
  ],
  ['POST', /^\/api\/rsvp\/demo/, (_u, b) => ({ reason: null, ...(b as object) })],
];

/** Replaces the API transport with the in-memory one. */
export function installMockApi(): void {
  setTransport((input, init) => {
    const url = new URL(input, window.location.origin);
    const method = init.method ?? 'GET';
    const route = routes.find(([m, re]) => m === method && re.test(url.pathname));
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const out = route
      ? route[2](url, body)
      : method === 'GET'
        ? { __status: 404, code: 'not_found', message: 'mock' }
        : {};
    if (out === null)
      return Promise.resolve(
        new Response(JSON.stringify({ code: 'unauthorized', message: 'x' }), { status: 401 }),
      );
    const status = typeof out === 'object' && '__status' in out ? Number(out.__status) : 200;
    return new Promise((r) => setTimeout(() => r(new Response(JSON.stringify(out), { status })), 60));
  });
}
