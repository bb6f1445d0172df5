// Safety inspection of OOXML (docx/xlsx/pptx) and ODF (odt/ods/odp) packages before they are stored
// or converted: which kind the package really is, and a refusal for macros, ActiveX and OLE objects,
// external references (remote templates, linked images, other workbooks, DDE) and fields that read
// other files. Ordinary web hyperlinks stay: they are only followed when a person clicks them.
import type { DocumentKind } from '@diemcau/protocol';
import { typeRefused, unsafeFile as unsafe } from './refusals.js';
import { readEntry } from './zip.js';
import type { ByteSource, ZipEntry } from './zip.js';

/** Largest XML part we inflate to inspect (a real document.xml of a 300-page report is ~20 MB). */
const MAX_PART_BYTES = 64 * 1024 * 1024;
/** Relationship parts inspected at most (each slide, sheet and chart has one). */
const MAX_RELS_PARTS = 5000;

const OOXML_MAIN: Record<string, DocumentKind> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml': 'pptx',
};

/** Hyperlink targets that only open a web page, a mail or a phone call when clicked. */
const SAFE_LINK = /^(https?:|mailto:|tel:|#)/i;

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

const decodeXml = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : "'",
  );

async function text(src: ByteSource, entry: ZipEntry): Promise<string> {
  return (await readEntry(src, entry, MAX_PART_BYTES)).toString('utf8');
}

function byName(entries: readonly ZipEntry[]): Map<string, ZipEntry> {
  return new Map(entries.map((e) => [e.name, e]));
}

/** Word field codes that pull in other files or run programs when the fields are updated. */
const DANGEROUS_FIELD = /\b(DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|IMPORT)\b/i;

function checkWordFields(xml: string, part: string): void {
  const instr: string[] = [];
  for (const m of xml.matchAll(/<w:instrText[^>]*>([^<]*)<\/w:instrText>/g)) instr.push(m[1] ?? '');
  const joined = decodeXml(instr.join(''));
  const simple = [...xml.matchAll(/<w:fldSimple\b[^>]*>/g)].map((m) =>
    decodeXml(attr(m[0], 'w:instr') ?? ''),
  );
  for (const code of [joined, ...simple]) {
    const hit = DANGEROUS_FIELD.exec(code);
    if (hit)
      throw unsafe(`a field that reads other files or programs (${hit[1]?.toUpperCase() ?? ''}) in ${part}`);
  }
}

function checkRelationships(xml: string, part: string): void {
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    if (attr(m[0], 'TargetMode') !== 'External') continue;
    const type = (attr(m[0], 'Type') ?? '').split('/').pop() ?? '';
    const target = decodeXml(attr(m[0], 'Target') ?? '');
    if (type === 'hyperlink' && SAFE_LINK.test(target)) continue;
    throw unsafe(`an external reference (${type || 'unknown'} → ${target.slice(0, 120)}) in ${part}`);
  }
}

/** Parts whose mere presence means code, controls or links to other data. */
function checkOoxmlNames(entries: readonly ZipEntry[]): void {
  for (const { name } of entries) {
    const lower = name.toLowerCase();
    if (/vbaproject\.bin$|vbadata\.xml$/.test(lower)) throw unsafe(`macros (${name})`);
    if (lower.includes('/activex/')) throw unsafe(`ActiveX controls (${name})`);
    if (/\/embeddings\/[^/]+$/.test(lower) && !/\.(xlsx|docx|pptx|png|jpe?g|emf|wmf)$/.test(lower))
      throw unsafe(`an embedded OLE object or program (${name})`);
    if (lower.startsWith('xl/externallinks/')) throw unsafe(`links to other workbooks (${name})`);
    if (lower === 'xl/connections.xml' || lower.startsWith('xl/querytables/'))
      throw unsafe(`data connections or web queries (${name})`);
  }
}

/** docx, xlsx or pptx, after refusing macro-enabled and unsafe packages. */
export async function inspectOoxml(src: ByteSource, entries: readonly ZipEntry[]): Promise<DocumentKind> {
  const parts = byName(entries);
  const ctEntry = parts.get('[Content_Types].xml');
  if (!ctEntry) throw typeRefused('not an Office package');
  const ct = await text(src, ctEntry);
  if (/macroEnabled|vbaProject|ms-office\.activeX|\.binary\./i.test(ct))
    throw unsafe(
      'a macro-enabled or binary Office file (docm, xlsm, pptm, xlsb); save it as docx, xlsx or pptx',
    );
  let kind: DocumentKind | undefined;
  for (const m of ct.matchAll(/<Override\b[^>]*>/g)) {
    const found = OOXML_MAIN[attr(m[0], 'ContentType') ?? ''];
    if (found) kind = found;
  }
  if (!kind)
    throw typeRefused(
      'an Office package that is not a Word document, Excel workbook or PowerPoint presentation',
    );
  checkOoxmlNames(entries);
  const rels = entries.filter((e) => e.name.endsWith('.rels'));
  if (rels.length > MAX_RELS_PARTS) throw typeRefused('too many parts in the Office package');
  for (const e of rels) checkRelationships(await text(src, e), e.name);
  if (kind === 'docx') {
    for (const e of entries) {
      if (/^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(e.name))
        checkWordFields(await text(src, e), e.name);
    }
  }
  return kind;
}

const ODF_KINDS: Record<string, DocumentKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

/** Elements that load another document, a data source or a DDE link when the file is opened. */
const ODF_EXTERNAL_ELEMENTS =
  /<(text:section-source|table:table-source|table:dde-source|office:dde-source|text:dde-connection-decl|table:dde-link|draw:object-ole|draw:plugin|draw:applet|draw:floating-frame)\b/;
/** Hyperlink elements: their targets open only on a click. */
const ODF_LINK_ELEMENTS = new Set(['text:a', 'draw:a', 'form:button']);

/** A reference inside the package ("Pictures/x.png", "./Object 1") rather than a file or URL. */
const isInternalRef = (href: string): boolean =>
  href !== '' &&
  !/^[a-z][a-z0-9+.-]*:/i.test(href) &&
  !href.startsWith('/') &&
  !href.startsWith('\\') &&
  !href.split(/[\\/]/).includes('..');

function checkOdfXml(xml: string, part: string): void {
  const el = ODF_EXTERNAL_ELEMENTS.exec(xml);
  if (el) throw unsafe(`a link to another file or data source (${el[1] ?? ''}) in ${part}`);
  if (/vnd\.sun\.star\.script:|<script:event-listener\b|<office:script\b/.test(xml))
    throw unsafe(`macros bound to events in ${part}`);
  for (const m of xml.matchAll(/<([a-z]+:[a-z-]+)\b[^>]*\sxlink:href\s*=\s*"([^"]*)"[^>]*>/gi)) {
    const tag = m[1] ?? '';
    const href = decodeXml(m[2] ?? '');
    if (ODF_LINK_ELEMENTS.has(tag)) {
      if (!SAFE_LINK.test(href) && !isInternalRef(href))
        throw unsafe(`a link to a local file (${href.slice(0, 120)}) in ${part}`);
      continue;
    }
    if (!isInternalRef(href))
      throw unsafe(`an external reference (${tag} → ${href.slice(0, 120)}) in ${part}`);
  }
}

/** odt, ods or odp, after refusing macros, scripts and external references. */
export async function inspectOdf(src: ByteSource, entries: readonly ZipEntry[]): Promise<DocumentKind> {
  const parts = byName(entries);
  const mimeEntry = parts.get('mimetype');
  const mime = mimeEntry ? (await readEntry(src, mimeEntry, 200)).toString('ascii').trim() : '';
  const kind = ODF_KINDS[mime];
  if (!kind)
    throw typeRefused(`an OpenDocument file of an unsupported kind (${mime.slice(0, 80) || 'none'})`);
  for (const { name } of entries) {
    if (/^(basic|scripts)\//i.test(name)) throw unsafe(`macros or scripts (${name})`);
    if (/\.(bin|exe|dll|jar|class)$/i.test(name)) throw unsafe(`an embedded binary object (${name})`);
  }
  for (const e of entries) {
    if (/(^|\/)(content|styles)\.xml$/.test(e.name) || e.name === 'META-INF/manifest.xml')
      checkOdfXml(await text(src, e), e.name);
  }
  return kind;
}
