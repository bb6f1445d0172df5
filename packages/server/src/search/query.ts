// Turns whatever a person types into a safe search: folded words (a–z, 0–9 only), "quoted
// phrases", and a prefix match on the last word being typed. Nothing of the input reaches the
// engines' query syntax as such: FTS5 and tsquery expressions are built from the folded words.
import { foldText } from './text.js';

/** All its words must occur; several words: next to each other, in order (a phrase). */
export interface Term {
  words: string[];
  /** The last word may be the start of a longer word (it is still being typed). */
  prefix: boolean;
}

/** Every term must match (AND). Empty: nothing to search for. */
export interface ParsedQuery {
  terms: Term[];
}

/** Terms kept at most, and words per phrase (bounds the work of a hostile query). */
export const MAX_TERMS = 12;
export const MAX_PHRASE_WORDS = 12;
/** A prefix shorter than this matches too much to be useful; it must match exactly. */
const MIN_PREFIX = 2;

const QUOTES = /["“”„«»]/;

/** Parses a typed query. Never throws. */
export function parseQuery(input: string): ParsedQuery {
  const terms: Term[] = [];
  const parts = input.split(QUOTES);
  // NOTE: split on quotes: odd parts were inside quotes (an unclosed quote runs to the end).
  parts.forEach((part, i) => {
    const words = foldText(part).split(' ').filter(Boolean);
    if (words.length === 0) return;
    if (i % 2 === 1) terms.push({ words: words.slice(0, MAX_PHRASE_WORDS), prefix: false });
    else for (const w of words) terms.push({ words: [w], prefix: false });
  });
  const last = terms.at(-1);
  // Still typing the last word: the input ends inside it (no space, no closing quote after it).
  const endsInWord = /[\p{L}\p{N}\p{M}]$/u.test(input);
  const lastWord = last?.words.at(-1);
  if (last && lastWord && endsInWord && lastWord.length >= MIN_PREFIX) last.prefix = true;
  return { terms: dedupe(terms).slice(0, MAX_TERMS) };
}

function dedupe(terms: Term[]): Term[] {
  const seen = new Map<string, Term>();
  for (const t of terms) {
    const key = t.words.join(' ');
    const prev = seen.get(key);
    // The same words typed twice: keep one, exact if either was exact.
    if (prev) prev.prefix = prev.prefix && t.prefix;
    else seen.set(key, { ...t });
  }
  return [...seen.values()];
}

/**
 * The FTS5 MATCH expression: each term a quoted phrase ("…"*), all joined by AND. Words are
 * a–z/0–9 only, so a quote, an operator or a column filter cannot appear.
 */
export function toFts5(q: ParsedQuery): string {
  return q.terms.map((t) => `"${t.words.join(' ')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/** The PostgreSQL tsquery text (for `to_tsquery('simple', …)`): phrases with <->, AND with &. */
export function toTsquery(q: ParsedQuery): string {
  return q.terms
    .map((t) => {
      const words = t.words.map((w, i) => `'${w}'${t.prefix && i === t.words.length - 1 ? ':*' : ''}`);
      return words.length === 1 ? words[0] : `(${words.join(' <-> ')})`;
    })
    .join(' & ');
}

/** Does a folded word of a text match the query (for highlighting)? */
export function wordMatcher(q: ParsedQuery): (folded: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const t of q.terms) {
    t.words.forEach((w, i) => {
      if (t.prefix && i === t.words.length - 1) prefixes.push(w);
      else exact.add(w);
    });
  }
  return (w) => exact.has(w) || prefixes.some((p) => w.startsWith(p));
}
