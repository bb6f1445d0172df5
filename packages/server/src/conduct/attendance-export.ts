// The attendance sheet (danh sách điểm danh) of a meeting, from its folded state: CSV for Excel
// (UTF-8 with BOM, CRLF) and a printable PDF (Liberation Serif, which has every Vietnamese glyph).
import fs from 'node:fs';
import { summarizeAttendance } from '@diemcau/protocol';
import type { LiveState, PersonAttendanceStatus } from '@diemcau/protocol';
import PDFDocument from 'pdfkit';

/** Debian's fonts-liberation2 (scripts/install-deps.sh installs it). */
export const FONT_DIR = process.env.DIEMCAU_FONT_DIR ?? '/usr/share/fonts/truetype/liberation2';

const ROLE_LABELS: Record<string, string> = {
  chair: 'Chủ trì',
  secretary: 'Thư ký',
  delegate: 'Đại biểu',
  presenter: 'Báo cáo viên',
  trainee: 'Học viên',
};

const STATUS_LABELS: Record<PersonAttendanceStatus, string> = {
  present: 'Có mặt',
  left: 'Đã rời',
  absent_with_reason: 'Vắng có lý do',
  absent: 'Vắng',
};

const VN_OFFSET_MS = 7 * 3600_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * "HH:mm dd/MM/yyyy" in Asia/Ho_Chi_Minh (UTC+7 all year: Vietnam has no daylight saving time).
 * NOTE: computed by hand, not with Intl, so that the sheet is the same on every Node/ICU version.
 */
export function vnTime(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** One row of the sheet, as text. */
interface SheetRow {
  stt: string;
  name: string;
  role: string;
  status: string;
  point: string;
  arrived: string;
  left: string;
  reason: string;
}

export interface AttendanceSheet {
  title: string;
  /** When the meeting started (or was scheduled to), Vietnam time. */
  time: string;
  rows: SheetRow[];
  points: { name: string; headCount: number; connected: string }[];
  totals: { label: string; value: string }[];
}

/** The sheet's content from the state; `scheduledStart` when the meeting has not started. */
export function attendanceSheet(s: LiveState, scheduledStart: string | null): AttendanceSheet {
  const summary = summarizeAttendance(s);
  const pointName = new Map(s.context.points.map((p) => [p.bridgePointId, p.name]));
  const rows = summary.persons.map((p, i) => ({
    stt: String(i + 1),
    name: p.name,
    role: ROLE_LABELS[p.role] ?? p.role,
    status: STATUS_LABELS[p.status],
    point:
      p.via === 'point'
        ? (pointName.get(p.bridgePointId ?? '') ?? p.bridgePointId ?? '')
        : p.via === 'device'
          ? 'Thiết bị riêng'
          : '',
    arrived: vnTime(p.arrivedAt),
    left: vnTime(p.leftAt),
    reason: p.status === 'absent_with_reason' ? (p.reason ?? '') : '',
  }));
  const points = s.context.points.map((p) => {
    const a = s.points[p.bridgePointId];
    const connected = a?.connectedAt ? (a.disconnectedAt ? 'Đã ngắt' : 'Đang kết nối') : 'Chưa kết nối';
    return { name: p.name, headCount: a?.headCount ?? 0, connected };
  });
  const q = summary.quorum;
  const totals = [
    { label: 'Tổng số người dự', value: String(summary.totalPresent) },
    { label: 'Thành viên có mặt / được mời', value: `${summary.membersPresent}/${summary.membersInvited}` },
    {
      label: 'Túc số',
      value: q.rule.kind === 'none' ? 'Không áp dụng' : `${q.met ? 'Đạt' : 'Chưa đạt'} (cần ${q.required})`,
    },
  ];
  return { title: s.context.title, time: vnTime(s.startedAt ?? scheduledStart), rows, points, totals };
}

const CSV_HEADER = ['STT', 'Họ và tên', 'Vai trò', 'Trạng thái', 'Điểm cầu', 'Giờ đến', 'Giờ rời', 'Lý do'];

/** One CSV field: quoted when needed; a leading = + - @ is defused (spreadsheet formula injection). */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');

/** The sheet as CSV: BOM (Excel reads UTF-8 then), CRLF, persons, then head counts and totals. */
export function attendanceCsv(sheet: AttendanceSheet): string {
  const lines = [
    csvLine(CSV_HEADER),
    ...sheet.rows.map((r) =>
      csvLine([r.stt, r.name, r.role, r.status, r.point, r.arrived, r.left, r.reason]),
    ),
    '',
    csvLine(['Điểm cầu', 'Số người', 'Kết nối']),
    ...sheet.points.map((p) => csvLine([p.name, String(p.headCount), p.connected])),
    '',
    ...sheet.totals.map((t) => csvLine([t.label, t.value])),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const COLUMNS: { key: keyof SheetRow; title: string; width: number }[] = [
  { key: 'stt', title: 'STT', width: 28 },
  { key: 'name', title: 'Họ và tên', width: 140 },
  { key: 'role', title: 'Vai trò', width: 62 },
  { key: 'status', title: 'Trạng thái', width: 70 },
  { key: 'point', title: 'Điểm cầu', width: 100 },
  { key: 'arrived', title: 'Giờ đến', width: 56 },
  { key: 'left', title: 'Giờ rời', width: 56 },
  { key: 'reason', title: 'Lý do', width: 118 },
];

/** The sheet as an A4 landscape PDF. */
export function attendancePdf(sheet: AttendanceSheet): Promise<Buffer> {
  const regular = fs.readFileSync(`${FONT_DIR}/LiberationSerif-Regular.ttf`);
  const bold = fs.readFileSync(`${FONT_DIR}/LiberationSerif-Bold.ttf`);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    info: { Title: `Danh sách điểm danh – ${sheet.title}`, Author: 'Điểm Cầu' },
  });
  doc.registerFont('serif', regular);
  doc.registerFont('serif-bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  doc.font('serif-bold').fontSize(16).text('DANH SÁCH ĐIỂM DANH', { align: 'center' });
  doc.moveDown(0.3).font('serif').fontSize(12).text(sheet.title, { align: 'center' });
  doc.text(`Thời gian: ${sheet.time}`, { align: 'center' }).moveDown(0.8);

  const rowHeight = 16;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: string[], font: 'serif' | 'serif-bold'): void => {
    if (doc.y + rowHeight > bottom()) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(font).fontSize(10);
    COLUMNS.forEach((c, i) => {
      doc.text(cells[i] ?? '', x + 2, y + 3, {
        width: c.width - 4,
        height: rowHeight,
        lineBreak: false,
        ellipsis: true,
      });
      x += c.width;
    });
    doc
      .moveTo(left, y + rowHeight)
      .lineTo(x, y + rowHeight)
      .lineWidth(0.3)
      .stroke();
    doc.x = left;
    doc.y = y + rowHeight;
  };
  drawRow(
    COLUMNS.map((c) => c.title),
    'serif-bold',
  );
  for (const r of sheet.rows)
    drawRow(
      COLUMNS.map((c) => r[c.key]),
      'serif',
    );

  doc.moveDown(1);
  if (doc.y + 40 > bottom()) doc.addPage();
  doc.font('serif-bold').fontSize(12).text('Số người tại các điểm cầu', left);
  doc.font('serif').fontSize(10);
  for (const p of sheet.points)
    doc.text(`${p.name}: ${p.headCount} người (${p.connected.toLowerCase()})`, left);
  doc.moveDown(0.8);
  doc.font('serif-bold').fontSize(12).text('Tổng hợp', left);
  doc.font('serif').fontSize(10);
  for (const t of sheet.totals) doc.text(`${t.label}: ${t.value}`, left);
  doc.end();
  return done;
}
