// The PDF side of the NĐ30 layout (pdfkit): an A4 document with NĐ30 margins and Liberation Serif
// (metric-compatible with Times New Roman, every Vietnamese glyph) embedded in four faces.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { FONT_DIR } from '../conduct/attendance-export.js';
import { AUTHOR, PAGE } from './page.js';

export type PdfDoc = InstanceType<typeof PDFDocument>;

/** Millimetres in PDF points. */
export const mmToPt = (mm: number): number => (mm * 72) / 25.4;

/** The registered faces, by the names `doc.font()` takes. */
export const FONTS = {
  regular: 'serif',
  bold: 'serif-bold',
  italic: 'serif-italic',
  boldItalic: 'serif-bolditalic',
} as const;

const FILES: Record<keyof typeof FONTS, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

/** The face of a run that may be bold and/or italic. */
export function fontOf(s: { bold?: boolean | undefined; italic?: boolean | undefined }): string {
  return s.bold ? (s.italic ? FONTS.boldItalic : FONTS.bold) : s.italic ? FONTS.italic : FONTS.regular;
}

/** A started document, where its text area is, and its bytes once `doc.end()` is called. */
export interface Nd30Pdf {
  doc: PdfDoc;
  done: Promise<Buffer>;
  /** Left margin, top margin and text width, in points. */
  left: number;
  top: number;
  width: number;
}

/** A4 with NĐ30 margins, the four Liberation Serif faces registered, the bytes collected. */
export function nd30Pdf(info: { title: string; subject?: string }): Nd30Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: {
      top: mmToPt(PAGE.topMm),
      bottom: mmToPt(PAGE.bottomMm),
      left: mmToPt(PAGE.leftMm),
      right: mmToPt(PAGE.rightMm),
    },
    info: {
      Title: info.title,
      Author: AUTHOR,
      ...(info.subject === undefined ? {} : { Subject: info.subject }),
    },
  });
  for (const face of Object.keys(FONTS) as (keyof typeof FONTS)[])
    doc.registerFont(FONTS[face], fs.readFileSync(`${FONT_DIR}/${FILES[face]}`));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  return { doc, done, left, top: doc.page.margins.top, width };
}

/** A horizontal rule from x1 to x2 at y (the short rules under header lines and titles). */
export function hRule(doc: PdfDoc, x1: number, x2: number, y: number, lineWidth: number): void {
  doc.moveTo(x1, y).lineTo(x2, y).lineWidth(lineWidth).stroke();
}

/** Starts a new page unless `height` points still fit (signature blocks are never split). */
export function keepTogether(doc: PdfDoc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}
