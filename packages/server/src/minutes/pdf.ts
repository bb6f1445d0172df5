// The minutes as a PDF (pdfkit), drawn from the same blocks as the DOCX: A4, NĐ30 margins, Liberation
// Serif (metric-compatible with Times New Roman, every Vietnamese glyph) embedded.
import fs from 'node:fs';
import type { MinutesContent } from '@diemcau/protocol';
import PDFDocument from 'pdfkit';
import { FONT_DIR } from '../conduct/attendance-export.js';
import { LEFT_COLUMN, PAGE, SIZES, minutesBlocks } from './layout.js';
import type { HeaderLine, MinutesBlock, PrintMeta } from './layout.js';

const mm = (v: number): number => (v * 72) / 25.4;
type Doc = InstanceType<typeof PDFDocument>;

function fontOf(l: { bold?: boolean | undefined; italic?: boolean | undefined }): string {
  return l.bold ? (l.italic ? 'bi' : 'b') : l.italic ? 'i' : 'r';
}

/** One centred header column; returns the y below it. */
function headerColumn(doc: Doc, lines: HeaderLine[], x: number, y: number, width: number): number {
  let cy = y;
  for (const l of lines) {
    const size = l.italic ? SIZES.body : SIZES.header;
    doc.font(fontOf(l)).fontSize(size);
    const h = doc.heightOfString(l.text, { width });
    doc.text(l.text, x, cy, { width, align: 'center' });
    cy += h;
    if (l.rule) {
      // NOTE: a short centred rule (about a third of the line), as NĐ30 and HD36 print it.
      const w = Math.min(width, doc.widthOfString(l.text)) * 0.5;
      doc
        .moveTo(x + (width - w) / 2, cy + 1)
        .lineTo(x + (width + w) / 2, cy + 1)
        .lineWidth(0.6)
        .stroke();
      cy += 6;
    }
  }
  return cy;
}

function drawBlock(doc: Doc, b: MinutesBlock, left: number, width: number): void {
  const bottom = doc.page.height - doc.page.margins.bottom;
  switch (b.kind) {
    case 'header': {
      const y = doc.y;
      const lw = width * LEFT_COLUMN;
      const a = headerColumn(doc, b.left, left, y, lw);
      const c = headerColumn(doc, b.right, left + lw, y, width - lw);
      doc.x = left;
      doc.y = Math.max(a, c) + 12;
      return;
    }
    case 'title':
    case 'subtitle':
      doc
        .font('b')
        .fontSize(SIZES.title)
        .text(b.text, left, doc.y + (b.kind === 'title' ? 10 : 0), { width, align: 'center' });
      if (b.kind === 'subtitle') doc.moveDown(0.8);
      return;
    case 'heading':
      doc.moveDown(0.3).font('b').fontSize(SIZES.body).text(b.text, left, doc.y, { width });
      return;
    case 'para': {
      const indent = mm(8) * (b.indent ?? 0);
      b.text.split('\n').forEach((text, i) => {
        const label = i === 0 ? (b.label ?? '') : '';
        doc.fontSize(SIZES.body);
        const opts = { width: width - indent, align: 'justify' as const, indent: b.indent ? 0 : mm(10) };
        // NOTE: pdfkit's `continued` with an empty tail would not end the line; a lone label is a line.
        if (label && !text) doc.font('b').text(label, left + indent, doc.y, opts);
        else if (label) {
          doc.font('b').text(label, left + indent, doc.y, { ...opts, continued: true });
          doc.font(b.italic ? 'i' : 'r').text(text, opts);
        } else doc.font(b.italic ? 'i' : 'r').text(text, left + indent, doc.y, opts);
        doc.moveDown(0.15);
      });
      return;
    }
    case 'mark':
      doc
        .font('b')
        .fontSize(SIZES.body)
        .text(b.text, left, doc.y + 8, { width, align: 'center' });
      return;
    case 'note':
      // Below the signature space (the names sit 90 pt under the roles).
      doc
        .font('i')
        .fontSize(10)
        .text(b.text, left, doc.y + 24, { width });
      return;
    case 'signatures': {
      if (doc.y + 130 > bottom) doc.addPage();
      const y = doc.y + 16;
      const w = width / b.cols.length;
      b.cols.forEach((c, i) => {
        const x = left + i * w;
        doc.font('b').fontSize(SIZES.body).text(c.role, x, y, { width: w, align: 'center' });
        doc.font('i').text('(Ký, ghi rõ họ tên)', x, doc.y, { width: w, align: 'center' });
        doc.font('b').text(c.name, x, y + 90, { width: w, align: 'center' });
      });
      doc.x = left;
      return;
    }
  }
}

/** The minutes as PDF bytes. */
export function minutesPdf(c: MinutesContent, meta: PrintMeta): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: {
      top: mm(PAGE.topMm),
      bottom: mm(PAGE.bottomMm),
      left: mm(PAGE.leftMm),
      right: mm(PAGE.rightMm),
    },
    info: {
      Title: `Biên bản – ${meta.title}`,
      Author: 'Điểm Cầu',
      Subject: meta.sha256 ? `SHA-256: ${meta.sha256}` : 'Dự thảo',
    },
  });
  doc.registerFont('r', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Regular.ttf`));
  doc.registerFont('b', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Bold.ttf`));
  doc.registerFont('i', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Italic.ttf`));
  doc.registerFont('bi', fs.readFileSync(`${FONT_DIR}/LiberationSerif-BoldItalic.ttf`));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const b of minutesBlocks(c, meta)) drawBlock(doc, b, left, width);
  doc.end();
  return done;
}
