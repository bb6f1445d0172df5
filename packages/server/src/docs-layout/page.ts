// What every printed administrative document (minutes, conclusion notices) shares whatever its
// renderer: the A4 page with Nghị định 30/2020 margins, the type sizes and the fixed header lines.

/** Page geometry: A4 with NĐ30 margins (top/bottom 20 mm, left 30 mm, right 15 mm). */
export const PAGE = {
  widthMm: 210,
  heightMm: 297,
  topMm: 20,
  bottomMm: 20,
  leftMm: 30,
  rightMm: 15,
} as const;

/** Font sizes in points: body 13, title 14, header 12 (NĐ30 allows 12–13 for the national line). */
export const SIZES = { body: 13, title: 14, header: 12 } as const;

/** Share of the text width taken by the left header column (issuing body and number). */
export const LEFT_COLUMN = 0.4;

/** The national line and motto (NĐ30) and the Party line (HD36), top right. */
export const NATIONAL_LINE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO_LINE = 'Độc lập - Tự do - Hạnh phúc';
export const PARTY_LINE = 'ĐẢNG CỘNG SẢN VIỆT NAM';

/** The author/creator written into the metadata of every DOCX and PDF we produce. */
export const AUTHOR = 'Điểm Cầu';

/**
 * "ngày 05 tháng 3 năm 2026" of a day YYYY-MM-DD, as NĐ30 (Phụ lục I) writes the date line: days
 * below 10 and only months 1 and 2 get a leading zero ("tháng 02", but "tháng 3", "tháng 11").
 */
export function dateWords(day: string): string {
  const month = Number(day.slice(5, 7));
  return `ngày ${day.slice(8, 10)} tháng ${month < 3 ? `0${month}` : String(month)} năm ${day.slice(0, 4)}`;
}

/** The place and date line, "Phường An Phú Đông, ngày 26 tháng 11 năm 2026" (no comma without a place). */
export const placeDateLine = (place: string, dateWords: string): string =>
  `${place ? `${place}, ` : ''}${dateWords}`;
