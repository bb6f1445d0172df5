// Unit tests of the processing plan: spans, segments, resume decisions, track cuts, grid, chapters.
import { describe, expect, it } from 'vitest';
import { concatList, DEFAULT_FORMAT, ffmetadata, segmentArgs } from './ffmpeg.js';
import {
  chapterMarks,
  cutTracks,
  gridLayout,
  normalizeSpans,
  outToWall,
  planSegments,
  progressOf,
  resumePlan,
  totalMs,
  wallToOut,
  type Track,
} from './plan.js';
import { parseHeader, parseMjrName } from './processor.js';
import { parseRange } from './routes.js';

const T = 1_750_000_000_000;
const s = (from: number, to: number) => ({ startMs: T + from * 1000, endMs: T + to * 1000 });

describe('spans', () => {
  it('sorts, merges overlapping and touching spans, and drops empty ones', () => {
    expect(normalizeSpans([s(50, 60), s(0, 10), s(10, 20), s(30, 30), s(55, 70)])).toEqual([
      s(0, 20),
      s(50, 70),
    ]);
    expect(totalMs([s(0, 10), s(20, 25)])).toBe(15_000);
  });

  it('maps output offsets to wall clock and back across a pause', () => {
    const spans = [s(0, 10), s(100, 120)];
    expect(outToWall(spans, 5_000)).toBe(T + 5_000);
    expect(outToWall(spans, 10_000)).toBe(T + 100_000);
    expect(outToWall(spans, 15_000)).toBe(T + 105_000);
    expect(wallToOut(spans, T + 105_000)).toBe(15_000);
    // Inside the pause: where recording resumed; before the start: 0; after the end: the end.
    expect(wallToOut(spans, T + 50_000)).toBe(10_000);
    expect(wallToOut(spans, T - 1)).toBe(0);
    expect(wallToOut(spans, T + 500_000)).toBe(30_000);
  });
});

describe('planSegments', () => {
  it('cuts the timeline into segments that never cross a pause', () => {
    expect(planSegments([s(0, 65), s(100, 125)], 30_000)).toEqual([
      { idx: 0, fromMs: 0, toMs: 30_000 },
      { idx: 1, fromMs: 30_000, toMs: 65_000 },
      { idx: 2, fromMs: 65_000, toMs: 90_000 },
    ]);
  });

  it('keeps a tail of at least a quarter segment as its own segment', () => {
    expect(planSegments([s(0, 68)], 30_000).map((p) => p.toMs - p.fromMs)).toEqual([30_000, 30_000, 8_000]);
  });

  it('plans nothing for nothing recorded and refuses absurd segment lengths', () => {
    expect(planSegments([], 30_000)).toEqual([]);
    expect(() => planSegments([s(0, 10)], 10)).toThrow(RangeError);
  });
});

describe('resumePlan', () => {
  const plan = [0, 1, 2, 3].map((idx) => ({ idx, done: idx < 2 }));

  it('skips done segments whose file exists and runs the rest', () => {
    expect(resumePlan(plan, new Set([0, 1]))).toEqual({ skip: [0, 1], adopt: [], run: [2, 3] });
  });

  it('redoes a segment marked done whose file is gone', () => {
    expect(resumePlan(plan, new Set([1]))).toEqual({ skip: [1], adopt: [], run: [0, 2, 3] });
  });

  it('adopts a file renamed into place before the crash reached the database', () => {
    expect(resumePlan(plan, new Set([0, 1, 2]))).toEqual({ skip: [0, 1], adopt: [2], run: [3] });
  });
});

describe('cutTracks', () => {
  const track = (feed: string, kind: 'audio' | 'video', from: number, len: number): Track => ({
    feed,
    kind,
    startMs: T + from * 1000,
    durationMs: len * 1000,
    file: `/r/${feed}-${kind}`,
  });

  it('seeks into tracks that began before the window and delays those that begin inside it', () => {
    const cuts = cutTracks(
      [track('a', 'audio', 0, 100), track('b', 'video', 35, 10), track('c', 'video', 200, 5)],
      T + 30_000,
      30_000,
    );
    expect(cuts.map((c) => [c.track.feed, c.seekMs, c.delayMs, c.takeMs])).toEqual([
      ['a', 30_000, 0, 30_000],
      ['b', 0, 5_000, 10_000],
    ]);
  });

  it('ignores slivers', () => {
    expect(cutTracks([track('a', 'audio', 29.95, 10)], T, 30_000)).toEqual([]);
  });
});

describe('gridLayout', () => {
  it('tiles three videos in two rows with the last row centred, all even-sized', () => {
    expect(gridLayout(3, 1280, 720)).toEqual([
      { x: 0, y: 0, w: 640, h: 360 },
      { x: 640, y: 0, w: 640, h: 360 },
      { x: 320, y: 360, w: 640, h: 360 },
    ]);
    for (const t of gridLayout(7, 1280, 720)) expect([t.w % 2, t.h % 2, t.x % 2]).toEqual([0, 0, 0]);
    expect(gridLayout(0, 1280, 720)).toEqual([]);
  });
});

describe('chapterMarks', () => {
  it('places chapters on the output timeline; the last one before the start begins at 0', () => {
    const spans = [s(0, 60), s(100, 130)];
    const marks = chapterMarks(
      [
        { title: 'Khai mạc', agendaItemId: 'i1', atMs: T - 60_000 },
        { title: 'Điểm danh', agendaItemId: 'i0', atMs: T - 120_000 },
        { title: 'Báo cáo', agendaItemId: 'i2', atMs: T + 20_000 },
        { title: 'Thảo luận', agendaItemId: 'i3', atMs: T + 80_000 },
        { title: 'Sau cùng', agendaItemId: 'i4', atMs: T + 500_000 },
      ],
      spans,
    );
    expect(marks.map((m) => [m.title, m.startMs, m.endMs])).toEqual([
      ['Khai mạc', 0, 20_000],
      ['Báo cáo', 20_000, 60_000],
      ['Thảo luận', 60_000, 90_000],
    ]);
  });
});

describe('progressOf', () => {
  it('reaches 100 only when every unit is done', () => {
    expect([progressOf(0, 10), progressOf(5, 10), progressOf(9.99, 10), progressOf(10, 10)]).toEqual([
      0, 50, 99, 100,
    ]);
    expect(progressOf(0, 0)).toBe(0);
  });
});

describe('tool command lines', () => {
  it('composes a grid and a mix with silence and black as the base', () => {
    const tracks: Track[] = [
      { feed: 'p1:camera', kind: 'video', startMs: T, durationMs: 60_000, file: '/r/p1.webm' },
      { feed: 'p1:camera', kind: 'audio', startMs: T, durationMs: 60_000, file: '/r/p1.opus' },
      { feed: 'p2:camera', kind: 'audio', startMs: T + 5000, durationMs: 60_000, file: '/r/p2.opus' },
    ];
    const args = segmentArgs(cutTracks(tracks, T, 30_000), 30_000, '/w/seg.ts', DEFAULT_FORMAT);
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(args.filter((a) => a === '-i')).toHaveLength(5);
    expect(graph).toContain('overlay=0:0:eof_action=pass');
    expect(graph).toContain('adelay=5000:all=1');
    expect(graph).toContain('amix=inputs=3:duration=first');
    expect(args.slice(-3)).toEqual(['-f', 'mpegts', '/w/seg.ts']);
  });

  it('escapes chapter titles and concat file names', () => {
    expect(ffmetadata('Họp; số 1', [{ title: 'A=B#c', agendaItemId: null, startMs: 0, endMs: 1500 }])).toBe(
      ';FFMETADATA1\ntitle=Họp\\; số 1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=A\\=B\\#c\n',
    );
    expect(concatList(["/r/it's.ts"])).toBe("file '/r/it'\\''s.ts'\n");
  });
});

describe('Janus file names and headers', () => {
  it('reads the feed and kind even when ids contain dashes', () => {
    expect(parseMjrName('videoroom-ab-c_d-user-p-x9:camera-1750000000123456-video-1.mjr')).toEqual({
      feed: 'p-x9:camera',
      kind: 'video',
    });
    expect(parseMjrName('notes.txt')).toBeNull();
  });

  it('takes the first-packet time from the header', () => {
    expect(parseHeader('{"t":"a","c":"opus","s":1750000000000000,"u":1750000000250000}')).toEqual({
      firstMs: 1_750_000_000_250,
    });
    expect(parseHeader('no header')).toBeNull();
  });
});

describe('parseRange', () => {
  it('understands the forms players send, and refuses unsatisfiable ranges', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBeNull();
    expect(parseRange('bytes=5-1', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
  });
});
