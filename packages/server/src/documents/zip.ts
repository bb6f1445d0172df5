// A small read-only ZIP reader for inspecting uploaded OOXML and ODF packages: it lists the central
// directory and inflates chosen entries with a hard output cap. It never extracts to disk.
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

/** Random access to the bytes of a file (a buffer in tests, an open file on upload). */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export const bufferSource = (buf: Buffer): ByteSource => ({
  size: buf.length,
  read: (offset, length) => Promise.resolve(buf.subarray(offset, Math.min(buf.length, offset + length))),
});

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Why a ZIP could not be read; the caller turns it into a refusal the uploader understands. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
/** Office packages have hundreds of parts at most; thousands is already suspicious. */
export const MAX_ENTRIES = 20_000;

/** Reads the central directory. Refuses ZIP64, multi-disk and truncated archives. */
export async function listEntries(src: ByteSource): Promise<ZipEntry[]> {
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tail = await src.read(src.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no end of central directory');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0)
    throw new ZipError('multi-disk archive');
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archive');
  if (count > MAX_ENTRIES) throw new ZipError(`too many entries (${count})`);
  if (cdOffset + cdSize > src.size) throw new ZipError('truncated central directory');
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new ZipError('bad central directory');
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLen > cd.length) throw new ZipError('bad central directory');
    entries.push({
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      method: cd.readUInt16LE(p + 10),
      encrypted: (flags & 1) === 1,
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * The uncompressed bytes of one entry, at most `maxBytes` (a ZipError beyond: a small part that
 * inflates to gigabytes is a bomb, not a document).
 */
export async function readEntry(src: ByteSource, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.encrypted) throw new ZipError(`encrypted entry ${entry.name}`);
  if (entry.uncompressedSize > maxBytes) throw new ZipError(`entry ${entry.name} is too large`);
  const header = await src.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LFH_SIG) throw new ZipError('bad local header');
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > src.size) throw new ZipError(`truncated entry ${entry.name}`);
  const data = await src.read(start, entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new ZipError(`unsupported compression in ${entry.name}`);
  try {
    return await inflateRawAsync(data, { maxOutputLength: maxBytes });
  } catch (cause) {
    throw new ZipError(`cannot inflate ${entry.name}`, { cause });
  }
}
