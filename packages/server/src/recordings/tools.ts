// Runs the external tools (janus-pp-rec, ffmpeg, ffprobe) as child processes, and writes files
// atomically (temp file + rename), so that a file that exists is always complete.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Paths of the tools (Debian: janus-tools and ffmpeg). */
export interface ToolPaths {
  janusPpRec: string;
  ffmpeg: string;
  ffprobe: string;
}

export const DEFAULT_TOOLS: ToolPaths = {
  janusPpRec: '/usr/bin/janus-pp-rec',
  ffmpeg: '/usr/bin/ffmpeg',
  ffprobe: '/usr/bin/ffprobe',
};

export class ToolError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(`${path.basename(tool)}: ${message}`);
    this.name = 'ToolError';
  }
}

/** Runs `cmd args`, resolves with its stdout; rejects with the tail of stderr when it fails. */
export function run(cmd: string, args: readonly string[], timeoutMs = 30 * 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (out.length < 1_000_000) out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err = (err + d).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ToolError(cmd, e.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(new ToolError(cmd, `exit ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** A temp path beside `final` (same folder, so the rename is atomic), keeping its extension. */
export function tempPathFor(final: string): string {
  const ext = path.extname(final);
  return path.join(
    path.dirname(final),
    `.tmp-${randomBytes(4).toString('hex')}-${path.basename(final, ext)}${ext}`,
  );
}

/**
 * Produces `final` through `write(tempPath)` and renames it into place once complete (fsynced):
 * a crash leaves either no file or the whole file, never a partial one under the final name.
 */
export async function writeAtomically(final: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(final);
  try {
    await write(temp);
    const handle = await fs.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, final);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Duration of a media file in ms (ffprobe). */
export async function probeDurationMs(tools: ToolPaths, file: string): Promise<number> {
  const out = await run(tools.ffprobe, [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'default=noprint_wrappers=1:nokey=1',
    file,
  ]);
  const seconds = Number.parseFloat(out.trim());
  if (!Number.isFinite(seconds)) throw new ToolError(tools.ffprobe, `no duration for ${file}`);
  return Math.round(seconds * 1000);
}
