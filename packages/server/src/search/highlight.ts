// Marks the matched words in the original text (with its diacritics) and cuts a snippet around
// the first match. The result is plain text parts: the client renders hits as <mark> elements and
// never as HTML, so a title like "<script>" is only ever shown as text.
import type { HighlightedText } from '@diemcau/protocol';
import { tokenize } from './text.js';

/** Characters of context before the first match and the whole snippet's length, about. */
const BEFORE = 70;
const SNIPPET = 240;
const ELLIPSIS = '…';

/** The text split into parts, matched words marked. Whitespace runs become single spaces. */
export function highlight(original: string, matches: (folded: string) => boolean): HighlightedText {
  const text = original.replace(/\s+/g, ' ');
  const out: HighlightedText = [];
  let at = 0;
  for (const t of tokenize(text)) {
    if (!t.folded.some(matches)) continue;
    if (t.start > at) push(out, text.slice(at, t.start), false);
    push(out, text.slice(t.start, t.end), true);
    at = t.end;
  }
  if (at < text.length) push(out, text.slice(at), false);
  return out;
}

/**
 * A window of the body around its first matched word, with the matches marked; the start of the
 * body when no word of it matched (the title did). Empty for an empty body.
 */
export function snippet(body: string, matches: (folded: string) => boolean): HighlightedText {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text === '') return [];
  const first = tokenize(text).find((t) => t.folded.some(matches));
  let start = first ? Math.max(0, first.start - BEFORE) : 0;
  // NOTE: start and end at spaces, so that no word (nor a surrogate pair) is cut in half.
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space === -1 || (first && space >= first.start) ? (first?.start ?? 0) : space + 1;
  }
  let end = Math.min(text.length, Math.max(start + SNIPPET, first?.end ?? 0));
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > (first?.end ?? start)) end = space;
    else if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  }
  const parts = highlight(text.slice(start, end), matches);
  if (start > 0) parts.unshift({ text: ELLIPSIS, hit: false });
  if (end < text.length) parts.push({ text: ELLIPSIS, hit: false });
  return merge(parts);
}

function push(out: HighlightedText, text: string, hit: boolean): void {
  const last = out.at(-1);
  if (last && last.hit === hit) last.text += text;
  else out.push({ text, hit });
}

function merge(parts: HighlightedText): HighlightedText {
  const out: HighlightedText = [];
  for (const p of parts) push(out, p.text, p.hit);
  return out;
}
