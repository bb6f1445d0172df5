// The Word side of the NĐ30 layout (the `docx` package): Times New Roman 13 pt, A4 with NĐ30
// margins, borderless column tables for the header and signature blocks, and the packed file.
import { BorderStyle, Document, Packer, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import type { Paragraph } from 'docx';
import { AUTHOR, PAGE, SIZES } from './page.js';

/** The declared font; LibreOffice and our PDFs use its metric twin Liberation Serif. */
export const DOCX_FONT = 'Times New Roman';

/** Word measures run sizes in half-points. */
export const halfPoints = (pt: number): number => pt * 2;

/**
 * Millimetres in twentieths of a point. NOTE: rounded, not floored like the `docx` package's
 * `convertMillimetersToTwip`, so A4 is Word's own 11906 × 16838 and 20 mm is 1134.
 */
export const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);

/** The width between the NĐ30 margins. */
export const TEXT_WIDTH_TWIP = mmToTwip(PAGE.widthMm - PAGE.leftMm - PAGE.rightMm);

export const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
export const NO_CELL_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };
export const NO_TABLE_BORDERS = {
  ...NO_CELL_BORDERS,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};

/** One column of a borderless row: its paragraphs and its share (0–1) of the text width. */
export interface DocxColumn {
  children: Paragraph[];
  share: number;
}

/**
 * Columns side by side in a borderless one-row table, which is how NĐ30 documents are typed. Each
 * width is fixed in twips (exact in Word and LibreOffice), with no cell padding, as our PDF draws
 * it. NOTE: not percent widths: LibreOffice lays a `w:w="100%"` table out narrower than the text
 * width, and the national line and the date wrapped onto two lines; Word's default 1.9 mm side
 * padding wrapped "UBND THÀNH PHỐ HỒ CHÍ MINH" in the left column.
 */
export function columnsTable(cols: DocxColumn[]): Table {
  const widths = cols.map((c) => Math.round(TEXT_WIDTH_TWIP * c.share));
  return new Table({
    width: { size: TEXT_WIDTH_TWIP, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { marginUnitType: WidthType.DXA, top: 0, bottom: 0, left: 0, right: 0 },
    borders: NO_TABLE_BORDERS,
    rows: [
      new TableRow({
        children: cols.map(
          (c, i) =>
            new TableCell({
              width: { size: widths[i] ?? 0, type: WidthType.DXA },
              borders: NO_CELL_BORDERS,
              children: c.children,
            }),
        ),
      }),
    ],
  });
}

/** What goes into a document besides its body. */
export interface DocxMeta {
  title: string;
  description?: string;
}

/** One A4 section with NĐ30 margins and Times New Roman 13 pt as the default run, packed. */
export async function nd30Docx(meta: DocxMeta, children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    creator: AUTHOR,
    title: meta.title,
    ...(meta.description === undefined ? {} : { description: meta.description }),
    styles: { default: { document: { run: { font: DOCX_FONT, size: halfPoints(SIZES.body) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmToTwip(PAGE.widthMm), height: mmToTwip(PAGE.heightMm) },
            margin: {
              top: mmToTwip(PAGE.topMm),
              bottom: mmToTwip(PAGE.bottomMm),
              left: mmToTwip(PAGE.leftMm),
              right: mmToTwip(PAGE.rightMm),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
