// Turns one recording's per-stream Janus files (.mjr) into one playable MP4: converts each stream
// (janus-pp-rec), renders the timeline in segments (ffmpeg: grid of videos, mix of voices), then
// joins them with the chapter marks. Every step's output is written atomically and the segment
// plan and progress live in the database, so a processor killed at any point loses at most the
// segment it was rendering, and a rerun continues from there.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@diemcau/media';
import {
  concatArgs,
  concatList,
  DEFAULT_FORMAT,
  ffmetadata,
  segmentArgs,
  type OutputFormat,
} from './ffmpeg.js';
import { chapterMarks, cutTracks, outToWall, planSegments, progressOf, resumePlan } from './plan.js';
import type { Span, Track } from './plan.js';
import type { RecordingRecord, RecordingStore } from './store.js';
import { DEFAULT_TOOLS, exists, probeDurationMs, run, writeAtomically, type ToolPaths } from './tools.js';

export interface ProcessorOptions {
  store: RecordingStore;
  /** Folder holding one folder per recording (`<id>/raw` is where Janus writes). */
  recordingsDir: string;
  /** Length of a processing segment (default 30 s). */
  segmentSeconds?: number;
  format?: OutputFormat;
  tools?: ToolPaths;
  log: Logger;
  /** Title of the file (the meeting's title). */
  title?: string;
}

/** Where a recording's files go. */
export function recordingPaths(recordingsDir: string, id: string) {
  const root = path.join(recordingsDir, id);
  return {
    root,
    raw: path.join(root, 'raw'),
    tracks: path.join(root, 'work', 'tracks'),
    segments: path.join(root, 'work', 'segments'),
    work: path.join(root, 'work'),
    output: path.join(root, `${id}.mp4`),
  };
}

export const segmentFile = (dir: string, idx: number): string =>
  path.join(dir, `seg-${String(idx).padStart(5, '0')}.ts`);
const SEGMENT_NAME = /^seg-(\d{5})\.ts$/;

/** `videoroom-<room>-user-<feed>-<time>-<audio|video|data>-<mindex>.mjr` (Janus 1.x VideoRoom). */
const MJR_NAME = /^videoroom-.+-user-(.+)-(\d+)-(audio|video|data)-(\d+)\.mjr$/;

export function parseMjrName(name: string): { feed: string; kind: 'audio' | 'video' | 'data' } | null {
  const m = MJR_NAME.exec(name);
  if (!m?.[1] || !m[3]) return null;
  return { feed: m[1], kind: m[3] as 'audio' | 'video' | 'data' };
}

export const spansOf = (rec: RecordingRecord): Span[] =>
  rec.spans.map((s) => ({
    startMs: Date.parse(s.start),
    endMs: Date.parse(s.end ?? rec.endedAt ?? s.start),
  }));

/**
 * Processes the recording to the end (it must have been claimed: status processing). Resolves
 * once it is ready; throws when a tool fails (the caller records the failure).
 */
export async function processRecording(opts: ProcessorOptions, id: string): Promise<void> {
  const { store, log } = opts;
  const rec = await store.get(id);
  if (!rec) throw new Error(`no recording ${id}`);
  const tools = opts.tools ?? DEFAULT_TOOLS;
  const format = opts.format ?? DEFAULT_FORMAT;
  const paths = recordingPaths(opts.recordingsDir, id);
  await fs.mkdir(paths.tracks, { recursive: true });
  await fs.mkdir(paths.segments, { recursive: true });
  const spans = spansOf(rec);

  let plan = await store.segments(id);
  if (plan.length === 0) {
    await store.insertSegments(id, planSegments(spans, (opts.segmentSeconds ?? 30) * 1000));
    plan = await store.segments(id);
  }
  const names = (await fs.readdir(paths.raw).catch(() => [] as string[])).filter((n) => parseMjrName(n));
  const units = names.length + plan.length + 1;
  let done = 0;
  const progress = async (): Promise<void> => store.update(id, { progress: progressOf(done, units) });

  const tracks: Track[] = [];
  for (const name of names.sort()) {
    const track = await prepareTrack(tools, paths, name, log);
    if (track) tracks.push(track);
    done++;
  }
  await progress();

  const present = new Set(
    (await fs.readdir(paths.segments))
      .map((n) => SEGMENT_NAME.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
  const decision = resumePlan(plan, present);
  for (const idx of decision.adopt) await store.segmentDone(id, idx);
  done += decision.skip.length + decision.adopt.length;
  await progress();
  for (const idx of decision.run) {
    const seg = plan.find((s) => s.idx === idx);
    if (!seg) continue;
    await store.segmentStarted(id, idx);
    const cuts = cutTracks(tracks, outToWall(spans, seg.fromMs), seg.toMs - seg.fromMs);
    await writeAtomically(segmentFile(paths.segments, idx), (temp) =>
      run(tools.ffmpeg, segmentArgs(cuts, seg.toMs - seg.fromMs, temp, format)).then(() => undefined),
    );
    await store.segmentDone(id, idx);
    done++;
    await progress();
    log.info({ recordingId: id, segment: idx, of: plan.length }, 'recording segment done');
  }

  const chapters = await store.chapters(rec.meetingId, rec.endedAt ?? new Date().toISOString());
  const marks = chapterMarks(
    chapters.map((c) => ({ title: c.title, agendaItemId: c.agendaItemId, atMs: Date.parse(c.at) })),
    spans,
  );
  const listFile = path.join(paths.work, 'segments.txt');
  const metaFile = path.join(paths.work, 'chapters.ffmeta');
  await fs.writeFile(listFile, concatList(plan.map((s) => segmentFile(paths.segments, s.idx))));
  await fs.writeFile(metaFile, ffmetadata(opts.title ?? rec.meetingId, marks));
  await writeAtomically(paths.output, (temp) =>
    run(tools.ffmpeg, concatArgs(listFile, metaFile, temp)).then(() => undefined),
  );
  const durationMs = await probeDurationMs(tools, paths.output);
  const { size } = await fs.stat(paths.output);
  await store.update(id, {
    status: 'ready',
    progress: 100,
    duration_ms: durationMs,
    size_bytes: size,
    file_path: path.relative(opts.recordingsDir, paths.output),
    error: null,
  });
  // NOTE: the segments are no longer needed; the raw .mjr files stay until the retention sweep so
  // that a recording can be processed again (another layout, a processor fix).
  await fs.rm(paths.work, { recursive: true, force: true });
}

interface TrackMeta {
  feed: string;
  kind: 'audio' | 'video';
  startMs: number;
  durationMs: number;
  file: string;
}

/**
 * Converts one .mjr to .opus/.webm and notes when its first packet was recorded; idempotent: the
 * converted file and its metadata are written atomically and reused by a rerun.
 */
async function prepareTrack(
  tools: ToolPaths,
  paths: ReturnType<typeof recordingPaths>,
  name: string,
  log: Logger,
): Promise<Track | null> {
  const parsed = parseMjrName(name);
  if (!parsed || parsed.kind === 'data') return null;
  const base = name.replace(/\.mjr$/, '');
  const metaFile = path.join(paths.tracks, `${base}.json`);
  if (await exists(metaFile)) return JSON.parse(await fs.readFile(metaFile, 'utf8')) as TrackMeta;
  const source = path.join(paths.raw, name);
  const header = parseHeader(await run(tools.janusPpRec, ['-j', source]));
  if (!header) {
    log.warn({ file: name }, 'recording stream without a header (no media): skipped');
    return null;
  }
  const file = path.join(paths.tracks, `${base}.${parsed.kind === 'audio' ? 'opus' : 'webm'}`);
  try {
    await writeAtomically(file, (temp) => run(tools.janusPpRec, [source, temp]).then(() => undefined));
  } catch (err) {
    log.warn({ err, file: name }, 'recording stream could not be converted: skipped');
    return null;
  }
  const durationMs = await probeDurationMs(tools, file).catch(() => 0);
  if (durationMs <= 0) return null;
  const meta: TrackMeta = { feed: parsed.feed, kind: parsed.kind, startMs: header.firstMs, durationMs, file };
  await writeAtomically(metaFile, (temp) => fs.writeFile(temp, JSON.stringify(meta)));
  return meta;
}

/** The .mjr JSON header: `u` is when the first packet was written (µs), `s` when the file was created. */
export function parseHeader(stdout: string): { firstMs: number } | null {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  try {
    const h = JSON.parse(stdout.slice(start, end + 1)) as { u?: unknown; s?: unknown };
    const us = typeof h.u === 'number' && h.u > 0 ? h.u : typeof h.s === 'number' ? h.s : null;
    return us === null ? null : { firstMs: Math.round(us / 1000) };
  } catch {
    return null;
  }
}
