// The minutes as a DOCX (the `docx` package): A4, NĐ30 margins, Times New Roman 13 pt body, the
// two-column header as a borderless table, and the signature blocks side by side at the end.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import type { MinutesContent } from '@diemcau/protocol';
import { LEFT_COLUMN, PAGE, SIZES, minutesBlocks } from './layout.js';
import type { HeaderLine, MinutesBlock, PrintMeta } from './layout.js';

const FONT = 'Times New Roman';
const half = (pt: number): number => pt * 2;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const TEXT_WIDTH_TWIP = convertMillimetersToTwip(PAGE.widthMm - PAGE.leftMm - PAGE.rightMm);

function headerCell(lines: HeaderLine[], widthTwip: number): TableCell {
  return new TableCell({
    width: { size: widthTwip, type: WidthType.DXA },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
    children: lines.map(
      (l) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: l.rule ? 80 : 0 },
          children: [
            new TextRun({
              text: l.text,
              bold: l.bold ?? false,
              italics: l.italic ?? false,
              size: half(l.italic ? SIZES.body : SIZES.header),
              // NOTE: Word has no short centred rule under a line; an underline of the text itself is
              // how offices type it, and LibreOffice renders it the same.
              underline: l.rule ? {} : undefined,
            }),
          ],
        }),
    ),
  });
}

function twoColumns(left: TableCell, right: TableCell): Table {
  return new Table({
    width: { size: TEXT_WIDTH_TWIP, type: WidthType.DXA },
    columnWidths: [
      Math.round(TEXT_WIDTH_TWIP * LEFT_COLUMN),
      Math.round(TEXT_WIDTH_TWIP * (1 - LEFT_COLUMN)),
    ],
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [left, right] })],
  });
}

const INDENT_TWIP = convertMillimetersToTwip(8);

function blockToDocx(b: MinutesBlock): (Paragraph | Table)[] {
  const leftW = Math.round(TEXT_WIDTH_TWIP * LEFT_COLUMN);
  const rightW = TEXT_WIDTH_TWIP - leftW;
  switch (b.kind) {
    case 'header':
      return [twoColumns(headerCell(b.left, leftW), headerCell(b.right, rightW))];
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 360 },
          children: [new TextRun({ text: b.text, bold: true, size: half(SIZES.title) })],
        }),
      ];
    case 'subtitle':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 240 },
          children: [new TextRun({ text: b.text, bold: true, size: half(SIZES.title) })],
        }),
      ];
    case 'heading':
      return [
        new Paragraph({
          spacing: { before: 120, after: 60 },
          children: [new TextRun({ text: b.text, bold: true })],
        }),
      ];
    case 'para':
      // A typed paragraph may hold line breaks: each becomes its own paragraph.
      return b.text.split('\n').map(
        (text, i) =>
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: 60 },
            indent: {
              left: INDENT_TWIP * (b.indent ?? 0),
              firstLine: b.indent ? 0 : convertMillimetersToTwip(10),
            },
            children: [
              ...(i === 0 && b.label ? [new TextRun({ text: b.label, bold: true })] : []),
              new TextRun({ text, italics: b.italic ?? false }),
            ],
          }),
      );
    case 'mark':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 240 },
          children: [new TextRun({ text: b.text, bold: true })],
        }),
      ];
    case 'note':
      return [
        new Paragraph({
          spacing: { before: 360 },
          children: [new TextRun({ text: b.text, italics: true, size: half(10) })],
        }),
      ];
    case 'signatures': {
      const w = Math.round(TEXT_WIDTH_TWIP / b.cols.length);
      const cell = (role: string, name: string) =>
        new TableCell({
          width: { size: w, type: WidthType.DXA },
          borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: role, bold: true })],
            }),
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: '(Ký, ghi rõ họ tên)', italics: true })],
            }),
            new Paragraph({
              spacing: { before: 1200 },
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: name, bold: true })],
            }),
          ],
        });
      return [
        new Paragraph({ spacing: { before: 240 }, children: [] }),
        new Table({
          width: { size: TEXT_WIDTH_TWIP, type: WidthType.DXA },
          columnWidths: b.cols.map(() => w),
          borders: NO_BORDERS,
          rows: [new TableRow({ children: b.cols.map((c) => cell(c.role, c.name)) })],
        }),
      ];
    }
  }
}

/** The minutes as DOCX bytes. */
export async function minutesDocx(c: MinutesContent, meta: PrintMeta): Promise<Buffer> {
  const doc = new Document({
    creator: 'Điểm Cầu',
    title: `Biên bản – ${meta.title}`,
    description: meta.sha256 ? `SHA-256: ${meta.sha256}` : 'Dự thảo',
    styles: { default: { document: { run: { font: FONT, size: half(SIZES.body) } } } },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: convertMillimetersToTwip(PAGE.widthMm),
              height: convertMillimetersToTwip(PAGE.heightMm),
            },
            margin: {
              top: convertMillimetersToTwip(PAGE.topMm),
              bottom: convertMillimetersToTwip(PAGE.bottomMm),
              left: convertMillimetersToTwip(PAGE.leftMm),
              right: convertMillimetersToTwip(PAGE.rightMm),
            },
          },
        },
        children: minutesBlocks(c, meta).flatMap(blockToDocx),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
