// File names are display text: traversal, control and bidi characters, reserved names and length
// are neutralized; the Content-Disposition header carries the Vietnamese name and an ASCII fallback.
import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitizeFileName } from './filename.js';
import { nameForType, FILE_TYPES } from './sniff.js';

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\Hà\\Báo cáo.docx', 'Báo cáo.docx'],
    ['a\u0000b\u0007c.pdf', 'abc.pdf'],
    ['hoa-don\u202Efdp.exe', 'hoa-donfdp.exe'],
    ['  ..Kế hoạch..  ', 'Kế hoạch'],
    ['CON.pdf', '_CON.pdf'],
    ['a<b>c:d|e?.pdf', 'a_b_c_d_e_.pdf'],
    ['..', 'tai-lieu'],
    ['Thông báo'.normalize('NFD') + '.pdf', 'Thông báo.pdf'],
  ])('%j → %j', (raw, safe) => {
    expect(sanitizeFileName(raw)).toBe(safe);
  });

  it('cuts long names to 200 bytes, keeping the extension and whole characters', () => {
    const name = sanitizeFileName(`${'Đ'.repeat(300)}.docx`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('Đ.docx')).toBe(true);
  });
});

describe('nameForType', () => {
  it('keeps a matching extension, adds a missing one, refuses a false one', () => {
    expect(nameForType('Biên bản.PDF', FILE_TYPES.pdf)).toBe('Biên bản.PDF');
    expect(nameForType('Ảnh.jpeg', FILE_TYPES.jpeg)).toBe('Ảnh.jpeg');
    expect(nameForType('Báo cáo 6.5 tháng', FILE_TYPES.pdf)).toBe('Báo cáo 6.5 tháng.pdf');
    expect(() => nameForType('so-lieu.xlsx', FILE_TYPES.docx)).toThrow(/says \.xlsx/);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Đề án "mới" (2026).pdf')).toBe(
      `attachment; filename="De an _moi_ (2026).pdf"; filename*=UTF-8''%C4%90%E1%BB%81%20%C3%A1n%20%22m%E1%BB%9Bi%22%20%282026%29.pdf`,
    );
  });
});
