// Loss from sequence numbers: gaps count, wrap-around and reordering do not, RTCP is skipped.
import { describe, expect, it } from 'vitest';
import { isRtp, RtpCounter } from './rtp.js';

function rtp(seq: number, ssrc = 0x1234, pt = 96): Uint8Array {
  const p = new Uint8Array(20);
  const v = new DataView(p.buffer);
  p[0] = 0x80;
  p[1] = pt;
  v.setUint16(2, seq & 0xffff);
  v.setUint32(8, ssrc);
  return p;
}

describe('RtpCounter', () => {
  it('counts a gap as loss', () => {
    const c = new RtpCounter();
    for (const seq of [10, 11, 13, 14]) c.push(rtp(seq));
    expect(c.count()).toEqual({ packets: 4, bytes: 80, expected: 5, lost: 1 });
  });
  it('follows wrap-around and reordering', () => {
    const c = new RtpCounter();
    for (const seq of [65534, 0, 65535, 1, 2]) c.push(rtp(seq));
    expect(c.count()).toMatchObject({ packets: 5, expected: 5, lost: 0 });
  });
  it('keeps streams apart and forgets on reset', () => {
    const c = new RtpCounter();
    c.push(rtp(1, 1));
    c.push(rtp(500, 2));
    c.push(rtp(502, 2));
    expect(c.count()).toMatchObject({ packets: 3, expected: 4, lost: 1 });
    c.reset();
    expect(c.count()).toEqual({ packets: 0, bytes: 0, expected: 0, lost: 0 });
  });
  it('ignores RTCP and junk', () => {
    expect(isRtp(rtp(1, 1, 200 & 0x7f))).toBe(false);
    expect(isRtp(rtp(1, 1, 111))).toBe(true);
    expect(isRtp(new Uint8Array(4))).toBe(false);
  });
});
