// File names from uploaders are display text, never paths: keep the last segment, drop control
// and bidirectional-override characters and characters Windows forbids, bound the length, and
// build Content-Disposition headers that carry the Vietnamese name safely.

const MAX_NAME_BYTES = 200;
// NOTE: C0/C1 controls, and U+202A–202E / U+2066–2069 which can make "gpj.exe" read as "exe.jpg".
const INVISIBLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
function cutUtf8(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/**
 * A safe display name: "../../etc/passwd.pdf" → "passwd.pdf", "C:\\x\\Báo cáo.docx" →
 * "Báo cáo.docx". An empty result becomes "tai-lieu". The extension survives length cuts.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 9 ? name.slice(dot) : '';
    name = cutUtf8(name.slice(0, name.length - ext.length), MAX_NAME_BYTES - ext.length).trimEnd() + ext;
  }
  return name === '' ? 'tai-lieu' : name;
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
