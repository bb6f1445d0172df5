// The presentation as one client shows it: following and free browsing, page keys and bounds,
// pointer coordinates, who controls, and the notes autosave ("Đã lưu" only after the server).
import type { Presentation } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  browse,
  controlsPresentation,
  FOLLOW,
  NoteSaver,
  pageStep,
  pointsOnPresentation,
  shownPage,
  stepPage,
  toPagePointer,
  type SaveStatus,
} from './present';

const P: Presentation = {
  documentId: 'doc_bao_cao_11',
  versionId: 'dv_bao_cao_11a',
  title: 'Báo cáo tháng 11',
  page: 4,
  pageCount: 12,
  presenterKey: 'person:p_chair',
  presenterName: 'Nguyễn Thị Hồng Nhung',
  startedAt: '2026-11-26T01:00:00.000Z',
};
const chair = { moderator: true, role: 'chair' as const, actorKey: 'person:p_chair' };
const secretary = { moderator: true, role: 'secretary' as const, actorKey: 'person:p_sec' };
const kp1 = { moderator: false, role: 'bridge_point' as const, actorKey: 'point:bp_kp1' };

describe('following the presenter', () => {
  it('shows the presenter’s page until the viewer browses, then their own until they return', () => {
    expect(shownPage(P, FOLLOW, 12)).toBe(4);
    const free = browse(P, FOLLOW, 12, -1);
    expect(free).toEqual({ mode: 'free', page: 3 });
    // The presenter moves on; the free viewer stays.
    expect(shownPage({ ...P, page: 9 }, free, 12)).toBe(3);
    expect(shownPage({ ...P, page: 9 }, FOLLOW, 12)).toBe(9);
  });

  it('never leaves the document', () => {
    expect(browse({ ...P, page: 1 }, FOLLOW, 12, -1)).toEqual({ mode: 'free', page: 1 });
    expect(browse({ ...P, page: 12 }, FOLLOW, 12, 1)).toEqual({ mode: 'free', page: 12 });
    expect(shownPage({ ...P, page: 40 }, FOLLOW, 12)).toBe(12);
  });

  it('who turns pages and who points', () => {
    expect(controlsPresentation(P, chair)).toBe(true);
    expect(controlsPresentation(P, secretary)).toBe(true);
    expect(controlsPresentation(P, kp1)).toBe(false);
    expect(controlsPresentation({ ...P, presenterKey: 'point:bp_kp1' }, kp1)).toBe(true);
    expect(pointsOnPresentation(P, secretary)).toBe(false);
    expect(pointsOnPresentation(P, chair)).toBe(true);
    expect(controlsPresentation(null, chair)).toBe(false);
  });
});

describe('keys and pages', () => {
  it('maps PageUp/PageDown, arrows, Home and End', () => {
    expect(['PageUp', 'ArrowLeft', 'ArrowUp'].map(pageStep)).toEqual([-1, -1, -1]);
    expect(['PageDown', 'ArrowRight', 'ArrowDown'].map(pageStep)).toEqual([1, 1, 1]);
    expect(pageStep('Home')).toBe('first');
    expect(pageStep('End')).toBe('last');
    expect(pageStep('a')).toBeNull();
  });

  it('steps within the document; no step past its ends', () => {
    expect(stepPage(4, 1, 12)).toBe(5);
    expect(stepPage(12, 1, 12)).toBeNull();
    expect(stepPage(1, -1, 12)).toBeNull();
    expect(stepPage(4, 'last', 12)).toBe(12);
    expect(stepPage(4, 'first', 12)).toBe(1);
    expect(stepPage(4, 1, null)).toBe(5);
  });
});

describe('pointer', () => {
  const box = { left: 100, top: 50, width: 400, height: 600 };
  it('is normalized to the page and null outside it', () => {
    expect(toPagePointer(220, 290, box)).toEqual({ x: 0.3, y: 0.4 });
    expect(toPagePointer(99, 290, box)).toBeNull();
    expect(toPagePointer(220, 651, box)).toBeNull();
    expect(toPagePointer(220, 290, { ...box, width: 0 })).toBeNull();
  });
});

describe('NoteSaver', () => {
  let statuses: SaveStatus[];
  let saved: [number, string][];
  let release: (() => void)[];
  let fail = false;
  const saver = (): NoteSaver =>
    new NoteSaver({
      debounceMs: 500,
      onStatus: (s) => statuses.push(s),
      save: (page, text) =>
        new Promise<void>((resolve, reject) => {
          release.push(() => {
            if (fail) reject(new Error('offline'));
            else {
              saved.push([page, text]);
              resolve();
            }
          });
        }),
    });

  beforeEach(() => {
    vi.useFakeTimers();
    statuses = [];
    saved = [];
    release = [];
    fail = false;
  });
  afterEach(() => vi.useRealTimers());

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('waits for a pause in typing, then says "saved" only after the server answered', async () => {
    const s = saver();
    s.edit(2, 'Đ');
    s.edit(2, 'Đề');
    s.edit(2, 'Đề nghị');
    vi.advanceTimersByTime(499);
    expect(release).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(release).toHaveLength(1);
    expect(statuses.at(-1)).toBe('saving');
    release.shift()?.();
    await settle();
    expect(saved).toEqual([[2, 'Đề nghị']]);
    expect(statuses.at(-1)).toBe('saved');
  });

  it('an edit during a save is saved right after it; never "saved" in between', async () => {
    const s = saver();
    s.edit(1, 'a');
    vi.advanceTimersByTime(500);
    s.edit(1, 'ab');
    void s.flush();
    release.shift()?.();
    await settle();
    expect(statuses.at(-1)).toBe('saving');
    release.shift()?.();
    await settle();
    expect(saved).toEqual([
      [1, 'a'],
      [1, 'ab'],
    ]);
    expect(statuses.at(-1)).toBe('saved');
  });

  it('a failed save says so and keeps the text for the next try', async () => {
    const s = saver();
    fail = true;
    s.edit(3, 'ghi chú');
    vi.advanceTimersByTime(500);
    release.shift()?.();
    await settle();
    expect(statuses.at(-1)).toBe('error');
    fail = false;
    void s.flush();
    release.shift()?.();
    await settle();
    expect(saved).toEqual([[3, 'ghi chú']]);
    expect(statuses.at(-1)).toBe('saved');
  });

  it('turning to another page saves the previous page at once', () => {
    const s = saver();
    s.edit(1, 'trang một');
    s.edit(2, 'trang hai');
    expect(release).toHaveLength(1);
    s.dispose();
  });
});
