// The auto-saver: debounced, one save at a time with the latest revision, and a conflict that
// stops saving but keeps what was typed until the person keeps it or reloads.
import type { MinutesContent } from '@diemcau/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutoSaver } from './autosave';
import type { SaveState } from './autosave';

const content = (closing: string): MinutesContent => ({
  format: 'nd30',
  header: {
    parentBody: '',
    issuingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG AN PHÚ ĐÔNG',
    number: '',
    place: 'Phường An Phú Đông',
    date: '2026-11-26',
  },
  subject: 'Họp giao ban',
  startedAt: null,
  endedAt: null,
  location: '',
  chair: 'Nguyễn Thị Hồng Nhung',
  secretary: 'Lê Thị Thu Hà',
  points: [],
  items: [],
  closing,
});

class FakeServer {
  revision = 1;
  saved: { revision: number; closing: string }[] = [];
  conflictOnce = false;
  save = (revision: number, c: MinutesContent): Promise<number> => {
    if (this.conflictOnce || revision !== this.revision) {
      this.conflictOnce = false;
      return Promise.reject(Object.assign(new Error('stale'), { code: 'conflict' }));
    }
    this.saved.push({ revision, closing: c.closing });
    this.revision += 1;
    return Promise.resolve(this.revision);
  };
}

describe('AutoSaver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves once after the typing pauses, with the revision it got last', async () => {
    const server = new FakeServer();
    const states: SaveState['kind'][] = [];
    const saver = new AutoSaver({
      revision: 1,
      delayMs: 800,
      save: server.save,
      onState: (s) => states.push(s.kind),
    });
    saver.edit(content('C'));
    await vi.advanceTimersByTimeAsync(500);
    saver.edit(content('Cu'));
    await vi.advanceTimersByTimeAsync(500);
    expect(server.saved).toEqual([]);
    saver.edit(content('Cuộc họp kết thúc'));
    await vi.advanceTimersByTimeAsync(800);
    expect(server.saved).toEqual([{ revision: 1, closing: 'Cuộc họp kết thúc' }]);
    saver.edit(content('Cuộc họp kết thúc lúc 09 giờ'));
    await saver.flush();
    expect(server.saved.at(-1)).toEqual({ revision: 2, closing: 'Cuộc họp kết thúc lúc 09 giờ' });
    expect(saver.revision).toBe(3);
    expect(saver.unsaved).toBeNull();
    expect(states.at(-1)).toBe('saved');
  });

  it('stops on a conflict, keeps the text, and saves it over the newer revision when asked', async () => {
    const server = new FakeServer();
    const states: SaveState['kind'][] = [];
    const saver = new AutoSaver({
      revision: 1,
      delayMs: 800,
      save: server.save,
      onState: (s) => states.push(s.kind),
    });
    server.revision = 5; // someone else saved meanwhile
    saver.edit(content('Bản của thư ký'));
    await vi.advanceTimersByTimeAsync(800);
    expect(states.at(-1)).toBe('conflict');
    // Typing goes on; nothing is sent, nothing is lost.
    saver.edit(content('Bản của thư ký, sửa thêm'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.saved).toEqual([]);
    expect(saver.unsaved?.closing).toBe('Bản của thư ký, sửa thêm');
    await saver.resolveKeepMine(5);
    expect(server.saved).toEqual([{ revision: 5, closing: 'Bản của thư ký, sửa thêm' }]);
    expect(states.at(-1)).toBe('saved');
  });

  it('reports other errors and saves again on the next edit', async () => {
    let fail = true;
    const saved: string[] = [];
    const states: SaveState[] = [];
    const saver = new AutoSaver({
      revision: 1,
      delayMs: 100,
      save: (rev, c) => {
        if (fail) return Promise.reject(Object.assign(new Error('offline'), { code: 'network' }));
        saved.push(c.closing);
        return Promise.resolve(rev + 1);
      },
      onState: (s) => states.push(s),
    });
    saver.edit(content('một'));
    await vi.advanceTimersByTimeAsync(100);
    expect(states.at(-1)).toEqual({ kind: 'error', code: 'network' });
    fail = false;
    saver.edit(content('hai'));
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual(['hai']);
  });
});
