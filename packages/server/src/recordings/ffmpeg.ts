// Command lines for the external tools (pure: builds arguments and files' text, runs nothing):
// ffmpeg composing one segment (grid of videos, mix of every voice), joining the segments into
// one MP4 with chapters, and the ffmetadata text of the chapters.
import { gridLayout, type ChapterMark, type TrackCut } from './plan.js';

/** How the output looks. */
export interface OutputFormat {
  width: number;
  height: number;
  fps: number;
  /** x264 constant rate factor (lower is better and bigger). */
  crf: number;
  /** x264 preset: speed against size. */
  preset: string;
  audioKbps: number;
}

export const DEFAULT_FORMAT: OutputFormat = {
  width: 1280,
  height: 720,
  fps: 15,
  crf: 27,
  preset: 'veryfast',
  audioKbps: 96,
};

const BACKGROUND = '0x1d2733';
const sec = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * ffmpeg arguments that render one segment of `lengthMs` to MPEG-TS (H.264 + AAC): every video
 * cut in a grid tile (one tile per feed, in feed order), every audio cut mixed, black and silence
 * where nobody was. Segments are independent, so each can be redone alone.
 */
export function segmentArgs(
  cuts: readonly TrackCut[],
  lengthMs: number,
  out: string,
  f: OutputFormat,
): string[] {
  const len = sec(lengthMs);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  args.push('-f', 'lavfi', '-i', `color=c=${BACKGROUND}:s=${f.width}x${f.height}:r=${f.fps}:d=${len}`);
  args.push('-f', 'lavfi', '-t', len, '-i', 'anullsrc=r=48000:cl=mono');
  cuts.forEach((c) => args.push('-ss', sec(c.seekMs), '-t', sec(c.takeMs), '-i', c.track.file));

  const video = cuts.map((c, i) => ({ c, input: i + 2 })).filter((v) => v.c.track.kind === 'video');
  const audio = cuts.map((c, i) => ({ c, input: i + 2 })).filter((v) => v.c.track.kind === 'audio');
  const feeds = [...new Set(video.map((v) => v.c.track.feed))].sort();
  const tiles = gridLayout(feeds.length, f.width, f.height);

  const graph: string[] = [];
  let base = '[0:v]';
  video.forEach(({ c, input }, i) => {
    const tile = tiles[feeds.indexOf(c.track.feed)];
    if (!tile) return;
    const fit =
      `scale=${tile.w}:${tile.h}:force_original_aspect_ratio=decrease,` +
      `pad=${tile.w}:${tile.h}:(ow-iw)/2:(oh-ih)/2:color=${BACKGROUND}`;
    graph.push(`[${input}:v]setpts=PTS-STARTPTS+${sec(c.delayMs)}/TB,fps=${f.fps},${fit},setsar=1[v${i}]`);
    const next = `[b${i}]`;
    graph.push(`${base}[v${i}]overlay=${tile.x}:${tile.y}:eof_action=pass${next}`);
    base = next;
  });
  graph.push(`${base}format=yuv420p[vout]`);

  const mixed = ['[1:a]'];
  audio.forEach(({ c, input }, i) => {
    const delay = Math.round(c.delayMs);
    graph.push(
      `[${input}:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=channel_layouts=mono,` +
        `adelay=${delay}:all=1[a${i}]`,
    );
    mixed.push(`[a${i}]`);
  });
  graph.push(
    mixed.length === 1
      ? '[1:a]anull[aout]'
      : `${mixed.join('')}amix=inputs=${mixed.length}:duration=first:dropout_transition=0:normalize=0[aout]`,
  );

  args.push('-filter_complex', graph.join(';'), '-map', '[vout]', '-map', '[aout]', '-t', len);
  args.push('-c:v', 'libx264', '-preset', f.preset, '-crf', String(f.crf), '-g', String(f.fps * 2));
  args.push('-c:a', 'aac', '-b:a', `${f.audioKbps}k`, '-ar', '48000', '-ac', '1');
  args.push('-f', 'mpegts', out);
  return args;
}

/** The concat demuxer's list of segment files. */
export function concatList(files: readonly string[]): string {
  return files.map((file) => `file '${file.replace(/'/g, "'\\''")}'\n`).join('');
}

/** ffmpeg arguments that join the segments (no re-encoding) into an MP4 with chapters. */
export function concatArgs(listFile: string, metadataFile: string, out: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    listFile,
    '-i',
    metadataFile,
    '-map',
    '0:v',
    '-map',
    '0:a',
    '-map_metadata',
    '1',
    '-map_chapters',
    '1',
    '-c',
    'copy',
    '-bsf:a',
    'aac_adtstoasc',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    out,
  ];
}

const escapeMeta = (text: string): string => text.replace(/[\\=;#\n]/g, (ch) => `\\${ch}`);

/** FFMETADATA1 text: the file's title and its chapters (agenda items). */
export function ffmetadata(title: string, chapters: readonly ChapterMark[]): string {
  const lines = [';FFMETADATA1', `title=${escapeMeta(title)}`];
  for (const c of chapters) {
    lines.push(
      '[CHAPTER]',
      'TIMEBASE=1/1000',
      `START=${Math.round(c.startMs)}`,
      `END=${Math.round(c.endMs)}`,
    );
    lines.push(`title=${escapeMeta(c.title)}`);
  }
  return lines.join('\n') + '\n';
}
