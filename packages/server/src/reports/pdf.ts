// The report as a printable PDF (A4 landscape): tables per month and per neighborhood, bar charts
// drawn as vectors, and the definitions. Liberation Serif from Debian (every Vietnamese glyph);
// DejaVu Sans for the charts' small labels.
import fs from 'node:fs';
import { formatNumberVi, formatVnd } from '@diemcau/protocol';
import type { Report } from '@diemcau/protocol';
import PDFDocument from 'pdfkit';
import { FONT_DIR } from '../conduct/attendance-export.js';
import {
  DEFINITIONS_HEADING,
  FIGURE_COLUMNS,
  MONTHS_HEADING,
  NO_TASK_DATA,
  REPORT_TITLE,
  UNITS_HEADING,
  definitions,
  figureCells,
  monthLabel,
  periodLabel,
  typeBreakdown,
} from './labels.js';

/** Debian's fonts-dejavu-core. */
const DEJAVU_DIR = process.env.DIEMCAU_DEJAVU_DIR ?? '/usr/share/fonts/truetype/dejavu';

/** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
const BLUE = '#0072B2';
const ORANGE = '#D55E00';

type Doc = InstanceType<typeof PDFDocument>;

const NAME_WIDTH = 118;
const FIGURE_WIDTHS = [40, 62, 42, 46, 46, 50, 70, 56, 48, 58, 48, 76];

/** "08:05 26/11/2026" in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
function vnDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function table(doc: Doc, nameTitle: string, rows: { name: string; cells: string[]; bold?: boolean }[]): void {
  const left = doc.page.margins.left;
  const widths = [NAME_WIDTH, ...FIGURE_WIDTHS];
  const bottom = (): number => doc.page.height - doc.page.margins.bottom;
  const draw = (cells: string[], font: string, height: number): void => {
    if (doc.y + height > bottom()) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(font).fontSize(8);
    cells.forEach((c, i) => {
      const w = widths[i] ?? 40;
      doc.text(c, x + 2, y + 3, { width: w - 4, height: height - 3, align: i === 0 ? 'left' : 'right' });
      x += w;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(x, y + height)
      .lineWidth(0.3)
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };
  draw([nameTitle, ...FIGURE_COLUMNS], 'serif-bold', 26);
  for (const r of rows) draw([r.name, ...r.cells], r.bold ? 'serif-bold' : 'serif', 24);
}

/** Horizontal bars with the value written after each bar. */
function barChart(
  doc: Doc,
  title: string,
  bars: { label: string; value: number; text: string }[],
  colour: string,
): void {
  const left = doc.page.margins.left;
  const rowH = 16;
  const height = 22 + bars.length * rowH;
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('serif-bold').fontSize(11).text(title, left, doc.y);
  const top = doc.y + 4;
  const labelW = 150;
  const maxW = 420;
  const max = Math.max(1, ...bars.map((b) => b.value));
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    doc.font('sans').fontSize(8).fillColor('black');
    doc.text(b.label, left, y + 3, { width: labelW - 6, height: rowH, lineBreak: false, ellipsis: true });
    const w = (b.value / max) * maxW;
    if (w > 0) doc.rect(left + labelW, y + 2, w, rowH - 5).fill(colour);
    doc.fillColor('black').text(b.text, left + labelW + w + 4, y + 3, { lineBreak: false });
  });
  doc
    .moveTo(left + labelW, top)
    .lineTo(left + labelW, top + bars.length * rowH)
    .lineWidth(0.5)
    .stroke();
  doc.x = left;
  doc.y = top + bars.length * rowH + 10;
}

/** The report as an A4 landscape PDF. */
export function reportPdf(r: Report, scopeName: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    info: { Title: `Báo cáo họp trực tuyến – ${periodLabel(r)}`, Author: 'Điểm Cầu' },
  });
  doc.registerFont('serif', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Regular.ttf`));
  doc.registerFont('serif-bold', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Bold.ttf`));
  doc.registerFont('sans', fs.readFileSync(`${DEJAVU_DIR}/DejaVuSans.ttf`));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;

  doc.font('serif-bold').fontSize(15).text(REPORT_TITLE, { align: 'center' });
  doc.font('serif').fontSize(12).text(periodLabel(r), { align: 'center' });
  doc.fontSize(10).text(`${scopeName} · Lập lúc ${vnDateTime(r.generatedAt)}`, { align: 'center' });
  doc.moveDown(0.8);

  doc.font('serif-bold').fontSize(12).text(MONTHS_HEADING, left);
  doc.moveDown(0.2);
  table(doc, 'Tháng', [
    ...r.months.map((m) => ({ name: monthLabel(m.month), cells: figureCells(m) })),
    { name: 'Cộng', cells: figureCells(r.totals), bold: true },
  ]);
  if (!r.tasksAvailable)
    doc.moveDown(0.3).font('serif').fontSize(9).text(`Nhiệm vụ: ${NO_TASK_DATA.toLowerCase()}.`, left);
  const types = typeBreakdown(r.totals.meetingsByType);
  if (types) doc.moveDown(0.3).font('serif').fontSize(9).text(`Theo loại cuộc họp: ${types}`, left);
  doc.moveDown(0.6);
  barChart(
    doc,
    'Số cuộc họp theo tháng',
    r.months.map((m) => ({
      label: monthLabel(m.month),
      value: m.meetings,
      text: formatNumberVi(m.meetings),
    })),
    BLUE,
  );

  doc.addPage();
  doc.font('serif-bold').fontSize(12).text(UNITS_HEADING, left);
  doc.moveDown(0.2);
  table(
    doc,
    'Khu phố / đơn vị',
    r.units.map((u) => ({ name: u.organizationName, cells: figureCells(u) })),
  );
  doc.moveDown(0.6);
  barChart(
    doc,
    'Chi phí đi lại tiết kiệm theo khu phố',
    r.units.map((u) => ({ label: u.organizationName, value: u.savedVnd, text: formatVnd(u.savedVnd) })),
    ORANGE,
  );

  if (doc.y + 140 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('serif-bold').fontSize(12).text(DEFINITIONS_HEADING, left);
  doc.font('serif').fontSize(9);
  for (const line of definitions(r.rates)) doc.text(`• ${line}`, left, doc.y, { width: 760 });
  doc.end();
  return done;
}
