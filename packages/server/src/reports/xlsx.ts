// The report as an Excel workbook: one sheet per view (per month, per neighborhood) with every
// count as a number cell in its own column (so that the ward can sum and chart them), proper
// number formats, Vietnamese headers, and a sheet with the definitions and rates.
import { MEETING_TYPES_FOR_REPORTS } from '@diemcau/protocol';
import type { Report, ReportFigures } from '@diemcau/protocol';
import ExcelJS from 'exceljs';
import {
  DEFINITIONS_HEADING,
  MEETING_TYPE_LABELS,
  MONTHS_HEADING,
  NO_TASK_DATA,
  REPORT_TITLE,
  UNITS_HEADING,
  XLSX_FORMATS,
  definitions,
  monthLabel,
  periodLabel,
} from './labels.js';

type Format = keyof typeof XLSX_FORMATS;

interface Column {
  header: string;
  width: number;
  format: Format;
  value: (f: ReportFigures) => number | string | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

const COLUMNS: Column[] = [
  { header: 'Số cuộc họp', width: 12, format: 'int', value: (f) => f.meetings },
  ...MEETING_TYPES_FOR_REPORTS.map((t): Column => ({
    header: MEETING_TYPE_LABELS[t] ?? t,
    width: 14,
    format: 'int',
    value: (f) => f.meetingsByType[t] ?? 0,
  })),
  { header: 'Người được mời', width: 14, format: 'int', value: (f) => f.invited },
  { header: 'Người được mời đã dự', width: 16, format: 'int', value: (f) => f.invitedPresent },
  { header: 'Tỷ lệ tham dự', width: 13, format: 'percent', value: (f) => ratio(f.invitedPresent, f.invited) },
  { header: 'Điểm cầu được mời', width: 15, format: 'int', value: (f) => f.pointsInvited },
  { header: 'Điểm cầu dự', width: 12, format: 'int', value: (f) => f.pointsAttended },
  { header: 'Số người dự', width: 12, format: 'int', value: (f) => f.people },
  { header: 'Lượt phát biểu', width: 13, format: 'int', value: (f) => f.speeches },
  { header: 'Điểm cầu phát biểu', width: 16, format: 'int', value: (f) => f.pointsSpoke },
  { header: 'Số biểu quyết', width: 13, format: 'int', value: (f) => f.votes },
  { header: 'Phiếu đã bỏ', width: 12, format: 'int', value: (f) => f.ballotsCast },
  { header: 'Người có quyền biểu quyết', width: 20, format: 'int', value: (f) => f.ballotsEligible },
  {
    header: 'Tỷ lệ biểu quyết',
    width: 14,
    format: 'percent',
    value: (f) => ratio(f.ballotsCast, f.ballotsEligible),
  },
  { header: 'Nhiệm vụ', width: 11, format: 'int', value: (f) => f.tasks?.total ?? NO_TASK_DATA },
  { header: 'Nhiệm vụ hoàn thành', width: 16, format: 'int', value: (f) => f.tasks?.done ?? NO_TASK_DATA },
  { header: 'Nhiệm vụ quá hạn', width: 15, format: 'int', value: (f) => f.tasks?.overdue ?? NO_TASK_DATA },
  { header: 'Km tiết kiệm', width: 13, format: 'km', value: (f) => f.travelKm },
  { header: 'Giờ tiết kiệm', width: 13, format: 'km', value: (f) => f.travelHours },
  { header: 'Chi phí đi lại tiết kiệm (₫)', width: 20, format: 'vnd', value: (f) => f.travelCostVnd },
  { header: 'Giá trị thời gian tiết kiệm (₫)', width: 22, format: 'vnd', value: (f) => f.timeValueVnd },
  { header: 'Tổng tiết kiệm (₫)', width: 18, format: 'vnd', value: (f) => f.savedVnd },
];

/** The header texts of a view's sheet (the tests read them back). */
export const sheetHeaders = (first: string): string[] => [first, ...COLUMNS.map((c) => c.header)];

function figuresSheet(
  wb: ExcelJS.Workbook,
  name: string,
  first: { header: string; width: number },
  rows: { name: string; figures: ReportFigures; bold?: boolean }[],
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = [
    { header: first.header, width: first.width },
    ...COLUMNS.map((c) => ({ header: c.header, width: c.width })),
  ];
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of rows) {
    const row = ws.addRow([r.name, ...COLUMNS.map((c) => c.value(r.figures))]);
    if (r.bold) row.font = { bold: true };
    COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      if (typeof cell.value === 'number') cell.numFmt = XLSX_FORMATS[c.format];
    });
  }
}

/** The report as an .xlsx file. */
export async function reportXlsx(r: Report, scopeName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Điểm Cầu';
  wb.created = new Date(r.generatedAt);
  figuresSheet(wb, MONTHS_HEADING, { header: 'Tháng', width: 16 }, [
    ...r.months.map((m) => ({ name: monthLabel(m.month), figures: m })),
    { name: 'Cộng', figures: r.totals, bold: true },
  ]);
  figuresSheet(
    wb,
    UNITS_HEADING,
    { header: 'Khu phố / đơn vị', width: 30 },
    r.units.map((u) => ({ name: u.organizationName, figures: u })),
  );
  const about = wb.addWorksheet(DEFINITIONS_HEADING);
  about.getColumn(1).width = 140;
  about.addRow([REPORT_TITLE]).font = { bold: true, size: 14 };
  about.addRow([`${periodLabel(r)} · ${scopeName}`]);
  about.addRow([]);
  for (const line of definitions(r.rates)) about.addRow([line]).alignment = { wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
