// Extracts the text of a document's PDF for the search index with poppler's `pdftotext`, in the
// same bubblewrap sandbox as the conversions (a PDF is untrusted input), with tighter limits:
// bounded pages, time and output size.
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fs from 'node:fs';
import type { BlobStore } from '../documents/blobs.js';
import { JOB_DIR, runSandboxed } from '../documents/sandbox.js';
import type { SandboxLimits } from '../documents/sandbox.js';

/** Pages read at most, and bytes of text kept (the index keeps at most MAX_BODY characters). */
export const MAX_TEXT_PAGES = 300;
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

const LIMITS: Partial<SandboxLimits> = {
  timeoutMs: 60_000,
  cpuSeconds: 60,
  addressSpaceBytes: 1024 ** 3,
  fileSizeBytes: 64 * 1024 ** 2,
};

/** What the indexer calls; tests may substitute their own. */
export interface TextExtractor {
  /** The text of a stored PDF; throws when it cannot be read. */
  pdfText(sha256: string, signal?: AbortSignal): Promise<string>;
}

export class SandboxTextExtractor implements TextExtractor {
  constructor(
    private readonly blobs: BlobStore,
    private readonly limits: Partial<SandboxLimits> = LIMITS,
  ) {}

  async pdfText(sha256: string, signal?: AbortSignal): Promise<string> {
    const jobDir = path.join(this.blobs.tempDir, `text-${randomBytes(8).toString('hex')}`);
    await fsp.mkdir(jobDir, { recursive: true, mode: 0o700 });
    try {
      await pipeline(this.blobs.open(sha256), fs.createWriteStream(path.join(jobDir, 'in.pdf')));
      const r = await runSandboxed({
        jobDir,
        argv: [
          '/usr/bin/pdftotext',
          '-q',
          '-enc',
          'UTF-8',
          '-l',
          String(MAX_TEXT_PAGES),
          `${JOB_DIR}/in.pdf`,
          `${JOB_DIR}/out.txt`,
        ],
        limits: this.limits,
        ...(signal ? { signal } : {}),
      });
      if (r.code !== 0) {
        const why = r.timedOut ? 'timed out' : (r.signal ?? `exit ${r.code ?? '?'}`);
        throw new Error(`pdftotext failed (${why})`);
      }
      return await readOwnText(path.join(jobDir, 'out.txt'));
    } finally {
      await fsp.rm(jobDir, { recursive: true, force: true });
    }
  }
}

/**
 * Reads the sandbox's output: a regular file (not a symlink a compromised tool left to make us
 * read a host file), at most MAX_TEXT_BYTES, cut back to a whole UTF-8 character.
 */
async function readOwnText(file: string): Promise<string> {
  const st = await fsp.lstat(file);
  if (!st.isFile()) throw new Error('pdftotext wrote no text file');
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(st.size, MAX_TEXT_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    // NOTE: a character cut by the limit decodes as U+FFFD at the end: drop it. Form feeds
    // separate pages and control characters are noise in snippets: spaces.
    return buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/\uFFFD$/, '')
      .replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ' '));
  } finally {
    await fh.close();
  }
}
