// Pure planning of a recording's processing: the output timeline made of the recorded spans, its
// segments, which segments a rerun must still do, where each track falls in a segment, the grid,
// chapter marks and progress. No I/O here, so that every rule is unit-tested.

/** One interval during which the meeting was recorded (wall clock, epoch ms). */
export interface Span {
  startMs: number;
  endMs: number;
}

/** One segment of the output, as offsets into the output timeline (ms). */
export interface SegmentPlan {
  idx: number;
  fromMs: number;
  toMs: number;
}

/** A converted per-stream track: which feed, what kind, and when its first packet was recorded. */
export interface Track {
  feed: string;
  kind: 'audio' | 'video';
  /** Wall clock of its first media (epoch ms). */
  startMs: number;
  durationMs: number;
  file: string;
}

/** A track's part in one segment: seek into it, delay it, and how much of it to take. */
export interface TrackCut {
  track: Track;
  /** Seek this far into the track's file. */
  seekMs: number;
  /** Place it this far into the segment. */
  delayMs: number;
  /** Take this much. */
  takeMs: number;
}

export interface Tile {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ChapterInput {
  title: string;
  agendaItemId: string | null;
  /** Wall clock (epoch ms). */
  atMs: number;
}

export interface ChapterMark {
  title: string;
  agendaItemId: string | null;
  startMs: number;
  endMs: number;
}

/** What a rerun does with each planned segment. */
export interface ResumeDecision {
  /** Done and its file is there: nothing to do. */
  skip: number[];
  /** Its file is there (renamed into place) but the database missed it: mark done, no work. */
  adopt: number[];
  /** Must be processed (again). */
  run: number[];
}

/** Segments shorter than this fraction of the segment length are merged into the previous one. */
const MIN_TAIL_FRACTION = 0.25;

/** Spans sorted, clipped to positive length, and merged where they touch or overlap. */
export function normalizeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.endMs > s.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ ...s });
  }
  return out;
}

/** Length of the output: the recorded spans end to end (pauses are cut out). */
export const totalMs = (spans: readonly Span[]): number =>
  normalizeSpans(spans).reduce((sum, s) => sum + (s.endMs - s.startMs), 0);

/**
 * Cuts the output timeline into segments of `segmentMs`. A segment never crosses a pause (each
 * maps to one wall-clock range), and a short tail joins the segment before it.
 */
export function planSegments(spans: readonly Span[], segmentMs: number): SegmentPlan[] {
  if (!(segmentMs >= 1000)) throw new RangeError(`segment length ${segmentMs} ms is too short`);
  const out: SegmentPlan[] = [];
  let offset = 0;
  for (const span of normalizeSpans(spans)) {
    const length = span.endMs - span.startMs;
    let from = 0;
    while (from < length) {
      let to = Math.min(from + segmentMs, length);
      if (length - to < segmentMs * MIN_TAIL_FRACTION) to = length;
      out.push({ idx: out.length, fromMs: offset + from, toMs: offset + to });
      from = to;
    }
    offset += length;
  }
  return out;
}

/** The wall-clock instant of an output offset (a segment's start maps into exactly one span). */
export function outToWall(spans: readonly Span[], outMs: number): number {
  let offset = 0;
  const merged = normalizeSpans(spans);
  for (const span of merged) {
    const length = span.endMs - span.startMs;
    if (outMs < offset + length) return span.startMs + (outMs - offset);
    offset += length;
  }
  const last = merged[merged.length - 1];
  if (!last) throw new RangeError('no recorded spans');
  return last.endMs + (outMs - offset);
}

/** The output offset of a wall-clock instant; inside a pause it maps to where recording resumed. */
export function wallToOut(spans: readonly Span[], wallMs: number): number {
  let offset = 0;
  for (const span of normalizeSpans(spans)) {
    if (wallMs < span.startMs) return offset;
    if (wallMs < span.endMs) return offset + (wallMs - span.startMs);
    offset += span.endMs - span.startMs;
  }
  return offset;
}

/**
 * Decides a rerun: a segment counts as done only if its file exists, and a file that exists is
 * complete (it is renamed into place only once fully written), so a crash between the rename and
 * the database update costs no work.
 */
export function resumePlan(
  segments: readonly { idx: number; done: boolean }[],
  filesPresent: ReadonlySet<number>,
): ResumeDecision {
  const decision: ResumeDecision = { skip: [], adopt: [], run: [] };
  for (const s of [...segments].sort((a, b) => a.idx - b.idx)) {
    if (filesPresent.has(s.idx)) (s.done ? decision.skip : decision.adopt).push(s.idx);
    else decision.run.push(s.idx);
  }
  return decision;
}

/** The parts of the tracks that fall in the wall-clock window [wallStart, wallStart + lengthMs). */
export function cutTracks(tracks: readonly Track[], wallStartMs: number, lengthMs: number): TrackCut[] {
  const wallEnd = wallStartMs + lengthMs;
  const cuts: TrackCut[] = [];
  for (const track of tracks) {
    const trackEnd = track.startMs + track.durationMs;
    const from = Math.max(wallStartMs, track.startMs);
    const to = Math.min(wallEnd, trackEnd);
    // NOTE: slivers under 100 ms are not worth an ffmpeg input (and may hold no frame at all).
    if (to - from < 100) continue;
    cuts.push({ track, seekMs: from - track.startMs, delayMs: from - wallStartMs, takeMs: to - from });
  }
  return cuts;
}

/** Even-sized tiles of a near-square grid for `n` videos on a `width`×`height` canvas. */
export function gridLayout(n: number, width: number, height: number): Tile[] {
  if (n <= 0) return [];
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const even = (v: number): number => Math.floor(v / 2) * 2;
  const w = even(width / cols);
  const h = even(height / rows);
  const tiles: Tile[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const inRow = row === rows - 1 ? n - row * cols : cols;
    // NOTE: an incomplete last row is centred, as people expect from a video call.
    const x0 = even((width - inRow * w) / 2);
    tiles.push({ x: x0 + (i - row * cols) * w, y: row * h, w, h });
  }
  return tiles;
}

/**
 * Chapter marks in the output: each chapter runs until the next one or the end. Chapters set
 * before the recording started begin at 0 (only the last of them counts); two chapters on the
 * same offset keep the later one.
 */
export function chapterMarks(chapters: readonly ChapterInput[], spans: readonly Span[]): ChapterMark[] {
  const total = totalMs(spans);
  const placed = [...chapters]
    .sort((a, b) => a.atMs - b.atMs)
    .map((c) => ({ title: c.title, agendaItemId: c.agendaItemId, startMs: wallToOut(spans, c.atMs) }))
    .filter((c) => c.startMs < total);
  const unique: typeof placed = [];
  for (const c of placed) {
    if (unique.length > 0 && unique[unique.length - 1]?.startMs === c.startMs) unique.pop();
    unique.push(c);
  }
  return unique.map((c, i) => ({ ...c, endMs: unique[i + 1]?.startMs ?? total }));
}

/**
 * Progress 0–100 of a job: converting each stream, each segment, and the final join count one
 * unit each. It reaches 100 only when everything is done.
 */
export function progressOf(done: number, total: number): number {
  if (total <= 0) return 0;
  if (done >= total) return 100;
  return Math.min(99, Math.floor((done / total) * 100));
}
