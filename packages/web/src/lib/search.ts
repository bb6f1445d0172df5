// Vietnamese-aware text helpers: diacritics-insensitive matching ("nguyen van an" finds
// "Nguyễn Văn An") and sorting with the Vietnamese collation.

/** Lower case without diacritics; đ/Đ become d. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query occurs in the text, ignoring case and diacritics. */
export function matches(text: string, query: string): boolean {
  const hay = fold(text);
  return fold(query)
    .split(' ')
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** A sorted copy by a string key, with Vietnamese collation. */
export function sortVi<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => viCollator.compare(key(a), key(b)));
}

/** Groups `1234ABCD…` into blocks of four for manual entry ("1234 ABCD …"). */
export const groupsOf4 = (s: string): string => s.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
