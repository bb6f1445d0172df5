// Recognises an uploaded file's type from its content (magic bytes, then the structure of a ZIP
// package), checks that the name does not claim another type, and refuses what we do not accept.
import type { DocumentKind } from '@diemcau/protocol';
import { inspectOdf, inspectOoxml } from './office-inspect.js';
import { typeRefused } from './refusals.js';
import { listEntries, ZipError } from './zip.js';
import type { ByteSource } from './zip.js';

export interface FileType {
  kind: DocumentKind;
  mime: string;
  /** Extensions a file of this kind may carry; the first is the one we add when it has none. */
  extensions: readonly string[];
}

export const FILE_TYPES: Record<DocumentKind, FileType> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', extensions: ['pdf'] },
  docx: {
    kind: 'docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: {
    kind: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  pptx: {
    kind: 'pptx',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  odt: { kind: 'odt', mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { kind: 'ods', mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  odp: { kind: 'odp', mime: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
  png: { kind: 'png', mime: 'image/png', extensions: ['png'] },
  jpeg: { kind: 'jpeg', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
};

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A readable name for what a refused file seems to be, so the refusal says something useful. */
function describeUnknown(head: Buffer): string {
  const text = head.toString('latin1').trimStart().toLowerCase();
  if (head.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex')))
    return 'an old or encrypted Office file (OLE2: .doc, .xls, .ppt or password-protected); save it as .docx/.xlsx/.pptx or PDF';
  if (head.subarray(0, 4).toString('latin1') === '\x7fELF' || head.subarray(0, 2).toString('latin1') === 'MZ')
    return 'a program';
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<script'))
    return 'a web page (HTML)';
  if (text.startsWith('<?xml') || text.startsWith('<svg')) return 'an XML or SVG file';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'a GIF image';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF') return 'a RIFF (WebP, AVI or WAV) file';
  return 'an unrecognised format';
}

async function sniffKind(src: ByteSource): Promise<DocumentKind> {
  const head = await src.read(0, 1024);
  if (head.subarray(0, 8).equals(PNG_MAGIC) && head.subarray(12, 16).toString('latin1') === 'IHDR')
    return 'png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  // NOTE: the PDF header may follow a little junk (the spec allows it within the first 1024 bytes).
  if (head.indexOf('%PDF-', 0, 'latin1') >= 0) return 'pdf';
  if (head.readUInt32LE(0) === 0x04034b50) {
    try {
      const entries = await listEntries(src);
      const names = new Set(entries.map((e) => e.name));
      if (names.has('[Content_Types].xml')) return await inspectOoxml(src, entries);
      if (names.has('mimetype')) return await inspectOdf(src, entries);
    } catch (err) {
      if (err instanceof ZipError) throw typeRefused(`damaged or unsupported ZIP package: ${err.message}`);
      throw err;
    }
    return Promise.reject(typeRefused('a ZIP archive that is not an Office or OpenDocument file'));
  }
  throw typeRefused(
    `not a PDF, Office, OpenDocument, PNG or JPEG file: it looks like ${describeUnknown(head)}`,
  );
}

/**
 * The file's type from its content, after the safety inspection of Office packages. Refuses
 * (415 `file_type_refused`, 422 `file_unsafe`) with a message naming what was found.
 */
export async function sniffFile(src: ByteSource): Promise<FileType> {
  if (src.size === 0) throw typeRefused('the file is empty');
  return FILE_TYPES[await sniffKind(src)];
}

/**
 * The stored name: the sanitised name when its extension fits the content, the name with the
 * right extension added when it has none, and a refusal when the name claims another type.
 */
export function nameForType(safeName: string, type: FileType): string {
  const dot = safeName.lastIndexOf('.');
  const tail = dot > 0 ? safeName.slice(dot + 1).toLowerCase() : '';
  // "Báo cáo 6.5 tháng" has a dot but no extension.
  const ext = /^[a-z0-9]{1,8}$/.test(tail) ? tail : '';
  if (ext === '') return `${safeName}.${type.extensions[0] ?? type.kind}`;
  if (type.extensions.includes(ext)) return safeName;
  throw typeRefused(`the name says .${ext} but the content is ${type.kind.toUpperCase()}`);
}
