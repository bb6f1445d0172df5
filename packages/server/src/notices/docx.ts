// The notice as a Word document in the NĐ30 layout: issuing body and number top left, the
// national line and motto top right, place and date, title, conclusions with their tasks, the
// signature block. Names "Times New Roman" (what the reader's office suite will use).
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
} from 'docx';
import type { IParagraphOptions } from 'docx';
import { DOC_KIND, MOTTO_LINE, NATIONAL_LINE, taskLines } from './document.js';
import type { NoticeDocument } from './document.js';

const FONT = 'Times New Roman';
/** Half-points: 13 pt body, 12 pt for the small header lines. */
const BODY = 26;
const SMALL = 24;

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

const run = (text: string, s: RunStyle = {}): TextRun =>
  new TextRun({
    text,
    font: FONT,
    size: s.size ?? BODY,
    bold: s.bold ?? false,
    italics: s.italics ?? false,
    ...(s.underline ? { underline: {} } : {}),
  });

const para = (children: TextRun[], opts: Omit<IParagraphOptions, 'children'> = {}): Paragraph =>
  new Paragraph({ spacing: { after: 60 }, ...opts, children });

const centered = (text: string, s: RunStyle = {}): Paragraph =>
  para([run(text, s)], { alignment: AlignmentType.CENTER, spacing: { after: 0 } });

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};

function cell(children: Paragraph[], pct: number): TableCell {
  return new TableCell({ children, width: { size: pct, type: WidthType.PERCENTAGE }, borders: NO_BORDERS });
}

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
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, 40), cell(right, 60)] })],
  });
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
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, 45), cell(right, 55)] })],
  });
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
    centered(DOC_KIND, { bold: true, size: 28 }),
    centered(doc.title, { bold: true, size: 28 }),
    centered('________'),
    para([]),
    ...body(doc),
    para([]),
    signature(doc),
    para([run(doc.footer, { size: 16, italics: true })], { spacing: { before: 240 } }),
  ];
  const file = new Document({
    creator: 'Điểm Cầu',
    title: `${DOC_KIND} ${doc.numberText}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        // A4 with NĐ30 margins: top/bottom 20 mm, left 30 mm, right 15 mm (in twentieths of a point).
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1701, right: 850 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(file);
}
