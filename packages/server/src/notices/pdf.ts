// The notice as a printable A4 PDF in the NĐ30 layout, with Liberation Serif embedded (metric
// compatible with Times New Roman, every Vietnamese glyph): same content as the DOCX.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { FONT_DIR } from '../conduct/attendance-export.js';
import { DOC_KIND, MOTTO_LINE, NATIONAL_LINE, taskLines } from './document.js';
import type { NoticeDocument } from './document.js';

const MM = 72 / 25.4;

/** The notice as a PDF file. */
export function noticePdf(n: NoticeDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    // NĐ30 margins: top/bottom 20 mm, left 30 mm, right 15 mm.
    margins: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM },
    info: { Title: `${DOC_KIND} ${n.numberText}`, Author: 'Điểm Cầu' },
  });
  doc.registerFont('serif', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Regular.ttf`));
  doc.registerFont('serif-bold', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Bold.ttf`));
  doc.registerFont('serif-italic', fs.readFileSync(`${FONT_DIR}/LiberationSerif-Italic.ttf`));
  doc.registerFont('serif-bolditalic', fs.readFileSync(`${FONT_DIR}/LiberationSerif-BoldItalic.ttf`));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const leftW = width * 0.4;
  const rightX = left + leftW;
  const rightW = width - leftW;
  const top = doc.page.margins.top;

  if (n.draft)
    doc
      .font('serif-bold')
      .fontSize(12)
      .text('DỰ THẢO', left, top - 12 * MM, { width, align: 'right' });

  // Header, left column: parent body, issuing body (bold), a short rule, the number.
  doc.y = top;
  if (n.parentBody)
    doc
      .font('serif')
      .fontSize(12)
      .text(n.parentBody.toLocaleUpperCase('vi'), left, doc.y, { width: leftW, align: 'center' });
  doc
    .font('serif-bold')
    .fontSize(12)
    .text(n.issuingBody.toLocaleUpperCase('vi'), left, doc.y, { width: leftW, align: 'center' });
  const ruleY = doc.y + 2;
  doc
    .moveTo(left + leftW / 2 - 25, ruleY)
    .lineTo(left + leftW / 2 + 25, ruleY)
    .lineWidth(0.5)
    .stroke();
  doc
    .font('serif')
    .fontSize(13)
    .text(`Số: ${n.numberText}`, left, ruleY + 6, { width: leftW, align: 'center' });
  const leftBottom = doc.y;

  // Right column: the national line, the motto underlined, the place and date in italics.
  doc.font('serif-bold').fontSize(12).text(NATIONAL_LINE, rightX, top, { width: rightW, align: 'center' });
  doc.font('serif-bold').fontSize(13);
  const mottoY = doc.y;
  doc.text(MOTTO_LINE, rightX, mottoY, { width: rightW, align: 'center' });
  const mottoW = doc.widthOfString(MOTTO_LINE);
  const mx = rightX + (rightW - mottoW) / 2;
  doc
    .moveTo(mx, doc.y + 1)
    .lineTo(mx + mottoW, doc.y + 1)
    .lineWidth(0.5)
    .stroke();
  doc
    .font('serif-italic')
    .fontSize(13)
    .text(n.placeDate, rightX, doc.y + 10, { width: rightW, align: 'center' });

  doc.y = Math.max(leftBottom, doc.y) + 24;
  doc.font('serif-bold').fontSize(14).text(DOC_KIND, left, doc.y, { width, align: 'center' });
  doc.text(n.title, left, doc.y, { width, align: 'center' });
  const t = doc.y + 4;
  doc
    .moveTo(left + width / 2 - 40, t)
    .lineTo(left + width / 2 + 40, t)
    .lineWidth(0.5)
    .stroke();
  doc.y = t + 14;

  const paragraph = (text: string, font = 'serif'): void => {
    doc
      .font(font)
      .fontSize(13)
      .text(text, left, doc.y, { width, align: 'justify', indent: 10 * MM, paragraphGap: 4 });
  };
  if (n.intro) paragraph(n.intro);
  n.items.forEach((item, i) => {
    paragraph(`${i + 1}. ${item.title}`, 'serif-bold');
    for (const line of item.conclusion.split(/\r?\n/).filter((l) => l.trim() !== '')) paragraph(line);
    for (const line of taskLines(n, i)) paragraph(`- ${line}`);
  });

  // Signature block (right) and recipients (left), kept together on one page.
  if (doc.y + 130 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const sigY = doc.y + 18;
  doc.font('serif-bolditalic').fontSize(12).text('Nơi nhận:', left, sigY, { width: leftW });
  doc.font('serif').fontSize(11).text('- Như trên;', left, doc.y, { width: leftW });
  doc.text('- Lưu: VT.', left, doc.y, { width: leftW });
  const sigX = left + width * 0.45;
  const sigW = width * 0.55;
  doc
    .font('serif-bold')
    .fontSize(13)
    .text(n.signerTitle.toLocaleUpperCase('vi'), sigX, sigY, { width: sigW, align: 'center' });
  doc.text(n.signerName, sigX, doc.y + 60, { width: sigW, align: 'center' });
  doc
    .font('serif-italic')
    .fontSize(8)
    .text(n.footer, left, doc.y + 30, { width });
  doc.end();
  return done;
}
