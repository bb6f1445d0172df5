// The minutes as a DOCX (the `docx` package) on the shared NĐ30 page (docs-layout/docx.ts): the
// two-column header and the signature blocks as borderless column tables, the body in between.
import { AlignmentType, Paragraph, TextRun, convertMillimetersToTwip } from 'docx';
import type { Table } from 'docx';
import type { MinutesContent } from '@diemcau/protocol';
import { columnsTable, halfPoints as half, nd30Docx } from '../docs-layout/docx.js';
import { LEFT_COLUMN, SIZES } from '../docs-layout/page.js';
import { minutesBlocks } from './layout.js';
import type { HeaderLine, MinutesBlock, PrintMeta } from './layout.js';

function headerColumn(lines: HeaderLine[]): Paragraph[] {
  return lines.map(
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
  );
}

function signatureColumn(role: string, name: string): Paragraph[] {
  return [
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
  ];
}

const INDENT_TWIP = convertMillimetersToTwip(8);

function blockToDocx(b: MinutesBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'header':
      return [
        columnsTable([
          { children: headerColumn(b.left), share: LEFT_COLUMN },
          { children: headerColumn(b.right), share: 1 - LEFT_COLUMN },
        ]),
      ];
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
    case 'signatures':
      return [
        new Paragraph({ spacing: { before: 240 }, children: [] }),
        columnsTable(
          b.cols.map((c) => ({ children: signatureColumn(c.role, c.name), share: 1 / b.cols.length })),
        ),
      ];
  }
}

/** The minutes as DOCX bytes. */
export async function minutesDocx(c: MinutesContent, meta: PrintMeta): Promise<Buffer> {
  return nd30Docx(
    {
      title: `Biên bản – ${meta.title}`,
      description: meta.sha256 ? `SHA-256: ${meta.sha256}` : 'Dự thảo',
    },
    minutesBlocks(c, meta).flatMap(blockToDocx),
  );
}
