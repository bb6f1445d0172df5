// Helpers for the integration tests of printed documents (minutes, notices): the real LibreOffice,
// run headless in our sandbox, turns a DOCX into a PDF; poppler reads any PDF back as text, fonts,
// page size and a page image for a person to look at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SandboxConverter } from '../documents/convert.js';
import { sandboxProblem } from '../documents/sandbox.js';

/** The repository's `artifacts/<name>/` folder, created if missing. */
export async function artifactsDir(name: string): Promise<string> {
  const dir = fileURLToPath(new URL(`../../../../artifacts/${name}/`, import.meta.url));
  await fsp.mkdir(dir, { recursive: true });
  return dir;
}

/** A fresh temp folder, once the sandbox is known to start there (else throws why it does not). */
export async function sandboxTempDir(prefix: string): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  const problem = await sandboxProblem(path.join(dir, 'probe'));
  if (problem !== null) throw new Error(`LibreOffice cannot run: ${problem}`);
  return dir;
}

/** LibreOffice's PDF of the DOCX at `docx`, converted in the sandbox inside `workDir`. */
export async function libreOfficePdf(docx: string, workDir: string): Promise<string> {
  const out = await new SandboxConverter().convert({
    workDir,
    source: docx,
    kind: 'docx',
    onProgress: () => undefined,
    signal: new AbortController().signal,
  });
  if (out.pdfFile === null) throw new Error(`LibreOffice made no PDF of ${docx}`);
  return out.pdfFile;
}

/** pdftotext in content order (-raw keeps each header column together), NFC, whitespace collapsed. */
export const pdfText = (file: string): string =>
  execFileSync('/usr/bin/pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])
    .toString()
    .normalize('NFC')
    .replace(/\s+/g, ' ');

/**
 * pdftotext -layout as lines (NFC, spaces collapsed): the lines as printed, with the header columns
 * side by side, so a heading that wrapped shows up split over two lines.
 */
export const pdfLines = (file: string): string[] =>
  execFileSync('/usr/bin/pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
    .toString()
    .normalize('NFC')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim());

/** `pdffonts`: the fonts the PDF uses (embedded or not). */
export const pdfFonts = (file: string): string => execFileSync('/usr/bin/pdffonts', [file]).toString();

/** `pdfinfo`: page count, page size ("… (A4)"), metadata. */
export const pdfInfo = (file: string): string => execFileSync('/usr/bin/pdfinfo', [file]).toString();

/** Page 1 of `pdf` as `<base>.png` (80 dpi); returns the PNG's size in bytes. */
export function savePage1Png(pdf: string, base: string): number {
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, base]);
  return fs.statSync(`${base}.png`).size;
}
