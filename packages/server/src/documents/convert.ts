// Turns a stored document into what the meeting shows: office files into PDF with LibreOffice, and
// PDFs into page images and thumbnails with poppler — each step in the sandbox (sandbox.ts), on a
// private copy of the one input file in a fresh job folder.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { DocumentKind } from '@diemcau/protocol';
import { OFFICE_KINDS } from '@diemcau/protocol';
import { JOB_DIR, runSandboxed } from './sandbox.js';
import type { SandboxLimits, SandboxResult } from './sandbox.js';

/** Where a conversion stands, for the progress bar. */
export type ConversionStep = 'converting' | 'rendering';

export interface ConversionInput {
  /** A host folder for this conversion only (created empty; removed by the caller). */
  workDir: string;
  /** The original file (a copy is placed in the work folder). */
  source: string;
  kind: DocumentKind;
  onProgress(step: ConversionStep, percent: number): void;
  signal: AbortSignal;
}

export interface ConversionOutput {
  /** The PDF made from an office file; null when the source is already a PDF. */
  pdfFile: string | null;
  pageCount: number;
  /** Rendered pages in order (possibly fewer than pageCount: see MAX_RENDERED_PAGES). */
  pages: { image: string; thumb: string }[];
}

/** What the conversion queue runs; tests may substitute a fast fake. */
export interface Converter {
  convert(input: ConversionInput): Promise<ConversionOutput>;
}

/** A failure the uploader should read (LibreOffice could not open it, too many pages, timeout). */
export class ConversionError extends Error {
  override readonly name = 'ConversionError';
}

/** Pages rendered as images at most; longer PDFs are still shown whole as a PDF. */
export const MAX_RENDERED_PAGES = 300;
const PAGE_SIZE_PX = 1600;
const THUMB_SIZE_PX = 320;
const RENDER_BATCH = 10;

const EXT: Partial<Record<DocumentKind, string>> = {
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  odt: 'odt',
  ods: 'ods',
  odp: 'odp',
  pdf: 'pdf',
};

function failed(what: string, r: SandboxResult): ConversionError {
  if (r.timedOut) return new ConversionError(`${what} took too long and was stopped`);
  const last = r.output.trim().split('\n').slice(-2).join(' ').slice(0, 300);
  return new ConversionError(
    `${what} failed (${r.signal ?? `exit ${r.code ?? '?'}`})${last ? `: ${last}` : ''}`,
  );
}

export class SandboxConverter implements Converter {
  constructor(private readonly limits: Partial<SandboxLimits> = {}) {}

  async convert(input: ConversionInput): Promise<ConversionOutput> {
    const ext = EXT[input.kind];
    if (!ext) throw new ConversionError(`nothing to convert for ${input.kind}`);
    const dirs = ['in', 'out', 'pages', 'thumbs', 'home'].map((d) => path.join(input.workDir, d));
    for (const d of dirs) await fsp.mkdir(d, { recursive: true });
    await fsp.copyFile(input.source, path.join(input.workDir, 'in', `input.${ext}`));
    let pdfInside = `${JOB_DIR}/in/input.pdf`;
    let pdfFile: string | null = null;
    if (OFFICE_KINDS.includes(input.kind)) {
      input.onProgress('converting', 5);
      pdfFile = await this.#officeToPdf(input, ext);
      pdfInside = `${JOB_DIR}/out/input.pdf`;
    }
    input.onProgress('rendering', 50);
    const pageCount = await this.#pageCount(input, pdfInside);
    const pages = await this.#render(input, pdfInside, Math.min(pageCount, MAX_RENDERED_PAGES));
    return { pdfFile, pageCount, pages };
  }

  #run(input: ConversionInput, argv: string[]): Promise<SandboxResult> {
    return runSandboxed({ jobDir: input.workDir, argv, limits: this.limits, signal: input.signal });
  }

  async #officeToPdf(input: ConversionInput, ext: string): Promise<string> {
    const r = await this.#run(input, [
      '/usr/bin/soffice',
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--nodefault',
      '--nologo',
      // NOTE: a fresh profile per conversion: nothing (macro security, recent files) carries over.
      `-env:UserInstallation=file://${JOB_DIR}/profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      `${JOB_DIR}/out`,
      `${JOB_DIR}/in/input.${ext}`,
    ]);
    const pdf = path.join(input.workDir, 'out', 'input.pdf');
    // NOTE: only the first bytes, and only after the sandbox has exited.
    const head = await readHead(pdf).then(
      (b) => b.toString('latin1'),
      () => '',
    );
    if (r.code !== 0 || head !== '%PDF-') throw failed('LibreOffice', r);
    return ownOutput(input.workDir, pdf);
  }

  async #pageCount(input: ConversionInput, pdfInside: string): Promise<number> {
    const r = await this.#run(input, ['/usr/bin/pdfinfo', pdfInside]);
    const pages = /^Pages:\s+(\d+)/m.exec(r.output);
    if (r.code !== 0 || !pages?.[1]) throw failed('Reading the PDF', r);
    return Number(pages[1]);
  }

  async #render(
    input: ConversionInput,
    pdfInside: string,
    count: number,
  ): Promise<{ image: string; thumb: string }[]> {
    for (let first = 1; first <= count; first += RENDER_BATCH) {
      const last = Math.min(count, first + RENDER_BATCH - 1);
      for (const [dir, size] of [
        ['pages', PAGE_SIZE_PX],
        ['thumbs', THUMB_SIZE_PX],
      ] as const) {
        const r = await this.#run(input, [
          '/usr/bin/pdftoppm',
          '-png',
          '-f',
          String(first),
          '-l',
          String(last),
          '-scale-to',
          String(size),
          pdfInside,
          `${JOB_DIR}/${dir}/p`,
        ]);
        if (r.code !== 0) throw failed('Rendering pages', r);
      }
      input.onProgress('rendering', 50 + Math.floor((50 * last) / Math.max(1, count)) - 1);
    }
    const [pages, thumbs] = await Promise.all([
      numbered(input.workDir, 'pages'),
      numbered(input.workDir, 'thumbs'),
    ]);
    const out: { image: string; thumb: string }[] = [];
    for (let n = 1; n <= count; n++) {
      const image = pages.get(n);
      const thumb = thumbs.get(n);
      if (!image || !thumb) throw new ConversionError(`page ${n} was not rendered`);
      out.push({ image, thumb });
    }
    return out;
  }
}

/**
 * Checks that a file the sandbox wrote is a plain file in a plain folder of the job. NOTE: a
 * compromised converter could leave a symlink (p-1.png → /etc/shadow) for the host to follow; the
 * sandbox has exited when we look, so nothing can swap the file after this check.
 */
async function ownOutput(workDir: string, file: string): Promise<string> {
  const rel = path.relative(workDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new ConversionError('output outside the job folder');
  let at = workDir;
  for (const part of rel.split(path.sep)) {
    at = path.join(at, part);
    const st = await fsp.lstat(at);
    if (st.isSymbolicLink() || !(at === file ? st.isFile() : st.isDirectory()))
      throw new ConversionError(`unexpected output ${rel}`);
  }
  return file;
}

/** pdftoppm names pages p-1.png or p-01.png (zero-padded to the page count's digits). */
async function numbered(workDir: string, dir: string): Promise<Map<number, string>> {
  const map = new Map<number, string>();
  for (const name of await fsp.readdir(path.join(workDir, dir))) {
    const m = /^p-(\d+)\.png$/.exec(name);
    if (m?.[1]) map.set(Number(m[1]), await ownOutput(workDir, path.join(workDir, dir, name)));
  }
  return map;
}

async function readHead(file: string): Promise<Buffer> {
  const st = await fsp.lstat(file);
  if (!st.isFile()) throw new ConversionError('no PDF was written');
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    const { bytesRead } = await fh.read(buf, 0, 5, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
