// Content-addressed storage of files: DATA_DIR/blobs/sha256/ab/cdef… named by the SHA-256 of the
// content, written atomically (temp file, fsync, rename, fsync of the folder) and never rewritten,
// so the same file uploaded twice is stored once. An S3-compatible store can implement BlobStore.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Where file contents live, addressed by their SHA-256. */
export interface BlobStore {
  /** Moves a finished temp file into the store (deleting it if the content is already there). */
  adoptFile(tempPath: string, sha256: string): Promise<StoredBlob>;
  /** Stores a file by copying it (e.g. a conversion output inside a sandbox folder). */
  putFile(file: string): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number>;
  open(sha256: string, range?: { start: number; end: number }): Readable;
  /** A folder on the same file system for uploads in progress (so adoption is a rename). */
  readonly tempDir: string;
}

/** SHA-256 of a file, streamed. */
export async function hashFile(file: string): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const buf = chunk as Buffer;
    hash.update(buf);
    size += buf.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export class DiskBlobStore implements BlobStore {
  readonly #root: string;
  readonly tempDir: string;

  constructor(dataDir: string) {
    this.#root = path.join(dataDir, 'blobs', 'sha256');
    this.tempDir = path.join(dataDir, 'blobs', 'tmp');
    fs.mkdirSync(this.#root, { recursive: true, mode: 0o700 });
    fs.mkdirSync(this.tempDir, { recursive: true, mode: 0o700 });
  }

  /** The path of a blob. Throws on anything but 64 lowercase hex digits (no path tricks). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async size(sha256: string): Promise<number> {
    return (await fsp.stat(this.pathOf(sha256))).size;
  }

  open(sha256: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async adoptFile(tempPath: string, sha256: string): Promise<StoredBlob> {
    const target = this.pathOf(sha256);
    const { size } = await fsp.stat(tempPath);
    if (await this.has(sha256)) {
      await fsp.rm(tempPath, { force: true });
      return { sha256, size };
    }
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const fh = await fsp.open(tempPath, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.chmod(tempPath, 0o400);
    await fsp.rename(tempPath, target);
    await syncDir(path.dirname(target));
    return { sha256, size };
  }

  async putFile(file: string): Promise<StoredBlob> {
    const temp = path.join(this.tempDir, `put-${randomBytes(8).toString('hex')}`);
    await fsp.copyFile(file, temp);
    try {
      const { sha256 } = await hashFile(temp);
      return await this.adoptFile(temp, sha256);
    } finally {
      await fsp.rm(temp, { force: true });
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
