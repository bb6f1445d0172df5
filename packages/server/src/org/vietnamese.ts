// Vietnamese text helpers for the directory: accent-insensitive search and the collation people
// expect (by given name, the last word, as a Vietnamese class list or ballot is ordered).

/** Vietnamese collation; numeric so that "Khu phố 10" comes after "Khu phố 9". */
export const viCollator = new Intl.Collator('vi', { numeric: true });

/**
 * Folds text for searching: no tone or vowel marks, đ → d, lower case, single spaces.
 * NOTE: đ is a letter of its own, not d with a combining mark, so NFD alone leaves it.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The given name (tên): the last word of a Vietnamese full name. */
export function givenName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

/** Orders full names by given name, then by the whole name: "Võ Thị Ngọc Ẩn" before "Lê Văn Hai". */
export function compareFullNames(a: string, b: string): number {
  return viCollator.compare(givenName(a), givenName(b)) || viCollator.compare(a, b);
}

/**
 * True when every word of the query begins a word of the text, ignoring marks and case: "le van
 * hai" and "hai le" find "Lê Văn Hai"; "anh" does not find "Chánh".
 */
export function matchesFolded(foldedText: string, query: string): boolean {
  const words = foldedText.split(/[^\p{L}\p{N}@.]+/u).filter((w) => w.length > 0);
  const wanted = foldVietnamese(query)
    .split(' ')
    .filter((w) => w.length > 0);
  return wanted.every((q) => words.some((w) => w.startsWith(q)));
}
