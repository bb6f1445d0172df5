// Vietnamese text of the exported reports (PDF and XLSX share it): column headings, meeting types,
// month names and the definitions printed under the tables.
import { formatNumberVi, formatPercentVi, formatVnd } from '@diemcau/protocol';
import type { Report, ReportFigures, ReportRates } from '@diemcau/protocol';

export const MEETING_TYPE_LABELS: Record<string, string> = {
  giao_ban: 'Họp giao ban',
  chi_bo: 'Sinh hoạt chi bộ',
  tap_huan: 'Tập huấn',
  chuyen_de: 'Sinh hoạt chuyên đề',
  hoi_nghi: 'Hội nghị',
};

export const REPORT_TITLE = 'BÁO CÁO HOẠT ĐỘNG HỌP TRỰC TUYẾN';
export const MONTHS_HEADING = 'Theo tháng';
export const UNITS_HEADING = 'Theo khu phố';
export const DEFINITIONS_HEADING = 'Cách tính';
export const NO_TASK_DATA = 'Chưa có dữ liệu';

/** "Tháng 11/2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `Tháng ${m}/${y}`;
}

/** "Từ tháng 01/2026 đến tháng 06/2026" (or one month). */
export function periodLabel(r: Pick<Report, 'from' | 'to'>): string {
  if (r.from === r.to) return monthLabel(r.from);
  return `Từ ${monthLabel(r.from).toLowerCase()} đến ${monthLabel(r.to).toLowerCase()}`;
}

/** The columns of both tables, after the row's own name. */
export const FIGURE_COLUMNS = [
  'Số cuộc họp',
  'Tỷ lệ tham dự',
  'Điểm cầu dự',
  'Số người dự',
  'Lượt phát biểu',
  'Điểm cầu phát biểu',
  'Tỷ lệ biểu quyết',
  'Nhiệm vụ hoàn thành',
  'Nhiệm vụ quá hạn',
  'Km tiết kiệm',
  'Giờ tiết kiệm',
  'Chi phí tiết kiệm',
] as const;

/** The figures of a row as printed text (same order as FIGURE_COLUMNS); no task data: "—". */
export function figureCells(f: ReportFigures): string[] {
  return [
    formatNumberVi(f.meetings),
    `${formatPercentVi(f.invitedPresent, f.invited)} (${f.invitedPresent}/${f.invited})`,
    `${f.pointsAttended}/${f.pointsInvited}`,
    formatNumberVi(f.people),
    formatNumberVi(f.speeches),
    `${f.pointsSpoke}/${f.pointsAttended}`,
    `${formatPercentVi(f.ballotsCast, f.ballotsEligible)} (${f.ballotsCast}/${f.ballotsEligible})`,
    f.tasks ? `${f.tasks.done}/${f.tasks.total}` : '—',
    f.tasks ? formatNumberVi(f.tasks.overdue) : '—',
    formatNumberVi(f.travelKm, 1),
    formatNumberVi(f.travelHours, 1),
    formatVnd(f.savedVnd),
  ];
}

/** "Họp giao ban: 3; Tập huấn: 1". */
export function typeBreakdown(byType: Record<string, number>): string {
  return Object.entries(byType)
    .map(([t, n]) => `${MEETING_TYPE_LABELS[t] ?? t}: ${n}`)
    .join('; ');
}

/** The definitions printed with every report (same words as the web page's help). */
export function definitions(rates: ReportRates): string[] {
  return [
    'Số cuộc họp: các cuộc họp đã kết thúc trong kỳ (giờ Việt Nam); ở dòng khu phố là các cuộc họp có điểm cầu của khu phố được mời.',
    'Tỷ lệ tham dự: số người được mời đã dự (bằng thiết bị riêng hoặc được điểm cầu điểm danh) / số người được mời. Điểm cầu dự: điểm cầu đã kết nối hoặc báo cáo điểm danh / điểm cầu được mời.',
    'Số người dự: số người các điểm cầu báo cáo khi điểm danh, cộng người được mời dự bằng thiết bị riêng.',
    'Lượt phát biểu: số lượt được chủ trì cho phát biểu. Điểm cầu phát biểu: số điểm cầu có người phát biểu / số điểm cầu dự.',
    'Tỷ lệ biểu quyết: số phiếu đã bỏ và số biểu quyết các điểm cầu báo cáo / số người có quyền biểu quyết.',
    'Nhiệm vụ: số nhiệm vụ hoàn thành / tổng số, và số nhiệm vụ quá hạn, theo dữ liệu nhiệm vụ của từng đơn vị.',
    `Tiết kiệm đi lại: số người dự tại điểm cầu × 2 × khoảng cách từ điểm cầu đến hội trường phường (km); giờ = km / ${rates.speedKmh} km/h; chi phí = km × ${formatVnd(rates.costPerKmVnd)}/km + giờ × ${formatVnd(rates.hourValueVnd)}/giờ.`,
  ];
}

/** Excel number formats (Vietnamese grouping is the reader's locale; these fix the decimals). */
export const XLSX_FORMATS = {
  int: '#,##0',
  km: '#,##0.0',
  percent: '0.0%',
  vnd: '#,##0 "₫"',
} as const;
