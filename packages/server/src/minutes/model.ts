// The content of minutes, pure: pre-filled from a meeting's schedule and its folded live record
// (attendance per bridge point, speaking log, published votes), its canonical JSON and SHA-256 (the
// seal of an approved version), and its plain text (for search).
import { createHash } from 'node:crypto';
import { summarizeAttendance } from '@diemcau/protocol';
import type {
  LiveState,
  MinutesContent,
  MinutesFormat,
  MinutesItem,
  MinutesPoint,
  Vote,
} from '@diemcau/protocol';
import { dateWords } from '../docs-layout/page.js';

/** The organization that holds the meeting, with its parent (for the document headers). */
export interface MinutesOrg {
  name: string;
  /** party_committee | people_committee | fatherland_front | neighborhood | party_cell */
  kind: string;
  parentName: string | null;
}

/** The schedule facts the pre-fill needs (a MeetingRecord has them all). */
export interface MinutesMeeting {
  id: string;
  title: string;
  type: string;
  startsAt: string;
  durationMinutes: number;
  hostBridgePointName: string | null;
  hostLocation: string | null;
}

const VN_OFFSET_MS = 7 * 3600_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const vnParts = (iso: string) => {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
  };
};

/** "YYYY-MM-DD" of an instant in Vietnam (UTC+7 all year). */
export function vnDateKey(iso: string): string {
  const p = vnParts(iso);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** "08:05" in Vietnam time. */
export function vnClock(iso: string): string {
  const p = vnParts(iso);
  return `${pad(p.h)}:${pad(p.mi)}`;
}

/** "08 giờ 05 phút, ngày 26 tháng 11 năm 2026" in Vietnam time, the date as in the date line. */
export function vnLongTime(iso: string): string {
  const p = vnParts(iso);
  return `${pad(p.h)} giờ ${pad(p.mi)} phút, ${dateWords(vnDateKey(iso))}`;
}

/** Party cells' meetings use the Party format (HD36); every other meeting the state one (NĐ30). */
export const defaultFormat = (meetingType: string): MinutesFormat =>
  meetingType === 'chi_bo' ? 'hd36' : 'nd30';

const upper = (s: string): string => s.toLocaleUpperCase('vi');
/** "UBND phường X" → "ỦY BAN NHÂN DÂN PHƯỜNG X": NĐ30 writes the issuing body in full. */
const expandBody = (s: string): string =>
  s
    .replace(/^UBND\b/i, 'Ủy ban nhân dân')
    .replace(/^HĐND\b/i, 'Hội đồng nhân dân')
    .replace(/^Ủy ban MTTQ\b/i, 'Ủy ban Mặt trận Tổ quốc Việt Nam');
/** A Party committee's organization ("Đảng ủy phường X") signs as its Party body ("Đảng bộ phường X"). */
const partyBody = (s: string): string => s.replace(/^Đảng ủy\b/i, 'Đảng bộ');

const SYMBOLS: Record<string, string> = {
  people_committee: 'UBND',
  party_committee: 'ĐU',
  party_cell: 'CB',
  fatherland_front: 'MTTQ',
  neighborhood: 'KP',
};

/** "Phường An Phú Đông" from "UBND phường An Phú Đông" (the place line of the header). */
export function placeOf(...names: (string | null)[]): string {
  for (const n of names) {
    const m = n ? /\b(phường|xã|thị trấn)\s+(.+)$/iu.exec(n) : null;
    if (m?.[1] && m[2])
      return `${m[1].charAt(0).toLocaleUpperCase('vi')}${m[1].slice(1).toLowerCase()} ${m[2]}`;
  }
  return '';
}

/** The header lines for a format from the organization. */
export function headerFor(
  format: MinutesFormat,
  org: MinutesOrg | null,
  date: string,
): MinutesContent['header'] {
  const place = placeOf(org?.name ?? null, org?.parentName ?? null);
  if (format === 'hd36')
    return {
      parentBody: upper(partyBody(org?.parentName ?? '')),
      issuingBody: upper(org?.name ?? ''),
      number: `Số      -BB/${SYMBOLS[org?.kind ?? ''] ?? 'CB'}`,
      place,
      date,
    };
  return {
    parentBody: org?.parentName ? upper(expandBody(org.parentName)) : '',
    issuingBody: upper(expandBody(org?.name ?? '')),
    number: `Số:      /BB-${SYMBOLS[org?.kind ?? ''] ?? 'UBND'}`,
    place,
    date,
  };
}

const OPTION_WORDS: Record<string, string> = {
  yes: 'Tán thành',
  no: 'Không tán thành',
  abstain: 'Không biểu quyết',
};
const pct = (n: number, of: number): string =>
  of > 0 ? ` (${((100 * n) / of).toFixed(1).replace('.', ',')}%)` : '';

/** "Tán thành: 10/12 (83,3%); … Kết quả: thông qua." for a published vote. */
export function voteResultText(v: Vote): string {
  const r = v.result;
  if (!r) return '';
  const parts = v.options.map((o) => {
    const n = r.counts[o.id] ?? 0;
    return `${OPTION_WORDS[o.id] && v.kind === 'motion' ? OPTION_WORDS[o.id] : o.label}: ${n}/${r.eligible}${pct(n, r.eligible)}`;
  });
  const how = v.secret ? 'Bỏ phiếu kín' : v.scope === 'point' ? 'Biểu quyết theo điểm cầu' : 'Biểu quyết';
  const outcome = r.passed === null ? '' : r.passed ? ' Kết quả: thông qua.' : ' Kết quả: không thông qua.';
  return `${how}; ${r.cast}/${r.eligible} người tham gia. ${parts.join('; ')}.${outcome}`;
}

/** Attendance per bridge point (host first), from the folded state and the RSVPs. */
function pointsOf(s: LiveState): MinutesPoint[] {
  const summary = summarizeAttendance(s);
  const home = new Map(s.context.invited.map((i) => [i.personId, i.bridgePointId]));
  const points: MinutesPoint[] = s.context.points.map((p) => {
    const a = s.points[p.bridgePointId];
    const from = a?.connectedAt ? vnClock(a.connectedAt) : '';
    const to = a?.disconnectedAt ? vnClock(a.disconnectedAt) : '';
    return {
      name: p.name,
      host: p.isHost,
      headCount: a?.headCount ?? 0,
      connection: from ? `${from} – ${to || (s.endedAt ? vnClock(s.endedAt) : '')}`.trim() : 'Không kết nối',
      present: [],
      absent: [],
    };
  });
  const index = new Map(s.context.points.map((p, i) => [p.bridgePointId, i]));
  const own: MinutesPoint = {
    name: 'Tham dự bằng thiết bị riêng',
    host: false,
    headCount: 0,
    connection: '',
    present: [],
    absent: [],
  };
  const other: MinutesPoint = {
    name: 'Đại biểu khác',
    host: false,
    headCount: 0,
    connection: '',
    present: [],
    absent: [],
  };
  for (const p of summary.persons) {
    const at = (id: string | null | undefined) => (id != null ? points[index.get(id) ?? -1] : undefined);
    if (p.status === 'present' || p.status === 'left') {
      const late =
        p.arrivedAt && s.startedAt && Date.parse(p.arrivedAt) > Date.parse(s.startedAt) + 5 * 60_000;
      const note = [
        late ? `đến lúc ${vnClock(p.arrivedAt ?? '')}` : '',
        p.leftAt ? `rời lúc ${vnClock(p.leftAt)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const target = p.via === 'point' ? (at(p.bridgePointId) ?? other) : own;
      target.present.push(note ? `${p.name} (${note})` : p.name);
      if (p.via === 'device') own.headCount += p.status === 'present' ? 1 : 0;
    } else {
      const target = at(home.get(p.personId)) ?? other;
      target.absent.push({
        name: p.name,
        reason: p.status === 'absent_with_reason' ? p.reason?.trim() || 'Có lý do' : 'Không có lý do',
      });
    }
  }
  return [...points, ...[own, other].filter((g) => g.present.length + g.absent.length > 0)];
}

/** Agenda items with their speeches and published votes; what happened outside any item last. */
function itemsOf(s: LiveState): MinutesItem[] {
  const speechesOf = (itemId: string | null) =>
    s.speeches
      .filter((sp) => sp.itemId === itemId)
      .map((sp) => ({ at: sp.startedAt, speaker: sp.label, topic: sp.topic }));
  const votesOf = (itemId: string | null) =>
    s.votes
      .filter((v) => v.itemId === itemId && v.status === 'published' && v.kind !== 'quiz')
      .map((v) => ({ title: v.title, result: voteResultText(v) }));
  const items: MinutesItem[] = s.context.agenda.map((a) => ({
    agendaItemId: a.id,
    title: a.title,
    presenter: a.presenter,
    speeches: speechesOf(a.id),
    votes: votesOf(a.id),
    discussion: '',
    conclusion: '',
  }));
  const loose = { speeches: speechesOf(null), votes: votesOf(null) };
  if (items.length === 0 || loose.speeches.length + loose.votes.length > 0)
    items.push({
      agendaItemId: null,
      title: items.length === 0 ? 'Nội dung cuộc họp' : 'Các nội dung khác',
      presenter: '',
      ...loose,
      discussion: '',
      conclusion: '',
    });
  return items;
}

const TYPE_WORDS: Record<string, string> = {
  giao_ban: 'Họp giao ban',
  chi_bo: 'Sinh hoạt chi bộ',
  tap_huan: 'Tập huấn',
  chuyen_de: 'Sinh hoạt chuyên đề',
  hoi_nghi: 'Hội nghị',
};

/** The first draft: everything the record knows, ready for the secretary to complete. */
export function prefillMinutes(
  m: MinutesMeeting,
  s: LiveState,
  org: MinutesOrg | null,
  format: MinutesFormat = defaultFormat(m.type),
): MinutesContent {
  const startedAt = s.startedAt ?? m.startsAt;
  const endedAt = s.endedAt ?? null;
  const byRole = (role: string) =>
    s.context.invited
      .filter((i) => i.role === role)
      .map((i) => i.name)
      .join(', ');
  const host = s.context.points.find((p) => p.isHost);
  const others = s.context.points.filter((p) => !p.isHost).map((p) => p.name);
  const hostText = [host?.name ?? m.hostBridgePointName ?? '', m.hostLocation ?? '']
    .filter(Boolean)
    .join(', ');
  const location =
    others.length > 0
      ? `Điểm cầu chính: ${hostText}; kết nối trực tuyến với ${others.length} điểm cầu: ${others.join(', ')}.`
      : hostText;
  const subject = m.title.toLowerCase().startsWith((TYPE_WORDS[m.type] ?? '').toLowerCase())
    ? m.title
    : `${TYPE_WORDS[m.type] ?? 'Cuộc họp'}: ${m.title}`;
  return {
    format,
    header: headerFor(format, org, vnDateKey(startedAt)),
    subject,
    startedAt,
    endedAt,
    location,
    chair: byRole('chair'),
    secretary: byRole('secretary'),
    points: pointsOf(s),
    items: itemsOf(s),
    closing: endedAt ? `Cuộc họp kết thúc vào lúc ${vnLongTime(endedAt)}.` : '',
  };
}

/** JSON with object keys sorted at every level and strings in NFC: the same content, the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(typeof value === 'string' ? value.normalize('NFC') : value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The seal of an approved version: SHA-256 (hex) of the canonical JSON of what it says. */
export function minutesSha256(meetingId: string, version: number, content: MinutesContent): string {
  return createHash('sha256').update(canonicalJson({ meetingId, version, content }), 'utf8').digest('hex');
}

/** The minutes as plain text, for full-text search (every name and conclusion in it). */
export function minutesPlainText(c: MinutesContent): string {
  const lines = [
    `Biên bản ${c.subject}`,
    `Địa điểm: ${c.location}`,
    `Chủ trì: ${c.chair}`,
    `Thư ký: ${c.secretary}`,
    ...c.points.flatMap((p) => [
      `${p.name}: ${p.present.join(', ')}`,
      ...p.absent.map((a) => `Vắng: ${a.name} (${a.reason})`),
    ]),
    ...c.items.flatMap((i) => [
      i.title,
      ...i.speeches.map((sp) => `${sp.speaker}: ${sp.topic}`),
      ...i.votes.map((v) => `${v.title}: ${v.result}`),
      i.discussion,
      `Kết luận: ${i.conclusion}`,
    ]),
    c.closing,
  ];
  return lines.filter((l) => l.trim() !== '').join('\n');
}
