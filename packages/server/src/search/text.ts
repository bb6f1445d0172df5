// Vietnamese text folding for search: lower case, no diacritics, đ → d, so that "bien ban" and
// "Biên bản" are the same words. The index stores folded words separated by single spaces (only
// a–z and 0–9), which both SQLite FTS5 and PostgreSQL's 'simple' parser split the same way.

/** Longest folded word kept; longer runs (hashes, garbage) are cut so both engines accept them. */
export const MAX_WORD = 64;

/** One word of an original text: where it is, and its folded form(s). */
export interface Token {
  start: number;
  end: number;
  /** Usually one word; a word mixing scripts may fold to several. */
  folded: string[];
}

/** Lower case, decomposed, combining marks removed, đ/Đ → d. Not yet split into words. */
export function foldChars(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The folded words of one run of letters and digits. */
function foldRun(run: string): string[] {
  return foldChars(run)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_WORD));
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Every word of the text with its offsets in the original (for highlighting). */
export function tokenize(original: string): Token[] {
  const out: Token[] = [];
  for (const m of original.matchAll(WORD)) {
    const folded = foldRun(m[0]);
    if (folded.length > 0) out.push({ start: m.index, end: m.index + m[0].length, folded });
  }
  return out;
}

/** The folded words of a text joined by single spaces: what the index stores and searches. */
export function foldText(original: string): string {
  const words: string[] = [];
  for (const m of original.matchAll(WORD)) words.push(...foldRun(m[0]));
  return words.join(' ');
}
