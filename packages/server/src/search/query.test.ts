// Folding, query parsing and highlighting without a database: the rules both engines rely on.
import { describe, expect, it } from 'vitest';
import { highlight, snippet } from './highlight.js';
import { MAX_TERMS, parseQuery, toFts5, toTsquery, wordMatcher } from './query.js';
import { MAX_WORD, foldText, tokenize } from './text.js';

describe('foldText', () => {
  it('lower-cases, strips every Vietnamese diacritic and turns đ into d', () => {
    expect(foldText('Biên bản họp Đảng ủy phường An Phú Đông')).toBe(
      'bien ban hop dang uy phuong an phu dong',
    );
    expect(foldText('ă â ê ô ơ ư đ Ă Â Ê Ô Ơ Ư Đ')).toBe('a a e o o u d a a e o o u d');
    expect(foldText('à á ả ã ạ ừ ứ ử ữ ự')).toBe('a a a a a u u u u u');
  });

  it('folds decomposed (NFD) input like composed input', () => {
    expect(foldText('Biên bản'.normalize('NFD'))).toBe(foldText('Biên bản'.normalize('NFC')));
  });

  it('keeps only letters and digits, single-spaced', () => {
    expect(foldText('  Số 30/2020/NĐ-CP,\n\tngày 05.03  ')).toBe('so 30 2020 nd cp ngay 05 03');
    expect(foldText('<script>alert(1)</script>')).toBe('script alert 1 script');
    expect(foldText('"*()\'\\-:^')).toBe('');
  });

  it('cuts absurdly long words so both engines index them', () => {
    expect(foldText('x'.repeat(5000))).toBe('x'.repeat(MAX_WORD));
  });
});

describe('tokenize', () => {
  it('gives each word its offsets in the original text', () => {
    const text = 'Họp  giao-ban';
    expect(tokenize(text).map((t) => [text.slice(t.start, t.end), t.folded])).toEqual([
      ['Họp', ['hop']],
      ['giao', ['giao']],
      ['ban', ['ban']],
    ]);
  });
});

describe('parseQuery', () => {
  it('makes each bare word a term and the last one a prefix while it is being typed', () => {
    expect(parseQuery('biên bản').terms).toEqual([
      { words: ['bien'], prefix: false },
      { words: ['ban'], prefix: true },
    ]);
    expect(parseQuery('biên bản ').terms.at(-1)?.prefix).toBe(false);
    // A single letter matches too much to be a prefix.
    expect(parseQuery('bien b').terms.at(-1)).toEqual({ words: ['b'], prefix: false });
  });

  it('keeps quoted phrases together (straight or curly quotes, unclosed too)', () => {
    expect(parseQuery('"giao ban" tháng').terms).toEqual([
      { words: ['giao', 'ban'], prefix: false },
      { words: ['thang'], prefix: true },
    ]);
    expect(parseQuery('“khu phố 4”').terms).toEqual([{ words: ['khu', 'pho', '4'], prefix: false }]);
    expect(parseQuery('"kế hoạch phòng').terms).toEqual([{ words: ['ke', 'hoach', 'phong'], prefix: true }]);
  });

  it('drops operators and syntax, and repeated words', () => {
    expect(parseQuery('bien OR ban NEAR( * -x').terms.map((t) => t.words.join(' '))).toEqual([
      'bien',
      'or',
      'ban',
      'near',
      'x',
    ]);
    expect(parseQuery('ban ban ban').terms).toEqual([{ words: ['ban'], prefix: false }]);
    expect(parseQuery('" \' * ( ) \\').terms).toEqual([]);
  });

  it('bounds the number of terms', () => {
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(parseQuery(many).terms).toHaveLength(MAX_TERMS);
  });
});

describe('engine expressions', () => {
  const q = parseQuery('"giao ban" biên bả');
  it('FTS5: quoted phrases joined by AND, prefix star on the last', () => {
    expect(toFts5(q)).toBe('"giao ban" AND "bien" AND "ba"*');
  });
  it('tsquery: phrases with <->, AND with &, :* on the last', () => {
    expect(toTsquery(q)).toBe("('giao' <-> 'ban') & 'bien' & 'ba':*");
  });
  it('never lets a quote or operator through', () => {
    for (const input of ['a" OR "b', "a' | 'b", 'a:* & !b', 'NEAR(a b)', 'col:a']) {
      const parsed = parseQuery(input);
      expect(toFts5(parsed)).toMatch(/^("[a-z0-9 ]+"\*?)( AND "[a-z0-9 ]+"\*?)*$/);
      expect(toTsquery(parsed)).not.toMatch(/[|!]/);
    }
  });
});

describe('highlight and snippet', () => {
  const matches = wordMatcher(parseQuery('bien ban'));

  it('marks matched words in the original, diacritics kept', () => {
    expect(highlight('Biên bản họp', matches)).toEqual([
      { text: 'Biên', hit: true },
      { text: ' ', hit: false },
      { text: 'bản', hit: true },
      { text: ' họp', hit: false },
    ]);
  });

  it('keeps markup as plain text (the client never renders it as HTML)', () => {
    const parts = highlight('<img src=x onerror=alert(1)> biên bản', matches);
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> biên bản');
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['biên', 'bản']);
  });

  it('cuts a window around the first match with ellipses', () => {
    const body = `${'Mở đầu cuộc họp. '.repeat(40)}Thư ký đọc biên bản kỳ trước. ${'Kết thúc. '.repeat(60)}`;
    const parts = snippet(body, matches);
    const text = parts.map((p) => p.text).join('');
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(300);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['biên', 'bản']);
  });

  it('shows the start of the body when only the title matched, and nothing for no body', () => {
    expect(snippet('Nội dung khác', matches)).toEqual([{ text: 'Nội dung khác', hit: false }]);
    expect(snippet('  \n ', matches)).toEqual([]);
  });

  it('matches the prefix of the last word', () => {
    const m = wordMatcher(parseQuery('phòng ch'));
    expect(
      highlight('Phòng chống cháy', m)
        .filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual(['Phòng', 'chống', 'cháy']);
  });
});
