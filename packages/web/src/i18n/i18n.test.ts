// Vietnamese and English resources: identical keys, no empty strings, the same placeholders, and
// a translation for every wire error code.
import { ERROR_CODES } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { vi } from './vi';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const viFlat = flatten(vi);
const enFlat = flatten(en);
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('i18n resources', () => {
  it('have exactly the same keys in vi and en', () => {
    expect([...enFlat.keys()].sort()).toEqual([...viFlat.keys()].sort());
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...viFlat, ...enFlat]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same interpolation placeholders in both languages', () => {
    for (const [key, value] of viFlat)
      expect(placeholders(enFlat.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('translate every protocol error code', () => {
    for (const code of ERROR_CODES) {
      expect(viFlat.has(`errors.${code}`), code).toBe(true);
      expect(enFlat.has(`errors.${code}`), code).toBe(true);
    }
  });

  it('keep the Vietnamese product words with their diacritics', () => {
    expect(vi.join.joinButton).toBe('Vào họp');
    expect(vi.left.rejoin).toBe('Vào lại');
    expect(vi.connection.reconnecting).toBe('Đang kết nối lại…');
    expect(vi.room.speakingNow).toBe('Đang nói: {{name}}');
    expect(vi.room.you).toBe('Bạn');
    expect(vi.lang.vi).toBe('Tiếng Việt');
    expect(en.lang.en).toBe('English');
  });
});
