// The CLI accepts the documented flags and names every benchmark it does not know.
import { describe, expect, it } from 'vitest';
import { parseCli } from './args.js';

describe('parseCli', () => {
  it('reads --json, --quick and repeated or comma-separated --only', () => {
    expect(parseCli(['--json', '--quick', '--only', 'api', '--only', 'join,db'])).toEqual({
      options: { json: true, quick: true, only: ['api', 'join', 'db'] },
    });
    expect(parseCli([])).toEqual({ options: { json: false, quick: false, only: [] } });
  });
  it('refuses unknown flags and benchmarks', () => {
    expect(parseCli(['--fast'])).toHaveProperty('error');
    const unknown = parseCli(['--only', 'nope']);
    expect('error' in unknown ? unknown.error : '').toContain('unknown benchmark nope');
    expect(parseCli(['-h'])).toEqual({ help: true });
  });
});
