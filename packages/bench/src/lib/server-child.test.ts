// The bench finds the demo link in the server's start-up banner and the API secret in the
// generated Janus config; both formats belong to other packages, so pin what we rely on.
import { describe, expect, it } from 'vitest';
import { findJoinLink, parseApiSecret } from './server-child.js';

describe('findJoinLink', () => {
  it('finds the demo link among the banner lines', () => {
    const banner = [
      'Điểm Cầu đang chạy / is running: http://127.0.0.1:4000  (Janus is up)',
      'Cuộc họp mẫu / demo meeting:   http://127.0.0.1:4000/m/abc123?name=H%E1%BB%99i&bp=X',
    ].join('\n');
    expect(findJoinLink(banner)).toBe('http://127.0.0.1:4000/m/abc123?name=H%E1%BB%99i&bp=X');
    expect(findJoinLink('is running: http://127.0.0.1:4000')).toBeNull();
  });
});

describe('parseApiSecret', () => {
  it('reads the quoted, escaped secret', () => {
    const jcfg = 'general: {\n\tdebug_level = 4\n\tapi_secret = "a\\"b-c"\n\tadmin_secret = "x"\n}\n';
    expect(parseApiSecret(jcfg)).toBe('a"b-c');
    expect(parseApiSecret('general: {}')).toBeNull();
  });
});
