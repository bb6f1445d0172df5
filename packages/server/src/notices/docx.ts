// The notice as a Word document on the shared NĐ30 page (docs-layout/docx.ts): issuing body and
// number top left, the national line and motto top right, place and date, title, conclusions with
// their tasks, the signature block. Runs name "Times New Roman" (what the reader's office suite uses).
import { AlignmentType, Paragraph, TextRun } from 'docx';
import type { IParagraphOptions, Table } from 'docx';
import { DOCX_FONT, columnsTable, halfPoints, nd30Docx } from '../docs-layout/docx.js';
import { LEFT_COLUMN, MOTTO_LINE, NATIONAL_LINE, SIZES } from '../docs-layout/page.js';
import { DOC_KIND, taskLines } from './document.js';
import type { NoticeDocument } from './document.js';

/** Half-points: 13 pt body, 12 pt for the small header lines. */
const BODY = halfPoints(SIZES.body);
const SMALL = halfPoints(SIZES.header);

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

const run = (text: string, s: RunStyle = {}): TextRun =>
  new TextRun({
    text,
    font: DOCX_FONT,
    size: s.size ?? BODY,
    bold: s.bold ?? false,
    italics: s.italics ?? false,
    ...(s.underline ? { underline: {} } : {}),
  });

const para = (children: TextRun[], opts: Omit<IParagraphOptions, 'children'> = {}): Paragraph =>
  new Paragraph({ spacing: { after: 60 }, ...opts, children });

const centered = (text: string, s: RunStyle = {}): Paragraph =>
  para([run(text, s)], { alignment: AlignmentType.CENTER, spacing: { after: 0 } });

function header(doc: NoticeDocument): Table {
  const left = [
    ...(doc.parentBody ? [centered(doc.parentBody.toLocaleUpperCase('vi'), { size: SMALL })] : []),
    centered(doc.issuingBody.toLocaleUpperCase('vi'), { bold: true, size: SMALL }),
    centered('________', { size: SMALL }),
    centered(`Số: ${doc.numberText}`, { size: BODY }),
  ];
  const right = [
    centered(NATIONAL_LINE, { bold: true, size: SMALL }),
    centered(MOTTO_LINE, { bold: true, underline: true }),
    centered(''),
    centered(doc.placeDate, { italics: true }),
  ];
  return columnsTable([
    { children: left, share: LEFT_COLUMN },
    { children: right, share: 1 - LEFT_COLUMN },
  ]);
}

function signature(doc: NoticeDocument): Table {
  const right = [
    centered(doc.signerTitle.toLocaleUpperCase('vi'), { bold: true }),
    centered(''),
    centered(''),
    centered(''),
    centered(doc.signerName, { bold: true }),
  ];
  const left = [
    para([run('Nơi nhận:', { bold: true, italics: true, size: SMALL })], { spacing: { after: 0 } }),
    para([run('- Như trên;', { size: 22 })], { spacing: { after: 0 } }),
    para([run('- Lưu: VT.', { size: 22 })], { spacing: { after: 0 } }),
  ];
  return columnsTable([
    { children: left, share: 0.45 },
    { children: right, share: 0.55 },
  ]);
}

function body(doc: NoticeDocument): Paragraph[] {
  const indent = { firstLine: 567 };
  const out: Paragraph[] = [];
  if (doc.intro) out.push(para([run(doc.intro)], { alignment: AlignmentType.JUSTIFIED, indent }));
  doc.items.forEach((item, i) => {
    out.push(para([run(`${i + 1}. ${item.title}`, { bold: true })], { indent }));
    for (const line of item.conclusion.split(/\r?\n/).filter((l) => l.trim() !== ''))
      out.push(para([run(line)], { alignment: AlignmentType.JUSTIFIED, indent }));
    for (const line of taskLines(doc, i))
      out.push(para([run(`- ${line}`)], { alignment: AlignmentType.JUSTIFIED, indent }));
  });
  return out;
}

/** The notice as a DOCX file. */
export async function noticeDocx(doc: NoticeDocument): Promise<Buffer> {
  const children = [
    ...(doc.draft ? [para([run('DỰ THẢO', { bold: true })], { alignment: AlignmentType.RIGHT })] : []),
    header(doc),
    para([]),
    centered(DOC_KIND, { bold: true, size: halfPoints(SIZES.title) }),
    centered(doc.title, { bold: true, size: halfPoints(SIZES.title) }),
    centered('________'),
    para([]),
    ...body(doc),
    para([]),
    signature(doc),
    para([run(doc.footer, { size: 16, italics: true })], { spacing: { before: 240 } }),
  ];
  return nd30Docx({ title: `${DOC_KIND} ${doc.numberText}` }, children);
}
