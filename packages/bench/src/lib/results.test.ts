// The comparison file is the newest of the same kind; quick and full runs never mix.
import { describe, expect, it } from 'vitest';
import { dateStamp, previousResultsFile } from './results.js';

describe('previousResultsFile', () => {
  const names = [
    '2025-01-01.json',
    '2025-01-03.json',
    '2025-01-02.quick.json',
    'notes.txt',
    '2025-02-01.json',
  ];
  it('picks the newest full run up to the date', () => {
    expect(previousResultsFile(names, '2025-01-10', false)).toBe('2025-01-03.json');
    expect(previousResultsFile(names, '2025-01-03', false)).toBe('2025-01-03.json');
  });
  it('keeps quick runs apart', () => {
    expect(previousResultsFile(names, '2025-01-10', true)).toBe('2025-01-02.quick.json');
    expect(previousResultsFile(names, '2024-12-31', true)).toBeNull();
  });
  it('stamps dates as YYYY-MM-DD', () => {
    expect(dateStamp(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});
