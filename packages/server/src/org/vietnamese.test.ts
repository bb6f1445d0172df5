// Vietnamese search folding and name ordering, without I/O.
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../demo/ward.js';
import { compareFullNames, foldVietnamese, givenName, matchesFolded, viCollator } from './vietnamese.js';

describe('foldVietnamese', () => {
  it('drops every tone and vowel mark and turns đ into d', () => {
    expect(foldVietnamese('Lê Văn Hai')).toBe('le van hai');
    expect(foldVietnamese('Đỗ Thị Ánh Tuyết')).toBe('do thi anh tuyet');
    expect(foldVietnamese('Võ Thị Ngọc Ẩn')).toBe('vo thi ngoc an');
    expect(foldVietnamese('ă â ê ô ơ ư đ Ă Â Ê Ô Ơ Ư Đ')).toBe('a a e o o u d a a e o o u d');
    expect(foldVietnamese('à á ả ã ạ')).toBe('a a a a a');
  });

  it('treats NFC and NFD input alike and collapses spaces', () => {
    const nfd = 'Nguyễn  Thị\tHồng Nhung'.normalize('NFD');
    expect(foldVietnamese(nfd)).toBe('nguyen thi hong nhung');
  });
});

describe('matchesFolded', () => {
  const hay = foldVietnamese('Lê Văn Hai Bí thư Chi bộ khu phố 4');

  it('finds a name typed without marks, with marks, or in another word order', () => {
    expect(matchesFolded(hay, 'le van hai')).toBe(true);
    expect(matchesFolded(hay, 'Lê Văn Hai')).toBe(true);
    expect(matchesFolded(hay, 'hai le')).toBe(true);
    expect(matchesFolded(hay, 'bi thu khu pho 4')).toBe(true);
    expect(matchesFolded(hay, 'le van ha x')).toBe(false);
  });

  it('matches the beginning of words only', () => {
    expect(matchesFolded(foldVietnamese('Lê Thị Thu Hà Chánh Văn phòng'), 'anh')).toBe(false);
    expect(matchesFolded(foldVietnamese('Đỗ Thị Ánh Tuyết'), 'anh')).toBe(true);
    expect(matchesFolded(foldVietnamese('Trần Quốc Việt'), 'vie')).toBe(true);
  });
});

describe('Vietnamese ordering', () => {
  it('takes the given name as the last word', () => {
    expect(givenName('Nguyễn Thị Hồng Nhung')).toBe('Nhung');
    expect(givenName('  Yến ')).toBe('Yến');
  });

  it('orders by given name with Vietnamese letters (a < ă < â, d < đ), then by full name', () => {
    const names = ['Trần Đức', 'Lê Dũng', 'Phạm Ân', 'Võ Ăn', 'Ngô An', 'Bùi An'];
    expect([...names].sort(compareFullNames)).toEqual([
      'Bùi An',
      'Ngô An',
      'Võ Ăn',
      'Phạm Ân',
      'Lê Dũng',
      'Trần Đức',
    ]);
  });

  it('sorts the demo ward by tên as a Vietnamese list would', () => {
    const sorted = DEMO_PEOPLE.map((p) => p.name).sort(compareFullNames);
    expect(sorted.map(givenName)).toEqual([
      'Ẩn',
      'Dũng',
      'Hà',
      'Hai',
      'Khải',
      'Nhung',
      'Ơn',
      'Thưởng',
      'Tuyết',
      'Việt',
      'Yến',
    ]);
  });

  it('orders numbers inside names numerically', () => {
    expect(['Khu phố 10', 'Khu phố 9', 'Khu phố 1'].sort(viCollator.compare)).toEqual([
      'Khu phố 1',
      'Khu phố 9',
      'Khu phố 10',
    ]);
  });
});
