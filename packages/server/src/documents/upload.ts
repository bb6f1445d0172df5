// Receives an upload body into a temp file next to the blob store, hashing it on the way and
// stopping at the size limit, then recognises its type from the bytes on disk.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '@diemcau/protocol';
import { tooLarge } from './refusals.js';
import { sniffFile } from './sniff.js';
import type { FileType } from './sniff.js';
import type { ByteSource } from './zip.js';

export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
  type: FileType;
}

/** Streams `body` to a temp file; 413 beyond `maxBytes`; the file is removed on any failure. */
export async function receiveUpload(
  body: Readable,
  tempDir: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  const tempPath = path.join(tempDir, `up-${randomBytes(8).toString('hex')}`);
  try {
    const { sha256, size } = await writeLimited(body, tempPath, maxBytes);
    const type = await withFile(tempPath, (src) => sniffFile(src));
    return { tempPath, sha256, size, type };
  } catch (err) {
    await fsp.rm(tempPath, { force: true });
    throw err;
  }
}

/**
 * Writes the body to `file`, hashing and counting. NOTE: past the limit the rest of the body is
 * read and discarded rather than the request destroyed, so the client receives the 413 instead
 * of a reset connection.
 */
function writeLimited(
  body: Readable,
  file: string,
  maxBytes: number,
): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      out.destroy();
      reject(err);
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge(maxBytes));
      hash.update(chunk);
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    });
    body.on('end', () => {
      if (!settled) out.end();
    });
    body.on('error', (err) => fail(interrupted(err)));
    body.on('close', () => {
      if (!body.readableEnded) fail(interrupted());
    });
    out.on('error', (err) => fail(err));
    out.on('finish', () => {
      if (settled) return;
      settled = true;
      resolve({ sha256: hash.digest('hex'), size });
    });
  });
}

const interrupted = (cause?: unknown): AppError =>
  new AppError('bad_message', 'the upload was interrupted', { field: 'file', cause });

/** Opens a file as a ByteSource for the duration of `fn`. */
export async function withFile<T>(file: string, fn: (src: ByteSource) => Promise<T>): Promise<T> {
  const fh = await fsp.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const src: ByteSource = {
      size,
      async read(offset, length) {
        const len = Math.max(0, Math.min(length, size - offset));
        const buf = Buffer.alloc(len);
        const { bytesRead } = await fh.read(buf, 0, len, offset);
        return buf.subarray(0, bytesRead);
      },
    };
    return await fn(src);
  } finally {
    await fh.close();
  }
}
