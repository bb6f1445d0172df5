// The minutes as a PDF (pdfkit), drawn from the same blocks as the DOCX on the shared NĐ30 page
// (docs-layout/pdf.ts: A4, NĐ30 margins, Liberation Serif embedded).
import type { MinutesContent } from '@diemcau/protocol';
import { FONTS, fontOf, hRule, keepTogether, mmToPt as mm, nd30Pdf } from '../docs-layout/pdf.js';
import type { PdfDoc as Doc } from '../docs-layout/pdf.js';
import { LEFT_COLUMN, SIZES } from '../docs-layout/page.js';
import { minutesBlocks } from './layout.js';
import type { HeaderLine, MinutesBlock, PrintMeta } from './layout.js';

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
      hRule(doc, x + (width - w) / 2, x + (width + w) / 2, cy + 1, 0.6);
      cy += 6;
    }
  }
  return cy;
}

function drawBlock(doc: Doc, b: MinutesBlock, left: number, width: number): void {
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
        .font(FONTS.bold)
        .fontSize(SIZES.title)
        .text(b.text, left, doc.y + (b.kind === 'title' ? 10 : 0), { width, align: 'center' });
      if (b.kind === 'subtitle') doc.moveDown(0.8);
      return;
    case 'heading':
      doc.moveDown(0.3).font(FONTS.bold).fontSize(SIZES.body).text(b.text, left, doc.y, { width });
      return;
    case 'para': {
      const indent = mm(8) * (b.indent ?? 0);
      b.text.split('\n').forEach((text, i) => {
        const label = i === 0 ? (b.label ?? '') : '';
        doc.fontSize(SIZES.body);
        const opts = { width: width - indent, align: 'justify' as const, indent: b.indent ? 0 : mm(10) };
        // NOTE: pdfkit's `continued` with an empty tail would not end the line; a lone label is a line.
        if (label && !text) doc.font(FONTS.bold).text(label, left + indent, doc.y, opts);
        else if (label) {
          doc.font(FONTS.bold).text(label, left + indent, doc.y, { ...opts, continued: true });
          doc.font(fontOf({ italic: b.italic })).text(text, opts);
        } else doc.font(fontOf({ italic: b.italic })).text(text, left + indent, doc.y, opts);
        doc.moveDown(0.15);
      });
      return;
    }
    case 'mark':
      doc
        .font(FONTS.bold)
        .fontSize(SIZES.body)
        .text(b.text, left, doc.y + 8, { width, align: 'center' });
      return;
    case 'note':
      // Below the signature space (the names sit 90 pt under the roles).
      doc
        .font(FONTS.italic)
        .fontSize(10)
        .text(b.text, left, doc.y + 24, { width });
      return;
    case 'signatures': {
      keepTogether(doc, 130);
      const y = doc.y + 16;
      const w = width / b.cols.length;
      b.cols.forEach((c, i) => {
        const x = left + i * w;
        doc.font(FONTS.bold).fontSize(SIZES.body).text(c.role, x, y, { width: w, align: 'center' });
        doc.font(FONTS.italic).text('(Ký, ghi rõ họ tên)', x, doc.y, { width: w, align: 'center' });
        doc.font(FONTS.bold).text(c.name, x, y + 90, { width: w, align: 'center' });
      });
      doc.x = left;
      return;
    }
  }
}

/** The minutes as PDF bytes. */
export function minutesPdf(c: MinutesContent, meta: PrintMeta): Promise<Buffer> {
  const { doc, done, left, width } = nd30Pdf({
    title: `Biên bản – ${meta.title}`,
    subject: meta.sha256 ? `SHA-256: ${meta.sha256}` : 'Dự thảo',
  });
  for (const b of minutesBlocks(c, meta)) drawBlock(doc, b, left, width);
  doc.end();
  return done;
}
