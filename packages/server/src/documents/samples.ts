// Real, small sample files made in code for the tests: a ZIP writer, a PDF with N pages, DOCX,
// XLSX, PPTX and ODT packages (with optional macros, external references and fields), PNG and
// JPEG images. Test-only: nothing in the server imports this.
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: string | Buffer;
  /** Store without compression (ODF's `mimetype` must be stored). */
  stored?: boolean;
}

/** A plain ZIP archive (no ZIP64), deflated unless `stored`. */
export function zip(entries: readonly ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const data = e.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(raw);
    const method = e.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A valid PDF with `pages` pages, each saying "Trang n" (Helvetica, ASCII only). */
export function pdf(pages = 1, label = 'Trang'): Buffer {
  const objects: string[] = [];
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pageIds.forEach((id, i) => {
    const stream = `BT /F1 36 Tf 72 700 Td (${label} ${i + 1}) Tj ET`;
    objects[id] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = Buffer.byteLength(out, 'latin1');
    out += `${i} 0 obj\n${objects[i] ?? ''}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) out += `${String(offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PNG of one colour. */
export function png(width = 8, height = 6, rgb: readonly [number, number, number] = [200, 30, 30]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    // PNG wants a zlib stream (header + Adler-32), not raw deflate.
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A tiny baseline JPEG (1×1, grey). */
export const jpeg = (): Buffer =>
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  );

const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const contentTypes = (overrides: Record<string, string>, defaults: Record<string, string> = {}): string =>
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  Object.entries(defaults)
    .map(([ext, ct]) => `<Default Extension="${ext}" ContentType="${ct}"/>`)
    .join('') +
  Object.entries(overrides)
    .map(([part, ct]) => `<Override PartName="${part}" ContentType="${ct}"/>`)
    .join('') +
  '</Types>';

const rels = (list: readonly { id: string; type: string; target: string; external?: boolean }[]): string =>
  `${XML_HEAD}<Relationships xmlns="${REL_NS}">` +
  list
    .map(
      (r) =>
        `<Relationship Id="${r.id}" Type="${r.type}" Target="${esc(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`,
    )
    .join('') +
  '</Relationships>';

export interface DocxOptions {
  paragraphs?: readonly string[];
  /** Extra relationships of word/document.xml (e.g. an external attachedTemplate). */
  documentRels?: readonly { type: string; target: string; external?: boolean }[];
  /** Add a VBA project and the macro-enabled content type (a .docm in disguise). */
  macro?: boolean;
  /** A complex field with this instruction, e.g. `INCLUDETEXT "/etc/passwd"`. */
  field?: string;
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A Word document that LibreOffice opens. */
export function docx(opts: DocxOptions = {}): Buffer {
  const paras = (opts.paragraphs ?? ['Biên bản họp giao ban']).map(
    (t) => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`,
  );
  if (opts.field)
    paras.push(
      '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
        `<w:r><w:instrText xml:space="preserve"> ${esc(opts.field)} </w:instrText></w:r>` +
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>…</w:t></w:r>' +
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    );
  const main = opts.macro
    ? 'application/vnd.ms-word.document.macroEnabled.main+xml'
    : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
  const entries: ZipInput[] = [
    {
      name: '[Content_Types].xml',
      data: contentTypes(
        { '/word/document.xml': main },
        opts.macro ? { bin: 'application/vnd.ms-office.vbaProject' } : {},
      ),
    },
    { name: '_rels/.rels', data: rels([{ id: 'rId1', type: OFFICE_DOC_REL, target: 'word/document.xml' }]) },
    {
      name: 'word/document.xml',
      data: `${XML_HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${paras.join('')}</w:body></w:document>`,
    },
  ];
  const docRels = (opts.documentRels ?? []).map((r, i) => ({ id: `rId${i + 10}`, ...r }));
  if (opts.macro)
    docRels.push({
      id: 'rIdVba',
      type: 'http://schemas.microsoft.com/office/2006/relationships/vbaProject',
      target: 'vbaProject.bin',
    });
  if (docRels.length > 0) entries.push({ name: 'word/_rels/document.xml.rels', data: rels(docRels) });
  if (opts.macro) entries.push({ name: 'word/vbaProject.bin', data: Buffer.from('d0cf11e0a1b11ae1', 'hex') });
  return zip(entries);
}

const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** An Excel workbook with one sheet of inline strings; `externalLink` adds a link to another workbook. */
export function xlsx(opts: { cells?: readonly string[]; externalLink?: boolean } = {}): Buffer {
  const cells = (opts.cells ?? ['Khu phố', 'Số hộ'])
    .map((c, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${esc(c)}</t></is></c>`)
    .join('');
  const entries: ZipInput[] = [
    {
      name: '[Content_Types].xml',
      data: contentTypes({
        '/xl/workbook.xml': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
        '/xl/worksheets/sheet1.xml':
          'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
      }),
    },
    { name: '_rels/.rels', data: rels([{ id: 'rId1', type: OFFICE_DOC_REL, target: 'xl/workbook.xml' }]) },
    {
      name: 'xl/workbook.xml',
      data: `${XML_HEAD}<workbook xmlns="${SHEET_NS}" xmlns:r="${R_NS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: rels([
        {
          id: 'rId1',
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
          target: 'worksheets/sheet1.xml',
        },
      ]),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `${XML_HEAD}<worksheet xmlns="${SHEET_NS}"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`,
    },
  ];
  if (opts.externalLink)
    entries.push({
      name: 'xl/externalLinks/externalLink1.xml',
      data: `${XML_HEAD}<externalLink xmlns="${SHEET_NS}"/>`,
    });
  return zip(entries);
}

/** A PowerPoint package (presentation part and one slide; enough to be recognised). */
export function pptx(): Buffer {
  const P_NS = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  return zip([
    {
      name: '[Content_Types].xml',
      data: contentTypes({
        '/ppt/presentation.xml':
          'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
        '/ppt/slides/slide1.xml': 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
      }),
    },
    {
      name: '_rels/.rels',
      data: rels([{ id: 'rId1', type: OFFICE_DOC_REL, target: 'ppt/presentation.xml' }]),
    },
    {
      name: 'ppt/presentation.xml',
      data: `${XML_HEAD}<p:presentation xmlns:p="${P_NS}" xmlns:r="${R_NS}"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>`,
    },
    {
      name: 'ppt/_rels/presentation.xml.rels',
      data: rels([
        {
          id: 'rId2',
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide',
          target: 'slides/slide1.xml',
        },
      ]),
    },
    {
      name: 'ppt/slides/slide1.xml',
      data: `${XML_HEAD}<p:sld xmlns:p="${P_NS}"><p:cSld><p:spTree/></p:cSld></p:sld>`,
    },
  ]);
}

/** An OpenDocument text; `body` is inserted into office:text as is (for linked images, sections). */
export function odt(
  body = '<text:p>Kế hoạch tuyên truyền phòng cháy chữa cháy</text:p>',
  extra: readonly ZipInput[] = [],
): Buffer {
  const content =
    `${XML_HEAD}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">' +
    `<office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const manifest =
    `${XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
    '</manifest:manifest>';
  return zip([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', stored: true },
    { name: 'META-INF/manifest.xml', data: manifest },
    { name: 'content.xml', data: content },
    ...extra,
  ]);
}

/** An ODT whose image is linked to a file on the server (the CVE-2020-25820 kind of reference). */
export const odtLinkingFile = (file: string): Buffer =>
  odt(
    '<text:p>Ảnh liên kết<draw:frame draw:name="i1" text:anchor-type="as-char" svg:width="4cm" svg:height="3cm">' +
      `<draw:image xlink:href="file://${esc(file)}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>` +
      '</draw:frame></text:p>',
  );
