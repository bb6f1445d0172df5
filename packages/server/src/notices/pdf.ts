// The notice as a printable A4 PDF on the shared NĐ30 page (docs-layout/pdf.ts: NĐ30 margins,
// Liberation Serif embedded): same content as the DOCX.
import { FONTS, hRule, keepTogether, mmToPt, nd30Pdf } from '../docs-layout/pdf.js';
import { LEFT_COLUMN, MOTTO_LINE, NATIONAL_LINE, SIZES } from '../docs-layout/page.js';
import { DOC_KIND, taskLines } from './document.js';
import type { NoticeDocument } from './document.js';

/** The notice as a PDF file. */
export function noticePdf(n: NoticeDocument): Promise<Buffer> {
  const { doc, done, left, top, width } = nd30Pdf({ title: `${DOC_KIND} ${n.numberText}` });
  const leftW = width * LEFT_COLUMN;
  const rightX = left + leftW;
  const rightW = width - leftW;

  if (n.draft)
    doc
      .font(FONTS.bold)
      .fontSize(SIZES.header)
      .text('DỰ THẢO', left, top - mmToPt(12), { width, align: 'right' });

  // Header, left column: parent body, issuing body (bold), a short rule, the number.
  doc.y = top;
  if (n.parentBody)
    doc
      .font(FONTS.regular)
      .fontSize(SIZES.header)
      .text(n.parentBody.toLocaleUpperCase('vi'), left, doc.y, { width: leftW, align: 'center' });
  doc
    .font(FONTS.bold)
    .fontSize(SIZES.header)
    .text(n.issuingBody.toLocaleUpperCase('vi'), left, doc.y, { width: leftW, align: 'center' });
  const ruleY = doc.y + 2;
  hRule(doc, left + leftW / 2 - 25, left + leftW / 2 + 25, ruleY, 0.5);
  doc
    .font(FONTS.regular)
    .fontSize(SIZES.body)
    .text(`Số: ${n.numberText}`, left, ruleY + 6, { width: leftW, align: 'center' });
  const leftBottom = doc.y;

  // Right column: the national line, the motto underlined, the place and date in italics.
  doc
    .font(FONTS.bold)
    .fontSize(SIZES.header)
    .text(NATIONAL_LINE, rightX, top, { width: rightW, align: 'center' });
  doc.font(FONTS.bold).fontSize(SIZES.body);
  const mottoY = doc.y;
  doc.text(MOTTO_LINE, rightX, mottoY, { width: rightW, align: 'center' });
  const mottoW = doc.widthOfString(MOTTO_LINE);
  const mx = rightX + (rightW - mottoW) / 2;
  hRule(doc, mx, mx + mottoW, doc.y + 1, 0.5);
  doc
    .font(FONTS.italic)
    .fontSize(SIZES.body)
    .text(n.placeDate, rightX, doc.y + 10, { width: rightW, align: 'center' });

  doc.y = Math.max(leftBottom, doc.y) + 24;
  doc.font(FONTS.bold).fontSize(SIZES.title).text(DOC_KIND, left, doc.y, { width, align: 'center' });
  doc.text(n.title, left, doc.y, { width, align: 'center' });
  const t = doc.y + 4;
  hRule(doc, left + width / 2 - 40, left + width / 2 + 40, t, 0.5);
  doc.y = t + 14;

  const paragraph = (text: string, font: string = FONTS.regular): void => {
    doc
      .font(font)
      .fontSize(SIZES.body)
      .text(text, left, doc.y, { width, align: 'justify', indent: mmToPt(10), paragraphGap: 4 });
  };
  if (n.intro) paragraph(n.intro);
  n.items.forEach((item, i) => {
    paragraph(`${i + 1}. ${item.title}`, FONTS.bold);
    for (const line of item.conclusion.split(/\r?\n/).filter((l) => l.trim() !== '')) paragraph(line);
    for (const line of taskLines(n, i)) paragraph(`- ${line}`);
  });

  // Signature block (right) and recipients (left), kept together on one page.
  keepTogether(doc, 130);
  const sigY = doc.y + 18;
  doc.font(FONTS.boldItalic).fontSize(SIZES.header).text('Nơi nhận:', left, sigY, { width: leftW });
  doc.font(FONTS.regular).fontSize(11).text('- Như trên;', left, doc.y, { width: leftW });
  doc.text('- Lưu: VT.', left, doc.y, { width: leftW });
  const sigX = left + width * 0.45;
  const sigW = width * 0.55;
  doc
    .font(FONTS.bold)
    .fontSize(SIZES.body)
    .text(n.signerTitle.toLocaleUpperCase('vi'), sigX, sigY, { width: sigW, align: 'center' });
  doc.text(n.signerName, sigX, doc.y + 60, { width: sigW, align: 'center' });
  doc
    .font(FONTS.italic)
    .fontSize(8)
    .text(n.footer, left, doc.y + 30, { width });
  doc.end();
  return done;
}
