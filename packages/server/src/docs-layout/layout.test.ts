// The shared NĐ30 page as both renderers write it: Word's A4 and NĐ30 margins in twips, Times New
// Roman 13 pt as the default run, borderless column tables that fill the text width, and a PDF on
// A4 with Liberation Serif embedded that keeps a block together on a new page.
import { Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { bufferSource, listEntries, readEntry } from '../documents/zip.js';
import { TEXT_WIDTH_TWIP, columnsTable, mmToTwip, nd30Docx } from './docx.js';
import { dateWords, placeDateLine } from './page.js';
import { FONTS, fontOf, keepTogether, mmToPt, nd30Pdf } from './pdf.js';

async function part(docx: Buffer, name: string): Promise<string> {
  const src = bufferSource(docx);
  const entry = (await listEntries(src)).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} missing`);
  return (await readEntry(src, entry, 5_000_000)).toString('utf8');
}

describe('the DOCX page', () => {
  it('is Word’s A4 with NĐ30 margins, rounded to the twip', () => {
    expect([mmToTwip(210), mmToTwip(297)]).toEqual([11906, 16838]);
    expect([mmToTwip(20), mmToTwip(30), mmToTwip(15)]).toEqual([1134, 1701, 850]);
    expect(TEXT_WIDTH_TWIP).toBe(9354);
  });

  it('writes the page, the default font and the column widths', async () => {
    const table = columnsTable([
      { children: [new Paragraph('ỦY BAN NHÂN DÂN')], share: 0.4 },
      { children: [new Paragraph('Độc lập - Tự do - Hạnh phúc')], share: 0.6 },
    ]);
    const buf = await nd30Docx({ title: 'Thử', description: 'Mô tả' }, [table]);
    const doc = await part(buf, 'word/document.xml');
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(doc).toContain('<w:gridCol w:w="3742"/><w:gridCol w:w="5612"/>');
    // Fixed twips, never percent: LibreOffice narrows a percent table and the header lines wrap.
    expect(doc).toContain('<w:tblW w:type="dxa" w:w="9354"/>');
    expect(doc).toContain('<w:tcW w:type="dxa" w:w="3742"/>');
    expect(doc).not.toContain('w:type="pct"');
    expect(doc).toContain('<w:tblLayout w:type="fixed"/>');
    expect(doc).toContain('<w:tblCellMar><w:top w:type="dxa" w:w="0"/><w:left w:type="dxa" w:w="0"/>');
    expect(doc).toMatch(/<w:tcBorders><w:top w:val="none"/);
    expect(doc).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(doc).not.toMatch(/w:val="single"/);
    const styles = await part(buf, 'word/styles.xml');
    expect(styles).toMatch(/<w:rFonts w:ascii="Times New Roman"/);
    expect(styles).toContain('<w:sz w:val="26"/>');
    const core = await part(buf, 'docProps/core.xml');
    expect(core).toContain('<dc:title>Thử</dc:title>');
    expect(core).toContain('<dc:creator>Điểm Cầu</dc:creator>');
    expect(core).toContain('<dc:description>Mô tả</dc:description>');
  });
});

describe('the place and date line', () => {
  it('pads days below 10 and only months 1 and 2 (NĐ30 Phụ lục I)', () => {
    expect(dateWords('2026-03-05')).toBe('ngày 05 tháng 3 năm 2026');
    expect(dateWords('2026-02-15')).toBe('ngày 15 tháng 02 năm 2026');
    expect(dateWords('2026-01-09')).toBe('ngày 09 tháng 01 năm 2026');
    expect(dateWords('2026-11-20')).toBe('ngày 20 tháng 11 năm 2026');
    expect(dateWords('2026-09-30')).toBe('ngày 30 tháng 9 năm 2026');
  });

  it('puts the place before the date, and no comma without a place', () => {
    expect(placeDateLine('Phường An Phú Đông', 'ngày 26 tháng 11 năm 2026')).toBe(
      'Phường An Phú Đông, ngày 26 tháng 11 năm 2026',
    );
    expect(placeDateLine('', 'ngày 26 tháng 11 năm 2026')).toBe('ngày 26 tháng 11 năm 2026');
  });
});

describe('the PDF page', () => {
  it('is A4 with NĐ30 margins and Liberation Serif embedded in the faces used', async () => {
    const { doc, done, left, top, width } = nd30Pdf({ title: 'Thử', subject: 'SHA-256: ab' });
    expect([doc.page.width, doc.page.height].map(Math.round)).toEqual([595, 842]);
    expect(left).toBeCloseTo(mmToPt(30), 6);
    expect(top).toBeCloseTo(mmToPt(20), 6);
    expect(width).toBeCloseTo(doc.page.width - mmToPt(30) - mmToPt(15), 6);
    doc.font(fontOf({ bold: true })).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    doc.font(fontOf({ italic: true })).text('Phường An Phú Đông, ngày 26 tháng 11 năm 2026');
    doc.end();
    const pdf = (await done).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSerif-Bold\b/);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSerif-Italic\b/);
    expect(pdf).not.toMatch(/LiberationSerif-BoldItalic/);
  });

  it('names the four faces by bold and italic', () => {
    expect([
      fontOf({}),
      fontOf({ bold: true }),
      fontOf({ italic: true }),
      fontOf({ bold: true, italic: true }),
    ]).toEqual([FONTS.regular, FONTS.bold, FONTS.italic, FONTS.boldItalic]);
  });

  it('starts a new page only when a block would not fit', async () => {
    const { doc, done, top } = nd30Pdf({ title: 'x' });
    const bottom = doc.page.height - doc.page.margins.bottom;
    doc.y = bottom - 100;
    keepTogether(doc, 90);
    expect(doc.y).toBe(bottom - 100);
    keepTogether(doc, 130);
    expect(doc.y).toBe(top);
    doc.font(FONTS.regular).text('Chữ ký');
    doc.end();
    expect((await done).toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
  });
});
